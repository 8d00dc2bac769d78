"""The committee's meetings: the agenda of nominated stories, the decisions, the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lfs_site.evaluate import choice_labels, choices_evaluated
from lfs_site.pagination import paginate
from organizations import services
from organizations.forms import (
    MeetingDecisionForm,
    MeetingForm,
    MinutesForm,
    apply_errors,
)
from organizations.models import Meeting
from organizations.selectors import (
    committee_members,
    meeting_get_for_user,
    program_get_for_user,
)
from stories.models import SuccessStory

from .forms import DecisionForm, DecisionRowForm
from .selectors import (
    first_nominee_to_decide,
    meeting_progress,
    nominee_step,
    nominee_stories,
    nominees_for_meeting,
)


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


def _decision_forms(
    meeting: Meeting, request, access, posted=None, posted_story_id=None, only=None
):
    """One page of the meeting's nominees (25 a page: each row draws a decision form), with
    the posted form in its row (its row first when it is on another page); `only`, one
    nominee's pk: that nominee alone (the meeting taken nominee by nominee)."""
    if only is not None:
        page = None
        stories = list(nominee_stories(meeting).filter(pk=only))
    else:
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


def _nominee_asked(request) -> int | None:
    """The nominee the meeting page is asked to show alone (`?nominee=<pk>`), if any."""
    value = request.GET.get("nominee", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def _meeting_context(meeting: Meeting, request, access, decision_form, rows=None) -> dict:
    page = None
    selection = meeting.kind == Meeting.Kind.SELECTION
    only = _nominee_asked(request) if selection else None
    step = nominee_step(meeting, only) if only is not None else None
    if rows is None:
        if selection:
            rows, page = _decision_forms(meeting, request, access, only=only)
        else:
            rows = []
    return {
        "progress": meeting_progress(meeting) if selection else None,
        "step": step,
        "first_to_decide": first_nominee_to_decide(meeting) if selection and not step else None,
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
            return redirect("meetings:meeting_detail", pk=meeting.pk)
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
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "organizations/meeting_detail.html",
        _meeting_context(meeting, request, access, form),
        status=400,
    )
