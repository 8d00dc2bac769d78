from django.apps import AppConfig


class TransferConfig(AppConfig):
    """A program exported to a file and imported again (export_program, import_program)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "transfer"
    label = "transfer"
