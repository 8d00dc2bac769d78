"""Workshops run live, the prospective method (learning questions, cycles, logs) and the
catalogue of learning patterns. Views stay thin: access helper, form, one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lfs_site.confirm import confirmation_required
from lfs_site.evaluate import choices_evaluated
from lfs_site.ids import id_from
from methods.models_workshops import (
    Contribution,
    ContributionGroup,
    LearningQuestion,
    Method,
    PatternKind,
    ProspectiveStage,
    Workshop,
)
from organizations.forms import apply_errors
from reflection.selectors import templates_visible_to, workshop_report
from workshops import selectors as sel
from workshops import services
from workshops.forms import (
    ActionItemForm,
    ContributionForm,
    ContributionGroupForm,
    CycleForm,
    EvidenceForm,
    GroupForm,
    JoinForm,
    LearningQuestionForm,
    LogEntryForm,
    PatternForm,
    PromoteForm,
    RemoveForm,
    StageForm,
    TimerForm,
    WorkshopPlanForm,
)
from workshops.views_common import board_changes, contribution_card, qr_data_uri


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


# Planning and the list ------------------------------------------------------------------


@login_required
@require_GET
def workshops(request, pk: int):
    access = sel.methods_access_for_program(request.user, pk)
    return render(
        request,
        "methods/workshops/workshop_list.html",
        {
            "access": access.program_access,
            "program": access.program,
            "maccess": access,
            "workshops": list(sel.workshop_list_for_program(access.program)),
            "join_form": JoinForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_plan(request, pk: int):
    access = sel.methods_access_for_program(request.user, pk)
    if not access.can_run_workshops:
        raise PermissionDenied
    people = sel.program_people(access.program)
    form = WorkshopPlanForm_for(request, access, people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.workshop_plan(
                access=access,
                by=request.user,
                method=data["method"],
                title=data["title"],
                scheduled_for=data["scheduled_for"],
                story=data["story"],
                learning_question=data["learning_question"],
                participants=list(data["participants"]),
                template=data.get("template"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The workshop is planned. Open it when the team is ready."))
            return redirect("workshops:workshop_detail", workshop.pk)
    return render(
        request,
        "methods/workshops/workshop_plan.html",
        {
            "program": access.program,
            "access": access.program_access,
            "form": choices_evaluated(form),
        },
        status=400 if form.errors else 200,
    )


def WorkshopPlanForm_for(request, access, people):  # noqa: N802 - a form factory
    initial = {"method": request.GET.get("method", Method.RETROSPECTIVE)}
    templates = templates_visible_to(request.user).order_by("-shipped", "name")
    if chosen := id_from(request.GET.get("template")):
        template = templates.filter(pk=chosen).first()
        if template is not None:
            initial.update(template=template, method=template.method, title=template.display_name)
    return WorkshopPlanForm(
        request.POST or None,
        initial=initial,
        stories=sel.story_choices_for(access),
        questions=LearningQuestion.objects.filter(program=access.program),
        people=people,
        templates=templates,
    )


# The runner ------------------------------------------------------------------------------


def _runner_context(request, workshop, access, *, contribution_form=None, refused=None):
    """The workshop page's context; `refused`: a facilitator's form that was not saved
    (timer_form, group_form or action_form), drawn with what was typed."""
    board = sel.workshop_board(workshop, access)
    people = sel.program_people(workshop.program) if access.can_run_workshops else None
    context = {
        "program": workshop.program,
        "access": access.program_access,
        "maccess": access,
        "workshop": workshop,
        "board": board,
        "contribution_form": contribution_form or ContributionForm(),
        "joined_me": workshop.participations.filter(
            user=request.user, joined_at__isnull=False
        ).exists(),
        "earlier_items": list(sel.earlier_open_action_items(workshop)),
        "action_items": list(sel.action_items_of(workshop)),
        "timer_form": TimerForm(
            initial={"minutes": board.step.timer_minutes}
            if board.step is not None and board.step.timer_minutes
            else None
        ),
        "group_form": GroupForm(),
        "action_form": choices_evaluated(ActionItemForm(people=people))
        if people is not None
        else None,
        "join_url": request.build_absolute_uri(reverse("workshops:workshop_join"))
        + f"?code={workshop.code}",
    }
    if access.can_run_workshops:
        context.update(_guest_context(request, workshop))
        context["removed"] = list(sel.removed_contributions(workshop))
    context.update(refused or {})
    return context


def _guest_context(request, workshop: Workshop) -> dict:
    """The facilitator's guest link, its QR code and the guests who joined."""
    if not workshop.guest_token:
        return {"guests": list(sel.guests_of(workshop)), "guest_url": ""}
    url = request.build_absolute_uri(reverse("workshops:guest_join", args=[workshop.guest_token]))
    return {"guests": list(sel.guests_of(workshop)), "guest_url": url, "guest_qr": qr_data_uri(url)}


@login_required
@require_GET
def workshop_detail(request, pk: int):
    workshop, access = sel.workshop_get_for_user(request.user, pk)
    return render(
        request,
        "methods/workshops/workshop_detail.html",
        _runner_context(request, workshop, access),
    )


@login_required
@require_GET
def workshop_board(request, pk: int):
    """The polled part (every 0.7 s, see _board.html). An unchanged workshop answers 204 after
    two small queries (the workshop row and the person's memberships); a changed one renders
    the board with a constant number of queries, whatever the number of contributions.

    Polling with this version short-circuit is the chosen way to keep screens live, rather
    than server-sent events or websockets: no ASGI server, Channels layer or Redis fan-out to
    run and secure, nothing held open through proxies or by sleeping phones, and a screen
    recovers by itself. benchmarks/workshop_load.py explains it and measures it (40 people in
    one workshop, 200 in five: a contribution on every screen within 1 s at p95).

    When only contributions were added since the screen's version (the commonest change by
    far), the answer is those cards alone (`board_changes`), not the whole board again."""
    workshop, access = sel.workshop_version_for_user(request.user, pk)
    since = request.GET.get("v", "")
    if since == str(workshop.version):
        return HttpResponse(status=204)
    access = sel.board_access_or_404(request.user, workshop)  # the row read above is enough
    changes = sel.workshop_board_changes(workshop, access, since)
    if changes is not None:
        return board_changes(request, changes)
    return render(
        request,
        "methods/workshops/_board.html",
        {"workshop": workshop, "board": sel.workshop_board(workshop, access), "maccess": access},
    )


def _after(request, workshop: Workshop, *, error: str = "", success: str = ""):
    """The answer to a runner's or participant's action: for htmx, refresh the board (or show
    the error in the page's alert area); without JavaScript, back to the page."""
    if request.htmx:
        if error:
            response = render(
                request, "methods/workshops/_alert.html", {"error": error}, status=200
            )
            response["HX-Retarget"] = "#workshop-alerts"
            response["HX-Reswap"] = "innerHTML"
            return response
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "board-changed"
        return response
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect("workshops:workshop_detail", workshop.pk)


def _refused(request, workshop: Workshop, access, error: str, **form):
    """A facilitator's form that was not saved: for htmx, the error in the page's alert area;
    without JavaScript, the page again with what was typed and the error as text (a redirect
    would lose what was typed). `form`: the refused form under its name in the page."""
    if request.htmx:
        return _after(request, workshop, error=error)
    context = _runner_context(request, workshop, access, refused=form)
    context["error"] = error
    return render(request, "methods/workshops/workshop_detail.html", context, status=400)


def _runner(request, pk: int):
    workshop, access = sel.workshop_get_for_user(request.user, pk)
    if not access.can_run_workshops:
        raise PermissionDenied
    return workshop, access


@login_required
@require_POST
def workshop_open(request, pk: int):
    workshop, access = _runner(request, pk)
    try:
        services.workshop_open(access=access, workshop=workshop)
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop, success=_("The workshop is open: show the code."))


@login_required
@require_POST
def workshop_step(request, pk: int):
    workshop, access = _runner(request, pk)
    try:
        position = int(request.POST.get("position", ""))
        services.workshop_go_to_step(access=access, workshop=workshop, position=position)
    except ValueError:
        return _after(request, workshop, error=_("There is no such step."))
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop)


@login_required
@require_POST
def workshop_contribute(request, pk: int):
    workshop, access = sel.workshop_get_for_user(request.user, pk)
    form = ContributionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.contribution_add(
            access=access,
            workshop=workshop,
            by=request.user,
            text=data.get("text", ""),
            anonymous=data.get("anonymous", False),
            position=_position(request),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        if request.htmx:
            return render(
                request,
                "methods/workshops/_contribute.html",
                {"workshop": workshop, "contribution_form": form},
            )
        context = _runner_context(request, workshop, access, contribution_form=form)
        return render(request, "methods/workshops/workshop_detail.html", context, status=400)
    if request.htmx:
        response = render(
            request,
            "methods/workshops/_contribute.html",
            {
                "workshop": workshop,
                "contribution_form": ContributionForm(
                    initial={"anonymous": data.get("anonymous", False)}
                ),
                "sent": True,
            },
        )
        response["HX-Trigger"] = "board-changed"
        return response
    messages.success(request, _("Your contribution has been added."))
    return redirect("workshops:workshop_detail", workshop.pk)


def _position(request) -> int | None:
    try:
        return int(request.POST.get("position", ""))
    except ValueError:
        return None


@login_required
@require_POST
def workshop_join_here(request, pk: int):
    workshop, access = sel.workshop_get_for_user(request.user, pk)
    try:
        services.workshop_join(access=access, workshop=workshop, by=request.user)
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop, success=_("You have joined the workshop."))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_join(request):
    """Join with the short code the facilitator shows (or the link that carries it)."""
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_find_by_code(
                user=request.user, code=form.cleaned_data["code"]
            )
            access = sel.workshop_get_for_user(request.user, workshop.pk)[1]
            services.workshop_join(access=access, workshop=workshop, by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("workshops:workshop_detail", workshop.pk)
    return render(
        request,
        "methods/workshops/workshop_join.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def workshop_reveal(request, pk: int):
    workshop, access = _runner(request, pk)
    try:
        services.step_set_revealed(
            access=access, workshop=workshop, revealed=request.POST.get("revealed") == "1"
        )
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop)


@login_required
@require_POST
def workshop_timer(request, pk: int):
    workshop, access = _runner(request, pk)
    form = TimerForm(request.POST)
    if not form.is_valid():
        error = _("Choose between 1 and 60 minutes.")
        return _refused(request, workshop, access, error, timer_form=form)
    try:
        services.step_timer_set(
            access=access, workshop=workshop, minutes=form.cleaned_data["minutes"]
        )
    except ValidationError as exc:
        return _refused(request, workshop, access, _error_text(exc), timer_form=form)
    return _after(request, workshop)


@login_required
@require_POST
def workshop_group(request, pk: int):
    workshop, access = _runner(request, pk)
    form = GroupForm(request.POST)
    if not form.is_valid():
        error = _("Name the group (at most 100 characters).")
        return _refused(request, workshop, access, error, group_form=form)
    try:
        services.group_create(access=access, workshop=workshop, name=form.cleaned_data["name"])
    except ValidationError as exc:
        return _refused(request, workshop, access, _error_text(exc), group_form=form)
    return _after(request, workshop)


@login_required
@require_POST
def contribution_group(request, pk: int):
    contribution, access = sel.contribution_get_for_user(request.user, pk)
    if not access.can_run_workshops:
        raise PermissionDenied
    form = ContributionGroupForm(
        request.POST, groups=ContributionGroup.objects.filter(step_id=contribution.step_id)
    )
    if not form.is_valid():
        return _after(request, contribution.workshop, error=_("Choose a group of this step."))
    try:
        services.contribution_set_group(
            access=access, contribution=contribution, group=form.cleaned_data["group"]
        )
    except ValidationError as exc:
        return _after(request, contribution.workshop, error=_error_text(exc))
    return _after(request, contribution.workshop)


@login_required
@require_POST
def workshop_voting(request, pk: int):
    workshop, access = _runner(request, pk)
    try:
        services.step_set_voting(
            access=access, workshop=workshop, open_=request.POST.get("open") == "1"
        )
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop)


@login_required
@require_POST
def contribution_vote(request, pk: int):
    """Give ("give=1") or take back ("give=0") a dot; idempotent, so a double click gives one.
    Over htmx the answer is the contribution's card with the voter's dot, at once."""
    contribution, access = sel.contribution_get_for_user(request.user, pk)
    give = request.POST.get("give")
    try:
        if give in ("0", "1"):
            services.vote_set(
                access=access, contribution=contribution, by=request.user, give=give == "1"
            )
        else:
            services.vote_toggle(access=access, contribution=contribution, by=request.user)
    except ValidationError as exc:
        return _after(request, contribution.workshop, error=_error_text(exc))
    if request.htmx:
        return contribution_card(request, contribution.workshop, contribution, access)
    return _after(request, contribution.workshop)


# Breakout groups ------------------------------------------------------------------------


@login_required
@require_POST
def workshop_breakout(request, pk: int):
    """Split the current step into `count` breakout groups, or bring everyone back
    ("end=1")."""
    workshop, access = _runner(request, pk)
    try:
        if request.POST.get("end") == "1":
            services.breakout_end(access=access, workshop=workshop)
        else:
            try:
                count = int(request.POST.get("count", ""))
            except ValueError:
                count = 0
            services.breakout_start(access=access, workshop=workshop, count=count)
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop)


@login_required
@require_POST
def breakout_report(request, pk: int):
    """A breakout group's report back, written by one of its members."""
    workshop, access = sel.workshop_get_for_user(request.user, pk)
    try:
        services.breakout_report(
            access=access, workshop=workshop, by=request.user, text=request.POST.get("report", "")
        )
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop, success=_("The group's report has been saved."))


# Guests and moderation (the facilitator's side) ---------------------------------------


@login_required
@require_POST
def workshop_guest_link(request, pk: int):
    """Create (or replace) the guest link, or revoke it ("revoke=1")."""
    workshop, access = _runner(request, pk)
    try:
        if request.POST.get("revoke") == "1":
            services.guest_link_revoke(access=access, workshop=workshop)
            done = _("The guest link no longer works.")
        else:
            services.guest_link_create(access=access, workshop=workshop)
            done = _("The guest link is ready: show it or its QR code.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, done)
    return redirect("workshops:workshop_detail", workshop.pk)


@login_required
@require_POST
def workshop_open_ahead(request, pk: int):
    workshop, access = _runner(request, pk)
    try:
        services.workshop_open_ahead(access=access, workshop=workshop)
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(
        request, workshop, success=_("The workshop is open for input ahead of the session.")
    )


@login_required
@require_POST
def contribution_merge(request, pk: int):
    """Merge the contribution `duplicate` into `into`, two of this workshop's."""
    workshop, access = _runner(request, pk)
    found = {
        c.pk: c
        for c in Contribution.objects.select_related("workshop").filter(
            workshop=workshop,
            pk__in=[id_from(request.POST.get("duplicate")), id_from(request.POST.get("into"))],
        )
    }
    duplicate = found.get(id_from(request.POST.get("duplicate")))
    into = found.get(id_from(request.POST.get("into")))
    try:
        if duplicate is None or into is None:
            raise ValidationError(_("Choose another contribution of the same step."))
        services.contribution_merge(access=access, contribution=duplicate, into=into)
    except ValidationError as exc:
        return _after(request, workshop, error=_error_text(exc))
    return _after(request, workshop, success=_("The duplicate has been merged."))


@login_required
@require_POST
def contribution_remove(request, pk: int):
    contribution, access = sel.contribution_get_for_user(request.user, pk)
    if not access.can_run_workshops:
        raise PermissionDenied
    form = RemoveForm(request.POST)
    form.is_valid()
    try:
        services.contribution_remove(
            access=access,
            contribution=contribution,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        return _after(request, contribution.workshop, error=_error_text(exc))
    return _after(
        request,
        contribution.workshop,
        success=_("The contribution has been removed; the reason is kept."),
    )


@login_required
@require_POST
def workshop_action(request, pk: int):
    workshop, access = _runner(request, pk)
    form = ActionItemForm(request.POST, people=sel.program_people(workshop.program))
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        )
        return _refused(request, workshop, access, errors, action_form=choices_evaluated(form))
    try:
        services.action_item_add(access=access, workshop=workshop, **form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _refused(
            request, workshop, access, _error_text(exc), action_form=choices_evaluated(form)
        )
    return _after(request, workshop, success=_("The action item has been recorded."))


@login_required
@require_POST
def action_item_done(request, pk: int):
    item, access = sel.action_item_get_for_user(request.user, pk)
    services.action_item_mark_done(access=access, item=item, by=request.user)
    return _after(request, item.workshop, success=_("Marked as done."))


@login_required
@require_http_methods(["GET", "POST"])
def contribution_promote(request, pk: int):
    contribution, access = sel.contribution_get_for_user(request.user, pk)
    if not access.can_run_workshops:
        raise PermissionDenied
    workshop = contribution.workshop
    targets = [Contribution.PromotedTo.PATTERN]
    if workshop.story_id:
        targets.insert(0, Contribution.PromotedTo.PRINCIPLE)
    if workshop.learning_question_id:
        targets.append(Contribution.PromotedTo.CYCLE)
    initial = {"target": targets[0], "action": contribution.text[:500]}
    form = PromoteForm(request.POST or None, targets=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_promote(
                access=access, contribution=contribution, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The contribution has been promoted."))
            return redirect("workshops:workshop_detail", workshop.pk)
    viewed = sel._view(contribution, request.user)
    return render(
        request,
        "methods/workshops/contribution_promote.html",
        {
            "program": workshop.program,
            "access": access.program_access,
            "workshop": workshop,
            "contribution": viewed,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def workshop_close(request, pk: int):
    workshop, access = _runner(request, pk)
    unconfirmed = confirmation_required(
        request,
        question=_("Close the workshop “%(title)s”?") % {"title": workshop.title},
        detail=_("Participants can no longer add anything; the summary stays."),
        confirm_label=_("Close the workshop"),
        cancel_url=reverse("workshops:workshop_detail", args=[workshop.pk]),
        program=workshop.program,
        access=access.program_access,
    )
    if unconfirmed:
        return unconfirmed
    services.workshop_close(access=access, workshop=workshop)
    messages.success(request, _("The workshop is closed. Here is its summary."))
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("workshops:workshop_summary", args=[workshop.pk])
        return response
    return redirect("workshops:workshop_summary", workshop.pk)


@login_required
@require_GET
def workshop_summary(request, pk: int):
    workshop, access = sel.workshop_get_for_user(request.user, pk)
    rows = sel.workshop_summary(workshop, request.user)
    return render(
        request,
        "methods/workshops/workshop_summary.html",
        {
            "access": access.program_access,
            "program": access.program,
            "workshop": workshop,
            "rows": rows,
            "report": workshop_report(rows),
            "promoted": list(sel.promoted_for(workshop)),
            "can_run": access.can_run_workshops,
            "action_items": list(sel.action_items_of(workshop)),
        },
    )


# Prospective method ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def learning_questions(request, pk: int):
    access = sel.methods_access_for_program(request.user, pk)
    form = None
    if access.can_manage_prospective:
        form = LearningQuestionForm(request.POST or None, people=sel.program_people(access.program))
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            lq = services.learning_question_create(
                access=access, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The learning question has been set out."))
            return redirect("workshops:learning_question_detail", lq.pk)
    return render(
        request,
        "methods/prospective/learning_questions.html",
        {
            "program": access.program,
            "access": access.program_access,
            "questions": list(sel.learning_questions_for_program(access.program)),
            "form": choices_evaluated(form) if form is not None else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _question_page(request, lq, access, *, cycle_form=None, status=200):
    sel.with_team(lq)
    cycles = list(lq.cycles.order_by("number"))
    timeline, first, last = sel.cycles_timeline(cycles)
    columns = [
        (value, label, [c for c in cycles if c.status == value])
        for value, label in lq.cycles.model.Status.choices
    ]
    can_edit = sel.can_edit_cycles(access, lq)
    return render(
        request,
        "methods/prospective/learning_question_detail.html",
        {
            "access": access.program_access,
            "program": access.program,
            "lq": lq,
            "stages": ProspectiveStage.choices,
            "stage_index": ProspectiveStage.values.index(lq.stage),
            "columns": columns,
            "timeline": timeline,
            "first": first,
            "last": last,
            "can_edit": can_edit,
            "cycle_form": cycle_form or (CycleForm() if can_edit else None),
            "stage_form": StageForm(initial={"stage": lq.stage}),
            "workshops": list(lq.workshops.order_by("-scheduled_for")),
        },
        status=status,
    )


@login_required
@require_GET
def learning_question_detail(request, pk: int):
    lq, access = sel.learning_question_get_for_user(request.user, pk)
    return _question_page(request, lq, access)


@login_required
@require_POST
def learning_question_stage(request, pk: int):
    lq, access = sel.learning_question_get_for_user(request.user, pk)
    if not sel.can_edit_cycles(access, lq):
        raise PermissionDenied
    form = StageForm(request.POST)
    if form.is_valid():
        services.learning_question_set_stage(
            access=access, learning_question=lq, stage=form.cleaned_data["stage"]
        )
        messages.success(request, _("The stage has been updated."))
    else:
        messages.error(request, _("Choose one of the method's stages."))
    return redirect("workshops:learning_question_detail", lq.pk)


@login_required
@require_POST
def cycle_add(request, pk: int):
    lq, access = sel.learning_question_get_for_user(request.user, pk)
    if not sel.can_edit_cycles(access, lq):
        raise PermissionDenied
    form = CycleForm(request.POST)
    if form.is_valid():
        try:
            cycle = services.cycle_add(
                access=access, learning_question=lq, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Cycle %(n)d has been added.") % {"n": cycle.number})
            return redirect(
                f"{reverse('workshops:learning_question_detail', args=[lq.pk])}#cycle-{cycle.pk}"
            )
    return _question_page(request, lq, access, cycle_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request, pk: int):
    cycle, access = sel.cycle_get_for_user(request.user, pk)
    lq = cycle.learning_question
    if not sel.can_edit_cycles(access, lq):
        raise PermissionDenied
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cycle_update(access=access, cycle=cycle, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cycle has been saved."))
            return redirect(
                f"{reverse('workshops:learning_question_detail', args=[lq.pk])}#cycle-{cycle.pk}"
            )
    return render(
        request,
        "methods/prospective/cycle_edit.html",
        {
            "program": lq.program,
            "access": access.program_access,
            "lq": lq,
            "cycle": cycle,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def learning_log(request, pk: int):
    access = sel.methods_access_for_program(request.user, pk)
    questions = LearningQuestion.objects.filter(program=access.program)
    form = LogEntryForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.log_entry_add(access=access, by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Shared with the team.") if data["share"] else _("Saved in your private log."),
            )
            return redirect("workshops:learning_log", access.program.pk)
    mine, shared = sel.log_entries_for(access)
    return render(
        request,
        "methods/prospective/learning_log.html",
        {
            "access": access.program_access,
            "program": access.program,
            "form": choices_evaluated(form),
            "mine": list(mine),
            "shared": list(shared),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def log_entry_share(request, pk: int):
    entry, access = sel.log_entry_get_for_user(request.user, pk)
    services.log_entry_set_shared(
        entry=entry, by=request.user, shared=request.POST.get("shared", "1") == "1"
    )
    messages.success(
        request,
        _("Shared with the team.") if entry.is_shared else _("The entry is private again."),
    )
    return redirect("workshops:learning_log", entry.program_id)


# Learning about learning ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def learning_patterns(request, pk: int):
    access = sel.methods_access_for_program(request.user, pk)
    form = None
    if access.can_manage_prospective:
        form = PatternForm(request.POST or None)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.pattern_create(access=access, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The learning pattern has been added."))
            return redirect("workshops:learning_patterns", access.program.pk)
    patterns = sel.patterns_for_program(access.program)
    sources = sel.evidence_sources(access.program) if form is not None else None
    groups = [
        (value, label, [p for p in patterns if p.kind == value])
        for value, label in PatternKind.choices
    ]
    return render(
        request,
        "methods/patterns/learning_patterns.html",
        {
            "program": access.program,
            "access": access.program_access,
            "groups": groups,
            "form": form,
            "evidence_form": EvidenceForm(sources=sources) if sources is not None else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def pattern_evidence_add(request, pk: int):
    pattern, access = sel.pattern_get_for_user(request.user, pk)
    if not access.can_manage_prospective:
        raise PermissionDenied
    form = EvidenceForm(request.POST, sources=sel.evidence_sources(pattern.program))
    if form.is_valid():
        field, obj = form.cleaned_data["source"]
        try:
            services.pattern_evidence_add(
                access=access, pattern=pattern, note=form.cleaned_data["note"], **{field: obj}
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The evidence has been linked."))
    else:
        messages.error(request, _("Choose where the pattern was seen."))
    return redirect(
        f"{reverse('workshops:learning_patterns', args=[pattern.program_id])}#pattern-{pattern.pk}"
    )
