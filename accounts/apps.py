from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in security, two-factor, sign-out, the language switch and the audit log pages
    (the user and audit models live in organizations)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from accounts import security

        signals.user_logged_in.connect(security.on_user_logged_in, dispatch_uid="lfs_login")
        signals.user_logged_out.connect(security.on_user_logged_out, dispatch_uid="lfs_logout")
        signals.user_login_failed.connect(
            security.on_user_login_failed, dispatch_uid="lfs_login_failed"
        )
