"""Demo data of the companions app: the unit, a companion with a profile, a training cohort
with sessions and attendance, assignments and a support session (idempotent)."""

from __future__ import annotations

import datetime as dt

from companions import services
from companions.models import CompanionProfile, TrainingCohort
from demo.communities import DEMO_PASSWORD
from organizations.models import User

UNIT_EMAIL = "unit@demo.lfs"


def load_demo(org, users: dict, programs: list) -> None:
    unit = User.objects.filter(email=UNIT_EMAIL).first()
    if unit is None:
        unit = User.objects.create_user(
            UNIT_EMAIL, DEMO_PASSWORD, full_name="Tamar Unit", is_unit=True
        )
    users[UNIT_EMAIL] = unit
    companion = users["companion@demo.lfs"]
    profile = CompanionProfile.objects.filter(user=companion).first()
    if profile is None:
        profile = services.companion_profile_create(
            by=unit,
            user=companion,
            languages="Hebrew, English, Arabic",
            background="Social worker; twelve years in community work.",
            training_completed_on=dt.date(2025, 12, 15),
        )
    for program in programs:
        services.companion_assign(by=unit, companion=profile, program=program)
    if not TrainingCohort.objects.filter(name="Companions 2025").exists():
        cohort = services.cohort_create(
            by=unit,
            name="Companions 2025",
            starts_on=dt.date(2025, 10, 1),
            ends_on=dt.date(2025, 12, 15),
            members=[profile],
        )
        for day, topic in (
            (dt.date(2025, 10, 1), "The retrospective method and the ten questions"),
            (dt.date(2025, 11, 5), "Cycles of inquiry and learning logs"),
            (dt.date(2025, 12, 10), "Facilitating a workshop: silence, voices, decisions"),
        ):
            session = services.training_session_add(
                by=unit, cohort=cohort, held_on=day, topic=topic
            )
            services.attendance_record(by=unit, session=session, present=[profile])
        services.support_session_add(
            by=unit,
            companion=profile,
            program=programs[-1],
            held_on=dt.date(2026, 2, 3),
            topics="Keeping the committee on learning goals",
            notes="The team drifts to performance targets; we practised reframing them as "
            "questions the team wants to learn about.",
        )
