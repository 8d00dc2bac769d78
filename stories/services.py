"""Writes of the selection process: criteria, nominations, assessments and decisions."""

from __future__ import annotations

import functools
import re

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from methods.selectors import question_set_current
from organizations.models import (
    STAGE_ORDER,
    AuditEvent,
    Department,
    Meeting,
    Membership,
    Organization,
    Program,
    Role,
    Stage,
    User,
)
from organizations.selectors import ProgramAccess
from organizations.services import audit_record

from .ledger import consent_stands, later_withdrawal
from .models import (
    CONSENT_LANGUAGES,
    DEFAULT_CRITERIA,
    Answer,
    Assessment,
    ClientIdentity,
    CommonPrinciple,
    Consent,
    ConsentText,
    DiversityTag,
    DraftComment,
    Interview,
    Principle,
    PrincipleCategory,
    PrincipleEvidence,
    SelectionCriterion,
    SelectionDecision,
    StoryApproval,
    StoryAssignment,
    StoryDraft,
    SuccessStory,
    owner_of_new_story,
)
from .realnames import real_name_places, reveals_real_name
from .richtext import render_markdown
from .selectors import real_names_of_story
from .selectors_consent import consent_text_current
from .tasks import send_decision_notice
from .uploads import check_upload

MIN_REASON_CHARS = 25
MIN_REASON_WORDS = 5
MAX_TAGS = 12


def _clean_text(value: str) -> str:
    """Trim, and drop control characters other than newlines and tabs."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


# Criteria -------------------------------------------------------------------------------


def criteria_create_defaults(*, program: Program) -> None:
    if program.criteria.exists():
        return
    SelectionCriterion.objects.bulk_create(
        SelectionCriterion(program=program, text=str(text), description=str(desc), position=i)
        for i, (text, desc) in enumerate(DEFAULT_CRITERIA, start=1)
    )


def _check_criterion_unique(program: Program, text: str, exclude_pk: int | None = None) -> None:
    clash = SelectionCriterion.objects.filter(program=program, text__iexact=text)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"text": _("This program already has a criterion with that text.")})


@transaction.atomic
def criterion_create(
    *, access: ProgramAccess, text: str, description: str = ""
) -> SelectionCriterion:
    if not access.can_manage_selection:
        raise PermissionDenied
    program = access.program
    text, description = _clean_text(text), _clean_text(description)
    _check_criterion_unique(program, text)
    last = program.criteria.aggregate(m=Max("position"))["m"] or 0
    criterion = SelectionCriterion(
        program=program, text=text, description=description, position=last + 1
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(
    *, access: ProgramAccess, criterion: SelectionCriterion, text: str, description: str
) -> SelectionCriterion:
    if not access.can_manage_selection:
        raise PermissionDenied
    text, description = _clean_text(text), _clean_text(description)
    _check_criterion_unique(criterion.program, text, exclude_pk=criterion.pk)
    criterion.text, criterion.description = text, description
    criterion.full_clean()
    criterion.save(update_fields=["text", "description"])
    return criterion


@transaction.atomic
def criterion_move(*, access: ProgramAccess, criterion: SelectionCriterion, direction: int) -> None:
    """Swap the criterion with its neighbour above (-1) or below (+1)."""
    if not access.can_manage_selection:
        raise PermissionDenied
    ordered = list(
        SelectionCriterion.objects.select_for_update()
        .filter(program=criterion.program)
        .order_by("position", "pk")
    )
    index = next(i for i, c in enumerate(ordered) if c.pk == criterion.pk)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    SelectionCriterion.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def criterion_delete(*, access: ProgramAccess, criterion: SelectionCriterion) -> None:
    if not access.can_manage_selection:
        raise PermissionDenied
    if criterion.assessments.exists():
        raise ValidationError(
            _(
                "Nominees have already been assessed against this criterion, so it cannot be "
                "deleted. Reword it instead."
            )
        )
    criterion.delete()


# Nominations ----------------------------------------------------------------------------


def parse_tags(raw: str) -> list[str]:
    """Split comma-separated tags, trimmed, de-duplicated case-insensitively, order kept."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,،\n]", raw or ""):
        name = " ".join(_clean_text(part).split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    names = list(seen.values())
    if len(names) > MAX_TAGS:
        raise ValidationError(_("Use at most %(n)d tags.") % {"n": MAX_TAGS})
    too_long = [n for n in names if len(n) > 60]
    if too_long:
        raise ValidationError(_("A tag can be at most 60 characters long."))
    return names


def _tags_for(program: Program, names: list[str]) -> list[DiversityTag]:
    existing = {t.name.lower(): t for t in program.tags.all()}
    tags = []
    for name in names:
        tag = existing.get(name.lower())
        if tag is None:
            tag = DiversityTag.objects.create(program=program, name=name)
            existing[name.lower()] = tag
        tags.append(tag)
    return tags


@transaction.atomic
def story_nominate(
    *,
    access: ProgramAccess,
    told_by: User,
    department: Department,
    title: str,
    summary: str,
    success_in_worker_eyes: str,
    success_in_client_eyes: str,
    client_pseudonym: str,
    tags: str = "",
) -> SuccessStory:
    """A staff member (or the committee on their behalf) nominates a success."""
    if not access.can_nominate:
        raise PermissionDenied
    program = access.program
    if department.organization_id != program.organization_id:
        raise ValidationError({"department": _("Choose a department of this organization.")})
    title = " ".join(_clean_text(title).split())
    if SuccessStory.objects.filter(program=program, title__iexact=title).exists():
        raise ValidationError(
            {"title": _("A story with this title has already been nominated in this program.")}
        )
    try:
        tag_names = parse_tags(tags)
    except ValidationError as exc:
        raise ValidationError({"tags": exc.messages}) from exc
    story = SuccessStory(
        program=program,
        organization_id=owner_of_new_story(program, told_by.pk),
        department=department,
        title=title,
        summary=_clean_text(summary),
        success_in_worker_eyes=_clean_text(success_in_worker_eyes),
        success_in_client_eyes=_clean_text(success_in_client_eyes),
        client_pseudonym=" ".join(_clean_text(client_pseudonym).split()),
        told_by=told_by,
    )
    story.full_clean()
    story.save()
    story.tags.set(_tags_for(program, tag_names))
    return story


# Assessments ----------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    access: ProgramAccess,
    story: SuccessStory,
    criterion: SelectionCriterion,
    assessor: User,
    verdict: str,
    note: str = "",
) -> Assessment:
    """Record (or change) one committee member's assessment of a nominee on a criterion."""
    if not access.can_assess:
        raise PermissionDenied
    if criterion.program_id != story.program_id:
        raise ValidationError(_("That criterion belongs to another program."))
    if story.status not in (SuccessStory.Status.NOMINATED, SuccessStory.Status.ON_HOLD):
        raise ValidationError(_("This story has already been decided on."))
    if verdict not in Assessment.Verdict.values:
        raise ValidationError({"verdict": _("Choose met, not met or unsure.")})
    assessment, _created = Assessment.objects.update_or_create(
        story=story,
        criterion=criterion,
        assessor=assessor,
        defaults={"verdict": verdict, "note": _clean_text(note)},
    )
    assessment.full_clean()
    return assessment


# Decisions ------------------------------------------------------------------------------


def validate_reasons(reasons: str, field: str = "reasons") -> str:
    """Reasons in full sentences (a decision's, or a correction's: `field`), cleaned."""
    reasons = _clean_text(reasons)
    words = reasons.split()
    if len(reasons) < MIN_REASON_CHARS or len(words) < MIN_REASON_WORDS:
        raise ValidationError(
            {
                field: _(
                    "Write the reasons in full sentences (at least %(words)d words): the person "
                    "who told the story will read them."
                )
                % {"words": MIN_REASON_WORDS}
            }
        )
    return reasons


class DecisionChangeUnconfirmed(Exception):
    """The decision asked for would change the story's standing decision (`standing`), and the
    change has not been confirmed with a reason for it, or was confirmed for another decision
    than the one standing now (someone else changed it meanwhile). Nothing was recorded."""

    def __init__(self, standing: SelectionDecision):
        super().__init__(f"decision {standing.pk} stands")
        self.standing = standing


def decision_is_correction(standing: SelectionDecision | None, meeting: Meeting) -> bool:
    """Whether a new decision at `meeting` would correct the standing one (and so needs
    confirming, with a reason): a decision to correct exists, and it is not a story put on
    hold at an earlier meeting (deciding on that is the next step, not a change)."""
    if standing is None:
        return False
    return not (
        standing.outcome == SelectionDecision.Outcome.ON_HOLD and standing.meeting_id != meeting.pk
    )


@transaction.atomic
def decision_record(
    *,
    access: ProgramAccess,
    story: SuccessStory,
    meeting: Meeting,
    outcome: str,
    reasons: str,
    by: User,
    replacing: int | None = None,
    correction_reason: str = "",
) -> tuple[SelectionDecision, bool]:
    """A selection meeting decides on a nominee; the teller is told, with the reasons.

    Decisions are appended, never changed: a decision that changes the standing one is a new
    row replacing it. A correction (`decision_is_correction`) is recorded only when the caller
    confirms it for the decision standing now (`replacing`, its id) with its reason; otherwise
    DecisionChangeUnconfirmed says which decision stands. The same outcome and reasons as the
    standing decision record nothing (a second click, a concurrent submit). Returns the
    standing decision and whether it is new; each new one sends the teller one e-mail."""
    if not access.can_manage_selection:
        raise PermissionDenied
    if meeting.program_id != story.program_id:
        raise ValidationError(_("That meeting belongs to another program."))
    if meeting.kind != Meeting.Kind.SELECTION:
        raise ValidationError(_("Selection decisions are taken in a selection meeting."))
    if outcome not in SelectionDecision.Outcome.values:
        raise ValidationError({"outcome": _("Choose selected, declined or on hold.")})
    reasons = validate_reasons(reasons)
    # The story's row is the lock every decision on it waits for (PostgreSQL); where rows
    # cannot be locked, the constraints on the decisions refuse the second of two (below).
    story = SuccessStory.objects.select_for_update().get(pk=story.pk)
    standing = SelectionDecision.objects.standing().filter(story=story).first()
    if standing is not None and (standing.outcome, standing.reasons) == (outcome, reasons):
        return standing, False
    correction = decision_is_correction(standing, meeting)
    if standing is not None and correction:  # a correction has a standing decision
        if replacing != standing.pk:
            raise DecisionChangeUnconfirmed(standing)
        correction_reason = validate_reasons(correction_reason, field="correction_reason")
    decision = SelectionDecision(
        story=story,
        meeting=meeting,
        outcome=outcome,
        reasons=reasons,
        decided_by=by,
        replaces=standing,
        correction_reason=correction_reason if correction else "",
    )
    # The lengths and choices; the rows it points at were read above, and the database holds
    # the constraints (a query each here would only race with the other submit).
    decision.full_clean(
        exclude=["story", "meeting", "decided_by", "replaces"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        # Another submit recorded a decision on this story between our read and our write.
        standing = SelectionDecision.objects.standing().filter(story=story).first()
        if standing is None:
            raise
        if (standing.outcome, standing.reasons) == (outcome, reasons):
            return standing, False
        raise DecisionChangeUnconfirmed(standing) from None
    story.status = outcome
    story.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: send_decision_notice.delay(decision.pk))
    return decision, True


# Documentation: assignment --------------------------------------------------------------


@transaction.atomic
def students_assign(
    *, access: ProgramAccess, story: SuccessStory, students: list[User], by: User
) -> list[StoryAssignment]:
    """Assign students to a selected story; the program moves on to training if needed."""
    if not access.can_assign:
        raise PermissionDenied
    if story.status != SuccessStory.Status.SELECTED:
        raise ValidationError(_("Only selected stories are documented."))
    if not students:
        raise ValidationError({"students": _("Choose at least one student.")})
    allowed = set(
        Membership.objects.filter(
            program=story.program, role=Role.STUDENT, user__in=students
        ).values_list("user_id", flat=True)
    )
    if any(s.pk not in allowed for s in students):
        raise ValidationError(
            {"students": _("Only the program's student documenters can be assigned.")}
        )
    created = []
    for student in students:
        assignment, was_created = StoryAssignment.objects.get_or_create(
            story=story, student=student, defaults={"assigned_by": by}
        )
        if was_created:
            created.append(assignment)
    program = story.program
    if STAGE_ORDER.index(program.stage) < STAGE_ORDER.index(Stage.TRAINING):
        program.stage = Stage.TRAINING
        program.stage_changed_at = timezone.now()
        program.save(update_fields=["stage", "stage_changed_at"])
    return created


@transaction.atomic
def student_unassign(*, access: ProgramAccess, story: SuccessStory, student: User) -> None:
    if not access.can_assign:
        raise PermissionDenied
    StoryAssignment.objects.filter(story=story, student=student).delete()


# Documentation: interviews --------------------------------------------------------------


def _require_documenter(access) -> None:
    if not getattr(access, "can_document", False):
        raise PermissionDenied


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
    recorded stands (`stories.ledger`); taking something out is always allowed."""
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


# Documentation: consent -----------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    access,
    interview: Interview,
    by: User,
    scope: str,
    given_on,
    method: str,
    language: str,
    evidence=None,
    request=None,
) -> tuple[Consent, bool]:
    """Record a consent with the wording it was given to: the organization's current text for
    this scope and language (its version kept with it). The same consent submitted twice (the
    same interviewee, scope and date, while it stands), even by two requests at once, is
    recorded once. Returns the consent and whether it was recorded now."""
    _require_documenter(access)
    if scope not in Consent.Scope.values:
        raise ValidationError({"scope": _("Choose what the person consented to.")})
    if language not in dict(CONSENT_LANGUAGES):
        raise ValidationError(
            {"consent_language": _("Choose the language the consent was given in.")}
        )
    if evidence:
        try:
            check_upload(evidence, "evidence")
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
    # One interviewee's ledger is written by one request at a time: a second submit of the same
    # form waits here, then finds the consent the first one recorded.
    Interview.objects.select_for_update().filter(pk=interview.pk).first()
    ledger = Consent.objects.filter(interview=interview, scope=scope)
    same = (
        ledger.filter(given_on=given_on).filter(~later_withdrawal()).order_by("pk").first()
        if given_on
        else None
    )
    if same is not None:
        return same, False
    last_withdrawn = ledger.filter(withdrawn_on__isnull=False).order_by("-withdrawn_on").first()
    if given_on and last_withdrawn is not None and given_on < last_withdrawn.withdrawn_on:
        raise ValidationError(
            {
                "given_on": _(
                    "This consent was withdrawn on %(date)s, which a consent dated earlier "
                    "cannot undo. If the person consents again, record the date they did."
                )
                % {
                    "date": formats.date_format(
                        last_withdrawn.withdrawn_on,  # type: ignore[arg-type]  # not null: filtered
                        "DATE_FORMAT",
                    )
                }
            }
        )
    wording = consent_text_current(interview.story.program.organization_id, scope, language)
    consent = Consent(
        interview=interview,
        scope=scope,
        given_on=given_on,
        method=method,
        consent_text=wording.text,
        consent_language=language,
        consent_text_version=wording.version_label,
        evidence=evidence or "",
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.CONSENT_RECORDED,
        obj=consent,
        organization=interview.story.program.organization,
        summary=f"{consent.get_scope_display()} consent, interview {interview.pk}",
        request=request,
    )
    return consent, True


@transaction.atomic
def consent_withdraw(
    *, access, consent: Consent, by: User, withdrawn_on, reason: str, request=None
) -> list[Consent]:
    """The interviewee withdraws their consent to the consent's scope: every grant of that
    scope that still stands is withdrawn, so the withdrawal is the latest event of the ledger
    and takes effect at once (a withdrawn publication consent: the story stops being
    publishable, and renders that contain it are no longer served). Returns the rows withdrawn."""
    _require_documenter(access)
    Interview.objects.select_for_update().filter(pk=consent.interview_id).first()
    consent = Consent.objects.select_related("interview__story__program").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    standing = list(
        Consent.objects.select_for_update()
        .filter(interview_id=consent.interview_id, scope=consent.scope)
        .filter(~later_withdrawal())
        .order_by("given_on", "pk")
    )
    if not standing:
        raise ValidationError(
            _("This consent no longer stands: a later withdrawal is on the ledger.")
        )
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"withdrawal_reason": _("Record the reason given for withdrawing.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("Consent cannot be withdrawn before it was given.")}
        )
    latest = standing[-1]
    if withdrawn_on < latest.given_on:
        raise ValidationError(
            {
                "withdrawn_on": _(
                    "The same consent was given again on %(date)s: a withdrawal must be dated "
                    "on or after it."
                )
                % {"date": formats.date_format(latest.given_on, "DATE_FORMAT")}
            }
        )
    now = timezone.now()
    for row in standing:
        row.withdrawn_on = withdrawn_on
        row.withdrawal_reason = reason
        row.withdrawal_recorded_by = by
        row.withdrawal_recorded_at = now
        row.save(
            update_fields=[
                "withdrawn_on",
                "withdrawal_reason",
                "withdrawal_recorded_by",
                "withdrawal_recorded_at",
            ]
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CONSENT_WITHDRAWN,
            obj=row,
            organization=consent.interview.story.program.organization,
            summary=f"{row.get_scope_display()} consent withdrawn",
            request=request,
        )
    return standing


@transaction.atomic
def consent_text_save(
    *, organization, by: User, scope: str, language: str, label: str, text: str
) -> ConsentText | None:
    """A new version of the organization's wording for one scope and language (the director's
    only); None when nothing changed. Consents already recorded keep the wording they were
    given to."""
    if not Membership.objects.filter(
        user=by, organization=organization, role=Role.DIRECTOR
    ).exists():
        raise PermissionDenied
    if scope not in Consent.Scope.values or language not in dict(CONSENT_LANGUAGES):
        raise ValidationError(_("Choose a scope and a language."))
    text = _clean_text(text)
    label = " ".join(_clean_text(label).split())
    if len(text.split()) < 10:
        raise ValidationError(
            {
                "text": _(
                    "Write the whole wording the person agrees to (at least 10 words), as it "
                    "is read to them or given to them to sign."
                )
            }
        )
    # Versions are numbered one after the other: two directors saving at once wait in turn.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    last = (
        ConsentText.objects.filter(organization=organization, scope=scope, language=language)
        .order_by("-version")
        .first()
    )
    if last is not None and (last.text, last.label) == (text, label):
        return None
    row = ConsentText(
        organization=organization,
        scope=scope,
        language=language,
        version=(last.version if last else 0) + 1,
        label=label,
        text=text,
        created_by=by,
    )
    row.full_clean()
    row.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.CONSENT_TEXT_CHANGED,
        obj=row,
        organization=organization,
        summary=f"{row.get_scope_display()} consent text ({language}) v{row.version}",
    )
    return row


# The client's real name: refused wherever it is typed -------------------------------------


def real_name_refuse(
    *,
    real_names: list[str],
    fields: dict[str, str],
    model: type[models.Model],
    by: User | None,
    organization,
    about: str,
    markdown: tuple[str, ...] = (),
    several_clients: bool = False,
    request=None,
) -> None:
    """Refuse texts that reveal a client's real name (`realnames.reveals_real_name`): a
    ValidationError on each such field, naming the field and never the name. Every refusal is
    audit-logged (who, and which fields of what; never the text), so that someone trying names
    one after the other is seen. Call it before the transaction that saves: a refusal raised
    inside one would roll its audit row back."""
    found = [
        name
        for name, text in fields.items()
        if reveals_real_name(text or "", real_names, markdown=name in markdown)
    ]
    if not found:
        return
    audit_record(
        actor=by,
        action=AuditEvent.Action.REAL_NAME_REFUSED,
        organization=organization,
        summary=f"{about}: {', '.join(found)}",
        request=request,
    )
    errors = {}
    for name in found:
        # the form's text fields: never a relation, which has no verbose_name
        label = model._meta.get_field(name).verbose_name  # type: ignore[union-attr]
        if several_clients:
            message = _(
                "“%(field)s” contains the real name, or a part of it, of a client of this "
                "program's stories: refer to clients by their pseudonyms."
            )
        else:
            message = _(
                "“%(field)s” contains the client's real name, or a part of it: refer to the "
                "client by the pseudonym."
            )
        errors[name] = ValidationError(message % {"field": label}, code="real_name")
    raise ValidationError(errors)


def _story_real_name_refuse(
    *, story: SuccessStory, fields: dict[str, str], model, by, request=None, markdown=()
) -> None:
    real_name_refuse(
        real_names=real_names_of_story(story.pk),
        fields=fields,
        model=model,
        by=by,
        organization=story.program.organization,
        about=f"story {story.pk}, {model._meta.model_name}",
        markdown=markdown,
        request=request,
    )


def draft_reveals_real_name(draft: StoryDraft, real_names: list[str]) -> bool:
    """Whether a version shows a real name: its text as written (Markdown) and as stored for
    the page (`body_html`, which an older rendering may have made differently), or its note."""
    return (
        reveals_real_name(draft.body, real_names, markdown=True)
        or reveals_real_name(draft.body_html, real_names)
        or reveals_real_name(draft.note, real_names)
    )


def drafts_recheck_real_name(*, story: SuccessStory) -> int:
    """Mark each version of the story that reveals its client's real name as it is recorded
    now (`StoryDraft.holds_real_name`), and clear the mark where it no longer does; how many
    versions hold it. Run when the name is recorded or changed."""
    names = real_names_of_story(story.pk)
    changed = []
    held = 0
    drafts = StoryDraft.objects.filter(story=story).only(
        "pk", "story_id", "body", "body_html", "note", "holds_real_name"
    )
    for draft in drafts.iterator():
        holds = bool(names) and draft_reveals_real_name(draft, names)
        held += holds
        if holds != draft.holds_real_name:
            draft.holds_real_name = holds
            changed.append(draft)
    if changed:
        StoryDraft.objects.bulk_update(changed, ["holds_real_name"])
    return held


# Documentation: the client's identity ---------------------------------------------------


@transaction.atomic
def client_identity_save(
    *,
    access,
    story: SuccessStory,
    by: User,
    real_name: str,
    contact_details: str,
    notes: str,
    request=None,
) -> ClientIdentity:
    if not access.can_see_identity:
        raise PermissionDenied
    identity, _created = ClientIdentity.objects.get_or_create(
        story=story, defaults={"real_name": real_name, "recorded_by": by}
    )
    identity.real_name = " ".join(_clean_text(real_name).split())
    identity.contact_details = _clean_text(contact_details)
    identity.notes = _clean_text(notes)
    identity.recorded_by = by
    identity.full_clean()
    identity.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.IDENTITY_CHANGED,
        obj=identity,
        organization=story.program.organization,
        summary=f"story {story.pk}",
        request=request,
    )
    # Versions written before the name was recorded (or changed) may hold it.
    drafts_recheck_real_name(story=story)
    return identity


# Documentation: drafts ------------------------------------------------------------------


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


def real_name_places_described(
    draft: StoryDraft, real_names: list[str], *, with_context: bool
) -> list[str]:
    """Where a version shows a real name, for the person who must take it out: the paragraph,
    and (only for those who may see the identity) the words around it with the name masked."""
    described = []
    for number, snippet in real_name_places(
        draft.body, real_names, markdown=True, with_context=with_context
    ):
        if number == 0:
            described.append(_("In a link's address or title, or in the text's formatting."))
        elif snippet is None:
            described.append(_("Paragraph %(n)d.") % {"n": number})
        else:
            described.append(
                _("Paragraph %(n)d: “%(context)s”") % {"n": number, "context": snippet}
            )
    if not described and reveals_real_name(draft.body_html, real_names):
        described.append(_("In the text as it is shown (saved before names were checked)."))
    if reveals_real_name(draft.note, real_names):
        described.append(_("In the note on what changed."))
    return described


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


# Principles of action -------------------------------------------------------------------


def principle_add(
    *,
    access,
    story: SuccessStory,
    by: User,
    situation: str,
    goal: str,
    action: str,
    common: CommonPrinciple | None = None,
    request=None,
) -> Principle:
    """A principle of the story; refused while a part of it reveals the client's real name."""
    if not access.can_add_principles:
        raise PermissionDenied
    if common is not None and common.program_id != story.program_id:
        raise ValidationError({"common": _("Choose a common principle of this program.")})
    texts = {
        "situation": _clean_text(situation),
        "goal": _clean_text(goal),
        "action": _clean_text(action),
    }
    _story_real_name_refuse(story=story, fields=texts, model=Principle, by=by, request=request)
    principle = Principle(story=story, common=common, created_by=by, **texts)
    principle.full_clean()
    with transaction.atomic():
        principle.save()
    return principle


def _normalize(text: str) -> str:
    return " ".join(text.split()).casefold()


def evidence_add(
    *,
    access,
    principle: Principle,
    answer: Answer,
    quote: str,
    by: User | None = None,
    request=None,
) -> PrincipleEvidence:
    """Link a quote from an interview answer; the quote must really be in the answer, and must
    not reveal the client's real name (an answer may hold it: the quote is shown more widely)."""
    if not access.can_add_principles:
        raise PermissionDenied
    if answer.interview.story_id != principle.story_id:
        raise ValidationError({"answer": _("Quote an interview of this story.")})
    quote = _clean_text(quote)
    if not quote:
        raise ValidationError(
            {"quote": _("Paste the words from the answer that show the principle.")}
        )
    if _normalize(quote) not in _normalize(answer.text):
        raise ValidationError(
            {"quote": _("These words are not in the chosen answer: quote it exactly.")}
        )
    _story_real_name_refuse(
        story=principle.story,
        fields={"quote": quote},
        model=PrincipleEvidence,
        by=by,
        request=request,
    )
    evidence = PrincipleEvidence(principle=principle, answer=answer, quote=quote)
    evidence.full_clean()
    with transaction.atomic():
        evidence.save()
    return evidence


@transaction.atomic
def common_principle_create(
    *, access: ProgramAccess, by: User, text: str, category_name: str = ""
) -> CommonPrinciple:
    if not access.can_work_principles:
        raise PermissionDenied
    program = access.program
    text = " ".join(_clean_text(text).split())
    if CommonPrinciple.objects.filter(program=program, text__iexact=text).exists():
        raise ValidationError({"text": _("This program already has that common principle.")})
    category = None
    category_name = " ".join(_clean_text(category_name).split())
    if category_name:
        category = PrincipleCategory.objects.filter(
            program=program, name__iexact=category_name
        ).first()
        if category is None:
            category = PrincipleCategory(program=program, name=category_name)
            category.full_clean()
            category.save()
    common = CommonPrinciple(program=program, text=text, category=category, created_by=by)
    common.full_clean()
    common.save()
    return common


@transaction.atomic
def principles_merge(
    *, access: ProgramAccess, common: CommonPrinciple, principles: list[Principle]
) -> int:
    """Merge story principles into a common principle."""
    if not access.can_work_principles:
        raise PermissionDenied
    ids = [p.pk for p in principles if p.story.program_id == common.program_id]
    merged = Principle.objects.filter(pk__in=ids).update(common=common)
    return merged
