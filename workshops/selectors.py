"""Scoped reads of workshops, learning questions, cycles, logs and learning patterns.

Every view of these pages gets its objects here. Members of the program see its workshops and
its prospective work; the unit sees neither (no client data leaves the program); anyone else
gets a 404. Running workshops is for the program's director and the companions assigned to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
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
    BreakoutMember,
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
    WorkshopGuest,
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
    """What a viewer may see of a contribution: never the author of an anonymous one, and no
    dot counts while the vote is open (each voter sees only their own dots until it ends)."""

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
    #: Shown to the facilitator alone before the step is revealed (moderation).
    hidden: bool = False
    by_guest: bool = False


@dataclass(frozen=True)
class GuestAccess:
    """A guest's access: one workshop's board, as a participant who runs nothing."""

    guest: WorkshopGuest
    can_run_workshops: bool = False
    can_view: bool = True

    @property
    def user(self) -> AnonymousUser:
        return AnonymousUser()


@dataclass(frozen=True)
class ProjectorAccess:
    """The room screen's viewer: nobody in particular (no "you", nothing hidden shown)."""

    guest: None = None
    can_run_workshops: bool = False
    can_view: bool = True

    @property
    def user(self) -> AnonymousUser:
        return AnonymousUser()


def _is_mine(c: Contribution, user: User, guest: WorkshopGuest | None) -> bool:
    if guest is not None:
        return c.guest_id == guest.pk
    return c.author_id is not None and c.author_id == user.pk


def _author_label(c: Contribution, user: User, guest: WorkshopGuest | None = None) -> str:
    if _is_mine(c, user, guest):
        return _("you (anonymous to the others)") if c.anonymous else _("you")
    if c.anonymous:
        return _("Anonymous")
    if c.guest_id is not None:
        name = getattr(c, "guest_name", None)
        if name is None:
            name = c.guest.display_name if c.guest else ""
        return _("%(name)s (guest)") % {"name": name}
    # Read with the contribution (`_contributions`), or its author.
    name = getattr(c, "author_name", None)
    if name is not None:
        return name
    if c.author is None:  # no query: Django answers from the empty author_id
        return _("a former participant")
    return c.author.full_name


def _view(
    c: Contribution, user: User, guest: WorkshopGuest | None = None, *, counts: bool = True
) -> ContributionView:
    return ContributionView(
        pk=c.pk,
        text=c.text,
        author_label=_author_label(c, user, guest),
        is_mine=_is_mine(c, user, guest),
        anonymous=c.anonymous,
        votes=getattr(c, "vote_count", 0) if counts else 0,
        voted=bool(getattr(c, "voted", False)),
        group_id=c.group_id,
        promoted_to=c.promoted_to,
        promoted_label=c.get_promoted_to_display() if c.promoted_to else "",
        by_guest=c.guest_id is not None,
    )


def _contributions(
    step_ids, user: User, guest: WorkshopGuest | None = None
) -> QuerySet[Contribution]:
    """The steps' contributions (neither removed nor merged into another) with their votes
    counted, and whether the viewer (`user`, or `guest`) gave each a dot."""
    # The votes counted in a subquery: a COUNT over a join would group by every column of the
    # contribution and its author (measured: 2.6 ms against 2.3 ms for a board of 20).
    votes = (
        Vote.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mine = (
        Vote.objects.filter(contribution=OuterRef("pk"), guest=guest.pk)
        if guest is not None
        else Vote.objects.filter(contribution=OuterRef("pk"), voter=user.pk)
    )
    # Of the author, the name alone: the board and the summary draw no more of them.
    return (
        Contribution.objects.filter(
            step_id__in=step_ids, removed_at__isnull=True, merged_into__isnull=True
        )
        .annotate(
            author_name=F("author__full_name"),
            guest_name=F("guest__display_name"),
            vote_count=Coalesce(Subquery(votes), 0),
            voted=Exists(mine),
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
    guests: int = 0
    #: The async phase: every step with the contributions the viewer may see on it.
    ahead: list[dict] | None = None
    guest: WorkshopGuest | None = None
    #: Every contribution of the current step the viewer sees (the facilitator's merge list).
    items: list[ContributionView] | None = None
    #: The step is in breakout groups; `my_group`: the viewer's (None for the facilitator).
    breakout: bool = False
    my_group: ContributionGroup | None = None


def _step_groups(
    step: WorkshopStep,
    views: list[ContributionView],
    groups: list[ContributionGroup],
    members: dict[int, list[str]] | None = None,
) -> list[dict]:
    by_group: dict[int | None, list[ContributionView]] = {}
    for v in views:
        by_group.setdefault(v.group_id, []).append(v)
    rows: list[dict] = [
        {"group": g, "items": by_group.get(g.pk, []), "members": (members or {}).get(g.pk, [])}
        for g in groups
    ]
    rows.append({"group": None, "items": by_group.get(None, []), "members": []})
    return rows


def _breakout_members(step: WorkshopStep) -> list[BreakoutMember]:
    return list(
        BreakoutMember.objects.filter(group__step=step)
        .select_related("user", "guest")
        .order_by("pk")
    )


def workshop_board(workshop: Workshop, access) -> Board:
    """A constant number of queries whatever the number of contributions: the steps, the
    current step's contributions with their votes and the reader's own dots, its groups, and
    how many have joined. `access`: a MethodsAccess, or a GuestAccess for a guest.

    Before a step is revealed its contributions are the writer's alone, except for the
    facilitator, who sees them all (marked hidden) to moderate them; an anonymous one never
    names its author, to the facilitator neither. While a vote is open nobody sees counts."""
    guest = getattr(access, "guest", None)
    user = access.user
    can_run = access.can_run_workshops
    steps = list(workshop.steps.select_related("question").order_by("position"))
    step = next((s for s in steps if s.position == workshop.current_position), None)
    for s in steps:
        s.workshop = workshop  # labels need the method; no query per step
    groups: list[dict] = []
    hidden = total = 0
    votes_left = VOTES_PER_STEP
    ahead = None
    items: list[ContributionView] = []
    my_group: ContributionGroup | None = None
    if workshop.status == Workshop.Status.ASYNC:
        ahead = []
        contributions = list(_contributions([s.pk for s in steps], user, guest))
        for s in steps:
            views = []
            for c in contributions:
                if c.step_id != s.pk:
                    continue
                v = _view(c, user, guest)
                if not v.is_mine:
                    if not can_run:
                        continue
                    v.hidden = True
                views.append(v)
            ahead.append({"step": s, "items": views})
            total += len(views)
    elif step is not None:
        contributions = list(_contributions([step.pk], user, guest))
        total = len(contributions)
        views = [_view(c, user, guest, counts=not step.voting_open) for c in contributions]
        step_groups = list(ContributionGroup.objects.filter(step=step))
        members: dict[int, list[str]] = {}
        if any(g.breakout for g in step_groups):
            for m in _breakout_members(step):
                name = (
                    m.user.full_name
                    if m.user
                    else _("%(name)s (guest)") % {"name": m.guest.display_name if m.guest else ""}
                )
                members.setdefault(m.group_id, []).append(name)
                if step.breakout_active and not can_run and my_group is None:
                    if (guest is not None and m.guest_id == guest.pk) or (
                        guest is None and m.user_id is not None and m.user_id == user.pk
                    ):
                        my_group = next(g for g in step_groups if g.pk == m.group_id)
        if step.breakout_active and not can_run:
            # Apart: the viewer's own group, all of it (its members work on it together).
            mine = my_group.pk if my_group else None
            views = [v for v in views if v.group_id == mine and (mine or v.is_mine)]
            step_groups = [g for g in step_groups if g.pk == mine]
        elif not step.revealed:
            hidden = sum(1 for v in views if not v.is_mine)
            if can_run:
                for v in views:
                    v.hidden = not v.is_mine
            else:
                views = [v for v in views if v.is_mine]
        votes_left -= sum(1 for v in views if v.voted)
        items = views
        groups = _step_groups(step, views, step_groups, members)
        if not step.voting_open:
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
        can_run=can_run,
        guests=WorkshopGuest.objects.filter(workshop=workshop).count(),
        ahead=ahead,
        guest=guest,
        items=items,
        breakout=bool(step and step.breakout_active),
        my_group=my_group,
    )


@dataclass
class BoardChanges:
    """What changed on one viewer's board since the version their screen shows, when that is
    only new contributions: the new cards they may see, and the count of the others' hidden
    ones (None when the step is revealed). Drawn by _board_changes.html."""

    workshop: Workshop
    step: WorkshopStep
    items: list[ContributionView]
    added: int
    hidden_count: int | None
    guest: WorkshopGuest | None = None
    can_run: bool = False
    groups: tuple = ()


def workshop_board_changes(workshop: Workshop, access, since: str) -> BoardChanges | None:
    """The new contributions since version `since` (what a screen's poll sends), or None when
    the screen must be redrawn whole: something else changed since (a step, a reveal, a vote
    ended, a group, a removal, a join: `layout_version`), or the board is one this does not
    cover (the facilitator's, whose board also lists every contribution to merge; the ahead
    phase; breakout groups; a step whose cards are grouped). Three small queries, whatever the
    size of the board; the same rules as `workshop_board` decide what the viewer sees."""
    if access.can_run_workshops or workshop.status != Workshop.Status.OPEN:
        return None
    try:
        seen = int(since)
    except ValueError:
        return None
    if not workshop.layout_version <= seen < workshop.version:
        return None
    step = (
        WorkshopStep.objects.filter(workshop=workshop, position=workshop.current_position)
        .annotate(grouped=Exists(ContributionGroup.objects.filter(step=OuterRef("pk"))))
        .first()
    )
    if step is None or step.breakout_active or step.grouped:
        return None
    step.workshop = workshop
    guest = getattr(access, "guest", None)
    user = access.user
    new = list(_contributions([step.pk], user, guest).filter(added_version__gt=seen))
    views = [_view(c, user, guest, counts=not step.voting_open) for c in new]
    hidden = None
    if not step.revealed:
        views = [v for v in views if v.is_mine]
        others = Contribution.objects.filter(
            step=step, removed_at__isnull=True, merged_into__isnull=True
        )
        others = (
            others.exclude(guest=guest) if guest is not None else others.exclude(author=user.pk)
        )
        hidden = others.count()
    return BoardChanges(
        workshop=workshop,
        step=step,
        items=views,
        added=len(new),
        hidden_count=hidden,
        guest=guest,
    )


def workshop_summary(workshop: Workshop, user: User, guest=None) -> list[dict]:
    """Every step with its contributions (as the viewer may see them), in order."""
    steps = list(workshop.steps.select_related("question").order_by("position"))
    contributions = list(_contributions([s.pk for s in steps], user, guest))
    groups: dict[int | None, str] = {
        g.pk: g.name for g in ContributionGroup.objects.filter(step__workshop=workshop)
    }
    rows = []
    for s in steps:
        s.workshop = workshop
        items = []
        for c in contributions:
            if c.step_id == s.pk:
                v = _view(c, user, guest)
                v.group_name = groups.get(c.group_id, "")
                items.append(v)
        rows.append({"step": s, "items": items})
    return rows


def guests_of(workshop: Workshop) -> QuerySet[WorkshopGuest]:
    return WorkshopGuest.objects.filter(workshop=workshop).order_by("joined_at", "pk")


def removed_contributions(workshop: Workshop) -> QuerySet[Contribution]:
    """The facilitator's record of what was removed and why (never who wrote an anonymous
    one: the template shows the text, the step and the reason)."""
    return (
        Contribution.objects.filter(workshop=workshop, removed_at__isnull=False)
        .select_related("step", "removed_by")
        .order_by("removed_at")
    )


def guest_workshop(token: str) -> Workshop:
    """The workshop a guest link opens: 404 for an unknown or revoked link and for a closed
    workshop (the link works until the workshop closes)."""
    if not token:
        raise Http404
    workshop = Workshop.objects.select_related("program").filter(guest_token=token).first()
    if workshop is None or workshop.status == Workshop.Status.CLOSED:
        raise Http404
    return workshop


def guest_of_session(session, workshop: Workshop) -> WorkshopGuest | None:
    """The guest this browser joined `workshop` as, if any (the session holds its id)."""
    guest_id = (session.get("workshop_guests") or {}).get(str(workshop.pk))
    if guest_id is None:
        return None
    return WorkshopGuest.objects.filter(pk=guest_id, workshop=workshop).first()


def promoted_for(workshop: Workshop) -> list[Contribution]:
    """The contributions promoted to a principle, a pattern or a cycle, with what they became;
    a principle that names its story's client (`Principle.objects.naming_no_client`) is not
    shown (the contribution still says it was promoted to a principle)."""
    promoted = list(
        Contribution.objects.filter(workshop=workshop)
        .exclude(promoted_to="")
        .select_related("principle", "pattern", "cycle")
        .order_by("pk")
    )
    for c in promoted:
        if c.principle is not None and c.principle.holds_real_name:
            c.principle = None
    return promoted


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
