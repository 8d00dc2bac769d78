"""Business writes of documentation: interviews, answers, drafts, comments, approval."""

from __future__ import annotations

import functools

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from methods.selectors import question_set_current
from organizations.models import (
    STAGE_ORDER,
    AuditEvent,
    Stage,
    User,
)
from organizations.services import audit_record
from stories.models import (
    Answer,
    Consent,
    DraftComment,
    Interview,
    StoryApproval,
    StoryDraft,
    SuccessStory,
)
from stories.richtext import render_markdown
from stories.rights.ledger import consent_stands
from stories.selectors import real_names_of_story
from stories.services import (
    _clean_text,
    _require_documenter,
    _story_real_name_refuse,
    draft_reveals_real_name,
    real_name_places_described,
)
from stories.uploads import check_upload


@transaction.atomic
def interview_create(
    *,
    access,
    story: SuccessStory,
    by: User,
    interviewee_role: str,
    interviewee_label: str,
    held_on,
    place: str = "",
    notes: str = "",
) -> Interview:
    """A new interview, tied to the organization's current question set for good."""
    _require_documenter(access)
    if story.status != SuccessStory.Status.SELECTED:
        raise ValidationError(_("Only selected stories are documented."))
    interview = Interview(
        story=story,
        interviewee_role=interviewee_role,
        interviewee_label=" ".join(_clean_text(interviewee_label).split()),
        held_on=held_on,
        place=_clean_text(place),
        interviewer=by,
        question_set=question_set_current(story.program.organization),
        notes=_clean_text(notes),
    )
    interview.full_clean()
    interview.save()
    program = story.program
    if STAGE_ORDER.index(program.stage) < STAGE_ORDER.index(Stage.DOCUMENTATION):
        program.stage = Stage.DOCUMENTATION
        program.stage_changed_at = timezone.now()
        program.save(update_fields=["stage", "stage_changed_at"])
    return interview


def _consent_needed(scope: str) -> str:
    """What the person is told when their consent to `scope` does not stand."""
    if scope == Consent.Scope.RECORDING:
        return _(
            "A recording can be kept only while the interviewee's consent to being recorded "
            "stands. Record that consent in the ledger first."
        )
    return _(
        "The interviewee's consent to the interview does not stand, so their answers, notes "
        "and transcript cannot be written down. Record that consent in the ledger first: "
        "nothing has been saved, and what you typed is still here."
    )


@transaction.atomic
def interview_update(
    *,
    access,
    interview: Interview,
    interviewee_role: str,
    interviewee_label: str,
    held_on,
    place: str,
    notes: str,
    answers: dict[int, str],
    transcript=None,
    audio=None,
    remove_transcript: bool = False,
    remove_audio: bool = False,
) -> Interview:
    """Save the interview and every answer (keyed by question id) in one transaction.

    What the interviewee says (answers, notes, a transcript) is written down only while their
    consent to the interview stands, and a recording kept only while their consent to being
    recorded stands (`stories.rights.ledger`); taking something out is always allowed."""
    _require_documenter(access)
    errors: dict[str, list[str]] = {}
    if transcript:
        try:
            check_upload(transcript, "transcript")
        except ValidationError as exc:
            errors["transcript"] = exc.messages
    if audio:
        try:
            check_upload(audio, "audio")
        except ValidationError as exc:
            errors["audio"] = exc.messages
    if errors:
        raise ValidationError(errors)
    questions = set(interview.question_set.questions.values_list("pk", flat=True))
    if set(answers) - questions:
        raise ValidationError(_("That question is not part of this interview's question set."))
    answers = {pk: _clean_text(text) for pk, text in answers.items()}
    notes = _clean_text(notes)
    stored = dict(interview.answers.values_list("question_id", "text"))
    adds_words = (
        any(text and text != stored.get(pk, "") for pk, text in answers.items())
        or (notes and notes != interview.notes)
        or bool(transcript)
    )
    if adds_words and not consent_stands(interview, Consent.Scope.INTERVIEW):
        errors[NON_FIELD_ERRORS] = [_consent_needed(Consent.Scope.INTERVIEW)]
        if transcript:
            errors["transcript"] = [_("Choose the file again once the consent is recorded.")]
    if audio and not consent_stands(interview, Consent.Scope.RECORDING):
        errors["audio"] = [_consent_needed(Consent.Scope.RECORDING)]
    if errors:
        raise ValidationError(errors)
    interview.interviewee_role = interviewee_role
    interview.interviewee_label = " ".join(_clean_text(interviewee_label).split())
    interview.held_on = held_on
    interview.place = _clean_text(place)
    interview.notes = notes
    old_files = []
    if transcript:
        old_files.append(interview.transcript.name)
        interview.transcript = transcript
    elif remove_transcript:
        old_files.append(interview.transcript.name)
        interview.transcript = ""
    if audio:
        old_files.append(interview.audio.name)
        interview.audio = audio
    elif remove_audio:
        old_files.append(interview.audio.name)
        interview.audio = ""
    interview.full_clean()
    interview.save()
    for question_id, text in answers.items():
        _answer_write(interview, question_id, text)
    storage = interview.transcript.storage
    for name in filter(None, old_files):
        transaction.on_commit(functools.partial(storage.delete, name))
    return interview


def _answer_write(interview: Interview, question_id: int, text: str) -> Answer:
    if len(text) > 50000:
        raise ValidationError(_("An answer can be at most 50,000 characters long."))
    answer, _created = Answer.objects.update_or_create(
        interview=interview, question_id=question_id, defaults={"text": text}
    )
    return answer


def answer_save(*, access, interview: Interview, question_id: int, text: str) -> Answer:
    """Save one answer (also used by the autosave while the student types): written down only
    while the interviewee's consent to the interview stands (emptying one is always allowed)."""
    _require_documenter(access)
    if not interview.question_set.questions.filter(pk=question_id).exists():
        raise ValidationError(_("That question is not part of this interview's question set."))
    text = _clean_text(text)
    if text and not consent_stands(interview, Consent.Scope.INTERVIEW):
        stored = interview.answers.filter(question_id=question_id).values_list("text", flat=True)
        if text != (stored.first() or ""):
            raise ValidationError(_consent_needed(Consent.Scope.INTERVIEW))
    return _answer_write(interview, question_id, text)


def draft_save(
    *, access, story: SuccessStory, by: User, body: str, note: str = "", request=None
) -> StoryDraft:
    """Every save is a new version; refused while its text or note reveals the client's real
    name (checked as the page will show it: rendered from Markdown)."""
    _require_documenter(access)
    if StoryApproval.objects.filter(story=story).exists():
        raise ValidationError(_("The story has been approved; it can no longer be changed."))
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Write the story before saving it.")})
    note = _clean_text(note)
    _story_real_name_refuse(
        story=story,
        fields={"body": body, "note": note},
        markdown=("body",),
        model=StoryDraft,
        by=by,
        request=request,
    )
    with transaction.atomic():
        last = (
            StoryDraft.objects.select_for_update()
            .filter(story=story)
            .aggregate(m=Max("version"))["m"]
            or 0
        )
        draft = StoryDraft(
            story=story,
            version=last + 1,
            body=body,
            body_html=render_markdown(body),
            note=note,
            author=by,
        )
        draft.full_clean()
        draft.save()
    return draft


def draft_comment(*, access, draft: StoryDraft, by: User, body: str, request=None) -> DraftComment:
    """A comment on a version; refused while it reveals the client's real name (whoever
    writes it: a reviewer who learnt the name elsewhere must not pass it on)."""
    if not access.can_comment:
        raise PermissionDenied
    approved = StoryApproval.objects.filter(story_id=draft.story_id).exists()
    if approved and access.is_teller and not access.can_review:
        raise ValidationError(_("The story has been approved; comments are closed."))
    body = _clean_text(body)
    _story_real_name_refuse(
        story=draft.story, fields={"body": body}, model=DraftComment, by=by, request=request
    )
    comment = DraftComment(draft=draft, author=by, body=body)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def draft_approve(*, access, draft: StoryDraft, by: User, request=None) -> StoryApproval:
    """Approve a version as the story's text; refused while it holds the client's real name."""
    if not access.can_approve:
        raise PermissionDenied
    story = draft.story
    names = real_names_of_story(story.pk)
    if names and draft_reveals_real_name(draft, names):
        raise ValidationError(
            [_("This draft contains the client's real name and cannot be approved:")]
            + real_name_places_described(draft, names, with_context=access.can_see_identity)
        )
    approval, _created = StoryApproval.objects.update_or_create(
        story=story, defaults={"draft": draft, "approved_by": by}
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.DRAFT_APPROVED,
        obj=draft,
        organization=story.program.organization,
        summary=f"story {story.pk} v{draft.version}",
        request=request,
    )
    return approval
