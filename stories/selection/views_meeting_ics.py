"""A committee meeting's calendar invitation (.ics), for whoever may open the meeting."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from lfs_site.ics import ics_response, invitation
from organizations.selectors import meeting_get_for_user


@login_required
@require_GET
def meeting_ics(request, pk: int):
    meeting, _access = meeting_get_for_user(request.user, pk)
    url = request.build_absolute_uri(meeting.get_absolute_url())
    data = invitation(
        uid=f"meeting-{meeting.pk}@lfs",
        summary=meeting.title,
        starts_at=meeting.held_at,
        duration=dt.timedelta(hours=2),
        location=meeting.location,
        description=f"{meeting.get_kind_display()}\n{url}",
        url=url,
    )
    return ics_response(data, f"meeting-{meeting.pk}")
