from django.apps import AppConfig

from organizations.signals import program_created


class StoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stories"

    def ready(self) -> None:
        from stories.selection.services import criteria_create_defaults

        def give_default_criteria(sender, program, **kwargs):
            criteria_create_defaults(program=program)

        program_created.connect(
            give_default_criteria, weak=False, dispatch_uid="stories_default_criteria"
        )
