"""Business writes of selection: criteria, nominations, assessments, decisions, assigning
students."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import (
    STAGE_ORDER,
    Department,
    Meeting,
    Membership,
    Program,
    Role,
    Stage,
    User,
)
from organizations.selectors import ProgramAccess
from stories.models import (
    DEFAULT_CRITERIA,
    Assessment,
    DiversityTag,
    SelectionCriterion,
    SelectionDecision,
    StoryAssignment,
    SuccessStory,
    owner_of_new_story,
)
from stories.services import _clean_text

from .tasks import send_decision_notice

MIN_REASON_CHARS = 25


MIN_REASON_WORDS = 5


MAX_TAGS = 12


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
