from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """The library: stories, books and publications shared across organizations and communities
    (the models live in stories and publications)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    label = "library"
