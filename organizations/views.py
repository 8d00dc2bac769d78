"""Home, program dashboard, steering committee and meetings. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lfs_site.confirm import confirmation_required
from lfs_site.evaluate import choices_evaluated

from . import services
from .forms import (
    CommitteeForm,
    CommitteeMemberForm,
    ProgramForm,
    StageForm,
    apply_errors,
)
from .selectors import (
    committee_members,
    meeting_list_for_program,
    organization_get_for_director,
    organization_people,
    program_get_for_user,
)


@login_required
def program_new(request, pk: int):
    """A director starts a program in their organization."""
    organization = organization_get_for_director(request.user, pk)
    form = ProgramForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = services.program_create(
                organization=organization,
                title=data["title"].strip(),
                description=data["description"].strip(),
                committee_name=data["committee_name"].strip(),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                departments=list(data["departments"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The program has been created in its steering stage."))
            return redirect(program)
    return render(
        request,
        "organizations/program_form.html",
        {"form": choices_evaluated(form), "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def program_stage(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_program:
        raise PermissionDenied
    form = StageForm(request.POST)
    if form.is_valid() and form.cleaned_data["direction"] < 0:
        unconfirmed = confirmation_required(
            request,
            question=_("Move the program back to the previous stage?"),
            confirm_label=_("Back to the previous stage"),
            cancel_url=reverse("dashboard:program_dashboard", args=[pk]),
            program=access.program,
            access=access,
        )
        if unconfirmed:
            return unconfirmed
    if form.is_valid():
        try:
            program = services.program_move_stage(
                access=access, direction=form.cleaned_data["direction"]
            )
            messages.success(
                request,
                _("The program is now in the %(stage)s stage.")
                % {"stage": program.get_stage_display()},
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("dashboard:program_dashboard", pk=pk)


def _committee_page(request, access, member_form=None, committee_form=None, status=200):
    program = access.program
    members = committee_members(program)
    context = {
        "access": access,
        "program": program,
        "committee": getattr(program, "committee", None),
        "members": list(members),
        "meetings": list(meeting_list_for_program(program)),
    }
    if access.can_manage_program:
        candidates = organization_people(program.organization_id).exclude(
            pk__in=members.values("pk")
        )
        context["member_form"] = choices_evaluated(
            member_form or CommitteeMemberForm(candidates=candidates)
        )
        context["committee_form"] = choices_evaluated(
            committee_form or CommitteeForm(instance=context["committee"], members=members)
        )
    return render(request, "organizations/committee.html", context, status=status)


@login_required
def committee(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_view_selection:
        raise PermissionDenied
    return _committee_page(request, access)


@login_required
@require_POST
def committee_edit(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_program:
        raise PermissionDenied
    members = committee_members(access.program)
    form = CommitteeForm(
        request.POST, instance=getattr(access.program, "committee", None), members=members
    )
    if form.is_valid():
        try:
            services.committee_update(
                access=access,
                name=form.cleaned_data["name"],
                mandate=form.cleaned_data["mandate"],
                chair=form.cleaned_data["chair"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The committee has been saved."))
            return redirect("organizations:committee", pk=pk)
    return _committee_page(request, access, committee_form=form, status=400)


@login_required
@require_POST
def committee_member_add(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_program:
        raise PermissionDenied
    form = CommitteeMemberForm(
        request.POST, candidates=organization_people(access.program.organization_id)
    )
    if form.is_valid():
        try:
            services.committee_member_add(access=access, user=form.cleaned_data["user"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s has joined the committee.") % {"name": form.cleaned_data["user"]},
            )
            return redirect("organizations:committee", pk=pk)
    return _committee_page(request, access, member_form=form, status=400)


@login_required
@require_POST
def committee_member_remove(request, pk: int, user_pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_program:
        raise PermissionDenied
    member = committee_members(access.program).filter(pk=user_pk).first()
    if member is None:
        raise Http404
    unconfirmed = confirmation_required(
        request,
        question=_("Remove %(name)s from the committee?") % {"name": member},
        confirm_label=_("Remove from the committee"),
        cancel_url=reverse("organizations:committee", args=[pk]),
        program=access.program,
        access=access,
    )
    if unconfirmed:
        return unconfirmed
    services.committee_member_remove(access=access, user=member)
    messages.success(request, _("%(name)s has left the committee.") % {"name": member})
    return redirect("organizations:committee", pk=pk)


def healthz(request):
    """Liveness for load balancers: the process answers and the database is reachable."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
