"""The audit log made readable: which named record each event is about, linked where the
reader may open it.

An event keeps only the type and id of its record (`object_type`, `object_id`). Each app that
writes events about its own records says how to name them (`register`), and the one rule of
who may see what decides whether the reader gets the name and a link: a story's title only
when `stories.visibility.story_access` opens the story to them, a program's title only when
they may see the program, a person's name only for people of the organizations they direct.
Otherwise the record shows as its kind and number, as before. One query per kind of record on
a page, whatever the number of events.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse
from django.utils.text import capfirst

from .models import AuditEvent, Community, Invitation, Meeting, Membership, Program, Role, User
from .selectors import organizations_directed_by, program_access


@dataclass
class Record:
    """How one event's record shows: its kind, and its name and address where the reader may
    know them ("" otherwise)."""

    kind: str
    number: str
    name: str = ""
    url: str = ""
    #: More about the record, each part shown apart (e.g. a role and its program).
    detail: list[str] = field(default_factory=list)


Describer = Callable[[User, list[AuditEvent]], None]
_describers: dict[str, Describer] = {}


def register(*object_types: str) -> Callable[[Describer], Describer]:
    """Declare how events about records of these types (`app_label.modelname`) are named. The
    describer sets `event.record.name` and `.url` for the events whose record the reader may
    see; it is called once per page with all the events of its types."""

    def wrap(describer: Describer) -> Describer:
        for object_type in object_types:
            _describers[object_type] = describer
        return describer

    return wrap


def kind_of(object_type: str) -> str:
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return capfirst(str(model._meta.verbose_name))


def describe(events: Iterable[AuditEvent], reader: User) -> list[AuditEvent]:
    """Give each event a `record` (Record or None when it is about no record)."""
    events = list(events)
    by_type: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        if not event.object_type:
            event.record = None  # type: ignore[attr-defined]
            continue
        event.record = Record(kind=kind_of(event.object_type), number=event.object_id)  # type: ignore[attr-defined]
        by_type[event.object_type].append(event)
    for object_type, typed in by_type.items():
        describer = _describers.get(object_type)
        if describer is not None:
            describer(reader, typed)
    return events


def ids_of(events: list[AuditEvent]) -> set[int]:
    return {int(e.object_id) for e in events if e.object_id.isdigit()}


def _people_known_to(reader: User, user_ids: set[int]) -> dict[int, User]:
    """The people among `user_ids` whose names the reader may read in the log: themselves, and
    the people of the organizations they direct (the unit: its own staff)."""
    if not user_ids:
        return {}
    people = User.objects.filter(pk__in=user_ids)
    if reader.is_unit:
        known = people.filter(is_unit=True) | people.filter(pk=reader.pk)
    else:
        directed = organizations_directed_by(reader).values("pk")
        known = people.filter(memberships__organization__in=directed) | people.filter(pk=reader.pk)
    return {u.pk: u for u in known.distinct()}


def _people_page(reader: User, organization_id: int | None) -> str:
    if organization_id is None:
        return ""
    if organizations_directed_by(reader).filter(pk=organization_id).exists():
        return reverse("organizations:people", args=[organization_id])
    return ""


USER_IN_SUMMARY = re.compile(r"\buser (\d+)\b")


@register("organizations.user")
def _users(reader: User, events: list[AuditEvent]) -> None:
    known = _people_known_to(reader, ids_of(events))
    for event in events:
        person = known.get(int(event.object_id)) if event.object_id.isdigit() else None
        if person is not None:
            event.record.name = person.full_name or person.email  # type: ignore[attr-defined]


@register("organizations.membership", "organizations.invitation")
def _roles(reader: User, events: list[AuditEvent]) -> None:
    """A role (kept or gone) names the person it is of, from its row or from the summary's
    "user N"; an invitation names its role and program."""
    memberships = {
        m.pk: m
        for m in Membership.objects.filter(
            pk__in=ids_of([e for e in events if e.object_type == "organizations.membership"])
        ).select_related("program")
    }
    invitations = {
        i.pk: i
        for i in Invitation.objects.filter(
            pk__in=ids_of([e for e in events if e.object_type == "organizations.invitation"])
        ).select_related("program")
    }
    user_ids = {m.user_id for m in memberships.values()}
    for event in events:
        match = USER_IN_SUMMARY.search(event.summary)
        if match:
            user_ids.add(int(match.group(1)))
    known = _people_known_to(reader, user_ids)
    directed = set(organizations_directed_by(reader).values_list("pk", flat=True))
    everyone = {u.pk: u for u in User.objects.filter(pk__in=user_ids)} if directed else {}
    for event in events:
        record = event.record  # type: ignore[attr-defined]
        pk = int(event.object_id) if event.object_id.isdigit() else None
        if event.object_type == "organizations.invitation":
            invitation = invitations.get(pk) if pk is not None else None
            if invitation is None:
                continue
            if invitation.organization_id in directed or (
                invitation.organization_id is None and reader.is_unit
            ):
                record.name = str(Role(invitation.role).label)
                if invitation.program:
                    record.detail = [invitation.program.title]
                record.url = (
                    _people_page(reader, invitation.organization_id)
                    if invitation.organization_id
                    else reverse("organizations:companion_invitations")
                )
            continue
        membership = memberships.get(pk) if pk is not None else None
        user_id = membership.user_id if membership is not None else None
        if user_id is None:
            match = USER_IN_SUMMARY.search(event.summary)
            user_id = int(match.group(1)) if match else None
        if user_id is None:
            continue
        # A role in an organization the reader directs names its person even once it is gone
        # (the person was one of theirs when the event happened).
        person = known.get(user_id) or (
            everyone.get(user_id) if event.organization_id in directed else None
        )
        if person is None:
            continue
        record.name = person.full_name or person.email
        if membership is not None:
            record.detail = [str(membership.get_role_display())]
            if membership.program:
                record.detail.append(membership.program.title)
        record.url = _people_page(reader, event.organization_id)


@register("organizations.program")
def _programs(reader: User, events: list[AuditEvent]) -> None:
    programs = Program.objects.filter(pk__in=ids_of(events)).select_related("organization")
    for program in programs:
        if not program_access(reader, program).can_view_program:
            continue
        for event in events:
            if event.object_id == str(program.pk):
                event.record.name = program.title  # type: ignore[attr-defined]
                event.record.url = program.get_absolute_url()  # type: ignore[attr-defined]


@register("organizations.meeting")
def _meetings(reader: User, events: list[AuditEvent]) -> None:
    meetings = Meeting.objects.filter(pk__in=ids_of(events)).select_related("program__organization")
    for meeting in meetings:
        if not program_access(reader, meeting.program).can_view_selection:
            continue
        for event in events:
            if event.object_id == str(meeting.pk):
                event.record.name = meeting.title  # type: ignore[attr-defined]
                event.record.url = meeting.get_absolute_url()  # type: ignore[attr-defined]


@register("organizations.community")
def _communities(reader: User, events: list[AuditEvent]) -> None:
    """Community names are not restricted (the community pages decide who opens them)."""
    names = dict(Community.objects.filter(pk__in=ids_of(events)).values_list("pk", "name"))
    for event in events:
        name = names.get(int(event.object_id)) if event.object_id.isdigit() else None
        if name is not None:
            event.record.name = name  # type: ignore[attr-defined]
            event.record.url = reverse("communities:community_detail", args=[event.object_id])  # type: ignore[attr-defined]
