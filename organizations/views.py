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
from lfs_site.evaluate import choice_labels, choices_evaluated
from lfs_site.pagination import paginate
from stories.forms import DecisionForm, DecisionRowForm
from stories.models import SuccessStory
from stories.selectors import (
    nominee_stories,
    nominees_for_meeting,
)

from . import services
from .forms import (
    CommitteeForm,
    CommitteeMemberForm,
    MeetingDecisionForm,
    MeetingForm,
    MinutesForm,
    ProgramForm,
    StageForm,
    apply_errors,
)
from .models import Meeting
from .selectors import (
    committee_members,
    meeting_get_for_user,
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
            cancel_url=reverse("program_dashboard", args=[pk]),
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
    return redirect("program_dashboard", pk=pk)


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
            return redirect("committee", pk=pk)
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
            return redirect("committee", pk=pk)
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
        cancel_url=reverse("committee", args=[pk]),
        program=access.program,
        access=access,
    )
    if unconfirmed:
        return unconfirmed
    services.committee_member_remove(access=access, user=member)
    messages.success(request, _("%(name)s has left the committee.") % {"name": member})
    return redirect("committee", pk=pk)


@login_required
def meeting_create(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    members = committee_members(access.program)
    form = MeetingForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                access=access,
                by=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                held_at=form.cleaned_data["held_at"],
                location=form.cleaned_data["location"],
                agenda=form.cleaned_data["agenda"],
                attendees=list(form.cleaned_data["attendees"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            return redirect(meeting)
    return render(
        request,
        "organizations/meeting_form.html",
        {"access": access, "program": access.program, "form": choices_evaluated(form)},
    )


def _decision_forms(meeting: Meeting, request, access, posted=None, posted_story_id=None):
    """One page of the meeting's nominees (25 a page: each row draws a decision form), with
    the posted form in its row (its row first when it is on another page)."""
    page = paginate(request, nominee_stories(meeting), per_page=25)
    stories = page.object_list
    if posted is not None and all(s.pk != posted_story_id for s in stories):
        stories = list(nominee_stories(meeting).filter(pk=posted_story_id)) + stories
    rows = []
    labels = choice_labels(SuccessStory.Status.choices)
    tally = _("Assessments: %(met)s met, %(not_met)s not met, %(unsure)s unsure")
    if access.can_manage_selection:
        # One unbound form for the whole page: each row's form is read off it (no form a row).
        blank_form = DecisionForm(prefix="s0")
        choices = list(blank_form.fields["outcome"].choices)
        blank = DecisionRowForm(blank_form)
    for story, decision in nominees_for_meeting(meeting, stories):
        if posted is not None and story.pk == posted_story_id:
            form = DecisionRowForm(posted)
        elif access.can_manage_selection:
            form = DecisionRowForm.for_decision(blank, choices, f"s{story.pk}", decision)
        else:
            form = None
        rows.append(decision_row(story, decision, form, labels, tally))
    return rows, page


def decision_row(story, decision, form, labels=None, tally=None) -> dict:
    """What stories/_decision_row.html draws of one nominee: its status and its assessment
    tally (when the story was read with it) put into words here, once a page, not by the
    template once a row. `labels` and `tally`: the status names and the tally's sentence."""
    if labels is None:
        labels = choice_labels(SuccessStory.Status.choices)
    met = getattr(story, "met_count", None)
    if met is not None:
        tally = (tally or _("Assessments: %(met)s met, %(not_met)s not met, %(unsure)s unsure")) % {
            "met": met,
            "not_met": story.not_met_count,
            "unsure": story.unsure_count,
        }
    return {
        "story": story,
        "decision": decision,
        "form": form,
        "status_label": labels.get(story.status, story.status),
        "tally": tally if met is not None else None,
    }


def _meeting_context(meeting: Meeting, request, access, decision_form, rows=None) -> dict:
    page = None
    if rows is None:
        if meeting.kind == Meeting.Kind.SELECTION:
            rows, page = _decision_forms(meeting, request, access)
        else:
            rows = []
    return {
        "access": access,
        "program": meeting.program,
        "meeting": meeting,
        "attendees": list(meeting.attendees.all()),
        "decisions": list(meeting.decisions.select_related("owner")),
        "decision_form": choices_evaluated(decision_form),
        "rows": rows,
        "page_obj": page,
    }


@login_required
def meeting_detail(request, pk: int):
    meeting, access = meeting_get_for_user(request.user, pk)
    form = MeetingDecisionForm(members=committee_members(meeting.program))
    return render(
        request,
        "organizations/meeting_detail.html",
        _meeting_context(meeting, request, access, form),
    )


@login_required
def meeting_edit(request, pk: int):
    meeting, access = meeting_get_for_user(request.user, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    members = committee_members(meeting.program)
    form = MinutesForm(request.POST or None, instance=meeting, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                access=access,
                meeting=Meeting.objects.get(pk=meeting.pk),
                title=data["title"],
                kind=data["kind"],
                held_at=data["held_at"],
                location=data["location"],
                agenda=data["agenda"],
                minutes=data["minutes"],
                attendees=list(data["attendees"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request,
        "organizations/meeting_form.html",
        {
            "access": access,
            "program": meeting.program,
            "form": choices_evaluated(form),
            "meeting": meeting,
        },
    )


@login_required
@require_POST
def meeting_decision_add(request, pk: int):
    meeting, access = meeting_get_for_user(request.user, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    members = committee_members(meeting.program)
    form = MeetingDecisionForm(request.POST, members=members)
    if form.is_valid():
        try:
            services.meeting_record_decision(
                access=access,
                meeting=meeting,
                by=request.user,
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request,
        "organizations/meeting_detail.html",
        _meeting_context(meeting, request, access, form),
        status=400,
    )


def healthz(request):
    """Liveness for load balancers: the process answers and the database is reachable."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
