"""Principles of action: a story's principles and their evidence, the program's common
principles, merging, the matrix and the CSV downloads. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lfs_site import charts
from lfs_site.downloads import attachment, csv_bytes, program_filename
from lfs_site.evaluate import choices_evaluated
from lfs_site.pagination import paginate_rows
from organizations.forms import apply_errors
from organizations.models import AuditEvent
from organizations.selectors import ProgramAccess, program_get_for_user
from organizations.services import audit_record
from stories.selectors import story_get_for_user

from . import exports as exports_principles
from . import services
from .forms import CommonPrincipleForm, EvidenceForm, MatrixFilterForm, MergeForm, PrincipleForm
from .selectors import (
    Level,
    answers_for_story,
    common_principles_for_program,
    interview_numbers,
    principle_get_for_user,
    principle_matrix_for_program,
    principle_stories,
    principles_for_export,
    principles_for_story,
    principles_overview,
    story_rows,
    unmerged_principles,
    unmerged_rows,
)

# A story's principles and their evidence ---------------------------------------------------


def _story_principles_page(request, story, access, *, form, posted_evidence=None, status=200):
    """The story's principle form, its principles with their evidence, and an evidence form
    for each (the one just posted keeps what was typed and shows its errors)."""
    answers = answers_for_story(story)
    principles = principles_for_story(story, access)
    sources = {c.answer.pk: f"{c.interview_label} · {c.question_label}" for c in answers}
    for p in principles:
        for evidence in p.evidence.all():
            evidence.source_label = sources.get(evidence.answer_id, "")
        if posted_evidence is not None and posted_evidence[0] == p.pk:
            p.evidence_form = posted_evidence[1]
        else:
            p.evidence_form = EvidenceForm(answers=answers, prefix=f"e{p.pk}")
    interviews: dict[int, dict] = {}
    for choice in answers:
        entry = interviews.setdefault(
            choice.interview.pk, {"label": choice.interview_label, "answers": []}
        )
        entry["answers"].append(choice)
    return render(
        request,
        "stories/principles/principle_add.html",
        {
            "access": access,
            "program": story.program,
            "story": story,
            "form": choices_evaluated(form),
            "principles": principles,
            "has_answers": bool(answers),
            "interviews": list(interviews.values()),
            "evidence_error_for": posted_evidence[0] if posted_evidence else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def principle_add(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_add_principles:
        raise PermissionDenied
    commons = common_principles_for_program(story.program)
    form = PrincipleForm(request.POST or None, commons=commons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            principle = services.principle_add(
                access=access,
                story=story,
                by=request.user,
                situation=data["situation"],
                goal=data["goal"],
                action=data["action"],
                common=data["common"],
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The principle has been added. Now show where it comes from: add evidence."),
            )
            return redirect(
                f"{reverse('principles:principle_add', args=[story.pk])}#principle-{principle.pk}"
            )
    return _story_principles_page(
        request, story, access, form=form, status=400 if form.errors else 200
    )


@login_required
@require_POST
def evidence_add(request, pk: int):
    principle, story, access = principle_get_for_user(request.user, pk)
    if not access.can_add_principles:
        raise PermissionDenied
    form = EvidenceForm(request.POST, answers=answers_for_story(story), prefix=f"e{principle.pk}")
    if form.is_valid():
        try:
            services.evidence_add(
                access=access,
                principle=principle,
                answer=form.cleaned_data["answer"],
                quote=form.cleaned_data["quote"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The evidence has been added."))
            return redirect(
                f"{reverse('principles:principle_add', args=[story.pk])}#principle-{principle.pk}"
            )
    commons = common_principles_for_program(story.program)
    return _story_principles_page(
        request,
        story,
        access,
        form=PrincipleForm(commons=commons),
        posted_evidence=(principle.pk, form),
        status=400,
    )


# The program's common principles -----------------------------------------------------------


def _principles_access(request, pk: int) -> ProgramAccess:
    access = program_get_for_user(request.user, pk)
    if not access.can_work_principles:
        raise PermissionDenied
    return access


def _program_principles_page(request, access, *, create_form=None, merge_form=None, status=200):
    program = access.program
    unmerged_page = paginate_rows(
        request, unmerged_principles(program, request.user), param="unmerged"
    )
    unmerged_page.object_list = unmerged_rows(unmerged_page.object_list)
    stories_page = paginate_rows(request, principle_stories(program, request.user), param="stories")
    stories_page.object_list = story_rows(stories_page.object_list)
    overview = principles_overview(
        program, request.user, unmerged=unmerged_page.object_list, stories=stories_page.object_list
    )
    merge_form = merge_form or MergeForm(
        program=program, commons=common_principles_for_program(program)
    )
    merge_form.draw_commons(overview.commons)
    return render(
        request,
        "stories/principles/program_principles.html",
        {
            "access": access,
            "program": program,
            "overview": overview,
            "unmerged_page": unmerged_page,
            "stories_page": stories_page,
            "create_form": create_form or CommonPrincipleForm(),
            "merge_form": merge_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_principles(request, pk: int):
    access = _principles_access(request, pk)
    form = CommonPrincipleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            common = services.common_principle_create(
                access=access,
                by=request.user,
                text=form.cleaned_data["text"],
                category_name=form.cleaned_data["category_name"],
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The common principle “%(text)s” has been created.") % {"text": common.text},
            )
            return redirect("principles:program_principles", pk=pk)
    return _program_principles_page(
        request, access, create_form=form, status=400 if form.errors else 200
    )


@login_required
@require_POST
def principles_merge(request, pk: int):
    access = _principles_access(request, pk)
    program = access.program
    form = MergeForm(request.POST, program=program, commons=common_principles_for_program(program))
    if form.is_valid():
        try:
            merged = services.principles_merge(
                access=access,
                common=form.cleaned_data["common"],
                principles=list(form.cleaned_data["principles"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d story principle merged into “%(text)s”.",
                    "%(n)d story principles merged into “%(text)s”.",
                    merged,
                )
                % {"n": merged, "text": form.cleaned_data["common"].text},
            )
            return redirect("principles:program_principles", pk=pk)
    return _program_principles_page(request, access, merge_form=form, status=400)


# The matrix and the downloads --------------------------------------------------------------


def _matrix(request, access):
    filters = MatrixFilterForm(request.GET, program=access.program)
    category, role = filters.filters()
    return filters, principle_matrix_for_program(
        access.program, request.user, category=category, interviewee_role=role
    )


@login_required
@require_GET
def principle_matrix(request, pk: int):
    access = _principles_access(request, pk)
    filters, matrix = _matrix(request, access)
    return render(
        request,
        "stories/principles/matrix.html",
        {
            "access": access,
            "program": access.program,
            "filters": choices_evaluated(filters),
            "matrix": matrix,
            "level_counts": matrix.level_counts(),
            "levels": Level,
            "query": request.GET.urlencode(),
            "chart": charts.principles_chart(
                [(r.principle.text, r.count) for r in matrix.rows],
                len(matrix.stories),
                rtl=get_language_bidi(),
                value_format=_("{value} of {max}"),
            ),
        },
    )


def _csv_response(request, access, content: bytes, name: str, summary: str) -> HttpResponse:
    program = access.program
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=program,
        organization=program.organization,
        summary=summary,
        request=request,
    )
    return attachment(
        content,
        "text/csv; charset=utf-8",
        program_filename(program, name, "csv"),
        cache_control="private, no-store",
    )


@login_required
@require_GET
def principle_matrix_csv(request, pk: int):
    access = _principles_access(request, pk)
    _filters, matrix = _matrix(request, access)
    content = csv_bytes(exports_principles.matrix_rows(matrix))
    return _csv_response(request, access, content, "principle-matrix", "principle matrix CSV")


@login_required
@require_GET
def principles_csv(request, pk: int):
    access = _principles_access(request, pk)
    program = access.program
    rows = exports_principles.principles_rows(
        principles_for_export(program, request.user), interview_numbers(program, request.user)
    )
    content = csv_bytes(rows)
    return _csv_response(request, access, content, "principles", "principles of action CSV")
