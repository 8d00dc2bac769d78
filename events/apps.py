from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events with companions (the models live in companions)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    label = "events"
