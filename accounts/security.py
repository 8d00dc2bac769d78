"""Sign-in security: the client's address, login throttling, session lifetimes and the audit
events of signing in and out.

The signal receivers are connected in `OrganizationsConfig.ready()`. Audit summaries written
here hold no personal data: who is the event's actor, and the text typed into the login form is
never stored (failed attempts keep only a keyed hash of the e-mail address, for throttling).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.crypto import salted_hmac

from lfs_site.client import client_ip
from organizations.models import AuditEvent, LoginFailure
from organizations.services import audit_record

#: Session keys of this module.
LOGIN_AT = "lfs_login_at"
SEEN_AT = "lfs_seen_at"
OTP_REQUIRED = "lfs_otp_required"


def email_hash(email: str) -> str:
    return salted_hmac("lfs.login-failure", (email or "").strip().lower()).hexdigest()


# Throttling -----------------------------------------------------------------------------------


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_throttled(*, email: str, ip: str | None) -> bool:
    """Too many recent failures for this e-mail address or from this address."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if recent.filter(email_hash=email_hash(email)).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    return bool(ip) and recent.filter(ip_address=ip).count() >= settings.LOGIN_FAILURE_IP_LIMIT


def login_failure_record(*, email: str, request=None, step: str = "failed login") -> None:
    """Count the failure for throttling and write it to the audit log."""
    ip = client_ip(request)
    LoginFailure.objects.create(email_hash=email_hash(email), ip_address=ip)
    account = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    audit_record(
        actor=account,
        action=AuditEvent.Action.LOGIN_FAILED,
        obj=account,
        summary=step if account else f"{step}, unknown account",
        request=request,
    )


def login_failures_clear(*, email: str) -> None:
    LoginFailure.objects.filter(email_hash=email_hash(email)).delete()


# Signal receivers -----------------------------------------------------------------------------


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    from django_otp import user_has_device

    login_failures_clear(email=user.email)
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now
        request.session[OTP_REQUIRED] = user_has_device(user, confirmed=True)
    audit_record(
        actor=user, action=AuditEvent.Action.LOGIN, obj=user, summary="login", request=request
    )


def on_user_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(
            actor=user, action=AuditEvent.Action.LOGOUT, obj=user, summary="logout", request=request
        )


def on_user_login_failed(sender, credentials, request=None, **kwargs) -> None:
    login_failure_record(email=credentials.get("username") or "", request=request)


def session_expired(session, now: float | None = None) -> bool:
    """Idle longer than SESSION_IDLE_TIMEOUT or signed in longer than SESSION_ABSOLUTE_TIMEOUT."""
    now = timezone.now().timestamp() if now is None else now
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return True
    return (
        now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
        or now - seen_at > settings.SESSION_IDLE_TIMEOUT
    )
