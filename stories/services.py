"""Writes of the selection process: criteria, nominations, assessments and decisions."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from organizations.models import Department, Meeting, Program, User
from organizations.selectors import ProgramAccess

from .models import (
    DEFAULT_CRITERIA,
    Assessment,
    DiversityTag,
    SelectionCriterion,
    SelectionDecision,
    SuccessStory,
)

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


def validate_reasons(reasons: str) -> str:
    reasons = _clean_text(reasons)
    words = reasons.split()
    if len(reasons) < MIN_REASON_CHARS or len(words) < MIN_REASON_WORDS:
        raise ValidationError(
            {
                "reasons": _(
                    "Write the reasons in full sentences (at least %(words)d words): the person "
                    "who told the story will read them."
                )
                % {"words": MIN_REASON_WORDS}
            }
        )
    return reasons


@transaction.atomic
def decision_record(
    *,
    access: ProgramAccess,
    story: SuccessStory,
    meeting: Meeting,
    outcome: str,
    reasons: str,
    by: User,
) -> SelectionDecision:
    """A selection meeting decides on a nominee; the teller is told, with the reasons."""
    from .tasks import send_decision_notice

    if not access.can_manage_selection:
        raise PermissionDenied
    if meeting.program_id != story.program_id:
        raise ValidationError(_("That meeting belongs to another program."))
    if meeting.kind != Meeting.Kind.SELECTION:
        raise ValidationError(_("Selection decisions are taken in a selection meeting."))
    if outcome not in SelectionDecision.Outcome.values:
        raise ValidationError({"outcome": _("Choose selected, declined or on hold.")})
    reasons = validate_reasons(reasons)
    story = SuccessStory.objects.select_for_update().get(pk=story.pk)
    decision, _created = SelectionDecision.objects.update_or_create(
        story=story,
        meeting=meeting,
        defaults={"outcome": outcome, "reasons": reasons, "decided_by": by},
    )
    story.status = outcome
    story.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: send_decision_notice.delay(decision.pk))
    return decision
