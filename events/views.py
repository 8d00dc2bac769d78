"""Learning sessions and dissemination events: the list, holding and editing one, registering
and cancelling, and the organizer's attendance. Views stay thin."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import selectors as sel
from events import services
from events.forms import AttendanceForm, EventForm
from lfs_site.evaluate import choices_evaluated
from lfs_site.ics import ics_response, invitation
from organizations.forms import apply_errors


def _form(request, *, initial=None):
    user = request.user
    return EventForm(
        request.POST or None,
        initial=initial,
        communities=sel.organizable_communities(user),
        organizations=sel.organizable_organizations(user),
        presentable=sel.presentable_choices(user),
    )


def _save(request, form, event, save):
    """The event form's answer: `save(**cleaned_data)` when the form is valid (then back to the
    event), the form again with the service's refusal or the field errors otherwise."""
    if request.method == "POST" and form.is_valid():
        try:
            event = save(**form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect(event.get_absolute_url())
    return render(
        request,
        "companions/events/event_form.html",
        {"form": choices_evaluated(form), "event": event},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def event_list(request):
    upcoming, past = sel.event_list_for_user(request.user)
    return render(
        request,
        "companions/events/event_list.html",
        {
            "upcoming": list(upcoming),
            "past": list(past),
            "can_organize": sel.can_organize(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request):
    if not sel.can_organize(request.user):
        raise PermissionDenied
    return _save(
        request,
        _form(request),
        None,
        lambda **data: services.event_create(by=request.user, **data),
    )


@login_required
@require_GET
def event_ics(request, pk: int):
    """The event's calendar invitation; a cancelled event's says so (STATUS:CANCELLED)."""
    event, _access = sel.event_get_for_user(request.user, pk)
    url = request.build_absolute_uri(reverse("events:event_detail", args=[event.pk]))
    data = invitation(
        uid=f"event-{event.pk}@lfs",
        summary=event.title,
        starts_at=event.starts_at,
        duration=dt.timedelta(hours=3),
        location=event.place,
        description=f"{event.description}\n{url}".strip(),
        url=url,
        cancelled=event.cancelled_at is not None,
    )
    return ics_response(data, f"event-{event.pk}")


@login_required
@require_GET
def event_detail(request, pk: int):
    event, access = sel.event_get_for_user(request.user, pk)
    registrations = list(sel.registrations_of(event)) if access.can_manage else []
    taken = sel.active_registration_count(event)
    return render(
        request,
        "companions/events/event_detail.html",
        {
            "event": event,
            "eaccess": access,
            "mine": sel.registration_of(event, request.user),
            "taken": taken,
            "full": event.capacity is not None and taken >= event.capacity,
            "registrations": registrations,
            "presented": sel.presented_of(event),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event, access = sel.event_get_for_managing(request.user, pk)
    form = _form(
        request,
        initial={
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "starts_at": event.starts_at,
            "place": event.place,
            "community": event.community,
            "organization": event.organization,
            "capacity": event.capacity,
            "books": list(event.books.all()),
            "stories": list(event.stories.all()),
            "principles": list(event.principles.all()),
        },
    )

    def update(**data):
        services.event_update(access=access, by=request.user, **data)
        return event

    return _save(request, form, event, update)


@login_required
@require_POST
def event_register(request, pk: int):
    event, access = sel.event_get_for_user(request.user, pk)
    try:
        services.event_register(access=access, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are registered."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_unregister(request, pk: int):
    event, access = sel.event_get_for_user(request.user, pk)
    try:
        services.event_unregister(access=access, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_attendance(request, pk: int):
    event, access = sel.event_get_for_managing(request.user, pk)
    people = [r.user for r in sel.registrations_of(event)]
    form = AttendanceForm(request.POST, people=people)
    if not form.is_valid():
        messages.error(request, _("Mark only people who registered."))
        return redirect(event.get_absolute_url())
    try:
        n = services.attendance_save(access=access, present_ids=set(form.cleaned_data["present"]))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance saved: %(n)d present.") % {"n": n})
    return redirect(f"{event.get_absolute_url()}#attendance")
