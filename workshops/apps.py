from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    """Workshops on question sets (the models live in methods)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    label = "workshops"
