from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data and bulk seeding: load_demo, seed_bulk."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    label = "demo"
