"""Scoped reads of principles of action: a story's principles, the program's common principles
and the matrix of common principles against the selected stories.

Every function here runs a fixed number of SQL queries whatever the number of stories,
principles or pieces of evidence: links are fetched in one query and grids are built in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, F, Func, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lfs_site.queries import count_of
from organizations.models import Program, User
from stories.models import (
    Answer,
    CommonPrinciple,
    Interview,
    Principle,
    PrincipleCategory,
    PrincipleEvidence,
    SuccessStory,
    principle_sentence,
)
from stories.selectors import StoryAccess, story_get_for_user
from stories.visibility import visible_stories


class Level:
    """How widely a common principle is shared by the selected stories."""

    ALL = "all"
    MOST = "most"
    SOME = "some"
    NONE = "none"

    LABELS = {
        ALL: _("Common to all"),
        MOST: _("Common to most"),
        SOME: _("Common to some"),
        NONE: _("In no selected story yet"),
    }


def level_for(count: int, total: int) -> str:
    """all: every selected story; most: at least half; some: at least one; none."""
    if total <= 0 or count <= 0:
        return Level.NONE
    if count >= total:
        return Level.ALL
    if count * 2 >= total:
        return Level.MOST
    return Level.SOME


# Access -----------------------------------------------------------------------------------


def principle_get_for_user(user: User, pk: int) -> tuple[Principle, SuccessStory, StoryAccess]:
    """A principle whose story the user may see (404 otherwise), with their access to it."""
    story_id = Principle.objects.filter(pk=pk).values_list("story_id", flat=True).first()
    if story_id is None:
        raise Http404
    story, access = story_get_for_user(user, story_id)
    principle = Principle.objects.select_related("common").get(pk=pk)
    return principle, story, access


# A story's principles ---------------------------------------------------------------------


def principles_for_story(story: SuccessStory, access: StoryAccess) -> list[Principle]:
    """The story's principles, each with its common principle and its evidence: the quote, and
    the interview and question it comes from (named, not their texts: the pages draw no more).
    A principle that names the client (`Principle.objects.naming_no_client`) only for those
    who may see the identity, marked for them (`holds_real_name`)."""
    evidence = (
        PrincipleEvidence.objects.select_related("answer__interview", "answer__question")
        .only(
            "pk",
            "principle_id",
            "answer_id",
            "quote",
            "created_at",
            "answer__interview_id",
            "answer__question_id",
            "answer__interview__interviewee_role",
            "answer__interview__interviewee_label",
            "answer__question__position",
        )
        .order_by("created_at", "pk")
    )
    principles = Principle.objects.filter(story=story)
    if not access.can_see_identity:
        principles = principles.naming_no_client()
    return list(
        principles.select_related("common__category")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("pk")
    )


@dataclass
class AnswerChoice:
    """An interview answer a quote can come from, labelled for a person choosing it."""

    answer: Answer
    interview_number: int
    interview: Interview

    @property
    def interview_label(self) -> str:
        return gettext("Interview %(n)d: %(who)s, %(date)s") % {
            "n": self.interview_number,
            "who": str(self.interview),
            "date": date_format(self.interview.held_on, "DATE_FORMAT"),
        }

    @property
    def question_label(self) -> str:
        return gettext("Q%(n)d. %(question)s") % {
            "n": self.answer.question.position,
            "question": self.answer.question.text,
        }


def answers_for_story(story: SuccessStory) -> list[AnswerChoice]:
    """The story's non-empty interview answers, interview by interview, question by question."""
    answers = list(
        Answer.objects.filter(interview__story=story)
        .exclude(text="")
        .select_related("interview", "question")
        .order_by("interview__held_on", "interview_id", "question__position")
    )
    numbers: dict[int, int] = {}
    interview_ids = (
        Interview.objects.filter(story=story).order_by("held_on", "pk").values_list("pk", flat=True)
    )
    for n, interview_id in enumerate(interview_ids, start=1):
        numbers[interview_id] = n
    return [
        AnswerChoice(
            answer=a, interview_number=numbers.get(a.interview_id, 0), interview=a.interview
        )
        for a in answers
    ]


def interview_numbers(program: Program, user: User) -> dict[int, int]:
    """Interview id -> its number within its story (1, 2, ... by date), for the program's
    stories the person may read."""
    numbers: dict[int, int] = {}
    per_story: dict[int, int] = {}
    rows = (
        Interview.objects.filter(story__in=_programs_stories(program, user))
        .order_by("story_id", "held_on", "pk")
        .values_list("pk", "story_id")
    )
    for interview_id, story_id in rows:
        per_story[story_id] = per_story.get(story_id, 0) + 1
        numbers[interview_id] = per_story[story_id]
    return numbers


# The program's common principles ----------------------------------------------------------


def categories_for_program(program: Program) -> QuerySet[PrincipleCategory]:
    return PrincipleCategory.objects.filter(program=program).order_by("name")


def common_principles_for_program(program: Program) -> QuerySet[CommonPrinciple]:
    return (
        CommonPrinciple.objects.filter(program=program)
        .select_related("category")
        .order_by(F("category__name").asc(nulls_last=True), "text")
    )


def _programs_stories(program: Program, user: User) -> QuerySet[SuccessStory]:
    """The program's own stories (`usable`) whose principles the person may read
    (`visible_stories(user, interviews=True)`)."""
    return SuccessStory.objects.usable(program) & visible_stories(user, interviews=True)


def selected_stories(program: Program, user: User) -> QuerySet[SuccessStory]:
    return (
        _programs_stories(program, user)
        .filter(status=SuccessStory.Status.SELECTED)
        .order_by("title")
    )


@dataclass
class CommonPrincipleRow:
    common: CommonPrinciple
    stories: list[tuple[int, str]] = field(default_factory=list)  # (pk, title) of each story


@dataclass
class CategoryGroup:
    category: PrincipleCategory | None
    rows: list[CommonPrincipleRow] = field(default_factory=list)


@dataclass(frozen=True)
class UnmergedRow:
    """A story principle not merged yet, as the principles page lists it."""

    pk: int
    sentence: str
    story_title: str


@dataclass(frozen=True)
class StoryRow:
    """A selected story with its number of principles."""

    pk: int
    title: str
    principle_count: int


@dataclass
class PrinciplesOverview:
    groups: list[CategoryGroup]
    commons: list[CommonPrinciple]
    unmerged: list[UnmergedRow]
    stories: list[StoryRow]
    categories: list[PrincipleCategory]


def _of_the_programs_stories(program: Program, user: User) -> Func | Q:
    """`story_id = ANY(ARRAY(the program's story ids the person may read))`: PostgreSQL then
    reads the principles of those stories by their story index. Joined on the story's program,
    it read the unmerged principles of every program (3,900 rows at 10,000 stories, 3 ms) to
    keep a hundred.
    Other databases (SQLite, the demo's default) have no arrays: `story_id IN (subquery)`."""
    stories = _programs_stories(program, user).order_by().values("pk")
    if connection.vendor != "postgresql":
        return Q(story_id__in=stories)
    return Func(
        F("story_id"),
        ArraySubquery(stories),
        template="(%(expressions)s))",
        arg_joiner=" = ANY(",
        output_field=BooleanField(),
    )


def unmerged_principles(program: Program, user: User) -> QuerySet:
    """The story principles not merged into a common principle yet (to paginate; plain rows,
    see `unmerged_rows`)."""
    return (
        Principle.objects.naming_no_client()
        .filter(_of_the_programs_stories(program, user), common__isnull=True)
        .order_by("story__title", "pk")
        .values_list("pk", "situation", "goal", "action", "story__title")
    )


def unmerged_rows(rows) -> list[UnmergedRow]:
    """Rows of `unmerged_principles` (a page of them) with each principle's sentence."""
    return [
        UnmergedRow(
            pk=pk,
            sentence=principle_sentence(situation, goal, action),
            story_title=title,
        )
        for pk, situation, goal, action, title in rows
    ]


def principle_stories(program: Program, user: User) -> QuerySet:
    """The selected stories with their number of principles (to paginate; plain rows, see
    `story_rows`). The number is a correlated subquery: the paginator's COUNT(*) joins nothing,
    and PostgreSQL counts the principles of the page's stories only."""
    return (
        selected_stories(program, user)
        .annotate(principle_count=count_of(Principle.objects.all(), "story"))
        .values_list("pk", "title", "principle_count")
    )


def story_rows(rows) -> list[StoryRow]:
    return [StoryRow(pk=pk, title=title, principle_count=n) for pk, title, n in rows]


def principles_overview(
    program: Program,
    user: User,
    *,
    unmerged: list[UnmergedRow] | None = None,
    stories: list[StoryRow] | None = None,
) -> PrinciplesOverview:
    """The common principles by category, each with the stories it draws on; the story
    principles not merged yet; the selected stories with their number of principles (the
    given pages of these two, or all of them)."""
    commons = list(common_principles_for_program(program))
    rows = {c.pk: CommonPrincipleRow(common=c) for c in commons}
    # Each merged principle's common principle and story, as plain rows: a national program has
    # hundreds, and a story model (all its texts) a row made this the page's slowest part.
    seen: set[tuple[int, int]] = set()
    for common_id, story_id, title in (
        # Through the program's common principles: by index, not every merged principle.
        Principle.objects.naming_no_client()
        .filter(common__program=program)
        .filter(_of_the_programs_stories(program, user))
        .order_by("story__title", "pk")
        .values_list("common_id", "story_id", "story__title")
    ):
        if (common_id, story_id) in seen or common_id not in rows:
            continue
        seen.add((common_id, story_id))
        rows[common_id].stories.append((story_id, title))
    groups: list[CategoryGroup] = []
    for c in commons:
        if not groups or groups[-1].category != c.category:
            groups.append(CategoryGroup(category=c.category))
        groups[-1].rows.append(rows[c.pk])
    return PrinciplesOverview(
        groups=groups,
        commons=commons,
        unmerged=unmerged_rows(unmerged_principles(program, user))
        if unmerged is None
        else unmerged,
        stories=story_rows(principle_stories(program, user)) if stories is None else stories,
        categories=list(categories_for_program(program)),
    )


def principles_for_export(program: Program, user: User) -> list[Principle]:
    """Every principle of the program's stories the person may read, with its common principle
    and evidence."""
    evidence = PrincipleEvidence.objects.select_related(
        "answer__interview", "answer__question"
    ).order_by("created_at", "pk")
    return list(
        Principle.objects.naming_no_client()
        .filter(_of_the_programs_stories(program, user))
        .select_related("story", "common__category")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("story__title", "pk")
    )


# The matrix -------------------------------------------------------------------------------


@dataclass
class MatrixRow:
    principle: CommonPrinciple
    cells: list[bool]
    count: int
    level: str

    @property
    def level_label(self) -> str:
        return str(Level.LABELS[self.level])


@dataclass
class MatrixGroup:
    category: PrincipleCategory | None
    rows: list[MatrixRow] = field(default_factory=list)


@dataclass
class PrincipleMatrix:
    stories: list[SuccessStory]
    rows: list[MatrixRow]
    category: PrincipleCategory | None = None
    interviewee_role: str = ""

    @property
    def groups(self) -> list[MatrixGroup]:
        """Rows by category, in the order of the rows."""
        groups: list[MatrixGroup] = []
        for row in self.rows:
            if not groups or groups[-1].category != row.principle.category:
                groups.append(MatrixGroup(category=row.principle.category))
            groups[-1].rows.append(row)
        return groups

    def level_counts(self) -> dict[str, int]:
        counts = {Level.ALL: 0, Level.MOST: 0, Level.SOME: 0, Level.NONE: 0}
        for row in self.rows:
            counts[row.level] += 1
        return counts


def principle_matrix_for_program(
    program: Program,
    user: User,
    *,
    category: PrincipleCategory | None = None,
    interviewee_role: str = "",
) -> PrincipleMatrix:
    """Rows: the program's common principles (of one category if given); columns: the selected
    stories the person may read. A cell is true when the story has a principle merged into the
    common principle; with an interviewee role, only when that principle has evidence from an
    interview with someone in that role. Three queries, whatever the size."""
    stories = list(selected_stories(program, user).only("pk", "title", "program_id"))
    commons = common_principles_for_program(program)
    links = Principle.objects.filter(
        story__in=selected_stories(program, user).order_by().values("pk"), common__isnull=False
    )
    if category is not None:
        commons = commons.filter(category=category)
        links = links.filter(common__category=category)
    if interviewee_role:
        links = links.filter(evidence__answer__interview__interviewee_role=interviewee_role)
    pairs = set(links.values_list("common_id", "story_id").distinct())
    total = len(stories)
    rows = []
    for common in commons:
        cells = [(common.pk, s.pk) in pairs for s in stories]
        count = sum(cells)
        rows.append(
            MatrixRow(principle=common, cells=cells, count=count, level=level_for(count, total))
        )
    # Within a category, the most widely shared principles first.
    order = {c: i for i, c in enumerate(dict.fromkeys(r.principle.category_id for r in rows))}
    rows.sort(key=lambda r: (order[r.principle.category_id], -r.count, r.principle.text.lower()))
    return PrincipleMatrix(
        stories=stories, rows=rows, category=category, interviewee_role=interviewee_role
    )
