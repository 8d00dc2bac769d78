"""Scoped reads of the analysis: a program's codebook, the passages a person may read.

Who may read (and so code) an interview is the one rule of `stories.visibility`, reached
through `stories.selectors.interview_get_for_user` and `visible_stories(user, interviews=True)`;
a transcript's words, like the transcript file, only where the rule opens the client's identity
(`StoryAccess.can_see_identity`: the assigned students and the director).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from organizations.models import Program, User
from organizations.selectors import program_get_for_user
from stories.documentation.selectors import interview_get_for_user
from stories.models import (
    Answer,
    CommonPrinciple,
    Interview,
    Principle,
    PrincipleEvidence,
    StoryAssignment,
    SuccessStory,
)
from stories.rights.ledger import transcripts_readable
from stories.selectors import real_names_of_program, story_get_for_user
from stories.visibility import (
    Reach,
    StoryAccess,
    story_access,
    visibility_of,
    visible_stories,
)

from .models import Code, CodedPassage, PrincipleSource
from .sources import transcript_is_codable, transcript_text


@dataclass(frozen=True)
class CodingAccess:
    """A person's access to a program's codebook: open to whoever the rule lets read some of
    the program's interviews; `manages` (rename, move, merge, delete, import codes) to whoever
    it lets read all of them (director, committee, companion)."""

    program: Program
    manages: bool


def coding_access(user: User, program_pk: int) -> CodingAccess:
    """404 for a program the person may not know; 403 for one whose interviews no role of
    theirs opens (staff, the unit)."""
    access = program_get_for_user(user, program_pk)
    program = access.program
    visibility = visibility_of(user)
    reaches: set[Reach] = set()
    for organization_id in {program.organization_id, *access.partner_organization_ids}:
        reaches |= visibility.reaches(organization_id, program.pk)
    if not reaches:
        raise PermissionDenied
    # The codebook is the program's: it is managed by who sees all of the host's stories.
    manages = Reach.ALL in visibility.reaches(program.organization_id, program.pk)
    return CodingAccess(program=program, manages=manages)


def code_get_for_user(user: User, pk: int) -> tuple[Code, CodingAccess]:
    program_id = Code.objects.filter(pk=pk).values_list("program_id", flat=True).first()
    if program_id is None:
        raise Http404
    access = coding_access(user, program_id)
    return Code.objects.get(pk=pk), access


def code_of_program(program: Program, pk: int) -> Code:
    code = Code.objects.filter(pk=pk, program=program).first()
    if code is None:
        raise Http404
    return code


def interview_for_coding(user: User, pk: int) -> tuple[Interview, StoryAccess]:
    """The interview page's own rule: whoever may read the interview may code it."""
    return interview_get_for_user(user, pk)


def passage_get_for_user(user: User, pk: int) -> tuple[CodedPassage, Interview, StoryAccess]:
    interview_id = CodedPassage.objects.filter(pk=pk).values_list("interview_id", flat=True).first()
    if interview_id is None:
        raise Http404
    interview, access = interview_for_coding(user, interview_id)
    passage = CodedPassage.objects.get(pk=pk)
    if passage.source == CodedPassage.Source.TRANSCRIPT and not access.can_see_identity:
        raise Http404
    return passage, interview, access


# The codebook ------------------------------------------------------------------------------


@dataclass
class CodeRow:
    code: Code
    depth: int
    passages: int = 0


def codes_for_program(program: Program) -> QuerySet[Code]:
    return Code.objects.filter(program=program).order_by("name", "pk")


def _tree(codes: list[Code]) -> list[tuple[Code, int]]:
    """The codes in tree order (each under its parent, siblings by name) with their depth."""
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    known = {c.pk for c in codes}
    out: list[tuple[Code, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in sorted(children.get(parent, []), key=lambda c: (c.name.casefold(), c.pk)):
            out.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    # A code whose parent is of another program would be lost: list it at the top.
    for code in codes:
        if code.parent_id is not None and code.parent_id not in known:
            out.append((code, 0))
    return out


def codebook_rows(program: Program, user: User) -> list[CodeRow]:
    """The codebook as a tree, each code with the number of passages the person may read
    (two queries)."""
    visible = visible_stories(user, interviews=True).filter(program=program).values("pk")
    codes = list(codes_for_program(program))
    counts = dict(
        CodedPassage.objects.filter(
            codes__program=program, interview__story__in=visible, source="answer"
        )
        .values_list("codes")
        .annotate(n=Count("pk", distinct=True))
        .values_list("codes", "n")
    )
    return [CodeRow(code=c, depth=d, passages=counts.get(c.pk, 0)) for c, d in _tree(codes)]


def descendants_of(code: Code) -> set[int]:
    pairs = list(Code.objects.filter(program_id=code.program_id).values_list("pk", "parent_id"))
    below: set[int] = set()
    frontier = {code.pk}
    while frontier:
        frontier = {pk for pk, parent in pairs if parent in frontier} - below
        below |= frontier
    return below


# Passages ---------------------------------------------------------------------------------

PASSAGE_SHOWN = ("interview__story__program", "answer__question", "created_by")


def _identity_story_ids(user: User, stories: Iterable[SuccessStory]) -> set[int]:
    """The stories among `stories` whose identity (and transcript) the rule opens to the person."""
    stories = list({s.pk: s for s in stories}.values())
    assigned = set(
        StoryAssignment.objects.filter(
            student_id=user.pk, story__in=[s.pk for s in stories]
        ).values_list("story_id", flat=True)
    )
    opened = set()
    for story in stories:
        try:
            if story_access(user, story, assigned=story.pk in assigned).can_see_identity:
                opened.add(story.pk)
        except Http404:
            continue
    return opened


def readable(user: User, passages: list[CodedPassage]) -> list[CodedPassage]:
    """The passages of a list the person may read: a transcript's only with its identity, and
    while the interviewee's consent to the interview stands (`transcripts_readable`)."""
    in_transcripts = [p for p in passages if p.source == CodedPassage.Source.TRANSCRIPT]
    opened = (
        _identity_story_ids(user, [p.interview.story for p in in_transcripts])
        if in_transcripts
        else set()
    )
    consenting = transcripts_readable(
        {p.interview_id for p in in_transcripts if p.interview.story_id in opened}
    )
    return [
        p
        for p in passages
        if p.source == CodedPassage.Source.ANSWER or p.interview_id in consenting
    ]


def visible_passages(user: User) -> QuerySet[CodedPassage]:
    """Passages in interviews the person may read (transcripts still to be filtered:
    `readable`)."""
    return CodedPassage.objects.filter(
        interview__story__in=visible_stories(user, interviews=True).values("pk")
    )


@dataclass
class PassageGroup:
    interview: Interview
    passages: list[CodedPassage] = field(default_factory=list)


def passages_for_code(code: Code, user: User) -> list[PassageGroup]:
    """Every passage of the code (and of the codes under it) the person may read, interview by
    interview (a fixed number of queries)."""
    codes = {code.pk, *descendants_of(code)}
    rows = list(
        visible_passages(user)
        .filter(codes__in=codes)
        .distinct()
        .select_related(*PASSAGE_SHOWN)
        .prefetch_related("codes")
        .order_by("interview__story__title", "interview__held_on", "interview_id", "source")
    )
    groups: dict[int, PassageGroup] = {}
    for passage in readable(user, rows):
        groups.setdefault(passage.interview_id, PassageGroup(passage.interview)).passages.append(
            passage
        )
    for group in groups.values():
        group.passages.sort(
            key=lambda p: (p.source, p.answer.question.position if p.answer else 0, p.start)
        )
    return list(groups.values())


def passages_for_interview(interview: Interview, access: StoryAccess) -> list[CodedPassage]:
    qs = (
        CodedPassage.objects.filter(interview=interview)
        .select_related("answer__question", "created_by")
        .prefetch_related("codes")
    )
    if not transcript_open(interview, access):
        qs = qs.filter(source=CodedPassage.Source.ANSWER)
    return list(qs)


def transcript_open(interview: Interview, access: StoryAccess) -> bool:
    """Whether the person may read the interview's transcript: with the story's identity, and
    while the interviewee's consent to the interview stands."""
    return access.can_see_identity and interview.pk in transcripts_readable([interview.pk])


def transcript_codable_for(interview: Interview, access: StoryAccess) -> bool:
    return transcript_is_codable(interview) and transcript_open(interview, access)


def stories_for_drafting(code: Code, user: User) -> list[tuple[SuccessStory, list[CodedPassage]]]:
    """The stories with answer passages of the code the person may read, and those passages
    (a principle is drafted for one story from its own interviews)."""
    by_story: dict[int, tuple[SuccessStory, list[CodedPassage]]] = {}
    for group in passages_for_code(code, user):
        for passage in group.passages:
            if passage.source != CodedPassage.Source.ANSWER:
                continue
            story = group.interview.story
            by_story.setdefault(story.pk, (story, []))[1].append(passage)
    return list(by_story.values())


def passages_of_story_for_code(code: Code, story: SuccessStory, user: User) -> list[CodedPassage]:
    return [
        p
        for group in passages_for_code(code, user)
        for p in group.passages
        if group.interview.story_id == story.pk and p.source == CodedPassage.Source.ANSWER
    ]


# The matrix's cell -------------------------------------------------------------------------


@dataclass
class CellEvidence:
    evidence: PrincipleEvidence
    passage: CodedPassage | None


@dataclass
class CellPrinciple:
    principle: Principle
    evidence: list[CellEvidence]


def matrix_cell(
    user: User, program_pk: int, common_pk: int, story_pk: int
) -> tuple[CommonPrinciple, SuccessStory, list[CellPrinciple]]:
    """What stands behind one cell of the principles x stories matrix: the story's principles
    merged into the common principle, each with its evidence (question, interviewee, quote) and
    the coded passage it was drafted from. The story by the one rule (404 otherwise)."""
    story, access = story_get_for_user(user, story_pk)
    if not access.can_see_interviews or story.program_id != program_pk:
        raise Http404
    common = CommonPrinciple.objects.filter(pk=common_pk, program_id=program_pk).first()
    if common is None:
        raise Http404
    principles = list(
        Principle.objects.naming_no_client()
        .filter(story=story, common=common)
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=PrincipleEvidence.objects.select_related(
                    "answer__question", "answer__interview"
                ).order_by("pk"),
            )
        )
    )
    sources = {
        s.evidence_id: s.passage
        for s in PrincipleSource.objects.filter(principle__in=principles, evidence__isnull=False)
        .select_related("passage")
        .prefetch_related("passage__codes")
    }
    return (
        common,
        story,
        [
            CellPrinciple(
                principle=p,
                evidence=[CellEvidence(e, sources.get(e.pk)) for e in p.evidence.all()],
            )
            for p in principles
        ],
    )


# Exchange ---------------------------------------------------------------------------------


@dataclass
class ExportInterview:
    interview: Interview
    answers: list[Answer]
    #: The plain-text transcript, where the person may see the file (else None).
    transcript_text: str | None


@dataclass
class ExportData:
    program: Program
    codes: list[Code]
    interviews: list[ExportInterview]
    passages: list[CodedPassage]
    #: The program's clients' real names, only to keep every text holding one out.
    real_names: list[str]


def export_data(user: User, program: Program) -> ExportData:
    """What a program's REFI-QDA project holds for the person: the interviews the rule lets
    them read, their answers, the transcripts whose identity it opens to them (while the
    interviewee's consent to the interview stands), the codebook and
    the passages. Real names are given only to be kept out (`exchange`)."""
    stories = list(
        visible_stories(user, interviews=True)
        .filter(program=program)
        .select_related("program")
        .order_by("title", "pk")
    )
    opened = _identity_story_ids(user, stories)
    interviews = list(
        Interview.objects.filter(story__in=[s.pk for s in stories])
        .select_related("story")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by("question__position"),
            )
        )
        .order_by("story__title", "held_on", "pk")
    )
    passages = list(
        CodedPassage.objects.filter(interview__in=interviews, detached=False)
        .select_related("interview__story", "answer")
        .prefetch_related("codes")
        .order_by("pk")
    )
    consenting = transcripts_readable([i.pk for i in interviews if i.story_id in opened])
    passages = [
        p
        for p in passages
        if p.source == CodedPassage.Source.ANSWER or p.interview_id in consenting
    ]
    return ExportData(
        program=program,
        codes=list(codes_for_program(program)),
        interviews=[
            ExportInterview(
                interview=i,
                answers=[a for a in i.answers.all() if a.text],
                transcript_text=transcript_text(i) if i.pk in consenting else None,
            )
            for i in interviews
        ],
        passages=passages,
        real_names=real_names_of_program(program.pk),
    )
