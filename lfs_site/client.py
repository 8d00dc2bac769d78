"""Who sent a request: the client's address."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the request came from.

    REMOTE_ADDR, unless settings.TRUST_X_FORWARDED_FOR says that the site runs behind its own
    reverse proxy: then the last address of X-Forwarded-For, the one that proxy appended (the
    earlier ones are whatever the client sent).
    """
    if request is None:
        return None
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:45]
    return request.META.get("REMOTE_ADDR") or None
