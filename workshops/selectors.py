"""Scoped reads of workshops, learning questions, cycles, logs and learning patterns.

Every view of these pages gets its objects here. Members of the program see its workshops and
its prospective work; the unit sees neither (no client data leaves the program); anyone else
gets a 404. Running workshops is for the program's director and the companions assigned to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from companions.models import CompanionAssignment
from methods.models_workshops import (
    VOTES_PER_STEP,
    ActionItem,
    Contribution,
    ContributionGroup,
    InquiryCycle,
    LearningLogEntry,
    LearningPattern,
    LearningQuestion,
    Participation,
    PatternEvidence,
    Vote,
    Workshop,
    WorkshopStep,
)
from organizations.models import Program, Role, User
from organizations.selectors import ProgramAccess, program_access, program_get_for_user
from stories.models import SuccessStory
from stories.visibility import visible_stories


@dataclass(frozen=True)
class MethodsAccess:
    """What one person may do with a program's workshops and prospective work."""

    program_access: ProgramAccess
    user: User
    is_assigned_companion: bool = False

    @property
    def program(self) -> Program:
        return self.program_access.program

    @property
    def can_view(self) -> bool:
        return self.program_access.is_member

    @property
    def can_run_workshops(self) -> bool:
        """Plan, open, facilitate and close: the director or an assigned companion."""
        return self.program_access.has(Role.DIRECTOR) or self.is_assigned_companion

    @property
    def can_manage_prospective(self) -> bool:
        """Learning questions, their stages, and the catalogue of learning patterns."""
        return self.can_run_workshops or self.program_access.has(Role.COMMITTEE)


def is_assigned_companion(user: User, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    return CompanionAssignment.objects.filter(
        companion__user=user, program=program, ended_on__isnull=True
    ).exists()


def _access(
    user: User, program: Program, prog_access: ProgramAccess | None = None
) -> MethodsAccess:
    prog_access = prog_access or program_access(user, program)
    assigned = prog_access.has(Role.COMPANION) and is_assigned_companion(user, program)
    return MethodsAccess(prog_access, user, is_assigned_companion=assigned)


def methods_access_for_program(user: User, pk: int) -> MethodsAccess:
    """The program's methods pages: 404 for outsiders, 403 for the unit (it sees progress on
    its dashboard, never the content of the program's workshops)."""
    prog_access = program_get_for_user(user, pk)
    if not prog_access.is_member:
        raise PermissionDenied
    return _access(user, prog_access.program, prog_access)


def _member_access_or_404(user: User, program: Program) -> MethodsAccess:
    if not user.is_authenticated:
        raise Http404
    access = _access(user, program)
    if not access.can_view:
        raise Http404
    return access


def workshop_get_for_user(user: User, pk: int) -> tuple[Workshop, MethodsAccess]:
    workshop = (
        Workshop.objects.select_related("program__organization", "story", "learning_question")
        .filter(pk=pk)
        .first()
    )
    if workshop is None:
        raise Http404
    return workshop, _member_access_or_404(user, workshop.program)


def workshop_version_for_user(user: User, pk: int) -> tuple[Workshop, MethodsAccess]:
    """The cheap read of a poll: the workshop row alone, plus the access check."""
    workshop = Workshop.objects.select_related("program").filter(pk=pk).first()
    if workshop is None:
        raise Http404
    prog_access = program_access(user, workshop.program)
    if not prog_access.is_member:
        raise Http404
    return workshop, MethodsAccess(prog_access, user)


def board_access_or_404(user: User, workshop: Workshop) -> MethodsAccess:
    """The whole access to a workshop read by `workshop_version_for_user` (whether the person
    runs it), for drawing its board without reading the workshop again."""
    return _member_access_or_404(user, workshop.program)


def contribution_get_for_user(user: User, pk: int) -> tuple[Contribution, MethodsAccess]:
    contribution = (
        Contribution.objects.select_related(
            "workshop__program__organization", "workshop__story", "step"
        )
        .filter(pk=pk)
        .first()
    )
    if contribution is None:
        raise Http404
    return contribution, _member_access_or_404(user, contribution.workshop.program)


def action_item_get_for_user(user: User, pk: int) -> tuple[ActionItem, MethodsAccess]:
    item = ActionItem.objects.select_related("workshop__program").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item, _member_access_or_404(user, item.workshop.program)


def workshop_list_for_program(program: Program) -> QuerySet[Workshop]:
    return (
        Workshop.objects.filter(program=program)
        .select_related("facilitator", "story", "learning_question")
        .annotate(contribution_count=Count("contributions", distinct=True))
        .order_by("-scheduled_for")
    )


def story_choices_for(access: MethodsAccess):
    """The program's own stories (`usable`) the person may see (`visible_stories`)."""

    return (SuccessStory.objects.usable(access.program) & visible_stories(access.user)).order_by(
        "title"
    )


def program_people(program: Program) -> QuerySet[User]:
    """Everyone with a role in the program (organization-wide roles included)."""
    return (
        User.objects.filter(
            Q(memberships__program=program)
            | Q(
                memberships__organization_id=program.organization_id,
                memberships__program__isnull=True,
            )
        )
        .distinct()
        .order_by("full_name")
    )


@dataclass
class ContributionView:
    """What a viewer may see of a contribution: never the author of an anonymous one."""

    pk: int
    text: str
    author_label: str
    is_mine: bool
    anonymous: bool
    votes: int
    voted: bool
    group_id: int | None
    promoted_to: str
    promoted_label: str
    group_name: str = ""  # the summary's group heading


def _author_label(c: Contribution, user: User) -> str:
    if c.author_id == user.pk:
        return _("you (anonymous to the others)") if c.anonymous else _("you")
    if c.anonymous:
        return _("Anonymous")
    # Read with the contribution (`_contributions`), or its author.
    name = getattr(c, "author_name", None)
    if name is not None:
        return name
    if c.author is None:  # no query: Django answers from the empty author_id
        return _("a former participant")
    return c.author.full_name


def _view(c: Contribution, user: User) -> ContributionView:
    return ContributionView(
        pk=c.pk,
        text=c.text,
        author_label=_author_label(c, user),
        is_mine=c.author_id == user.pk,
        anonymous=c.anonymous,
        votes=getattr(c, "vote_count", 0),
        voted=bool(getattr(c, "voted", False)),
        group_id=c.group_id,
        promoted_to=c.promoted_to,
        promoted_label=c.get_promoted_to_display() if c.promoted_to else "",
    )


def _contributions(step_ids, user: User) -> QuerySet[Contribution]:
    """The steps' contributions with their votes counted, and whether `user` gave each a dot."""
    # The votes counted in a subquery: a COUNT over a join would group by every column of the
    # contribution and its author (measured: 2.6 ms against 2.3 ms for a board of 20).
    votes = (
        Vote.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Of the author, the name alone: the board and the summary draw no more of them.
    return (
        Contribution.objects.filter(step_id__in=step_ids)
        .annotate(
            author_name=F("author__full_name"),
            vote_count=Coalesce(Subquery(votes), 0),
            voted=Exists(Vote.objects.filter(contribution=OuterRef("pk"), voter=user.pk)),
        )
        .order_by("created_at", "pk")
    )


@dataclass
class Board:
    """The live part of a workshop as one viewer sees it."""

    workshop: Workshop
    steps: list[WorkshopStep]
    step: WorkshopStep | None
    groups: list[dict]
    hidden_count: int
    total_count: int
    my_votes_left: int
    timer_seconds: int | None
    joined: int
    can_run: bool


def workshop_board(workshop: Workshop, access: MethodsAccess) -> Board:
    """A constant number of queries whatever the number of contributions: the steps, the
    current step's contributions with their votes and the reader's own dots, its groups, and
    how many have joined."""
    user = access.user
    steps = list(workshop.steps.select_related("question").order_by("position"))
    step = next((s for s in steps if s.position == workshop.current_position), None)
    for s in steps:
        s.workshop = workshop  # labels need the method; no query per step
    groups: list[dict] = []
    hidden = total = 0
    votes_left = VOTES_PER_STEP
    if step is not None:
        contributions = list(_contributions([step.pk], user))
        total = len(contributions)
        if not step.revealed:
            hidden = sum(1 for c in contributions if c.author_id != user.pk)
            contributions = [c for c in contributions if c.author_id == user.pk]
        views = [_view(c, user) for c in contributions]
        votes_left -= sum(1 for v in views if v.voted)
        by_group: dict[int | None, list[ContributionView]] = {}
        for v in views:
            by_group.setdefault(v.group_id, []).append(v)
        for g in ContributionGroup.objects.filter(step=step).order_by("pk"):
            groups.append({"group": g, "items": by_group.get(g.pk, [])})
        groups.append({"group": None, "items": by_group.get(None, [])})
        if step.voting_open:
            for row in groups:
                row["items"].sort(key=lambda v: -v.votes)
    timer = None
    if step is not None and step.timer_ends_at:
        timer = max(0, int((step.timer_ends_at - timezone.now()).total_seconds()))
    return Board(
        workshop=workshop,
        steps=steps,
        step=step,
        groups=groups,
        hidden_count=hidden,
        total_count=total,
        my_votes_left=max(0, votes_left),
        timer_seconds=timer,
        joined=Participation.objects.filter(workshop=workshop, joined_at__isnull=False).count(),
        can_run=access.can_run_workshops,
    )


def workshop_summary(workshop: Workshop, user: User) -> list[dict]:
    """Every step with its contributions (as the viewer may see them), in order."""
    steps = list(workshop.steps.select_related("question").order_by("position"))
    contributions = list(_contributions([s.pk for s in steps], user))
    groups: dict[int | None, str] = {
        g.pk: g.name for g in ContributionGroup.objects.filter(step__workshop=workshop)
    }
    rows = []
    for s in steps:
        s.workshop = workshop
        items = []
        for c in contributions:
            if c.step_id == s.pk:
                v = _view(c, user)
                v.group_name = groups.get(c.group_id, "")
                items.append(v)
        rows.append({"step": s, "items": items})
    return rows


def promoted_for(workshop: Workshop):
    return (
        Contribution.objects.filter(workshop=workshop)
        .exclude(promoted_to="")
        .select_related("principle", "pattern", "cycle")
        .order_by("pk")
    )


def action_items_of(workshop: Workshop) -> QuerySet[ActionItem]:
    return workshop.action_items.select_related("owner").order_by("due_on", "pk")


def earlier_open_action_items(workshop: Workshop) -> QuerySet[ActionItem]:
    """Action items of the team's earlier workshops that are not done: shown again."""
    return (
        ActionItem.objects.filter(
            workshop__program_id=workshop.program_id,
            workshop__scheduled_for__lt=workshop.scheduled_for,
            done_at__isnull=True,
        )
        .exclude(workshop=workshop)
        .select_related("owner", "workshop")
        .order_by("due_on", "pk")
    )


def next_workshops_for_user(user: User, limit: int = 3) -> QuerySet[Workshop]:
    programs = Program.objects.filter(
        Q(memberships__user=user)
        | Q(organization__memberships__user=user, organization__memberships__program__isnull=True)
    ).values("pk")
    return (
        Workshop.objects.filter(program__in=programs)
        .exclude(status=Workshop.Status.CLOSED)
        .filter(scheduled_for__gte=timezone.now() - dt.timedelta(hours=12))
        .select_related("program")
        .order_by("scheduled_for")[:limit]
    )


# Prospective method ---------------------------------------------------------------------


def learning_questions_for_program(program: Program) -> QuerySet[LearningQuestion]:
    return (
        LearningQuestion.objects.filter(program=program)
        .annotate(cycle_count=Count("cycles", distinct=True))
        .order_by("-created_at")
    )


def learning_question_get_for_user(user: User, pk: int) -> tuple[LearningQuestion, MethodsAccess]:
    """The learning question and the person's access; its team is read by `with_team` (the
    question's page draws it; its other views need not read it)."""
    lq = LearningQuestion.objects.select_related("program__organization").filter(pk=pk).first()
    if lq is None:
        raise Http404
    return lq, _member_access_or_404(user, lq.program)


def with_team(lq: LearningQuestion) -> LearningQuestion:
    """The question's team read once, in name order (for the page and `can_edit_cycles`)."""
    prefetch_related_objects([lq], Prefetch("team", queryset=User.objects.order_by("full_name")))
    return lq


def cycle_get_for_user(user: User, pk: int) -> tuple[InquiryCycle, MethodsAccess]:
    cycle = (
        InquiryCycle.objects.select_related("learning_question__program__organization")
        .filter(pk=pk)
        .first()
    )
    if cycle is None:
        raise Http404
    return cycle, _member_access_or_404(user, cycle.learning_question.program)


def can_edit_cycles(access: MethodsAccess, lq: LearningQuestion) -> bool:
    if access.can_manage_prospective:
        return True
    return any(member.pk == access.user.pk for member in lq.team.all())


@dataclass
class TimelineRow:
    cycle: InquiryCycle
    planned: tuple[float, float] | None
    actual: tuple[float, float] | None


def cycles_timeline(
    cycles: list[InquiryCycle],
) -> tuple[list[TimelineRow], dt.date | None, dt.date | None]:
    """Each cycle's planned and actual dates as percentages of the whole span (for bars)."""
    dates = [
        d
        for c in cycles
        for d in (c.planned_start, c.planned_end, c.actual_start, c.actual_end)
        if d is not None
    ]
    if not dates:
        return [TimelineRow(c, None, None) for c in cycles], None, None
    first, last = min(dates), max(dates)
    span = max(1, (last - first).days + 1)

    def bar(start, end):
        if start is None:
            return None
        end = end or start
        left = (start - first).days / span * 100
        width = max(2.0, ((end - start).days + 1) / span * 100)
        return (round(left, 2), round(min(width, 100 - left), 2))

    rows = [
        TimelineRow(c, bar(c.planned_start, c.planned_end), bar(c.actual_start, c.actual_end))
        for c in cycles
    ]
    return rows, first, last


def log_entries_for(access: MethodsAccess) -> tuple[QuerySet, QuerySet]:
    """The user's own entries (private and shared) and the team's shared entries."""
    base = LearningLogEntry.objects.filter(program=access.program).select_related(
        "author", "learning_question"
    )
    mine = base.filter(author=access.user).order_by("-written_on", "-pk")
    shared = base.filter(shared_at__isnull=False).exclude(author=access.user)
    return mine, shared.order_by("-shared_at", "-pk")


def log_entry_get_for_user(user: User, pk: int) -> tuple[LearningLogEntry, MethodsAccess]:
    """A private entry exists only for its writer: anyone else gets a 404."""
    entry = LearningLogEntry.objects.select_related("program").filter(pk=pk).first()
    if entry is None or not user.is_authenticated:
        raise Http404
    if entry.author_id != user.pk and entry.shared_at is None:
        raise Http404
    return entry, _member_access_or_404(user, entry.program)


# Learning about learning ----------------------------------------------------------------


def patterns_for_program(program: Program) -> list[LearningPattern]:
    return list(
        LearningPattern.objects.filter(program=program)
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=PatternEvidence.objects.select_related(
                    "workshop", "cycle__learning_question", "log_entry__author"
                ).order_by("pk"),
            )
        )
        .order_by("kind", "name")
    )


def pattern_get_for_user(user: User, pk: int) -> tuple[LearningPattern, MethodsAccess]:
    pattern = LearningPattern.objects.select_related("program").filter(pk=pk).first()
    if pattern is None:
        raise Http404
    return pattern, _member_access_or_404(user, pattern.program)


def evidence_sources(program: Program) -> dict[str, QuerySet]:
    """What a pattern's evidence may point at: the program's workshops, cycles and shared logs."""
    return {
        "workshops": Workshop.objects.filter(program=program).order_by("-scheduled_for"),
        "cycles": InquiryCycle.objects.filter(learning_question__program=program)
        .select_related("learning_question")
        .order_by("learning_question_id", "number"),
        "log_entries": LearningLogEntry.objects.filter(
            program=program, shared_at__isnull=False
        ).select_related("author"),
    }
