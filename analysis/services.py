"""Writes of the analysis: the codebook, coded passages, re-anchoring after an edit,
principles drafted from a code, and a codebook imported from a REFI-QDA file."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from organizations.models import User
from stories.models import Answer, Interview, Principle, SuccessStory
from stories.principles import services as principle_services
from stories.visibility import StoryAccess

from .exchange import CodeNode, parse_qdc
from .models import Code, CodedPassage, PrincipleSource
from .selectors import CodingAccess, descendants_of, transcript_open
from .sources import occurrences, reanchored, transcript_text

MAX_CODES_PER_PASSAGE = 20


# The codebook ------------------------------------------------------------------------------


def _clean(value: str) -> str:
    return " ".join((value or "").split())


def _check_name(access: CodingAccess, name: str, exclude_pk: int | None = None) -> str:
    name = _clean(name)
    if not name:
        raise ValidationError({"name": _("Give the code a name.")})
    taken = Code.objects.filter(program=access.program).annotate(n=Lower("name"))
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.filter(n=name.lower()).exists():
        raise ValidationError({"name": _("The codebook already has a code with this name.")})
    return name


def _check_parent(access: CodingAccess, parent: Code | None, code: Code | None = None) -> None:
    if parent is None:
        return
    if parent.program_id != access.program.pk:
        raise ValidationError({"parent": _("Choose a code of this program's codebook.")})
    if code is not None and (parent.pk == code.pk or parent.pk in descendants_of(code)):
        raise ValidationError({"parent": _("A code cannot be placed under itself.")})


def code_create(
    *,
    access: CodingAccess,
    by: User,
    name: str,
    description: str = "",
    parent: Code | None = None,
) -> Code:
    """A new code: anyone who may code the program's interviews adds to its codebook."""
    name = _check_name(access, name)
    _check_parent(access, parent)
    code = Code(
        program=access.program,
        name=name,
        description=(description or "").strip(),
        parent=parent,
        created_by=by,
    )
    code.full_clean()
    code.save()
    return code


def code_update(
    *, access: CodingAccess, code: Code, name: str, description: str, parent: Code | None
) -> Code:
    if not access.manages:
        raise PermissionDenied
    code.name = _check_name(access, name, exclude_pk=code.pk)
    _check_parent(access, parent, code)
    code.description = (description or "").strip()
    code.parent = parent
    code.full_clean()
    code.save(update_fields=["name", "description", "parent"])
    return code


@transaction.atomic
def code_delete(*, access: CodingAccess, code: Code) -> int:
    """Delete a code without codes under it; passages left with no code are deleted with it.
    Returns how many passages were deleted."""
    if not access.manages:
        raise PermissionDenied
    if code.children.exists():
        raise ValidationError(
            _("Move or merge the codes under “%(name)s” first.") % {"name": code.name}
        )
    passage_ids = list(code.passages.values_list("pk", flat=True))
    code.delete()
    orphans = CodedPassage.objects.filter(pk__in=passage_ids, codes__isnull=True)
    deleted, _detail = orphans.delete()
    return deleted


@transaction.atomic
def codes_merge(*, access: CodingAccess, source: Code, target: Code) -> Code:
    """Merge `source` into `target`: its passages take the target code, the codes under it move
    under the target, its description is appended, and it is deleted."""
    if not access.manages:
        raise PermissionDenied
    if source.program_id != access.program.pk or target.program_id != access.program.pk:
        raise ValidationError({"target": _("Choose a code of this program's codebook.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another code to merge into.")})
    if target.pk in descendants_of(source):
        raise ValidationError(
            {"target": _("A code cannot be merged into a code under it: move that code first.")}
        )
    for passage in CodedPassage.objects.filter(codes=source):
        passage.codes.add(target)
    Code.objects.filter(parent=source).update(parent=target)
    if source.description and source.description not in target.description:
        target.description = "\n\n".join(filter(None, [target.description, source.description]))
        target.save(update_fields=["description"])
    source.delete()
    return target


# Coding ------------------------------------------------------------------------------------


def _source_text(interview: Interview, source: str, answer: Answer | None) -> str:
    if source == CodedPassage.Source.ANSWER:
        if answer is None or answer.interview_id != interview.pk:
            raise ValidationError({"answer": _("Choose an answer of this interview.")})
        return answer.text
    text = transcript_text(interview)
    if text is None:
        raise ValidationError({"source": _("This interview has no plain-text transcript.")})
    return text


def locate(text: str, *, start: int | None, end: int | None, quote: str) -> tuple[int, int]:
    """The passage's offsets (code points) in `text`: the given offsets when they are inside
    the text (and hold the quoted words, if given), else the quoted words' occurrence nearest
    to the given start. A clear error when neither finds the passage."""
    if start is not None and end is not None:
        if not 0 <= start < end <= len(text):
            if not quote:
                raise ValidationError(
                    {
                        "start": _("The passage must lie within the text (0 to %(n)d).")
                        % {"n": len(text)}
                    }
                )
        elif not quote or text[start:end] == quote:
            return start, end
    if not quote:
        raise ValidationError(
            {"quote": _("Select the words to code, or give where they start and end.")}
        )
    found = occurrences(text, quote)
    if not found:
        raise ValidationError(
            {"quote": _("These words are not in the text: select or paste them exactly.")}
        )
    near = start or 0
    at = min(found, key=lambda i: (abs(i - near), i))
    return at, at + len(quote)


@transaction.atomic
def passage_code(
    *,
    access: StoryAccess,
    interview: Interview,
    by: User,
    source: str,
    answer: Answer | None,
    start: int | None,
    end: int | None,
    quote: str,
    codes: list[Code],
) -> CodedPassage:
    """Code a passage of an answer (or of the text transcript) with one or more codes; coding
    the same words again adds the codes to the passage already there."""
    if not access.can_see_interviews:
        raise PermissionDenied
    if source == CodedPassage.Source.TRANSCRIPT:
        if not access.can_see_identity:
            raise PermissionDenied
        if not transcript_open(interview, access):
            raise ValidationError(
                {
                    "source": _(
                        "The interviewee's consent to the interview does not stand: its "
                        "transcript is not coded."
                    )
                }
            )
    if source not in CodedPassage.Source.values:
        raise ValidationError({"source": _("Choose an answer or the transcript.")})
    if not codes:
        raise ValidationError({"codes": _("Choose at least one code.")})
    if len(codes) > MAX_CODES_PER_PASSAGE:
        raise ValidationError({"codes": _("A passage can have at most 20 codes.")})
    if any(c.program_id != interview.story.program_id for c in codes):
        raise ValidationError({"codes": _("Choose codes of this program's codebook.")})
    text = _source_text(interview, source, answer)
    start, end = locate(text, start=start, end=end, quote=quote or "")
    is_answer = source == CodedPassage.Source.ANSWER
    passage = CodedPassage.objects.filter(
        interview=interview,
        source=source,
        answer=answer if is_answer else None,
        start=start,
        end=end,
        detached=False,
    ).first()
    if passage is None:
        passage = CodedPassage(
            interview=interview,
            source=source,
            answer=answer if is_answer else None,
            transcript_name="" if is_answer else interview.transcript.name,
            start=start,
            end=end,
            quote=text[start:end],
            created_by=by,
        )
        passage.full_clean()
        passage.save()
    passage.codes.add(*codes)
    return passage


def passage_set_codes(*, access: StoryAccess, passage: CodedPassage, codes: list[Code]) -> None:
    if not access.can_see_interviews:
        raise PermissionDenied
    if not codes:
        raise ValidationError({"codes": _("Choose at least one code.")})
    if any(c.program_id != passage.interview.story.program_id for c in codes):
        raise ValidationError({"codes": _("Choose codes of this program's codebook.")})
    passage.codes.set(codes)


def passage_delete(*, access: StoryAccess, passage: CodedPassage) -> None:
    if not access.can_see_interviews:
        raise PermissionDenied
    passage.delete()


def _reanchor(passages: list[CodedPassage], text: str, **extra) -> int:
    """Move each passage to where its words are now, or mark it detached. Returns how many
    changed."""
    changed = 0
    for passage in passages:
        at = reanchored(text, passage.quote, passage.start)
        fields = dict(extra)
        if at is None:
            fields["detached"] = True
        else:
            fields.update(start=at, end=at + len(passage.quote), detached=False)
        if any(getattr(passage, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(passage, key, value)
            passage.save(update_fields=list(fields))
            changed += 1
    return changed


def passages_reanchor_answer(*, answer: Answer) -> int:
    """After an answer is saved: its passages follow their words (passages of other answers
    are untouched: offsets are per answer)."""
    passages = list(CodedPassage.objects.filter(answer=answer))
    if not passages:
        return 0
    return _reanchor(passages, answer.text)


def passages_reanchor_transcript(*, interview: Interview) -> int:
    """After an interview is saved with another transcript file (or none): its transcript
    passages follow their words into the new text, or are marked detached."""
    passages = list(
        CodedPassage.objects.filter(
            interview=interview, source=CodedPassage.Source.TRANSCRIPT
        ).exclude(transcript_name=interview.transcript.name or "")
    )
    if not passages:
        return 0
    text = transcript_text(interview) or ""
    return _reanchor(passages, text, transcript_name=interview.transcript.name or "")


# From codes to principles ------------------------------------------------------------------


@transaction.atomic
def principle_draft_from_code(
    *,
    access: StoryAccess,
    story: SuccessStory,
    code: Code,
    by: User,
    situation: str,
    goal: str,
    action: str,
    passages: list[CodedPassage],
    request=None,
) -> Principle:
    """A principle of action of the story drafted from a code: each chosen passage becomes a
    piece of its evidence (the passage's words, from its answer: the question and the
    interviewee), linked back to the passage. All or nothing."""
    if not passages:
        raise ValidationError({"passages": _("Choose at least one passage as evidence.")})
    for passage in passages:
        if (
            passage.interview.story_id != story.pk
            or passage.source != CodedPassage.Source.ANSWER
            or not passage.codes.filter(pk__in=[code.pk, *descendants_of(code)]).exists()
        ):
            raise ValidationError(
                {"passages": _("Choose passages of this code in this story's answers.")}
            )
        if passage.detached:
            raise ValidationError(
                {"passages": _("A detached passage cannot be evidence: code its words again.")}
            )
    principle = principle_services.principle_add(
        access=access,
        story=story,
        by=by,
        situation=situation,
        goal=goal,
        action=action,
        request=request,
    )
    for passage in passages:
        assert passage.answer is not None  # noqa: S101  (an answer passage, checked above)
        evidence = principle_services.evidence_add(
            access=access,
            principle=principle,
            answer=passage.answer,
            quote=passage.quote,
            by=by,
            request=request,
        )
        PrincipleSource.objects.create(
            principle=principle, passage=passage, evidence=evidence, code=code
        )
    return principle


# Exchange ----------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024


@transaction.atomic
def codebook_import_qdc(*, access: CodingAccess, by: User, data: bytes) -> tuple[int, int]:
    """Import a REFI-QDA codebook (QDC): each code is added under its parent, or matched to the
    code of the same name (or identity) already in the codebook. Returns (added, matched)."""
    if not access.manages:
        raise PermissionDenied
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("The file is too large; the limit is 2 MB.")})
    nodes = parse_qdc(data)
    existing = {c.name.casefold(): c for c in Code.objects.filter(program=access.program)}
    by_guid = {str(c.guid): c for c in existing.values()}
    added = matched = 0

    def place(node: CodeNode, parent: Code | None) -> None:
        nonlocal added, matched
        code = by_guid.get(node.guid.lower()) or existing.get(_clean(node.name).casefold())
        if code is None:
            code = Code(
                program=access.program,
                name=_clean(node.name)[:120],
                description=node.description[:4000],
                parent=parent,
                created_by=by,
            )
            if (
                node.guid
                and node.guid.lower() not in by_guid
                and not (Code.objects.filter(guid=node.guid).exists())
            ):
                code.guid = node.guid
            code.full_clean()
            code.save()
            existing[code.name.casefold()] = code
            added += 1
        else:
            matched += 1
        for child in node.children:
            place(child, code)

    for node in nodes:
        place(node, None)
    return added, matched
