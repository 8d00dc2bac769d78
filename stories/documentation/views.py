"""Documenting a selected story: assignment, interviews, consent, identity and drafts."""

from __future__ import annotations

import mimetypes
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lfs_site.evaluate import choices_evaluated
from lfs_site.pagination import paginate
from organizations.forms import apply_errors
from organizations.models import AuditEvent
from organizations.selectors import program_get_for_user
from organizations.services import audit_record
from stories.diffing import compare
from stories.models import CONSENT_LANGUAGES, ClientIdentity, Consent, Interview, StoryDraft
from stories.principles.selectors import principles_for_story
from stories.rights import services as rights_services
from stories.rights.forms import ConsentForm, IdentityForm, WithdrawForm
from stories.rights.ledger import (
    consent_stands,
    consent_state,
    ledger_rows,
    transcripts_readable,
)
from stories.rights.selectors import consent_text_current, story_publishability
from stories.selection import services as selection_services
from stories.selection.forms import AssignForm
from stories.selection.selectors import students_of_program, students_of_story
from stories.selectors import story_get_for_user

from . import services
from .forms import CommentForm, DraftForm, InterviewCreateForm, InterviewForm
from .selectors import (
    approval_shown,
    comments_shown,
    consent_get_for_user,
    documentation_overview_stories,
    draft_get_for_user,
    draft_list_for_story,
    drafts_for_story,
    drafts_holding_real_name,
    interview_get_for_user,
    interviews_for_story,
    withheld_from,
)
from .selectors import documentation_overview as documentation_overview_rows


def login_required_htmx(view):
    """Like login_required, but an htmx request from an expired session gets a 401, not the
    login page, so the page can tell the person their text was not saved (and keep it)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.htmx:
                return HttpResponse(status=401)
            return login_required(view)(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper


def _ctx(access, **extra) -> dict:
    return {"access": access, "program": access.program, **extra}


# Program overview and assignment ---------------------------------------------------------


@login_required
def documentation_overview(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_review:
        raise PermissionDenied

    page = paginate(request, documentation_overview_stories(access.program))
    return render(
        request,
        "stories/documentation/overview.html",
        _ctx(
            access,
            rows=documentation_overview_rows(access.program, page.object_list),
            page_obj=page,
        ),
    )


@login_required
def story_assign(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_assign:
        raise PermissionDenied
    students = students_of_program(story.program)
    form = AssignForm(
        request.POST or None,
        students_qs=students,
        initial={"students": list(story.assignments.values_list("student_id", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            chosen = list(form.cleaned_data["students"])
            selection_services.students_assign(
                access=access, story=story, students=chosen, by=request.user
            )
            for assignment in story.assignments.exclude(student__in=chosen).select_related(
                "student"
            ):
                selection_services.student_unassign(
                    access=access, story=story, student=assignment.student
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The students have been assigned."))
            return redirect("documentation:story_documentation", pk=story.pk)
    return render(
        request,
        "stories/documentation/assign.html",
        _ctx(access, story=story, form=choices_evaluated(form)),
        status=400 if form.errors else 200,
    )


# The story's documentation page ----------------------------------------------------------


@login_required
@never_cache
def story_documentation(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_see_drafts:
        raise Http404
    see_interviews = access.can_see_interviews
    interviews = interviews_for_story(story) if see_interviews else None
    return render(
        request,
        "stories/documentation/story.html",
        _ctx(
            access,
            story=story,
            interviews=interviews or [],
            # From the interviews read above, when they were.
            publishability=story_publishability(story, interviews),
            drafts=draft_list_for_story(story),
            approval=approval_shown(story),
            students=students_of_story(story),
            # Drawn only for those who see the interviews.
            principles=principles_for_story(story, access) if see_interviews else [],
            has_identity=access.can_see_identity
            and ClientIdentity.objects.filter(story=story).exists(),
        ),
    )


# Interviews -------------------------------------------------------------------------------


@login_required
def interview_create(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_document:
        raise PermissionDenied
    form = InterviewCreateForm(
        request.POST or None,
        initial={"held_on": timezone.localdate(), "interviewee_label": story.client_pseudonym},
    )
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_create(
                access=access, story=story, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The interview has been created. First record the interviewee's consent to "
                    "the interview; then write down the answers."
                ),
            )
            return redirect(
                f"{reverse('documentation:consent_add', args=[interview.pk])}?scope=interview"
            )
    return render(
        request,
        "stories/documentation/interview_new.html",
        _ctx(access, story=story, form=choices_evaluated(form)),
        status=400 if form.errors else 200,
    )


def _questions_and_answers(interview: Interview):
    questions = list(interview.question_set.questions.order_by("position"))
    answers = {a.question_id: a for a in interview.answers.all()}
    return questions, answers


@login_required
@never_cache
def interview_detail(request, pk: int):
    interview, access = interview_get_for_user(request.user, pk)
    questions, answers = _questions_and_answers(interview)
    return render(
        request,
        "stories/documentation/interview.html",
        _ctx(
            access,
            story=interview.story,
            interview=interview,
            qa=[(q, answers.get(q.pk)) for q in questions],
            consents=list(ledger_rows(interview)),
            consent_state=consent_state(interview),
        ),
    )


@login_required
@never_cache
def interview_edit(request, pk: int):
    interview, access = interview_get_for_user(request.user, pk)
    if not access.can_document:
        raise PermissionDenied
    questions, answers = _questions_and_answers(interview)
    form = InterviewForm(
        request.POST or None,
        request.FILES or None,
        instance=interview,
        questions=questions,
        answers={pk: a.text for pk, a in answers.items()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.interview_update(
                access=access,
                interview=Interview.objects.get(pk=interview.pk),
                interviewee_role=data["interviewee_role"],
                interviewee_label=data["interviewee_label"],
                held_on=data["held_on"],
                place=data["place"],
                notes=data["notes"],
                answers=form.cleaned_answers(),
                transcript=request.FILES.get("transcript"),
                audio=request.FILES.get("audio"),
                remove_transcript=data["remove_transcript"],
                remove_audio=data["remove_audio"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The interview has been saved."))
            return redirect("documentation:interview_detail", pk=interview.pk)
    if form.errors and request.FILES:
        messages.warning(
            request, _("Files are not kept when a form has errors: choose them again.")
        )
    return render(
        request,
        "stories/documentation/interview_edit.html",
        _ctx(
            access,
            story=interview.story,
            interview=interview,
            form=form,
            consent_state=consent_state(interview),
        ),
        status=400 if form.errors else 200,
    )


@login_required_htmx
@require_POST
def answer_autosave(request, pk: int, question_pk: int):
    """Save one answer while the student types (htmx); the text also waits in the browser."""
    interview, access = interview_get_for_user(request.user, pk)
    if not access.can_document:
        raise PermissionDenied
    text = request.POST.get(f"answer_{question_pk}", "")
    try:
        services.answer_save(access=access, interview=interview, question_id=question_pk, text=text)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=422)
    return render(request, "stories/documentation/_saved.html", {"now": timezone.now()})


def _serve_private(request, field_file, *, access, obj, organization, label: str):
    if not field_file:
        raise Http404
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.FILE_OPENED,
        obj=obj,
        organization=organization,
        summary=label,
        request=request,
    )
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=f"{label}{field_file.name[field_file.name.rfind('.') :]}",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def interview_file(request, pk: int, kind: str):
    """A transcript or recording: only for the assigned students and the director, and only
    while the interviewee's consent to the interview (a transcript) or to being recorded (a
    recording) stands; audited."""
    interview, access = interview_get_for_user(request.user, pk)
    if kind not in ("transcript", "audio"):
        raise Http404
    if not access.can_see_identity:
        raise PermissionDenied
    if getattr(interview, kind) and not (
        consent_stands(interview, Consent.Scope.RECORDING)
        if kind == "audio"
        else interview.pk in transcripts_readable([interview.pk])
    ):
        # The file is kept (to be removed, or until consent is given again), never served.
        return render(
            request,
            "stories/documentation/file_refused.html",
            _ctx(access, story=interview.story, interview=interview, kind=kind),
            status=403,
        )
    return _serve_private(
        request,
        getattr(interview, kind),
        access=access,
        obj=interview,
        organization=interview.story.program.organization,
        label=f"interview-{interview.pk}-{kind}",
    )


# Consent ---------------------------------------------------------------------------------


def _wording(organization_id: int, scope: str, language: str):
    """The wording a consent to `scope` in `language` would be recorded with (None until both
    are chosen)."""
    if scope not in Consent.Scope.values or language not in dict(CONSENT_LANGUAGES):
        return None
    return consent_text_current(organization_id, scope, language)


@login_required
def consent_add(request, pk: int):
    interview, access = interview_get_for_user(request.user, pk)
    if not access.can_document:
        raise PermissionDenied
    organization_id = interview.story.program.organization_id
    if request.method == "GET" and request.htmx:
        # The scope or the language changed: the wording that will be recorded.
        wording = _wording(
            organization_id, request.GET.get("scope", ""), request.GET.get("consent_language", "")
        )
        return render(request, "stories/documentation/_consent_wording.html", {"wording": wording})
    language = (request.LANGUAGE_CODE or "en")[:2]
    initial = {
        "given_on": timezone.localdate(),
        "consent_language": language if language in dict(CONSENT_LANGUAGES) else "en",
        "scope": request.GET.get("scope", ""),
    }
    form = ConsentForm(
        request.POST or None, request.FILES or None, initial=initial, preview_url=request.path
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent, created = rights_services.consent_record(
                access=access,
                interview=interview,
                by=request.user,
                scope=data["scope"],
                given_on=data["given_on"],
                method=data["method"],
                language=data["consent_language"],
                evidence=request.FILES.get("evidence"),
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not created:
                messages.info(
                    request,
                    _(
                        "This consent was already in the ledger (the same scope and date): it "
                        "is recorded once."
                    ),
                )
            elif consent.scope == Consent.Scope.INTERVIEW:
                messages.success(
                    request,
                    _("The consent has been recorded in the ledger: now record the answers."),
                )
                return redirect("documentation:interview_edit", pk=interview.pk)
            else:
                messages.success(request, _("The consent has been recorded in the ledger."))
            return redirect("documentation:interview_detail", pk=interview.pk)
    if form.errors and request.FILES:
        messages.warning(
            request, _("Files are not kept when a form has errors: choose them again.")
        )
    chosen = form.data if form.is_bound else {**initial}
    return render(
        request,
        "stories/documentation/consent_form.html",
        _ctx(
            access,
            story=interview.story,
            interview=interview,
            form=form,
            wording=_wording(
                organization_id, chosen.get("scope", ""), chosen.get("consent_language", "")
            ),
            can_edit_texts=access.can_manage_program,
        ),
        status=400 if form.errors else 200,
    )


@login_required
def consent_withdraw(request, pk: int):
    consent, access = consent_get_for_user(request.user, pk)
    if not access.can_document:
        raise PermissionDenied
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            rights_services.consent_withdraw(
                access=access,
                consent=consent,
                by=request.user,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["withdrawal_reason"],
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.warning(
                request,
                _("The withdrawal has been recorded. The story cannot be published from now on."),
            )
            return redirect("documentation:interview_detail", pk=consent.interview_id)
    return render(
        request,
        "stories/documentation/consent_withdraw.html",
        _ctx(access, story=consent.interview.story, consent=consent, form=form),
        status=400 if form.errors else 200,
    )


@login_required
def consent_evidence(request, pk: int):
    consent, access = consent_get_for_user(request.user, pk)
    if not access.can_document:
        raise PermissionDenied
    return _serve_private(
        request,
        consent.evidence,
        access=access,
        obj=consent,
        organization=consent.interview.story.program.organization,
        label=f"consent-{consent.pk}-evidence",
    )


# The client's identity --------------------------------------------------------------------


@login_required
@never_cache
def client_identity(request, pk: int):
    """The restricted record: assigned students and the director only; every opening audited."""
    story, access = story_get_for_user(request.user, pk)
    if not access.can_see_identity:
        raise Http404
    identity = ClientIdentity.objects.filter(story=story).first()
    form = IdentityForm(request.POST or None, instance=identity)
    if request.method == "POST" and form.is_valid():
        try:
            rights_services.client_identity_save(
                access=access, story=story, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The restricted record has been saved."))
            held = drafts_holding_real_name(story)
            if held:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)d version of the story contains this name: it is withheld from "
                        "the committee, the companions and the person who told the story. "
                        "Save a new version without it.",
                        "%(n)d versions of the story contain this name: they are withheld from "
                        "the committee, the companions and the person who told the story. "
                        "Save a new version without it.",
                        held,
                    )
                    % {"n": held},
                )
            return redirect("documentation:client_identity", pk=story.pk)
    elif request.method == "GET" and identity is not None:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.IDENTITY_VIEWED,
            obj=identity,
            organization=story.program.organization,
            summary=f"story {story.pk}",
            request=request,
        )
    return render(
        request,
        "stories/documentation/identity.html",
        _ctx(access, story=story, form=form, identity=identity),
        status=400 if form.errors else 200,
    )


# Drafts -----------------------------------------------------------------------------------


@login_required
@never_cache
def draft_write(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_document:
        raise PermissionDenied
    latest = story.drafts.order_by("-version").first()
    form = DraftForm(request.POST or None, initial={"body": latest.body if latest else ""})
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_save(
                access=access,
                story=story,
                by=request.user,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(v)d of the story has been saved.") % {"v": draft.version}
            )
            return redirect("documentation:draft_detail", pk=draft.pk)
    return render(
        request,
        "stories/documentation/draft_form.html",
        _ctx(access, story=story, form=form, latest=latest),
        status=400 if form.errors else 200,
    )


def _draft_page(
    request, draft: StoryDraft, access, *, comment_form=None, blockers=None, status=200
):
    story = draft.story
    return render(
        request,
        "stories/documentation/draft.html",
        _ctx(
            access,
            story=story,
            draft=draft,
            withheld=withheld_from(access, draft),
            # The version list draws a number, a date, a link and whether it is withheld: no
            # text, author or count.
            versions=list(
                story.drafts.order_by("-version").only(
                    "pk", "story_id", "version", "created_at", "holds_real_name"
                )
            ),
            comments=comments_shown(draft, access),
            comment_form=comment_form or CommentForm(),
            approval=getattr(story, "approval", None),
            blockers=blockers or [],
        ),
        status=status,
    )


@login_required
@never_cache
def draft_detail(request, pk: int):
    draft, access = draft_get_for_user(request.user, pk)
    return _draft_page(request, draft, access)


@login_required
@require_POST
def draft_comment(request, pk: int):
    draft, access = draft_get_for_user(request.user, pk)
    if not access.can_comment:
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.draft_comment(
                access=access,
                draft=draft,
                by=request.user,
                body=form.cleaned_data["body"],
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect("documentation:draft_detail", pk=draft.pk)
    return _draft_page(request, draft, access, comment_form=form, status=400)


@login_required
@require_POST
def draft_approve(request, pk: int):
    draft, access = draft_get_for_user(request.user, pk)
    if not access.can_approve:
        raise PermissionDenied
    try:
        services.draft_approve(access=access, draft=draft, by=request.user, request=request)
    except ValidationError as exc:
        return _draft_page(request, draft, access, blockers=exc.messages, status=400)
    messages.success(
        request, _("Version %(v)d has been approved as the story's text.") % {"v": draft.version}
    )
    return redirect("documentation:draft_detail", pk=draft.pk)


@login_required
@never_cache
def draft_compare(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_see_drafts:
        raise Http404
    versions = list(drafts_for_story(story))
    by_version = {d.version: d for d in versions}

    def pick(name: str, default):
        try:
            return by_version[int(request.GET.get(name, ""))]
        except (KeyError, ValueError):
            return default

    if len(versions) < 2:
        messages.info(request, _("There is only one version so far: nothing to compare."))
        return redirect("documentation:story_documentation", pk=story.pk)
    new = pick("b", versions[0])
    old = pick("a", versions[1])
    # A version withheld from the reader is never compared: a difference would show its words.
    withheld = [v for v in (old, new) if withheld_from(access, v)]
    return render(
        request,
        "stories/documentation/draft_compare.html",
        _ctx(
            access,
            story=story,
            old=old,
            new=new,
            versions=versions,
            withheld=withheld,
            rows=[] if withheld else compare(old.body, new.body),
        ),
    )
