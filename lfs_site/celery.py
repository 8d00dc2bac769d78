"""The Celery application: configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lfs_site.settings")

app = Celery("lfs_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Parts of an app keep their tasks in their own package (stories.selection.tasks).
app.autodiscover_tasks(["stories.selection"])
