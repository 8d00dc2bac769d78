"""Security middleware: Content-Security-Policy, no caching of signed-in pages, session
lifetimes, the second sign-in step and the audit of refused access.

Order in settings.MIDDLEWARE: `SecurityHeadersMiddleware` right after Django's
SecurityMiddleware (so WhiteNoise's static files get the header too); the others after
`django_otp.middleware.OTPMiddleware`, which comes after AuthenticationMiddleware.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from accounts import security
from organizations.models import AuditEvent
from organizations.services import audit_record


def _csp_header() -> str:
    return "; ".join(
        f"{directive} {' '.join(sources)}".strip()
        for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
    )


class SecurityHeadersMiddleware:
    """Sends the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = _csp_header()

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.header
        return response


class SessionSecurityMiddleware:
    """Signs out sessions idle for 30 minutes or older than 12 hours (settings), and keeps
    pages of signed-in people out of every cache (`Cache-Control: no-store`).

    The idle clock is refreshed at most once a minute, so an ordinary page view does not write
    the session; the session cookie's own age equals the idle timeout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            if security.session_expired(request.session, now):
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session[security.SEEN_AT] > settings.SESSION_TOUCH_SECONDS:
                request.session[security.SEEN_AT] = now
        response = self.get_response(request)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, no_store=True, private=True)
        return response


class TwoFactorMiddleware:
    """People with a confirmed authenticator must enter a code before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(security.OTP_REQUIRED)
            and not user.is_verified()
        ):
            allowed = {
                reverse("audit:two_factor_verify"),
                reverse("logout"),
                reverse("set_language"),
            }
            if request.path not in allowed:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('audit:two_factor_verify')}?{query}")
        return self.get_response(request)


class RefusedAccessAuditMiddleware:
    """Writes an audit event when a signed-in person is refused a page (403 or 404).

    Only the status, the method, the page's name and its numeric ids are kept: never the
    query string, the body, or any free text a path may carry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code in (403, 404)
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/admin/"))
        ):
            audit_record(
                actor=user,
                action=AuditEvent.Action.ACCESS_REFUSED,
                summary=_refused_summary(request, response.status_code),
                request=request,
            )
        return response


def _refused_summary(request, status: int) -> str:
    match = request.resolver_match
    if match is None:
        return f"{status} {request.method} (unknown page)"
    ids = [str(v) for v in (*match.args, *match.kwargs.values()) if isinstance(v, int)]
    return " ".join([str(status), request.method, match.url_name, *ids])[:300]


class DatabaseUnavailableMiddleware:
    """A clear 503 page instead of a 500 while PostgreSQL restarts or is unreachable.

    At the start of each request an open connection is health-checked (CONN_HEALTH_CHECKS: a
    dead connection left over from before a restart is dropped) and, for a signed-in request, a
    connection is opened if there is none; if it cannot be opened, or the connection drops
    during the view (its transaction is rolled back by the server, so nothing half-written is
    kept), the answer is templates/503.html.
    Placed right after WhiteNoise, before anything that reads the session or the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import DatabaseError, connection

        if not connection.in_atomic_block:
            try:
                if connection.connection is not None:
                    connection.health_check_done = False
                    connection.close_if_health_check_failed()
                # a signed-in request's first query comes from the session and user middleware
                # below, where a failure would become a 500: open the connection here instead,
                # where it can still be answered with the 503 page
                if settings.SESSION_COOKIE_NAME in request.COOKIES:
                    connection.ensure_connection()
            except DatabaseError:
                return self._unavailable(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if isinstance(exception, (OperationalError, InterfaceError)):
            return self._unavailable(request, exception)
        return None

    @staticmethod
    def _unavailable(request, exception=None):
        import logging

        from django.http import HttpResponse
        from django.template.loader import render_to_string
        from django.utils import translation

        logging.getLogger(__name__).error(
            "database unavailable for %s %s: %s", request.method, request.path, exception
        )
        # no session, user or context processor here: they would need the database
        with translation.override(translation.get_language_from_request(request)):
            body = render_to_string("503.html", {"request_path": request.path})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
