"""Writes of the companions app, all the unit's: profiles, cohorts, sessions, attendance,
assignments to programs (which give the program's companion role) and support sessions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Membership, Program, Role, User
from organizations.services import membership_ensure

from .models import (
    Attendance,
    CompanionAssignment,
    CompanionProfile,
    SupportSession,
    TrainingCohort,
    TrainingSession,
)


def _require_unit(by: User) -> None:
    if not (by.is_authenticated and by.is_unit):
        raise PermissionDenied


def _clean(value: str | None) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


@transaction.atomic
def companion_profile_create(
    *,
    by: User,
    user: User,
    languages: str = "",
    background: str = "",
    training_completed_on: dt.date | None = None,
) -> CompanionProfile:
    _require_unit(by)
    if CompanionProfile.objects.filter(user=user).exists():
        raise ValidationError({"user": _("This person is already a companion.")})
    profile = CompanionProfile(
        user=user,
        languages=" ".join(_clean(languages).split()),
        background=_clean(background),
        training_completed_on=training_completed_on,
    )
    profile.full_clean()
    profile.save()
    return profile


def companion_profile_from_invitation(*, invitation, user: User) -> CompanionProfile | None:
    """The profile of a person who accepted the unit's invitation to be a companion (kept
    if they had one; reactivated). Other invitations give no profile."""
    if invitation.role != Role.COMPANION or invitation.organization_id is not None:
        return None
    profile, created = CompanionProfile.objects.get_or_create(user=user)
    if not created and not profile.active:
        profile.active = True
        profile.save(update_fields=["active"])
    return profile


@transaction.atomic
def companion_profile_update(
    *,
    by: User,
    profile: CompanionProfile,
    languages: str,
    background: str,
    training_completed_on: dt.date | None,
    active: bool,
) -> CompanionProfile:
    _require_unit(by)
    profile.languages = " ".join(_clean(languages).split())
    profile.background = _clean(background)
    profile.training_completed_on = training_completed_on
    profile.active = active
    profile.full_clean()
    profile.save(update_fields=["languages", "background", "training_completed_on", "active"])
    return profile


@transaction.atomic
def companion_assign(
    *, by: User, companion: CompanionProfile, program: Program, starts_on: dt.date | None = None
) -> CompanionAssignment:
    """Assign a companion to a program and give them the program's companion membership, so
    that they see its work and may run its workshops (idempotent)."""
    _require_unit(by)
    if not companion.active:
        raise ValidationError(_("This companion is not active."))
    assignment = CompanionAssignment.objects.filter(
        companion=companion, program=program, ended_on__isnull=True
    ).first()
    if assignment is None:
        assignment = CompanionAssignment(
            companion=companion,
            program=program,
            starts_on=starts_on or timezone.localdate(),
            assigned_by=by,
        )
        assignment.full_clean()
        assignment.save()
    membership_ensure(
        user=companion.user,
        organization=program.organization,
        role=Role.COMPANION,
        program=program,
    )
    return assignment


@transaction.atomic
def companion_assignment_end(*, by: User, assignment: CompanionAssignment) -> CompanionAssignment:
    """End an assignment: the companion's role in that program ends with it."""
    _require_unit(by)
    if assignment.ended_on is None:
        assignment.ended_on = timezone.localdate()
        assignment.save(update_fields=["ended_on"])
        Membership.objects.filter(
            user=assignment.companion.user, program=assignment.program, role=Role.COMPANION
        ).delete()
    return assignment


@transaction.atomic
def cohort_create(
    *,
    by: User,
    name: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    members: list[CompanionProfile] | tuple = (),
) -> TrainingCohort:
    _require_unit(by)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})
    cohort = TrainingCohort(
        name=" ".join(_clean(name).split()), starts_on=starts_on, ends_on=ends_on
    )
    cohort.full_clean()
    cohort.save()
    cohort.members.set(members)
    return cohort


@transaction.atomic
def cohort_members_set(
    *, by: User, cohort: TrainingCohort, members: list[CompanionProfile]
) -> TrainingCohort:
    _require_unit(by)
    cohort.members.set(members)
    return cohort


@transaction.atomic
def training_session_add(
    *, by: User, cohort: TrainingCohort, held_on: dt.date, topic: str, notes: str = ""
) -> TrainingSession:
    _require_unit(by)
    session = TrainingSession(
        cohort=cohort, held_on=held_on, topic=" ".join(_clean(topic).split()), notes=_clean(notes)
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def attendance_record(
    *, by: User, session: TrainingSession, present: list[CompanionProfile]
) -> list[Attendance]:
    """Who came: every member of the cohort gets a row, present or not."""
    _require_unit(by)
    present_ids = {c.pk for c in present}
    members = list(session.cohort.members.all())
    if present_ids - {m.pk for m in members}:
        raise ValidationError(_("Only members of the cohort can attend its sessions."))
    rows = []
    for member in members:
        row, _created = Attendance.objects.update_or_create(
            session=session, companion=member, defaults={"present": member.pk in present_ids}
        )
        rows.append(row)
    return rows


@transaction.atomic
def support_session_add(
    *,
    by: User,
    companion: CompanionProfile,
    held_on: dt.date,
    topics: str,
    notes: str = "",
    program: Program | None = None,
) -> SupportSession:
    _require_unit(by)
    session = SupportSession(
        companion=companion,
        program=program,
        held_on=held_on,
        topics=" ".join(_clean(topics).split()),
        notes=_clean(notes),
        recorded_by=by,
    )
    session.full_clean()
    session.save()
    return session
