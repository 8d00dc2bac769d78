"""Writes of the methods app: adapting the guiding questions as a new version."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from organizations.models import Organization, User

from .models import QUESTION_LANGUAGES, GuidingQuestion, QuestionSet
from .selectors import can_adapt_questions

QUESTION_FIELDS = tuple(
    f"{kind}_{lang}" for kind in ("text", "prompt") for lang in QUESTION_LANGUAGES
)
MAX_QUESTION_CHARS = 400
MAX_PROMPT_CHARS = 1000
MAX_QUESTIONS = 20


def _clean(value: str | None) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def _one_line(value: str | None) -> str:
    return " ".join(_clean(value).split())


@transaction.atomic
def question_set_adapt(
    *,
    organization: Organization,
    by: User,
    base: QuestionSet | None,
    name: str,
    change_note: str,
    questions: list[dict[str, str]],
) -> QuestionSet:
    """Save the organization's adapted questions as a NEW version (its max + 1; the shipped
    default it starts from counts as version 1).

    Existing versions are never edited, so every interview keeps the questions it was
    documented with. A question whose fields are all empty is left out; the others need their
    English text. Positions are renumbered 1, 2, ... in the order given.
    """
    if not can_adapt_questions(by, organization):
        raise PermissionDenied
    if base is not None and base.organization_id not in (None, organization.pk):
        raise ValidationError(_("Adapt the organization's own questions or the default set."))
    errors: dict[str, list[str]] = {}
    name = _one_line(name)
    change_note = _one_line(change_note)
    if not name:
        errors.setdefault("name", []).append(_("Give this version a name."))
    if len(change_note) > 300:
        errors.setdefault("change_note", []).append(
            _("Say what changed in at most 300 characters.")
        )
    kept: list[dict[str, str]] = []
    for number, raw in enumerate(questions, start=1):
        data = {
            f: (_one_line if f.startswith("text") else _clean)(raw.get(f)) for f in QUESTION_FIELDS
        }
        if not any(data.values()):
            continue
        if not data["text_en"]:
            errors.setdefault("questions", []).append(
                _("Question %(n)d: the English text is required.") % {"n": number}
            )
        for field in QUESTION_FIELDS:
            limit = MAX_QUESTION_CHARS if field.startswith("text") else MAX_PROMPT_CHARS
            if len(data[field]) > limit:
                errors.setdefault("questions", []).append(
                    _("Question %(n)d: at most %(limit)d characters.")
                    % {"n": number, "limit": limit}
                )
        kept.append(data)
    if not kept:
        errors.setdefault("questions", []).append(_("Keep at least one question."))
    if len(kept) > MAX_QUESTIONS:
        errors.setdefault("questions", []).append(
            _("A set has at most %(n)d questions.") % {"n": MAX_QUESTIONS}
        )
    if errors:
        raise ValidationError(errors)

    # One version at a time per organization: lock the organization's row.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    last = QuestionSet.objects.filter(organization=organization).aggregate(m=Max("version"))["m"]
    # The default set counts as the organization's version 1 until it adapts it.
    version = max(last or 0, base.version if base is not None else 0) + 1
    question_set = QuestionSet(
        organization=organization,
        name=name,
        version=version,
        based_on=base,
        change_note=change_note,
        created_by=by,
    )
    question_set.full_clean()
    question_set.save()
    new_questions = [
        GuidingQuestion(question_set=question_set, position=position, **data)
        for position, data in enumerate(kept, start=1)
    ]
    for question in new_questions:
        question.full_clean(exclude=["question_set"])
    GuidingQuestion.objects.bulk_create(new_questions)
    return question_set
