from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """On top of the apps: the home page, the program timeline and search."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    label = "dashboard"
