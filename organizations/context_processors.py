"""Navigation by role: what the top bar offers depends on the person's memberships."""

from __future__ import annotations

from .models import Membership, Role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset()}
    memberships = getattr(user, "_lfs_memberships", None)
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user))
        user._lfs_memberships = memberships
    roles = frozenset(m.role for m in memberships)
    return {
        "nav_roles": roles,
        "nav_tells_stories": Role.STAFF in roles or Role.DIRECTOR in roles,
    }
