from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    """Reflection templates: steps, prompts and timers for workshops (models: methods)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reflection"
    label = "reflection"
