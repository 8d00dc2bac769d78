"""Writes that change organizations, programs, committees and meetings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lfs_site.client import client_ip

from . import signals
from .models import (
    STAGE_ORDER,
    AuditEvent,
    Meeting,
    MeetingDecision,
    Membership,
    Organization,
    Program,
    Role,
    Stage,
    SteeringCommittee,
    User,
)
from .selectors import ProgramAccess


@transaction.atomic
def program_create(
    *,
    organization: Organization,
    title: str,
    description: str = "",
    committee_name: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    departments=(),
) -> Program:
    """A new program in its steering stage, with a committee and the default criteria."""
    program = Program(
        organization=organization,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        stage_changed_at=timezone.now(),
    )
    program.full_clean()
    program.save()
    if departments:
        program.departments.set(departments)
    SteeringCommittee.objects.create(
        program=program, name=committee_name or _("Steering committee")
    )
    signals.program_created.send(sender=Program, program=program)
    return program


def _stage_blockers(program: Program, target: str) -> list[str]:
    """What stops a program from moving forward into `target`."""
    blockers = []
    if STAGE_ORDER.index(target) > STAGE_ORDER.index(Stage.SELECTION):
        if not program.stories.filter(
            organization_id=program.organization_id, status="selected"
        ).exists():
            blockers.append(_("No story has been selected yet."))
    if target == Stage.SELECTION and not program.memberships.filter(role=Role.COMMITTEE).exists():
        blockers.append(_("The steering committee has no members yet."))
    return blockers


def stage_blockers(program: Program) -> list[str]:
    """What stops the program from moving on to its next stage (empty when it can)."""
    index = STAGE_ORDER.index(program.stage)
    if index + 1 >= len(STAGE_ORDER):
        return [_("This is the last stage.")]
    return _stage_blockers(program, STAGE_ORDER[index + 1])


@transaction.atomic
def program_move_stage(*, access: ProgramAccess, direction: int) -> Program:
    """Move the program one stage forward (+1) or back (-1)."""
    if not access.can_manage_program:
        raise PermissionDenied
    program = Program.objects.select_for_update().get(pk=access.program.pk)
    index = STAGE_ORDER.index(program.stage) + (1 if direction > 0 else -1)
    if not 0 <= index < len(STAGE_ORDER):
        raise ValidationError(_("The program cannot move further in that direction."))
    target = STAGE_ORDER[index]
    if direction > 0:
        blockers = _stage_blockers(program, target)
        if blockers:
            raise ValidationError(blockers)
    program.stage = target
    program.stage_changed_at = timezone.now()
    program.save(update_fields=["stage", "stage_changed_at"])
    return program


def membership_ensure(
    *,
    user: User,
    organization: Organization,
    role: str,
    program: Program | None = None,
    department=None,
) -> Membership:
    """Give a person a role (idempotent)."""
    if role in (Role.DIRECTOR, Role.STAFF):
        program = None
    user.__dict__.pop("_lfs_memberships", None)  # the per-request cache of program_access
    membership, created = Membership.objects.get_or_create(
        user=user,
        organization=organization,
        program=program,
        role=role,
        defaults={"department": department},
    )
    if not created and department is not None and membership.department_id != department.pk:
        membership.department = department
        membership.save(update_fields=["department"])
    return membership


def _require_selection_rights(access: ProgramAccess) -> None:
    if not access.can_manage_selection:
        raise PermissionDenied


@transaction.atomic
def meeting_create(
    *,
    access: ProgramAccess,
    by: User,
    kind: str,
    title: str,
    held_at: dt.datetime,
    location: str = "",
    agenda: str = "",
    attendees: list[User] | None = None,
) -> Meeting:
    _require_selection_rights(access)
    meeting = Meeting(
        program=access.program,
        kind=kind,
        title=title.strip(),
        held_at=held_at,
        location=location.strip(),
        agenda=agenda.strip(),
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    if attendees:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    access: ProgramAccess,
    meeting: Meeting,
    title: str,
    kind: str,
    held_at: dt.datetime,
    location: str,
    agenda: str,
    minutes: str,
    attendees: list[User],
) -> Meeting:
    _require_selection_rights(access)
    meeting.title = title.strip()
    meeting.kind = kind
    meeting.held_at = held_at
    meeting.location = location.strip()
    meeting.agenda = agenda.strip()
    meeting.minutes = minutes.strip()
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_record_decision(
    *,
    access: ProgramAccess,
    meeting: Meeting,
    by: User,
    text: str,
    owner: User | None = None,
    due_on: dt.date | None = None,
) -> MeetingDecision:
    _require_selection_rights(access)
    decision = MeetingDecision(
        meeting=meeting, text=text.strip(), owner=owner, due_on=due_on, recorded_by=by
    )
    decision.full_clean()
    decision.save()
    return decision


def _require_director(access: ProgramAccess) -> None:
    if not access.can_manage_program:
        raise PermissionDenied


@transaction.atomic
def committee_member_add(*, access: ProgramAccess, user: User) -> Membership:
    """Put a person of the organization on the program's steering committee."""
    _require_director(access)
    program = access.program
    if not Membership.objects.filter(user=user, organization=program.organization).exists():
        raise ValidationError(
            {"user": _("Only people of this organization can join its committee.")}
        )
    return membership_ensure(
        user=user, organization=program.organization, role=Role.COMMITTEE, program=program
    )


@transaction.atomic
def committee_member_remove(*, access: ProgramAccess, user: User) -> None:
    _require_director(access)
    program = access.program
    Membership.objects.filter(user=user, program=program, role=Role.COMMITTEE).delete()
    SteeringCommittee.objects.filter(program=program, chair=user).update(chair=None)


@transaction.atomic
def committee_update(
    *, access: ProgramAccess, name: str, mandate: str, chair: User | None
) -> SteeringCommittee:
    _require_director(access)
    committee, _created = SteeringCommittee.objects.get_or_create(
        program=access.program, defaults={"name": name}
    )
    if (
        chair is not None
        and not Membership.objects.filter(
            user=chair, program=access.program, role=Role.COMMITTEE
        ).exists()
    ):
        raise ValidationError({"chair": _("The chair must be a member of the committee.")})
    committee.name = name.strip()
    committee.mandate = mandate.strip()
    committee.chair = chair
    committee.full_clean()
    committee.save()
    return committee


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj=None,
    organization=None,
    summary: str = "",
    request=None,
):
    """Append one audit event (never updated or deleted)."""
    ip = client_ip(request)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        organization=organization,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        ip_address=ip,
    )


def user_language_remember(*, user: User, language: str) -> bool:
    """Remember the language a signed-in person chose with the language switcher: e-mails to
    them are written in it (lfs_site.mail). True when it changed; a language the site does not
    offer is refused."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the site's languages.")})
    if user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True
