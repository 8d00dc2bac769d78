"""Analysis pages: the codebook, coding an interview, a code's passages, drafting a principle
from a code, the matrix's cell, and the REFI-QDA exchange. Views stay thin: access, form, one
service call, response."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lfs_site.confirm import confirmation_required
from lfs_site.downloads import attachment, program_filename
from lfs_site.evaluate import choices_evaluated
from organizations.forms import apply_errors
from organizations.models import AuditEvent
from organizations.services import audit_record
from stories.selectors import story_get_for_user

from . import exchange, selectors, services
from .forms import CodeForm, DraftForm, ImportForm, MergeForm, PassageCodesForm, PassageForm
from .highlight import segments
from .models import CodedPassage
from .sources import transcript_text

# The codebook ------------------------------------------------------------------------------


def _codebook_page(request, access, *, form=None, merge_form=None, status=200):
    program = access.program
    codes = selectors.codes_for_program(program)
    return render(
        request,
        "analysis/codebook.html",
        {
            "access": access,
            "program": program,
            "rows": selectors.codebook_rows(program, request.user),
            "form": choices_evaluated(form or CodeForm(codes=codes)),
            "merge_form": choices_evaluated(merge_form or MergeForm(codes=codes)),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def codebook(request, pk: int):
    access = selectors.coding_access(request.user, pk)
    codes = selectors.codes_for_program(access.program)
    form = CodeForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.code_create(
                access=access,
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The code “%(name)s” has been added.") % {"name": code.name}
            )
            return redirect("analysis:codebook", pk=pk)
    return _codebook_page(request, access, form=form, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def code_edit(request, pk: int):
    code, access = selectors.code_get_for_user(request.user, pk)
    if not access.manages:
        raise PermissionDenied
    codes = selectors.codes_for_program(access.program).exclude(pk=code.pk)
    initial = {"name": code.name, "description": code.description, "parent": code.parent_id}
    form = CodeForm(request.POST or None, codes=codes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.code_update(
                access=access,
                code=code,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The code has been saved."))
            return redirect("analysis:codebook", pk=access.program.pk)
    return render(
        request,
        "analysis/code_edit.html",
        {
            "access": access,
            "program": access.program,
            "code": code,
            "form": choices_evaluated(form),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def code_delete(request, pk: int):
    code, access = selectors.code_get_for_user(request.user, pk)
    if not access.manages:
        raise PermissionDenied
    unconfirmed = confirmation_required(
        request,
        question=_("Delete the code “%(name)s”?") % {"name": code.name},
        detail=_("Passages coded only with it are deleted with it."),
        confirm_label=_("Delete the code"),
        cancel_url=reverse("analysis:codebook", args=[access.program.pk]),
        program=access.program,
    )
    if unconfirmed:
        return unconfirmed
    try:
        deleted = services.code_delete(access=access, code=code)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The code has been deleted, with %(n)d passage that had no other code.",
                "The code has been deleted, with %(n)d passages that had no other code.",
                deleted,
            )
            % {"n": deleted},
        )
    return redirect("analysis:codebook", pk=access.program.pk)


@login_required
@require_POST
def codes_merge(request, pk: int):
    access = selectors.coding_access(request.user, pk)
    if not access.manages:
        raise PermissionDenied
    form = MergeForm(request.POST, codes=selectors.codes_for_program(access.program))
    if form.is_valid():
        try:
            target = services.codes_merge(
                access=access,
                source=form.cleaned_data["source"],
                target=form.cleaned_data["target"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The codes have been merged into “%(name)s”.") % {"name": target.name}
            )
            return redirect("analysis:codebook", pk=pk)
    return _codebook_page(request, access, merge_form=form, status=400)


@login_required
@require_GET
def code_detail(request, pk: int):
    code, access = selectors.code_get_for_user(request.user, pk)
    groups = selectors.passages_for_code(code, request.user)
    stories = {}
    for group in groups:
        if any(p.source == CodedPassage.Source.ANSWER and not p.detached for p in group.passages):
            stories.setdefault(group.interview.story_id, group.interview.story)
    return render(
        request,
        "analysis/code_detail.html",
        {
            "access": access,
            "program": access.program,
            "code": code,
            "groups": groups,
            "draft_stories": list(stories.values()),
        },
    )


# Coding an interview -----------------------------------------------------------------------


def _coding_page(request, interview, access, *, form=None, status=200):
    passages = selectors.passages_for_interview(interview, access)
    answers = list(
        interview.answers.select_related("question").exclude(text="").order_by("question__position")
    )
    by_answer: dict[int, list] = {}
    for passage in passages:
        if passage.answer_id:
            by_answer.setdefault(passage.answer_id, []).append(passage)
    transcript = None
    if selectors.transcript_codable_for(interview, access):
        text = transcript_text(interview)
        if text is not None:
            transcript = {
                "segments": segments(text, [p for p in passages if p.source == "transcript"]),
            }
    codes = selectors.codes_for_program(interview.story.program)
    form = form or PassageForm(
        answers=interview.answers.select_related("question").exclude(text=""),
        codes=codes,
        transcript=transcript is not None,
    )
    return render(
        request,
        "analysis/interview_coding.html",
        {
            "access": access,
            "story": interview.story,
            "program": interview.story.program,
            "interview": interview,
            "answers": [
                {"answer": a, "segments": segments(a.text, by_answer.get(a.pk, []))}
                for a in answers
            ],
            "transcript": transcript,
            "passages": passages,
            "detached": [p for p in passages if p.detached],
            "codes": list(form.fields["codes"].queryset),
            "form": choices_evaluated(form),
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def interview_coding(request, pk: int):
    interview, access = selectors.interview_for_coding(request.user, pk)
    if request.method == "GET":
        return _coding_page(request, interview, access)
    codes = selectors.codes_for_program(interview.story.program)
    form = PassageForm(
        request.POST,
        answers=interview.answers.select_related("question").exclude(text=""),
        codes=codes,
        transcript=selectors.transcript_codable_for(interview, access),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.passage_code(
                access=access,
                interview=interview,
                by=request.user,
                source=data["source"],
                answer=data["answer"] if data["source"] == CodedPassage.Source.ANSWER else None,
                start=data["start"],
                end=data["end"],
                quote=data["quote"],
                codes=list(data["codes"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The passage has been coded."))
            return redirect("analysis:interview_coding", pk=pk)
    return _coding_page(request, interview, access, form=form, status=400)


@login_required
@require_POST
def passage_codes(request, pk: int):
    passage, interview, access = selectors.passage_get_for_user(request.user, pk)
    form = PassageCodesForm(
        request.POST, codes=selectors.codes_for_program(interview.story.program)
    )
    if form.is_valid():
        try:
            services.passage_set_codes(
                access=access, passage=passage, codes=list(form.cleaned_data["codes"])
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The passage's codes have been saved."))
    else:
        messages.error(request, _("Choose at least one code."))
    return redirect(f"{reverse('analysis:interview_coding', args=[interview.pk])}#passage-{pk}")


@login_required
@require_POST
def passage_delete(request, pk: int):
    passage, interview, access = selectors.passage_get_for_user(request.user, pk)
    services.passage_delete(access=access, passage=passage)
    messages.success(request, _("The passage is no longer coded."))
    return redirect("analysis:interview_coding", pk=interview.pk)


# From a code to a principle ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def principle_draft(request, pk: int, story_pk: int):
    code, _access = selectors.code_get_for_user(request.user, pk)
    story, access = story_get_for_user(request.user, story_pk)
    if story.program_id != code.program_id or not access.can_see_interviews:
        raise Http404
    if not access.can_add_principles:
        raise PermissionDenied
    passages = [
        p for p in selectors.passages_of_story_for_code(code, story, request.user) if not p.detached
    ]
    if not passages:
        raise Http404
    initial = {"situation": code.name, "passages": [p.pk for p in passages]}
    form = DraftForm(request.POST or None, passages=passages, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [p for p in passages if p.pk in {x.pk for x in data["passages"]}]
        try:
            principle = services.principle_draft_from_code(
                access=access,
                story=story,
                code=code,
                by=request.user,
                situation=data["situation"],
                goal=data["goal"],
                action=data["action"],
                passages=chosen,
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The principle has been drafted with %(n)d pieces of evidence.")
                % {"n": len(chosen)},
            )
            return redirect(
                f"{reverse('principles:principle_add', args=[story.pk])}#principle-{principle.pk}"
            )
    return render(
        request,
        "analysis/principle_draft.html",
        {
            "access": access,
            "program": story.program,
            "story": story,
            "code": code,
            "passages": passages,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# The matrix's cell ---------------------------------------------------------------------------


@login_required
@require_GET
def matrix_cell(request, pk: int, common_pk: int, story_pk: int):
    common, story, principles = selectors.matrix_cell(request.user, pk, common_pk, story_pk)
    return render(
        request,
        "analysis/matrix_cell.html",
        {"program": story.program, "common": common, "story": story, "principles": principles},
    )


# Exchange ------------------------------------------------------------------------------------


def _download(request, access, content: bytes, *, kind: str, ext: str, mime: str, summary: str):
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
        content, mime, program_filename(program, kind, ext), cache_control="private, no-store"
    )


@login_required
@require_GET
def export_qdpx(request, pk: int):
    access = selectors.coding_access(request.user, pk)
    written = exchange.project_qdpx(
        selectors.export_data(request.user, access.program), exported_by=request.user
    )
    return _download(
        request,
        access,
        written.qdpx,
        kind="project",
        ext="qdpx",
        mime="application/zip",
        summary=(
            f"REFI-QDA project: {written.sources} sources, {written.passages} passages, "
            f"{written.withheld} withheld (real name)"
        ),
    )


@login_required
@require_GET
def export_qdc(request, pk: int):
    access = selectors.coding_access(request.user, pk)
    content = exchange.codebook_qdc(list(selectors.codes_for_program(access.program)))
    return _download(
        request,
        access,
        content,
        kind="codebook",
        ext="qdc",
        mime="application/xml",
        summary="REFI-QDA codebook",
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_qdc(request, pk: int):
    access = selectors.coding_access(request.user, pk)
    if not access.manages:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.MAX_IMPORT_BYTES:
                raise ValidationError({"file": _("The file is too large; the limit is 2 MB.")})
            added, matched = services.codebook_import_qdc(
                access=access, by=request.user, data=upload.read()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(added)d codes added, %(matched)d already in the codebook.")
                % {"added": added, "matched": matched},
            )
            return redirect("analysis:codebook", pk=pk)
    return render(
        request,
        "analysis/import.html",
        {"access": access, "program": access.program, "form": form},
        status=400 if form.errors else 200,
    )
