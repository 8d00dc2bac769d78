"""Scoped reads of selection: criteria, nominations, assessments, decisions, a meeting's
nominees, the students a story can be assigned to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import translation

from organizations.models import Meeting, PopulationTerm, Program, Role, User
from organizations.selectors import (
    ProgramAccess,
)
from stories.models import (
    Assessment,
    SelectionCriterion,
    SelectionDecision,
    SuccessStory,
)
from stories.visibility import visible_stories

if TYPE_CHECKING:
    pass


def criterion_get_for_access(access: ProgramAccess, pk: int) -> SelectionCriterion:
    criterion = SelectionCriterion.objects.filter(pk=pk, program=access.program).first()
    if criterion is None:
        raise Http404
    return criterion


def criteria_for_program(program: Program) -> QuerySet[SelectionCriterion]:
    return program.criteria.annotate(assessment_count=Count("assessments")).order_by(
        "position", "pk"
    )


@dataclass
class NominationRow:
    """One row of the nominations table: plain values (no model instances, fifty a page),
    completed by `with_tag_names` and `with_assessment_counts`."""

    pk: int
    title: str
    client_pseudonym: str
    status: str
    department: str | None  # its name
    teller: str  # the full name of the person who told it
    tag_list: list[str] = field(default_factory=list)
    assessment_count: int = 0
    my_assessment_count: int = 0


NOMINATION_FIELDS = (
    "pk",
    "title",
    "client_pseudonym",
    "status",
    "department__name",
    "told_by__full_name",
)


def story_list_for_access(
    access: ProgramAccess, user: User, *, status: str = "", tag: str = ""
) -> QuerySet:
    """Nominations the user may see (`visibility.visible_stories`) of the program's own
    (`usable`), as value rows of NOMINATION_FIELDS (`NominationRow(*row)` makes a row of the
    table); staff see their own only. Stories told by partner organizations' teams stay with
    their own organization. (The assessment counts of the page
    shown come from `with_assessment_counts`: counted here, every story of the program would
    be joined with every assessment before the page is cut.)"""
    qs = SuccessStory.objects.usable(access.program) & visible_stories(user)
    if status:
        qs = qs.filter(status=status)
    if tag:
        # A population by its name in any language, or a tag by its own name.
        named = Q(diversitytag__name__iexact=tag)
        for code in ("en", "he", "ar"):
            named |= Q(**{f"diversitytag__term__name_{code}__iexact": tag})
        qs = qs.filter(
            pk__in=SuccessStory.tags.through.objects.filter(named).values("successstory_id")
        )
    # What the page draws, no more (its tags come from `with_tag_names`).
    return qs.order_by("-nominated_at", "-pk").values_list(*NOMINATION_FIELDS)


def with_tag_names(stories: list) -> list:
    """Set `tag_list`, the names of each story's tags in order (one query, no tag instances:
    `story.tags.all` in the page's loop would build a queryset per row)."""
    names: dict[int, list[str]] = {story.pk: [] for story in stories}
    language = (translation.get_language() or "en")[:2]
    for story_id, name, *labels in (
        SuccessStory.tags.through.objects.filter(successstory_id__in=list(names))
        .order_by("diversitytag__name", "diversitytag_id")
        .values_list(
            "successstory_id",
            "diversitytag__name",
            "diversitytag__term__name_en",
            "diversitytag__term__name_he",
            "diversitytag__term__name_ar",
        )
    ):
        # The population's name in the reader's language (else its first name, else the tag's).
        by_language = dict(zip(("en", "he", "ar"), labels, strict=True))
        label = by_language[language] if language in by_language else ""
        label = label or next((n for n in labels if n), "") or name
        if label not in names[story_id]:
            names[story_id].append(label)
    for story in stories:
        story.tag_list = names[story.pk]
    return stories


def with_assessment_counts(stories: list, user: User) -> list:
    """Set `assessment_count` and `my_assessment_count` on each story (one query)."""
    counts = {
        row["story_id"]: row
        for row in Assessment.objects.filter(story_id__in=[story.pk for story in stories])
        .values("story_id")
        .annotate(n=Count("pk"), mine=Count("pk", filter=Q(assessor=user)))
        .order_by()
    }
    for story in stories:
        row = counts.get(story.pk, {})
        story.assessment_count = row.get("n", 0)
        story.my_assessment_count = row.get("mine", 0)
    return stories


@dataclass
class AssessmentRow:
    criterion: SelectionCriterion
    mine: Assessment | None
    others: list[Assessment] = field(default_factory=list)

    @property
    def tally(self) -> dict[str, int]:
        result = {v: 0 for v in Assessment.Verdict.values}
        for a in ([self.mine] if self.mine else []) + self.others:
            result[a.verdict] += 1
        return result


def assessment_rows(story: SuccessStory, user: User) -> list[AssessmentRow]:
    """Each criterion with the user's own assessment and the other members'."""
    criteria = list(story.program.criteria.order_by("position", "pk"))
    rows = {c.pk: AssessmentRow(criterion=c, mine=None) for c in criteria}
    for a in story.assessments.select_related("assessor"):
        row = rows.get(a.criterion_id)
        if row is None:
            continue
        if a.assessor_id == user.pk:
            row.mine = a
        else:
            row.others.append(a)
    return [rows[c.pk] for c in criteria]


def decision_standing(story: SuccessStory) -> SelectionDecision | None:
    """The story's standing decision (the last one, which no later one replaces), or None."""
    return (
        SelectionDecision.objects.standing()
        .filter(story=story)
        .select_related("meeting", "decided_by")
        .first()
    )


def decision_history(story: SuccessStory) -> list[SelectionDecision]:
    """Every decision on the story, the standing one first, then the ones it replaced in turn.
    Each carries `standing` (True for the first) and `replaced_by_row` (the decision that
    replaced it, from the same list: no query a row)."""
    rows = list(
        story.decisions.select_related("meeting", "decided_by").order_by("-decided_at", "-pk")
    )
    by_pk = {d.pk: d for d in rows}
    for d in rows:
        d.replaced_by_row = None
        d.replaces_row = by_pk.get(d.replaces_id)
    for d in rows:
        if d.replaces_row is not None:
            d.replaces_row.replaced_by_row = d
    for d in rows:
        d.standing = d.replaced_by_row is None
    return rows


def nominees_for_meeting(
    meeting: Meeting, stories: list[SuccessStory] | None = None
) -> list[tuple[SuccessStory, SelectionDecision | None]]:
    """Stories awaiting a decision or decided at this meeting (or the given page of them),
    each with its standing decision if this meeting took it, and its assessment tally
    (`met_count`, `not_met_count`, `unsure_count`; one query for all: counted in the stories'
    query, each count would be a subquery to build, and to count the pages with)."""
    if stories is None:
        stories = list(nominee_stories(meeting))
    ids = [s.pk for s in stories]
    # The story's standing decision where this meeting took it (one taken since at another
    # meeting is not this meeting's to show).
    decisions = {
        d.story_id: d
        for d in SelectionDecision.objects.standing().filter(meeting=meeting, story_id__in=ids)
    }
    tallies: dict[tuple[int, str], int] = {
        (story_id, verdict): n
        for story_id, verdict, n in Assessment.objects.filter(story_id__in=ids)
        .order_by()
        .values_list("story_id", "verdict")
        .annotate(n=Count("pk"))
    }
    for s in stories:
        # the tallies, kept on each story for the meeting page (not fields of the model)
        s.met_count = tallies.get((s.pk, "met"), 0)  # type: ignore[attr-defined]
        s.not_met_count = tallies.get((s.pk, "not_met"), 0)  # type: ignore[attr-defined]
        s.unsure_count = tallies.get((s.pk, "unsure"), 0)  # type: ignore[attr-defined]
    return [(s, decisions.get(s.pk)) for s in stories]


def nominee_stories(meeting: Meeting) -> QuerySet[SuccessStory]:
    """Stories awaiting a decision or decided at this meeting (their tally: see
    `nominees_for_meeting`)."""
    return (
        SuccessStory.objects.usable(meeting.program)
        .alias(
            decided_here=Exists(
                SelectionDecision.objects.filter(story=OuterRef("pk"), meeting=meeting)
            )
        )
        .filter(
            Q(status__in=[SuccessStory.Status.NOMINATED, SuccessStory.Status.ON_HOLD])
            | Q(decided_here=True)
        )
        # What a decision row draws, no more.
        .only("pk", "program_id", "title", "status")
        .order_by("title", "pk")
    )


def nominee_to_assess_after(story: SuccessStory, user: User) -> SuccessStory | None:
    """The next nominee still open to assessment after `story`, in the order of the
    nominations page (newest first), among the stories the user may see."""
    later = Q(nominated_at__lt=story.nominated_at) | Q(
        nominated_at=story.nominated_at, pk__lt=story.pk
    )
    return (
        (SuccessStory.objects.usable(story.program) & visible_stories(user))
        .filter(later, status__in=[SuccessStory.Status.NOMINATED, SuccessStory.Status.ON_HOLD])
        .order_by("-nominated_at", "-pk")
        .only("pk", "title")
        .first()
    )


@dataclass
class MeetingProgress:
    """How far a selection meeting is: `decided` of its `total` nominees decided at it."""

    decided: int
    total: int


def meeting_progress(meeting: Meeting) -> MeetingProgress:
    counts = nominee_stories(meeting).aggregate(
        total=Count("pk"), decided=Count("pk", filter=Q(decided_here=True))
    )
    return MeetingProgress(decided=counts["decided"], total=counts["total"])


@dataclass
class NomineeStep:
    """One nominee of a meeting taken alone: its place and its neighbours (pks, or None)."""

    position: int
    previous: int | None
    next: int | None
    next_undecided: int | None


def nominee_step(meeting: Meeting, story_pk: int) -> NomineeStep:
    """Where the nominee stands in the meeting's order (`nominee_stories`); Http404 when
    it is not one of the meeting's nominees."""
    order = list(
        nominee_stories(meeting)
        .annotate(decided=Exists(
            SelectionDecision.objects.filter(story=OuterRef("pk"), meeting=meeting)
        ))
        .values_list("pk", "decided")
    )  # fmt: skip
    pks = [pk for pk, _decided in order]
    if story_pk not in pks:
        raise Http404
    at = pks.index(story_pk)
    undecided = [pk for pk, decided in order[at + 1 :] + order[:at] if not decided]
    return NomineeStep(
        position=at + 1,
        previous=pks[at - 1] if at > 0 else None,
        next=pks[at + 1] if at + 1 < len(pks) else None,
        next_undecided=undecided[0] if undecided else None,
    )


def first_nominee_to_decide(meeting: Meeting) -> int | None:
    """The first nominee not decided at this meeting, else the first nominee."""
    qs = nominee_stories(meeting)
    decided = SelectionDecision.objects.filter(story=OuterRef("pk"), meeting=meeting)
    first = qs.filter(~Exists(decided)).values_list("pk", flat=True).first()
    return first or qs.values_list("pk", flat=True).first()


@dataclass
class TagCoverage:
    tag: PopulationTerm
    selected: int
    nominated: int


def diversity_coverage(program: Program) -> tuple[list[TagCoverage], int, int]:
    """How the selected stories, together, cover the populations of the program's vocabulary:
    a story counts once for a population, whatever the language of the tags it carries."""
    own = Q(tags__stories__organization_id=program.organization_id)
    terms = program.population_terms.annotate(
        selected=Count(
            "tags__stories", filter=own & Q(tags__stories__status="selected"), distinct=True
        ),
        nominated=Count("tags__stories", filter=own, distinct=True),
    )
    rows = sorted(
        (TagCoverage(tag=t, selected=t.selected, nominated=t.nominated) for t in terms),
        key=lambda row: (-row.selected, row.tag.label().lower()),
    )
    # Both counts in one query: joined with their tags, a story with none counts once (its
    # tag is null), a story with several is counted once by `distinct`.
    counts = (
        SuccessStory.objects.usable(program)
        .filter(status="selected")
        .aggregate(
            total=Count("pk", distinct=True),
            untagged=Count("pk", filter=Q(tags__isnull=True)),
        )
    )
    return rows, counts["total"], counts["untagged"]


def students_of_story(story: SuccessStory) -> list[User]:
    """The students assigned to the story, by name (for their names alone)."""
    return list(
        User.objects.filter(story_assignments__story=story)
        .only("pk", "full_name")
        .order_by("full_name", "pk")
    )


def students_of_program(program: Program) -> QuerySet[User]:
    return User.objects.filter(
        memberships__program=program, memberships__role=Role.STUDENT
    ).distinct()
