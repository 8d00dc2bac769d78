from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    """Communities of organizations: pages, forms and rules (the models live in organizations)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "communities"
    label = "communities"
