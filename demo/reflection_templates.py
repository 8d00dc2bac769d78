"""Demo data of the reflection templates: the companion's own template shared with the demo
organization's learning communities, and a weekly peer reflection planned from the shipped
template (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from methods.models_reflection_templates import ReflectionTemplate
from methods.models_workshops import Workshop
from reflection import services as tservices
from workshops import services as wservices
from workshops.selectors import _access

TITLE = "Monthly round with the partner services"
WORKSHOP = "Weekly peer reflection"


def load_demo(org, users: dict, programs: list) -> None:
    companion = users["companion@demo.lfs"]
    if not ReflectionTemplate.objects.filter(author=companion, name=TITLE).exists():
        tservices.template_create(
            by=companion,
            name=TITLE,
            purpose="Once a month, the partner services and our team look at one shared case "
            "that went well.",
            method="retrospective",
            kind="peer_reflection",
            steps=[
                {
                    "title": "The case in brief",
                    "prompt": "Roles only, never names.",
                    "timer_minutes": 5,
                },
                {"title": "What each service did", "prompt": "", "timer_minutes": 10},
                {
                    "title": "What we learn together",
                    "prompt": "",
                    "timer_minutes": 10,
                    "report_section": "insight",
                },
                {
                    "title": "What we agree to try",
                    "prompt": "",
                    "timer_minutes": 5,
                    "report_section": "recommendation",
                },
            ],
            communities=list(org.communities.all()),
        )
    program = programs[-1]
    weekly = ReflectionTemplate.objects.filter(slug="weekly-peer-reflection").first()
    if weekly is None or Workshop.objects.filter(program=program, template=weekly).exists():
        return
    wservices.workshop_plan(
        access=_access(companion, program),
        by=companion,
        method=weekly.method,
        title=WORKSHOP,
        scheduled_for=timezone.now() + dt.timedelta(days=3),
        template=weekly,
    )
