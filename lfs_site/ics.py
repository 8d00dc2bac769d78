"""Calendar invitations (.ics, RFC 5545) for workshops, committee meetings and learning events.

Built with `icalendar`; nothing is stored (the invitation is drawn from the row each time,
with a stable UID so that a calendar updates the event it already holds rather than adding
another). Times are written in UTC: every calendar shows them in its owner's zone.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Learning from success//LFS//EN"


def invitation(
    *,
    uid: str,
    summary: str,
    starts_at: dt.datetime,
    duration: dt.timedelta = dt.timedelta(hours=2),
    location: str = "",
    description: str = "",
    url: str = "",
    cancelled: bool = False,
) -> bytes:
    """One event's calendar file."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    start = starts_at.astimezone(dt.UTC)
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    if cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_") or "invitation"
    response["Content-Disposition"] = f'attachment; filename="{safe}.ics"'
    return response
