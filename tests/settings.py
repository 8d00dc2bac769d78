"""Test settings: fast by default, real where it matters.

The database comes from DATABASE_URL like everywhere else (PostgreSQL in CI); passwords hash
fast, e-mail stays in memory, uploads go to a temporary folder and tasks run in-process unless
an integration test starts a real worker.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_PLAIN_STATIC", "true")

from lfs_site.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="lfs-test-media-")
CELERY_TASK_ALWAYS_EAGER = True
BOOK_RENDER_IN_THREAD = False  # renders run inside the test; tests of the thread turn it on
LANGUAGE_CODE = "en"
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
STATIC_ROOT = tempfile.mkdtemp(prefix="lfs-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
