"""Writes of learning events: holding one, editing it, registering and cancelling, attendance."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companions.models_events import EventRegistration, LearningEvent
from events.selectors import (
    EventAccess,
    can_organize,
    organizable_communities,
    organizable_organizations,
    presentable_choices,
)
from organizations.models import User

EVENT_FIELDS = ("kind", "title", "description", "starts_at", "place", "capacity")


def _clean(value: str | None) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def _check_scope(by: User, community, organization) -> None:
    errors = {}
    if community is None and organization is None:
        errors["community"] = _(
            "Choose the learning community or the organization the event is open to."
        )
    if community is not None and not organizable_communities(by).filter(pk=community.pk).exists():
        errors["community"] = _("You can hold events only for your own learning communities.")
    if (
        organization is not None
        and not organizable_organizations(by).filter(pk=organization.pk).exists()
    ):
        errors["organization"] = _("You can hold events only for your own organizations.")
    if errors:
        raise ValidationError(errors)


def _set_presented(by: User, event: LearningEvent, books, stories, principles) -> None:
    allowed = presentable_choices(by)
    for name, chosen in (("books", books), ("stories", stories), ("principles", principles)):
        chosen = list(chosen or [])
        ok = set(allowed[name].values_list("pk", flat=True))
        if any(obj.pk not in ok for obj in chosen):
            raise ValidationError({name: _("Choose only from the list.")})
        getattr(event, name).set(chosen)


def _fill(event: LearningEvent, fields: dict) -> None:
    for name in EVENT_FIELDS:
        if name in fields:
            value = fields[name]
            if isinstance(value, str):
                value = _clean(value)
                if name in ("title", "place"):
                    value = " ".join(value.split())
            setattr(event, name, value)


@transaction.atomic
def event_create(
    *,
    by: User,
    community=None,
    organization=None,
    books=(),
    stories=(),
    principles=(),
    **fields,
) -> LearningEvent:
    if not can_organize(by):
        raise PermissionDenied
    _check_scope(by, community, organization)
    event = LearningEvent(community=community, organization=organization, organizer=by)
    _fill(event, fields)
    if event.starts_at and event.starts_at < timezone.now() - dt.timedelta(days=1):
        raise ValidationError({"starts_at": _("Choose a date that has not passed.")})
    event.full_clean()
    event.save()
    _set_presented(by, event, books, stories, principles)
    return event


@transaction.atomic
def event_update(
    *,
    access: EventAccess,
    by: User,
    community=None,
    organization=None,
    books=(),
    stories=(),
    principles=(),
    **fields,
) -> LearningEvent:
    if not access.can_manage:
        raise PermissionDenied
    event = LearningEvent.objects.select_for_update().get(pk=access.event.pk)
    changed_scope = (community and community.pk) != event.community_id or (
        organization and organization.pk
    ) != event.organization_id
    if changed_scope:
        _check_scope(by, community, organization)
    event.community, event.organization = community, organization
    _fill(event, fields)
    active = EventRegistration.objects.filter(event=event, cancelled_at__isnull=True).count()
    if event.capacity is not None and event.capacity < active:
        raise ValidationError(
            {
                "capacity": _("%(n)d people have already registered: the places cannot be fewer.")
                % {"n": active}
            }
        )
    event.full_clean()
    event.save()
    _set_presented(by, event, books, stories, principles)
    return event


@transaction.atomic
def event_register(*, access: EventAccess, by: User) -> EventRegistration:
    """Register a signed-in person who may see the event, while places are left."""
    event = LearningEvent.objects.select_for_update().get(pk=access.event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if event.starts_at < timezone.now():
        raise ValidationError(_("This event has already taken place."))
    registration = EventRegistration.objects.filter(event=event, user=by).first()
    if registration is not None and registration.cancelled_at is None:
        return registration
    taken = EventRegistration.objects.filter(event=event, cancelled_at__isnull=True).count()
    if event.capacity is not None and taken >= event.capacity:
        raise ValidationError(_("The event is full: no places are left."))
    if registration is None:
        registration = EventRegistration.objects.create(event=event, user=by)
    else:
        registration.cancelled_at = None
        registration.save(update_fields=["cancelled_at"])
    return registration


@transaction.atomic
def event_unregister(*, access: EventAccess, by: User) -> None:
    updated = EventRegistration.objects.filter(
        event=access.event, user=by, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now(), attended=None)
    if not updated:
        raise ValidationError(_("You are not registered for this event."))


@transaction.atomic
def attendance_save(*, access: EventAccess, present_ids: set[int]) -> int:
    """Mark who came among the registered people (the others as absent)."""
    if not access.can_manage:
        raise PermissionDenied
    if access.event.starts_at > timezone.now() + dt.timedelta(hours=12):
        raise ValidationError(_("Attendance is taken on the day of the event."))
    registrations = EventRegistration.objects.filter(event=access.event, cancelled_at__isnull=True)
    known = set(registrations.values_list("user_id", flat=True))
    if not present_ids <= known:
        raise ValidationError(_("Mark only people who registered."))
    registrations.filter(user_id__in=present_ids).update(attended=True)
    registrations.exclude(user_id__in=present_ids).update(attended=False)
    return len(present_ids)
