"""Business writes of principles: principles, evidence, common principles, merging."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import (
    User,
)
from organizations.selectors import ProgramAccess
from stories.models import (
    Answer,
    CommonPrinciple,
    Principle,
    PrincipleCategory,
    PrincipleEvidence,
    SuccessStory,
)
from stories.services import _clean_text, _story_real_name_refuse, program_real_name_refuse


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


def common_principle_create(
    *, access: ProgramAccess, by: User, text: str, category_name: str = "", request=None
) -> CommonPrinciple:
    """A principle common to the program's stories; refused while it reveals the real name of
    any client of them (it is shown to everyone in the program, and printed in the book)."""
    if not access.can_work_principles:
        raise PermissionDenied
    program = access.program
    text = " ".join(_clean_text(text).split())
    program_real_name_refuse(
        program=program, fields={"text": text}, model=CommonPrinciple, by=by, request=request
    )
    if CommonPrinciple.objects.filter(program=program, text__iexact=text).exists():
        raise ValidationError({"text": _("This program already has that common principle.")})
    category_name = " ".join(_clean_text(category_name).split())
    with transaction.atomic():  # after the refusal above, whose audit row must stay
        category = None
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
