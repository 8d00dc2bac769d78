"""Navigation by role: what the top bar offers depends on the person's memberships; whose
copies of typed text the browser may keep."""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from .models import Role
from .selectors import memberships_of


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset()}
    roles = frozenset(m.role for m in memberships_of(user))
    return {
        "nav_roles": roles,
        "nav_tells_stories": Role.STAFF in roles or Role.DIRECTOR in roles,
    }


def browser_copies(request) -> dict:
    """The signed-in person's key for the copies of typed text kept in the browser until the
    server has them (static/js/saved_copies.js): a digest of their id under the site's secret,
    the same on every visit, that names them to nobody (never their e-mail address)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "browser_copies_owner": salted_hmac("lfs.browser-copies", str(user.pk)).hexdigest()[:24]
    }
