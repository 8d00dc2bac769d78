"""Navigation by role: what the top bar offers depends on the person's memberships."""

from __future__ import annotations

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
