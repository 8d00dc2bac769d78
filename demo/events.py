"""Demo data of the learning events: an upcoming introductory session of the demo organization
(open to its learning community, if it has one), with two registrations (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from companions.models_events import LearningEvent
from events import services
from events.selectors import event_get_for_user

TITLE = "Learning from success: an introduction for new staff"


def load_demo(org, users: dict, programs: list) -> None:
    if LearningEvent.objects.filter(title=TITLE, organization=org).exists():
        return
    director = users["director@demo.lfs"]
    event = services.event_create(
        by=director,
        kind="intro_session",
        title=TITLE,
        description="What learning from success is, a story told by a colleague, and how to "
        "nominate a success of your own.",
        starts_at=timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=10),
        place="Conference room, 2nd floor",
        organization=org,
        community=org.communities.order_by("pk").first(),
        capacity=30,
    )
    for email in ("staff@demo.lfs", "student@demo.lfs"):
        if email in users:
            access = event_get_for_user(users[email], event.pk)[1]
            services.event_register(access=access, by=users[email])
