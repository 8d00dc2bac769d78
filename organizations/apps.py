from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from . import role_audit, security

        role_audit.connect()

        signals.user_logged_in.connect(security.on_user_logged_in, dispatch_uid="lfs_login")
        signals.user_logged_out.connect(security.on_user_logged_out, dispatch_uid="lfs_logout")
        signals.user_login_failed.connect(
            security.on_user_login_failed, dispatch_uid="lfs_login_failed"
        )
