"""Scoped reads of stories, criteria, assessments and decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from organizations.models import Meeting, Role, User
from organizations.selectors import (
    ProgramAccess,
    committee_members,
)

from .models import (
    Assessment,
    ClientIdentity,
    StoryAssignment,
    SuccessStory,
)
from .visibility import StoryAccess, story_access

if TYPE_CHECKING:
    pass


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


def stories_told_by(user: User) -> QuerySet[SuccessStory]:
    return (
        SuccessStory.objects.filter(told_by=user)
        .select_related("program__organization", "department")
        .order_by("-nominated_at")
    )


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


# Progress chart ---------------------------------------------------------------------------
