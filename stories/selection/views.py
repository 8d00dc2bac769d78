"""Criteria, nominations, assessments, selection decisions and diversity coverage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lfs_site.confirm import confirmation_page, confirmation_required, is_confirmed
from lfs_site.evaluate import choice_labels, choices_evaluated
from lfs_site.pagination import paginate_rows
from organizations.forms import MeetingDecisionForm, apply_errors
from organizations.models import Membership, Role
from organizations.selectors import committee_members, meeting_get_for_user, program_get_for_user
from stories.models import SelectionDecision, SuccessStory
from stories.selectors import story_get_for_user

from . import services
from .forms import (
    AssessmentForm,
    CriterionForm,
    DecisionCorrectionForm,
    DecisionForm,
    DecisionRowForm,
    NominationFilterForm,
    NominationForm,
)
from .selectors import (
    NominationRow,
    assessment_rows,
    criteria_for_program,
    criterion_get_for_access,
    decision_history,
    decision_standing,
    diversity_coverage,
    meeting_progress,
    nominee_to_assess_after,
    story_list_for_access,
    with_assessment_counts,
    with_tag_names,
)
from .views_meetings import _decision_forms, _meeting_context, decision_row

# Criteria -------------------------------------------------------------------------------


def _criteria_context(access, form):
    return {
        "access": access,
        "program": access.program,
        "criteria": list(criteria_for_program(access.program)),
        "form": form,
    }


@login_required
def criteria(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_view_selection:
        raise PermissionDenied
    form = CriterionForm(request.POST or None)
    if request.method == "POST":
        if not access.can_manage_selection:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.criterion_create(
                    access=access,
                    text=form.cleaned_data["text"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The criterion has been added."))
                return redirect("stories:criteria", pk=pk)
    status = 400 if form.errors else 200
    return render(request, "stories/criteria.html", _criteria_context(access, form), status=status)


@login_required
def criterion_edit(request, pk: int, criterion_pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    criterion = criterion_get_for_access(access, criterion_pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(
                access=access,
                criterion=criterion,
                text=form.cleaned_data["text"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The criterion has been saved."))
            return redirect("stories:criteria", pk=pk)
    return render(
        request,
        "stories/criterion_form.html",
        {"access": access, "program": access.program, "form": form, "criterion": criterion},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def criterion_move(request, pk: int, criterion_pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    criterion = criterion_get_for_access(access, criterion_pk)
    direction = 1 if request.POST.get("direction") == "down" else -1
    services.criterion_move(access=access, criterion=criterion, direction=direction)
    if request.htmx:
        return render(
            request, "stories/_criteria_list.html", _criteria_context(access, CriterionForm())
        )
    return redirect("stories:criteria", pk=pk)


@login_required
@require_POST
def criterion_delete(request, pk: int, criterion_pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    criterion = criterion_get_for_access(access, criterion_pk)
    unconfirmed = confirmation_required(
        request,
        question=_("Delete the criterion “%(text)s”?") % {"text": criterion.text},
        detail=_("The committee's assessments against it are deleted with it."),
        confirm_label=_("Delete the criterion"),
        cancel_url=reverse("stories:criteria", args=[pk]),
        program=access.program,
        access=access,
    )
    if unconfirmed:
        return unconfirmed
    try:
        services.criterion_delete(access=access, criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The criterion has been deleted."))
    return redirect("stories:criteria", pk=pk)


# Nominations ----------------------------------------------------------------------------


@login_required
def nominations(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not (access.can_view_selection or access.has(Role.STAFF)):
        raise PermissionDenied
    status, tag = NominationFilterForm(request.GET).filters()
    page = paginate_rows(
        request, story_list_for_access(access, request.user, status=status, tag=tag)
    )
    stories = with_tag_names([NominationRow(*row) for row in page.object_list])
    if access.can_view_selection:
        with_assessment_counts(stories, request.user)
    criteria_count = access.program.criteria.count() if access.can_assess else 0
    # Words a row draws, put together here once a page rather than by a tag once a row.
    labels = choice_labels(SuccessStory.Status.choices)
    yours = _("yours: %(mine)s of %(total)s") if criteria_count else ""
    for story in stories:
        story.status_label = labels[story.status]
        if yours:
            story.yours = yours % {"mine": story.my_assessment_count, "total": criteria_count}
    return render(
        request,
        "stories/nominations.html",
        {
            "access": access,
            "program": access.program,
            "status": status,
            "tag": tag,
            "statuses": SuccessStory.Status.choices,
            "stories": stories,
            "page_obj": page,
            "criteria_count": criteria_count,
            "show_yours": bool(yours),
        },
    )


@login_required
def nominate(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_nominate:
        raise PermissionDenied
    program = access.program
    initial = {}
    membership = (
        Membership.objects.filter(
            user=request.user, organization=program.organization, department__isnull=False
        )
        .select_related("department")
        .first()
    )
    if membership:
        initial["department"] = membership.department
    form = NominationForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = services.story_nominate(
                access=access,
                told_by=request.user,
                department=data["department"],
                title=data["title"],
                summary=data["summary"],
                success_in_worker_eyes=data["success_in_worker_eyes"],
                success_in_client_eyes=data["success_in_client_eyes"],
                client_pseudonym=data["client_pseudonym"],
                populations=list(data.get("populations", ())),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Thank you: your success has been nominated. The committee will assess it."),
            )
            return redirect(story)
    return render(
        request,
        "stories/nominate.html",
        {
            "access": access,
            "program": program,
            "form": choices_evaluated(form),
        },
        status=400 if form.errors else 200,
    )


@login_required
def story_detail(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    return _story_detail_page(request, story, access)


def _story_detail_page(request, story, access, *, refused=None, status=200, posted=None):
    """The story's page; `refused`, an assessment form that was not saved, is shown in its
    criterion's row with what was typed and its errors; `posted` (criterion pk -> form, and
    the pks saved) the forms of a whole assessment posted at once."""
    can_assess = access.can_assess and story.status in ("nominated", "on_hold")
    rows = []
    if access.can_view_selection:
        rows = _assessment_form_rows(story, request.user, refused=refused, posted=posted)
    return render(
        request,
        "stories/story_detail.html",
        {
            "access": access,
            "program": access.program,
            "story": story,
            "tags": list(story.tags.select_related("term")),
            "rows": rows,
            "can_assess": can_assess,
            "next_nominee": nominee_to_assess_after(story, request.user) if can_assess else None,
            "refused": posted is not None and any(f.errors for f in posted[0].values()),
            "decisions": decision_history(story),
            "is_teller": story.told_by_id == request.user.pk,
        },
        status=status,
    )


def _assessment_form_rows(story, user, *, refused=None, posted=None) -> list:
    """Each criterion's row with its form: the posted one where there is one."""
    rows = []
    forms, saved = posted or ({}, set())
    for row in assessment_rows(story, user):
        prefix = f"c{row.criterion.pk}"
        if refused is not None and refused.prefix == prefix:
            row.form = refused
        elif row.criterion.pk in forms and row.criterion.pk not in saved:
            row.form = forms[row.criterion.pk]
        else:
            row.form = AssessmentForm(instance=row.mine, prefix=prefix)
        row.saved = row.criterion.pk in saved
        rows.append(row)
    return rows


@login_required
@require_POST
def assessments_save(request, pk: int):
    """A committee member's assessment of one nominee, every criterion at once: the rows
    with a verdict are saved, the rows left blank wait, a row with a note and no verdict is
    refused with the note kept. With `next`, on to the next nominee once all went well."""
    story, access = story_get_for_user(request.user, pk)
    if not access.can_assess:
        raise PermissionDenied
    forms: dict[int, AssessmentForm] = {}
    saved: set[int] = set()
    for row in assessment_rows(story, request.user):
        form = AssessmentForm(request.POST, instance=row.mine, prefix=f"c{row.criterion.pk}")
        forms[row.criterion.pk] = form
        if form.is_blank() or not form.is_valid():
            continue
        try:
            services.assessment_record(
                access=access,
                story=story,
                criterion=row.criterion,
                assessor=request.user,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
            saved.add(row.criterion.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
    refused = any(f.errors for f in forms.values() if not f.is_blank())
    next_pk = request.POST.get("next", "")
    if not refused and next_pk:
        following = nominee_to_assess_after(story, request.user)
        target = following.get_absolute_url() if following else story.get_absolute_url()
        if saved:
            messages.success(request, _("Your assessment has been saved."))
        if request.htmx:
            response = render(request, "stories/_assessment_moving.html")
            response["HX-Redirect"] = target
            return response
        return redirect(target)
    if request.htmx:
        can_assess = story.status in ("nominated", "on_hold")
        return render(
            request,
            "stories/_assessment_form.html",
            {
                "story": story,
                "rows": _assessment_form_rows(story, request.user, posted=(forms, saved)),
                "can_assess": can_assess,
                "next_nominee": nominee_to_assess_after(story, request.user),
                "saved_any": bool(saved),
                "refused": refused,
            },
        )
    if not refused:
        if saved:
            messages.success(request, _("Your assessment has been saved."))
        return redirect(story)
    return _story_detail_page(request, story, access, status=400, posted=(forms, saved))


@login_required
@require_POST
def assessment_save(request, pk: int, criterion_pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_assess:
        raise PermissionDenied
    criterion = criterion_get_for_access(access, criterion_pk)
    form = AssessmentForm(request.POST, prefix=f"c{criterion.pk}")
    saved = False
    if form.is_valid():
        try:
            services.assessment_record(
                access=access,
                story=story,
                criterion=criterion,
                assessor=request.user,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
            saved = True
        except ValidationError as exc:
            apply_errors(form, exc)
    if request.htmx:
        row = next(
            r for r in assessment_rows(story, request.user) if r.criterion.pk == criterion.pk
        )
        row.form = (
            form if not saved else AssessmentForm(instance=row.mine, prefix=f"c{criterion.pk}")
        )
        row.saved = saved
        return render(
            request,
            "stories/_assessment_row.html",
            {"row": row, "story": story, "can_assess": True, "saved": saved},
        )
    if saved:
        messages.success(request, _("Your assessment has been saved."))
        return redirect(story)
    # Without JavaScript: the page again, the note as typed and the errors in the row (a
    # redirect would lose the note).
    return _story_detail_page(request, story, access, refused=form, status=400)


def _record_decision(request, access, story, meeting, form, correction):
    """Record the posted decision. Returns (decision, created, asked, correction): `asked` is
    the standing decision whose change is to be confirmed with a reason (asked again, with the
    errors and what was typed, until it is), `correction` the form that asks it; `asked` is
    None when nothing is to be confirmed."""
    confirmed = is_confirmed(request)
    typed_reason = request.POST.get(correction.add_prefix("correction_reason"), "")

    def ask_again(correction):
        standing = decision_standing(story)
        if standing is not None and "replaces" in correction.errors:  # not a decision's id
            correction = DecisionCorrectionForm.asking(correction.prefix, standing, typed_reason)
        return None, False, standing, correction

    if not form.is_valid() or (confirmed and not correction.is_valid()):
        return ask_again(correction) if confirmed else (None, False, None, correction)
    try:
        decision, created = services.decision_record(
            access=access,
            story=story,
            meeting=meeting,
            outcome=form.cleaned_data["outcome"],
            reasons=form.cleaned_data["reasons"],
            by=request.user,
            replacing=correction.cleaned_data["replaces"] if confirmed else None,
            correction_reason=correction.cleaned_data["correction_reason"] if confirmed else "",
        )
    except services.DecisionChangeUnconfirmed as exc:
        # Asked for the first time, or again because the decision changed meanwhile: the
        # reason typed so far is kept, the decision to replace is the one standing now.
        asking = DecisionCorrectionForm.asking(correction.prefix, exc.standing, typed_reason)
        asking.changed_meanwhile = confirmed
        return None, False, exc.standing, asking
    except ValidationError as exc:
        errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for name, messages_ in errors.items():
            target = correction if confirmed and name == "correction_reason" else form
            target.add_error(name if name in target.fields else None, messages_)
        return ask_again(correction) if confirmed else (None, False, None, correction)
    return decision, created, None, correction


@login_required
@require_POST
def decision_save(request, meeting_pk: int, story_pk: int):
    """Record a decision from a meeting's card. A change of the story's standing decision is
    confirmed with a reason first: in the card (htmx) or on a confirmation page (without
    JavaScript), both posting here again with confirmed=yes."""
    meeting, access = meeting_get_for_user(request.user, meeting_pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    story, _access = story_get_for_user(request.user, story_pk)
    if story.program_id != meeting.program_id:
        raise PermissionDenied
    prefix = f"s{story.pk}"
    form = DecisionForm(request.POST, prefix=prefix)
    correction = DecisionCorrectionForm(
        request.POST if is_confirmed(request) else None, prefix=prefix
    )
    decision, created, asked, correction = _record_decision(
        request, access, story, meeting, form, correction
    )
    if request.htmx:
        story.refresh_from_db(fields=["status"])
        row = decision_row(story, decision, DecisionRowForm(form))
        if asked is not None:
            row["confirm"] = {"standing": asked, "form": correction}
        return render(
            request,
            "stories/_decision_row.html",
            {
                "row": row,
                "meeting": meeting,
                "access": access,
                "saved": decision is not None,
                "unchanged": decision is not None and not created,
                "alone": bool(request.POST.get("alone")),
                # "k of n decided" above the cards, brought up to date out of band
                "progress_oob": meeting_progress(meeting),
            },
        )
    if decision is not None:
        if created:
            text = _("The decision on “%(title)s” has been recorded.")
        else:
            text = _("This decision on “%(title)s” was already recorded: nothing has changed.")
        messages.success(request, text % {"title": story.title})
        if request.POST.get("alone"):  # the meeting taken nominee by nominee: stay on this one
            return redirect(f"{meeting.get_absolute_url()}?nominee={story.pk}")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    if asked is not None and not form.errors:
        return _decision_change_page(request, access, story, meeting, form, correction, asked)
    rows, page = _decision_forms(meeting, request, access, posted=form, posted_story_id=story.pk)
    context = _meeting_context(
        meeting,
        request,
        access,
        MeetingDecisionForm(members=committee_members(meeting.program)),
        rows,
    )
    return render(
        request,
        "organizations/meeting_detail.html",
        {**context, "page_obj": page},
        status=400,
    )


def decision_summary(decision: SelectionDecision) -> str:
    """A decision in one line: its outcome, who recorded it and when."""
    return _("%(outcome)s, by %(name)s on %(date)s") % {
        "outcome": decision.get_outcome_display(),
        "name": decision.decided_by,
        "date": formats.date_format(timezone.localtime(decision.decided_at), "DATETIME_FORMAT"),
    }


def _decision_change_page(request, access, story, meeting, form, correction, standing):
    """Without JavaScript: the confirmation page of a change, asking its reason."""
    outcomes = dict(SelectionDecision.Outcome.choices)
    new_outcome = form["outcome"].value()
    facts = [
        (_("Standing decision"), decision_summary(standing)),
        (_("Its reasons"), standing.reasons),
        (_("New decision"), str(outcomes.get(new_outcome, new_outcome))),
        (_("Its reasons"), form["reasons"].value() or ""),
    ]
    if getattr(correction, "changed_meanwhile", False):
        facts.insert(
            0,
            (
                _("Changed meanwhile"),
                _("Someone changed the decision meanwhile: this is the one standing now."),
            ),
        )
    return confirmation_page(
        request,
        question=_("Change the decision on “%(title)s”?") % {"title": story.title},
        detail=_(
            "Both decisions are kept in the story's history, and the person who told the story "
            "is told that the decision was corrected, with your reason."
        ),
        facts=facts,
        form=correction,
        confirm_label=_("Record the correction"),
        cancel_url=reverse("meetings:meeting_detail", args=[meeting.pk]) + f"#decision-{story.pk}",
        program=meeting.program,
        access=access,
        status=400 if correction.errors or form.errors else 200,
    )


@login_required
def coverage(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_view_selection:
        raise PermissionDenied

    rows, selected_total, untagged = diversity_coverage(access.program)
    return render(
        request,
        "stories/coverage.html",
        {
            "access": access,
            "program": access.program,
            "rows": rows,
            "selected_total": selected_total,
            "untagged": untagged,
            "max_selected": max([r.selected for r in rows] + [1]),
        },
    )
