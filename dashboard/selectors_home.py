"""What is waiting for one person across their programs: the home page's "waiting for you".

Each kind of task is read for all the person's programs at once, so the home page runs the same
number of queries whatever the number of programs, stories or meetings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companions.models import TrainingSession
from lfs_site.evaluate import choice_labels
from lfs_site.queries import count_of
from methods.models import Workshop
from organizations.models import Meeting, Program, ProgramTeam, Role, User
from organizations.selectors import (
    ProgramAccess,
    memberships_of,
    organizations_directed_by,
    program_list_for_user,
)
from publications.models import BookRender, StoryBook
from stories.documentation.selectors import _progress_queryset, _todo
from stories.models import (
    Assessment,
    Consent,
    Interview,
    SelectionCriterion,
    SelectionDecision,
    StoryApproval,
    StoryDraft,
    StoryErasure,
    SuccessStory,
)
from stories.rights.ledger import standing_consent
from stories.rights.selectors import Publishability
from stories.selectors import stories_told_by
from stories.visibility import visibility_of

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

#: At most this many meetings, decisions or sessions are listed (the soonest or newest).
LIST_LIMIT = 5


@dataclass
class Task:
    """One thing waiting for the person, with where to do it."""

    kind: str
    text: str
    url: str
    #: The title of the task's program (None: not a program's task).
    program: str | None = None
    when: object = None


@dataclass
class Waiting:
    tasks: list[Task] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    def add(self, **kwargs) -> None:
        self.tasks.append(Task(**kwargs))


def _open_statuses() -> list[str]:
    """Stories still waiting for a decision."""
    return [SuccessStory.Status.NOMINATED, SuccessStory.Status.ON_HOLD]


@functools.cache
def _story_counts() -> dict:
    """The annotations every home page reads, built once per process: an expression is copied,
    never changed, when a queryset uses it."""
    return {
        "story_count": count_of(SuccessStory.objects.hosts_own(), "program"),
        "open_count": count_of(
            SuccessStory.objects.hosts_own().filter(status__in=_open_statuses()), "program"
        ),
    }


@functools.cache
def _criteria_count() -> Coalesce:
    return count_of(SelectionCriterion.objects.all(), "program")


@functools.cache
def _review_counts() -> dict:
    """For those who review drafts: the program's stories with a draft and no approval yet, and
    whether partner organizations' teams take part (then whose story is whose needs the full
    search scope)."""
    return {
        "unapproved_count": count_of(
            SuccessStory.objects.hosts_own().filter(
                Exists(StoryDraft.objects.filter(story_id=OuterRef("pk"))),
                ~Exists(StoryApproval.objects.filter(story_id=OuterRef("pk"))),
            ),
            "program",
        ),
        "has_teams": Exists(ProgramTeam.objects.filter(program_id=OuterRef("pk"))),
    }


class HomeCounts(TypedDict, total=False):
    """What `programs_with_story_counts` counts per program (the last four for some roles)."""

    story_count: int
    open_count: int
    criteria_count: int
    assessed_count: int
    unapproved_count: int
    has_teams: bool


def programs_with_story_counts(user: User) -> list[WithAnnotations[Program, HomeCounts]]:
    """The person's programs, each with its number of stories and of stories still open
    (nominated or on hold): one query, counted per program (not by joining every story).

    What the "waiting for you" list needs of each program is counted in the same query, for
    those whose roles ask for it: the criteria and the person's own assessments of open stories
    (committee members), the drafts waiting for approval (directors, committee members and
    companions)."""
    roles = {m.role for m in memberships_of(user)} if user.is_authenticated else set()
    counts = dict(_story_counts())
    if Role.COMMITTEE in roles:
        counts["criteria_count"] = _criteria_count()
        counts["assessed_count"] = count_of(
            Assessment.objects.filter(assessor=user, story__status__in=_open_statuses()),
            "story__program",
        )
    if roles & {Role.DIRECTOR, Role.COMMITTEE, Role.COMPANION}:
        counts.update(_review_counts())
    # the annotations chosen by role: mypy cannot read them from a dict, HomeCounts names them
    programs = program_list_for_user(user).annotate(**counts)
    return cast("list[WithAnnotations[Program, HomeCounts]]", list(programs))


@dataclass
class AssignedStory:
    """A story assigned to the student, as the home page draws it: `story` holds its pk,
    title, program_title, interview_count, latest_draft and is_approved (plain values)."""

    story: object
    todo: list[str]


@functools.cache
def _assigned_stories() -> QuerySet:
    """Assigned stories with their documentation counts and whether they may be published (as
    `stories.rights.selectors.publishability_for` decides it: not erased, interviewed, and every
    interview's publication consent standing by the ledger's one rule, `stories.rights.ledger`), in
    one query. Built once per process; each request filters a copy."""
    from django.db.models import F

    standing = standing_consent(Consent.Scope.PUBLICATION)
    return (
        _progress_queryset(SuccessStory.objects.all())
        .annotate(
            program_title=F("program__title"),
            erased=Exists(StoryErasure.objects.filter(story_number=OuterRef("pk"))),
            unconsented=Exists(Interview.objects.filter(story_id=OuterRef("pk")).filter(~standing)),
        )
        .values_list(
            "pk",
            "title",
            "program_title",
            "interview_count",
            "client_interview_count",
            "answered_count",
            "latest_draft",
            "principle_count",
            "is_approved",
            "erased",
            "unconsented",
            named=True,
        )
    )


def assignments_for_home(user: User) -> list[AssignedStory]:
    """The stories assigned to this student (as the one rule opens them), with what is left to
    do on each (one query)."""

    assigned = visibility_of(user).assigned_q()
    if assigned is None:
        return []  # only a student documents
    rows = []
    for story in _assigned_stories().filter(assigned):
        ok = story.interview_count > 0 and not story.erased and not story.unconsented
        rows.append(AssignedStory(story=story, todo=_todo(story, Publishability(ok, []))))
    return rows


@dataclass
class ToldStory:
    """A story the person told, as the home page lists it."""

    pk: int
    title: str
    program_title: str
    status: str
    status_label: str


def stories_told_for_home(user: User, limit: int = 20) -> list[ToldStory]:
    """The newest stories the person told (`stories.selectors.stories_told_by`), as plain
    values."""
    labels = choice_labels(SuccessStory.Status.choices)
    return [
        ToldStory(pk, title, program_title, status, labels.get(status, status))
        for pk, title, program_title, status in stories_told_by(user).values_list(
            "pk", "title", "program__title", "status"
        )[:limit]
    ]


def organizations_directed_for_home(user: User, rows: list[tuple[Program, ProgramAccess]]) -> list:
    """`organizations_directed_by`, from the memberships already read: a director of one
    organization with programs finds it among the programs' organizations (no query)."""
    if not user.is_authenticated:
        return []
    ids = {
        m.organization_id
        for m in memberships_of(user)
        if m.role == Role.DIRECTOR and m.program_id is None
    }
    if not ids:
        return []
    if len(ids) == 1:
        for program, _access in rows:
            if program.organization_id in ids:
                return [program.organization]
    return list(organizations_directed_by(user))


def _programs(
    rows: list[tuple[WithAnnotations[Program, HomeCounts], ProgramAccess]], test
) -> dict[int, WithAnnotations[Program, HomeCounts]]:
    return {p.pk: p for p, access in rows if test(access)}


@functools.cache
def _lists() -> dict[str, QuerySet]:
    """The lists of tasks as plain values, without the person's filters: built once per process,
    each request filters a copy (never evaluated themselves)."""
    return {
        "meetings": Meeting.objects.order_by("held_at").values_list(
            "pk", "title", "held_at", "program_id"
        ),
        "workshops": Workshop.objects.filter(
            status__in=[Workshop.Status.PLANNED, Workshop.Status.OPEN]
        )
        .order_by("scheduled_for")
        .values_list("pk", "title", "status", "scheduled_for", "program_id"),
        # With when each book was last rendered.
        "books": StoryBook.objects.annotate(
            last_done=Max("renders__finished_at", filter=Q(renders__status=BookRender.Status.DONE))
        )
        .order_by("program_id", "title")
        .values_list("pk", "title", "updated_at", "program_id", "last_done"),
        # Each story's standing decision (the one its teller is told of), and whether it is
        # a correction.
        "decisions": SelectionDecision.objects.standing()
        .annotate(
            corrected=ExpressionWrapper(~Q(correction_reason=""), output_field=BooleanField())
        )
        .order_by("-decided_at")
        .values_list(
            "story_id",
            "story__title",
            "outcome",
            "decided_at",
            "story__program__title",
            "corrected",
        ),
    }


def _drafts_waiting(
    user: User, reviewing: dict[int, WithAnnotations[Program, HomeCounts]]
) -> dict[int, int]:
    """Per program, how many stories whose interviews the person may read have a draft and no
    approval (programs without any are left out).

    Of a program without partner teams every story is its organization's, so its director and
    its committee members and companions see all of them: the count read with the programs
    (`unapproved_count`) is theirs. The stories of programs with partner teams are counted
    through the one rule of who may see a story (`stories.visibility`), in one query (a partner
    team's stories are its own)."""
    if not reviewing:
        return {}
    scope = visibility_of(user)
    counts: dict[int, int] = {}
    exact = []
    for pk, program in reviewing.items():
        if not program.has_teams and scope.sees_all(program.organization_id, pk):
            if program.unapproved_count:
                counts[pk] = program.unapproved_count
        else:
            exact.append(pk)
    if exact:
        counts.update(
            scope.stories(interviews=True)
            .filter(
                program_id__in=exact,
                drafts__isnull=False,
                approval__isnull=True,
            )
            .values_list("program_id")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
    return {pk: counts[pk] for pk in reviewing if counts.get(pk)}


def waiting_for(
    user: User,
    rows: list[tuple[WithAnnotations[Program, HomeCounts], ProgramAccess]],
    assigned: list | None = None,
) -> Waiting:
    """Assessments to make, meetings coming up, drafts to approve or review, workshops to run,
    books to render or download, decisions on one's own stories, training sessions ahead, and
    (from `assigned`, the student's `AssignedStory` rows) interviews and drafts to write.

    `rows` are the person's programs from `programs_with_story_counts` (with the counts read
    there) and their access to each. Lists are read as plain values: a task draws a title, a
    date and its program's title."""
    waiting = Waiting()
    waiting.roles = {m.role for m in memberships_of(user)} if user.is_authenticated else set()
    if user.is_unit:
        waiting.roles.add("unit")
    now = timezone.now()

    # Interviews, consent and drafts (students): what is left on each assigned story.
    for row in assigned or []:
        if row.todo:
            waiting.add(
                kind="document",
                text=_("“%(title)s”: %(todo)s")
                % {"title": row.story.title, "todo": "; ".join(str(t) for t in row.todo)},
                url=reverse("documentation:story_documentation", args=[row.story.pk]),
                program=row.story.program_title,
            )

    # Assessments (committee members): open nominees x criteria - their own assessments,
    # counted with the programs.
    for program, access in rows:
        if access.can_assess:
            left = program.open_count * program.criteria_count - program.assessed_count
            if left > 0:
                waiting.add(
                    kind="assess",
                    text=ngettext(
                        "%(n)d assessment to make",
                        "%(n)d assessments to make",
                        left,
                    )
                    % {"n": left},
                    url=reverse("stories:nominations", args=[program.pk]) + "?status=nominated",
                    program=program.title,
                )

    # Meetings coming up (those who follow the selection).
    following = _programs(rows, lambda a: a.can_view_selection)
    if following:
        for pk, title, held_at, program_id in _lists()["meetings"].filter(
            program_id__in=following, held_at__gte=now
        )[:LIST_LIMIT]:
            waiting.add(
                kind="meeting",
                text=_("Meeting: %(title)s") % {"title": title},
                url=reverse("meetings:meeting_detail", args=[pk]),
                program=following[program_id].title,
                when=held_at,
            )

    # Drafts waiting for approval (director, committee) or a review (companion).
    reviewing = _programs(rows, lambda a: a.can_review)
    for pk, n in _drafts_waiting(user, reviewing).items():
        access = next(a for p, a in rows if p.pk == pk)
        text = (
            ngettext(
                "%(n)d story draft waiting for approval",
                "%(n)d story drafts waiting for approval",
                n,
            )
            if access.can_approve
            else ngettext("%(n)d story draft to review", "%(n)d story drafts to review", n)
        )
        waiting.add(
            kind="drafts",
            text=text % {"n": n},
            url=reverse("documentation:documentation_overview", args=[pk]),
            program=reviewing[pk].title,
        )

    # Workshops to run (director, companion).
    running = _programs(rows, lambda a: a.has(Role.DIRECTOR, Role.COMPANION))
    if running:
        for pk, title, status, scheduled_for, program_id in (
            _lists()["workshops"]
            .filter(program_id__in=running)
            .filter(
                Q(program_id__in=[p.pk for p, a in rows if a.has(Role.DIRECTOR)])
                | Q(facilitator=user)
                | Q(facilitator__isnull=True)
            )[:LIST_LIMIT]
        ):
            text = (
                _("Workshop running now: %(title)s")
                if status == Workshop.Status.OPEN
                else _("Workshop to run: %(title)s")
            )
            waiting.add(
                kind="workshop",
                text=text % {"title": title},
                url=reverse("workshops:workshop_detail", args=[pk]),
                program=running[program_id].title,
                when=scheduled_for,
            )

    # Books to render or download (director, committee).
    composing = _programs(rows, lambda a: a.can_manage_selection)
    if composing:
        for pk, title, updated_at, program_id, last_done in _lists()["books"].filter(
            program_id__in=composing
        ):
            if last_done is None:
                text = _("Book to render: %(title)s")
            elif last_done < updated_at:
                text = _("Book changed since its last render: %(title)s")
            else:
                text = _("Book ready to download: %(title)s")
            waiting.add(
                kind="book",
                text=text % {"title": title},
                url=reverse("publications:book_detail", args=[pk]),
                program=composing[program_id].title,
            )

    # Decisions on the stories one told (everyone who nominates).
    outcomes = choice_labels(SelectionDecision.Outcome.choices)
    decided = _("Decision on your story “%(title)s”: %(outcome)s")
    corrected = _("Corrected decision on your story “%(title)s”: %(outcome)s")
    for story_id, story_title, outcome, decided_at, program_title, correction in _lists()[
        "decisions"
    ].filter(story__told_by=user)[:LIST_LIMIT]:
        waiting.add(
            kind="decision",
            text=(corrected if correction else decided)
            % {"title": story_title, "outcome": outcomes.get(outcome, outcome)},
            url=reverse("stories:story_detail", args=[story_id]),
            program=program_title,
            when=decided_at,
        )

    # Nominations (staff and others who may nominate, while the program selects).
    for program, access in rows:
        if access.can_nominate and program.stage == "selection" and access.has(Role.STAFF):
            waiting.add(
                kind="nominate",
                text=_("The program is selecting stories: nominate a success of yours"),
                url=reverse("stories:nominate", args=[program.pk]),
                program=program.title,
            )

    # Training sessions ahead (the unit).
    if user.is_unit:
        for topic, held_on, cohort_id, cohort_name in (
            TrainingSession.objects.filter(held_on__gte=timezone.localdate())
            .order_by("held_on")
            .values_list("topic", "held_on", "cohort_id", "cohort__name")[:LIST_LIMIT]
        ):
            waiting.add(
                kind="training",
                text=_("Training session: %(topic)s (%(cohort)s)")
                % {"topic": topic, "cohort": cohort_name},
                url=reverse("companions:cohort_detail", args=[cohort_id]),
                when=held_on,
            )
    return waiting
