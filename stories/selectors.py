"""Scoped reads of stories, criteria, assessments and decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from lfs_site.evaluate import choice_labels
from lfs_site.queries import count_of
from organizations.models import Meeting, Program, Role, User
from organizations.selectors import (
    ProgramAccess,
    committee_members,
)

from .ledger import later_withdrawal, scope_state, scope_states
from .models import (
    Answer,
    Assessment,
    ClientIdentity,
    Consent,
    DiversityTag,
    DraftComment,
    Interview,
    Principle,
    SelectionCriterion,
    SelectionDecision,
    StoryApproval,
    StoryAssignment,
    StoryDraft,
    StoryErasure,
    SuccessStory,
)
from .realnames import reveals_real_name
from .visibility import StoryAccess, story_access, visibility_of, visible_stories

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_stubs_ext import WithAnnotations


def _story_facts(user: User, to_story: str = "") -> dict:
    """Annotations a story's access needs, read with the story (or with a row that belongs to
    it: `to_story` is the path to the story, "story__"): whether the story is assigned to the
    user (one small EXISTS)."""
    story_ref = f"{to_story}id" if to_story else "pk"
    return {
        "story_assigned_to_user": Exists(
            StoryAssignment.objects.filter(story_id=OuterRef(story_ref), student_id=user.pk)
        ),
    }


#: What a story's access needs besides its own columns: its program and organization.
STORY_ACCESS = ("program__organization",)
#: What a story's pages draw of it besides: its department and teller.
STORY_SHOWN = ("department", "told_by")


def _story_access(user: User, story: SuccessStory, facts) -> StoryAccess:
    """`visibility.story_access` with the facts read with the story (`_story_facts`)."""
    return story_access(user, story, assigned=facts.story_assigned_to_user)


def story_get_for_user(user: User, pk: int) -> tuple[SuccessStory, StoryAccess]:
    """A story the user may see: the committee's, the director's, a companion's, the teller's,
    or an assigned student's. Anyone else gets a 404. With what its pages draw of it."""
    if not user.is_authenticated:
        raise Http404
    try:
        story = (
            SuccessStory.objects.select_related(*STORY_ACCESS, *STORY_SHOWN)
            .annotate(**_story_facts(user))
            .get(pk=pk)
        )
    except SuccessStory.DoesNotExist:
        raise Http404 from None
    return story, _story_access(user, story, story)


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
        qs = qs.filter(tags__name__iexact=tag)
    # What the page draws, no more (its tags come from `with_tag_names`).
    return qs.order_by("-nominated_at", "-pk").values_list(*NOMINATION_FIELDS)


def with_tag_names(stories: list) -> list:
    """Set `tag_list`, the names of each story's tags in order (one query, no tag instances:
    `story.tags.all` in the page's loop would build a queryset per row)."""
    names: dict[int, list[str]] = {story.pk: [] for story in stories}
    for story_id, name in (
        SuccessStory.tags.through.objects.filter(successstory_id__in=list(names))
        .order_by("diversitytag__name", "diversitytag_id")
        .values_list("successstory_id", "diversitytag__name")
    ):
        names[story_id].append(name)
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


def stories_told_by(user: User) -> QuerySet[SuccessStory]:
    return (
        SuccessStory.objects.filter(told_by=user)
        .select_related("program__organization", "department")
        .order_by("-nominated_at")
    )


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
    tag: DiversityTag
    selected: int
    nominated: int


def diversity_coverage(program: Program) -> tuple[list[TagCoverage], int, int]:
    """How the selected stories, together, cover the program's population tags."""
    own = Q(stories__organization_id=program.organization_id)
    tags = program.tags.annotate(
        selected=Count("stories", filter=own & Q(stories__status="selected"), distinct=True),
        nominated=Count("stories", filter=own, distinct=True),
    ).order_by("-selected", "name")
    rows = [TagCoverage(tag=t, selected=t.selected, nominated=t.nominated) for t in tags]
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


@dataclass
class WaitingItem:
    who: str
    what: str
    count: int
    url_name: str = ""


@dataclass
class DashboardData:
    counts: dict[str, int]
    criteria_count: int
    committee_size: int
    meeting_count: int
    next_meeting: Meeting | None
    waiting: list[WaitingItem]
    my_pending_assessments: int


def program_dashboard(access: ProgramAccess, user: User) -> DashboardData:
    """Counts and what is waiting for whom, in a fixed number of queries."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    program = access.program
    stories = SuccessStory.objects.usable(program)
    by_status = dict(stories.values_list("status").annotate(n=Count("pk")).order_by())
    counts = {s: by_status.get(s, 0) for s in SuccessStory.Status.values}
    counts["total"] = sum(by_status.values())
    criteria_count = program.criteria.count()
    members = list(committee_members(program).values_list("pk", flat=True))
    open_stories = counts["nominated"] + counts["on_hold"]
    expected = open_stories * criteria_count
    per_member = dict(
        Assessment.objects.filter(
            story__in=stories.filter(status__in=["nominated", "on_hold"]),
            assessor_id__in=members,
        )
        .values_list("assessor_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    members_behind = sum(1 for m in members if per_member.get(m, 0) < expected)
    meetings = Meeting.objects.filter(program=program)
    next_meeting = meetings.filter(held_at__gte=timezone.now()).order_by("held_at").first()
    waiting: list[WaitingItem] = []
    if members_behind and expected:
        waiting.append(
            WaitingItem(
                who=str(Role.COMMITTEE.label),
                what=_("members still have nominees to assess"),
                count=members_behind,
                url_name="stories:nominations",
            )
        )
    if open_stories:
        waiting.append(
            WaitingItem(
                who=_("Selection meeting"),
                what=_("nominees waiting for a decision"),
                count=open_stories,
                url_name="organizations:committee",
            )
        )
    if not members:
        waiting.append(
            WaitingItem(
                who=str(Role.DIRECTOR.label),
                what=_("the steering committee needs members"),
                count=0,
                url_name="organizations:committee",
            )
        )
    mine = 0
    if user.pk in members:
        mine = max(expected - per_member.get(user.pk, 0), 0)
    return DashboardData(
        counts=counts,
        criteria_count=criteria_count,
        committee_size=len(members),
        meeting_count=meetings.count(),
        next_meeting=next_meeting,
        waiting=waiting,
        my_pending_assessments=mine,
    )


# Documentation ----------------------------------------------------------------------------


@dataclass
class Publishability:
    ok: bool
    reasons: list[str]


def publishability_for(stories: Sequence[SuccessStory]) -> dict[int, Publishability]:
    """Whether each story may be published, and why not, from the consent ledger by its one
    rule (`stories.ledger`: the latest event per interviewee decides), in 3 queries: the
    interviews, their publication consents (`scope_states`) and the erasures."""
    ids = [s.pk for s in stories]
    # Plain rows, not model instances: a book or an overview asks this for a hundred stories.
    rows = list(
        Interview.objects.filter(story_id__in=ids)
        .order_by("held_on", "pk")
        .values_list("pk", "story_id", "interviewee_role", "interviewee_label")
    )
    states = scope_states([row[0] for row in rows], Consent.Scope.PUBLICATION)
    roles = choice_labels(Interview.IntervieweeRole.choices)
    interviews: dict[int, list[tuple[str, bool, dt.date | None]]] = {pk: [] for pk in ids}
    for pk, story_id, role, label in rows:
        interviews[story_id].append((f"{roles.get(role, role)}: {label}", *states[pk]))
    return _publishability(ids, interviews)


def _publishability(
    ids: list[int], interviews: dict[int, list[tuple[str, bool, dt.date | None]]]
) -> dict[int, Publishability]:
    """The verdicts from each story's interviews (who, whether their publication consent
    stands, when it was last withdrawn; in order) and the erasure ledger (1 query)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    erased = set(
        StoryErasure.objects.filter(story_number__in=ids).values_list("story_number", flat=True)
    )
    result = {}
    for pk in ids:
        if pk in erased:
            reasons = [_("The client's data was erased at their request: it is never published.")]
            result[pk] = Publishability(ok=False, reasons=reasons)
            continue
        reasons = []
        if not interviews[pk]:
            reasons.append(_("No interview has been documented yet."))
        for who, stands, withdrawn_on in interviews[pk]:
            if stands:
                continue
            if withdrawn_on is not None:
                reasons.append(
                    _("%(who)s withdrew publication consent on %(date)s.")
                    % {"who": who, "date": date_format(withdrawn_on, "DATE_FORMAT")}
                )
            else:
                reasons.append(_("No publication consent from %(who)s.") % {"who": who})
        result[pk] = Publishability(ok=not reasons, reasons=reasons)
    return result


def story_publishability(
    story: SuccessStory, interviews: list[Interview] | None = None
) -> Publishability:
    """Whether the story may be published; from `interviews` when given (all the story's
    interviews from `interviews_for_story`, which decides their consent as they are read):
    then only the erasure ledger is read (1 query, not 2)."""
    if interviews is None:
        return publishability_for([story])[story.pk]
    roles = choice_labels(Interview.IntervieweeRole.choices)
    rows = [
        (
            f"{roles.get(i.interviewee_role, i.interviewee_role)}: {i.interviewee_label}",
            i.publication_stands,  # type: ignore[attr-defined]  # interviews_for_story sets it
            i.publication_withdrawn_on,  # type: ignore[attr-defined]  # and this
        )
        for i in interviews
    ]
    return _publishability([story.pk], {story.pk: rows})[story.pk]


@dataclass
class StoryProgress:
    story: SuccessStory
    publishability: Publishability
    todo: list[str]
    students: list[str] = field(default_factory=list)  # the assigned students' names


class ProgressCounts(TypedDict):
    """What `_progress_queryset` reads with each story."""

    interview_count: int
    client_interview_count: int
    answered_count: int
    latest_draft: int | None
    principle_count: int
    is_approved: bool


def _progress_queryset(
    qs: QuerySet[SuccessStory],
) -> QuerySet[WithAnnotations[SuccessStory, ProgressCounts]]:
    return (
        qs.select_related("program", "department")
        .annotate(
            interview_count=count_of(Interview.objects.all(), "story"),
            client_interview_count=count_of(
                Interview.objects.filter(interviewee_role="client"), "story"
            ),
            answered_count=count_of(Answer.objects.exclude(text=""), "interview__story"),
            latest_draft=Subquery(
                StoryDraft.objects.filter(story=OuterRef("pk"))
                .order_by("-version")
                .values("version")[:1]
            ),
            principle_count=count_of(Principle.objects.all(), "story"),
            is_approved=Exists(StoryApproval.objects.filter(story=OuterRef("pk"))),
        )
        .order_by("title", "pk")
    )


def _todo(
    story: WithAnnotations[SuccessStory, ProgressCounts], publishable: Publishability
) -> list[str]:
    from django.utils.translation import gettext as _

    todo = []
    if not story.client_interview_count:
        todo.append(_("Interview the client"))
    if story.interview_count < 2:
        todo.append(_("Interview the professionals"))
    expected = story.interview_count * 10
    if story.interview_count and story.answered_count < expected:
        todo.append(_("%(n)d answers still empty") % {"n": expected - story.answered_count})
    if not publishable.ok:
        todo.append(_("Record publication consent"))
    if not story.latest_draft:
        todo.append(_("Write the story"))
    elif not story.is_approved:
        todo.append(_("Waiting for the committee's approval"))
    if not story.principle_count:
        todo.append(_("Add principles of action"))
    return todo


def _progress(
    stories: list[WithAnnotations[SuccessStory, ProgressCounts]], with_students: bool = False
) -> list[StoryProgress]:
    publishable = publishability_for(stories)
    students: dict[int, list[str]] = {}
    if with_students:
        for story_id, name in (
            StoryAssignment.objects.filter(story_id__in=[s.pk for s in stories])
            .order_by("pk")
            .values_list("story_id", "student__full_name")
        ):
            students.setdefault(story_id, []).append(name)
    return [
        StoryProgress(
            story=s,
            publishability=publishable[s.pk],
            todo=_todo(s, publishable[s.pk]),
            students=students.get(s.pk, []),
        )
        for s in stories
    ]


def assignments_for_student(user: User) -> list[StoryProgress]:
    """The stories assigned to this student (as the one rule opens them), with what is left to
    do on each."""
    assigned = visibility_of(user).assigned_q()
    if assigned is None:
        return []  # only a student documents
    stories = list(_progress_queryset(SuccessStory.objects.filter(assigned)))
    return _progress(stories)


def documentation_overview_stories(
    program: Program,
) -> QuerySet[WithAnnotations[SuccessStory, ProgressCounts]]:
    """The program's selected stories with their documentation counts (to paginate): of each
    story only what the overview draws."""
    return (
        _progress_queryset(
            SuccessStory.objects.usable(program).filter(status=SuccessStory.Status.SELECTED)
        )
        .select_related(None)
        .only("pk", "program_id", "title", "status")
    )


def documentation_overview(
    program: Program,
    stories: list[WithAnnotations[SuccessStory, ProgressCounts]] | None = None,
) -> list[StoryProgress]:
    """What is left to document on each selected story (or on the given page of them)."""
    if stories is None:
        stories = list(documentation_overview_stories(program))
    return _progress(stories, with_students=True)


def interviews_for_story(story: SuccessStory) -> list[Interview]:
    """The story's interviews as its documentation page lists them: how many answers are
    written, their consent ledgers (each row with `superseded`), and where their publication
    consent stands (`publication_stands`, `publication_withdrawn_on`: from those rows, for
    `story_publishability`). Two queries."""
    interviews: list[Interview] = list(
        story.interviews.only("pk", "story_id", "interviewee_role", "interviewee_label", "held_on")
        .annotate(answered=count_of(Answer.objects.exclude(text=""), "interview"))
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.annotate(superseded=later_withdrawal())
                .only("pk", "interview_id", "scope", "given_on", "recorded_at", "withdrawn_on")
                .order_by("scope", "given_on", "recorded_at", "pk"),
            )
        )
        .order_by("held_on", "pk")
    )
    for interview in interviews:
        # kept on each interview for story_publishability (not fields of the model)
        interview.publication_stands, interview.publication_withdrawn_on = scope_state(  # type: ignore[attr-defined]
            c for c in interview.consents.all() if c.scope == Consent.Scope.PUBLICATION
        )
    return interviews


def _with_story_access(model, user: User, pk: int, shown: tuple[str, ...]):
    """A row of a story (an interview, a draft) with its story, what its page draws of them
    (`shown`) and the user's access to the story, in one query; a 404 for an unknown row or a
    story the user may not see."""
    if not user.is_authenticated:
        raise Http404
    related = tuple(f"story__{r}" for r in STORY_ACCESS)
    try:
        row = (
            model.objects.select_related(*related, *shown)
            .annotate(**_story_facts(user, "story__"))
            .get(pk=pk)
        )
    except model.DoesNotExist:
        raise Http404 from None
    return row, _story_access(user, row.story, row)


#: What an interview's pages draw of it and its story.
INTERVIEW_SHOWN = ("question_set", "interviewer", *(f"story__{r}" for r in STORY_SHOWN))


def interview_get_for_user(user: User, pk: int) -> tuple[Interview, StoryAccess]:
    """An interview of a story the user may document or review; 404 for anyone else. The
    interview, its story and what the access needs: one query."""
    interview, access = _with_story_access(Interview, user, pk, INTERVIEW_SHOWN)
    if not access.can_see_interviews:
        raise Http404
    return interview, access


def consent_get_for_user(user: User, pk: int) -> tuple[Consent, StoryAccess]:
    consent = (
        Consent.objects.select_related("interview__story__department", "interview__story__told_by")
        .filter(pk=pk)
        .first()
    )
    if consent is None:
        raise Http404
    _interview, access = interview_get_for_user(user, consent.interview_id)
    return consent, access


#: What a draft's page draws of it and its story.
DRAFT_SHOWN = ("author", *(f"story__{r}" for r in STORY_SHOWN))


def draft_get_for_user(user: User, pk: int) -> tuple[StoryDraft, StoryAccess]:
    """A draft of a story the user may see the drafts of; 404 for anyone else. The draft, its
    story and what the access needs: one query."""
    draft, access = _with_story_access(StoryDraft, user, pk, DRAFT_SHOWN)
    if not access.can_see_drafts:
        raise Http404
    return draft, access


# The client's real name: read to keep it out, never to show it -----------------------------


def real_names_of_story(story_id: int) -> list[str]:
    """The story's client's real name (none, or one), to check texts against: never drawn."""
    return list(
        ClientIdentity.objects.filter(story_id=story_id)
        .exclude(real_name="")
        .values_list("real_name", flat=True)
    )


def real_names_of_program(program_id: int) -> list[str]:
    """The real names of every client of the program's stories (a book is composed from them),
    to check texts against: never drawn."""
    return list(
        ClientIdentity.objects.filter(story__program_id=program_id)
        .exclude(real_name="")
        .values_list("real_name", flat=True)
    )


def withheld_from(access: StoryAccess, draft: StoryDraft) -> bool:
    """Whether a version is withheld from the reader: it holds the client's real name
    (`StoryDraft.holds_real_name`) and the reader may not see the identity (everyone but the
    assigned students and the director: the committee, companions, the teller)."""
    return draft.holds_real_name and not access.can_see_identity


def drafts_holding_real_name(story: SuccessStory) -> int:
    """How many versions of the story hold its client's real name (and are withheld)."""
    return StoryDraft.objects.filter(story=story, holds_real_name=True).count()


def comments_shown(draft: StoryDraft, access: StoryAccess) -> list:
    """The version's comments with their authors; for a reader who may not see the identity,
    each comment that reveals the client's real name (written before names were checked) is
    marked `withheld` and its text left out."""
    comments = list(draft.comments.select_related("author"))
    names = [] if access.can_see_identity or not comments else real_names_of_story(draft.story_id)
    for comment in comments:
        withheld = bool(names) and reveals_real_name(comment.body, names)
        comment.withheld = withheld  # type: ignore[attr-defined]  # for the template
        if withheld:
            comment.body = ""
    return comments


def drafts_for_story(story: SuccessStory) -> QuerySet[StoryDraft]:
    return (
        story.drafts.select_related("author")
        .annotate(comment_count=count_of(DraftComment.objects.all(), "draft"))
        .order_by("-version")
    )


def draft_list_for_story(story: SuccessStory) -> list[StoryDraft]:
    """The story's versions as its documentation page lists them: number, author's name,
    date, note, whether it holds the real name, how many comments; not their texts."""
    return list(
        drafts_for_story(story).only(
            "pk",
            "story_id",
            "version",
            "note",
            "created_at",
            "holds_real_name",
            "author__full_name",
        )
    )


def approval_shown(story: SuccessStory) -> StoryApproval | None:
    """The story's approval with the version approved and its approver's name (not the text)."""
    return (
        StoryApproval.objects.filter(story=story)
        .select_related("draft", "approved_by")
        .only("pk", "story_id", "approved_at", "draft__version", "approved_by__full_name")
        .first()
    )


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


# Progress chart ---------------------------------------------------------------------------
