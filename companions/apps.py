from django.apps import AppConfig

from organizations.signals import invitation_accepted


class CompanionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "companions"

    def ready(self) -> None:
        from companions.services import companion_profile_from_invitation

        def give_profile(sender, invitation, user, **kwargs):
            companion_profile_from_invitation(invitation=invitation, user=user)

        invitation_accepted.connect(
            give_profile, weak=False, dispatch_uid="companions_profile_from_invitation"
        )
