"""Who may see a story: the one rule, in its two forms.

- `visible_stories(user)`: the rule as a query (every list, search, count, timeline, export and
  book of stories shown to a person filters with it);
- `story_access(user, story)`: the rule for one story (every page of one story goes through it).

Both read one table (`STORY_REACH`: what each role opens) over one set of grants
(`grants_of(user)`: the person's memberships, read once per request), so they cannot disagree.
Roles count only in the organization that owns the story (`SuccessStory.organization`: its
program's organization, or the partner organization whose team told it), for the story's
program (or for every program, when held organization-wide).

This is what a PERSON may see. Which stories an ORGANIZATION may use (its own: in books,
pickers, shares) is `SuccessStory.objects.usable(...)`; a list that picks stories for an
organization's use and shows them to a person applies both.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from organizations.models import Role, User
from organizations.selectors import (
    ProgramAccess,
    memberships_of,
    program_access,
    team_roles_for,
)

from .models import StoryAssignment, SuccessStory


class Reach(enum.Enum):
    #: Every story the organization owns in the program, with its interviews, documentation
    #: and principles.
    ALL = "all"
    #: The stories assigned to the person, with their interviews, documentation and principles.
    ASSIGNED = "assigned"


#: The one rule: what a role opens of the stories owned by the organization it is held in.
#: Roles not here (staff) open nothing; whoever told a story sees it (not its interviews).
STORY_REACH: dict[str, Reach] = {
    Role.DIRECTOR: Reach.ALL,
    Role.COMMITTEE: Reach.ALL,
    Role.COMPANION: Reach.ALL,
    Role.STUDENT: Reach.ASSIGNED,
}


@dataclass(frozen=True)
class Grant:
    """What one membership opens: the stories of one organization, in one program (or in all
    of them: `program_id` None), as far as `reach`."""

    organization_id: int
    program_id: int | None
    reach: Reach

    def covers(self, organization_id: int, program_id: int) -> bool:
        return self.organization_id == organization_id and self.program_id in (None, program_id)

    def q(self, organization: str = "organization_id", program: str = "program_id") -> Q:
        """`covers` as a filter (the field names from the row filtered to the story's)."""
        q = Q(**{organization: self.organization_id})
        if self.program_id is not None:
            q &= Q(**{program: self.program_id})
        return q


@dataclass(frozen=True)
class Visibility:
    """A person's grants: the one rule applied to them."""

    user_id: int | None
    grants: tuple[Grant, ...]

    def reaches(self, organization_id: int, program_id: int) -> frozenset[Reach]:
        """What the person's roles open of the stories one organization owns in one program."""
        return frozenset(g.reach for g in self.grants if g.covers(organization_id, program_id))

    def sees_all(self, organization_id: int, program_id: int) -> bool:
        """Whether every story the organization owns in the program is open to the person."""
        return Reach.ALL in self.reaches(organization_id, program_id)

    def stories_q(self, *, interviews: bool = False) -> Q:
        """The stories the person may see (interviews=True: whose interviews they may read)."""
        q = Q(pk__in=[])
        for grant in self.grants:
            opened = grant.q()
            if grant.reach is Reach.ASSIGNED:
                opened &= Q(
                    pk__in=StoryAssignment.objects.filter(student_id=self.user_id).values(
                        "story_id"
                    )
                )
            q |= opened
        if not interviews and self.user_id is not None:
            q |= Q(told_by_id=self.user_id)
        return q

    def assigned_q(self) -> Q | None:
        """The stories the rule opens to the person as assigned to them (a student's), or None
        when no role of theirs opens assigned stories (no query needed)."""
        q = None
        for grant in self.grants:
            if grant.reach is Reach.ASSIGNED:
                q = grant.q() if q is None else q | grant.q()
        if q is None:
            return None
        return q & Q(assignments__student_id=self.user_id)

    def stories(self, *, interviews: bool = False) -> QuerySet[SuccessStory]:
        return SuccessStory.objects.filter(self.stories_q(interviews=interviews))

    def all_q(self, organization: str, program: str) -> Q:
        """Rows of a program (its common principles) open to whoever sees all its stories."""
        q = Q(pk__in=[])
        for grant in self.grants:
            if grant.reach is Reach.ALL:
                q |= grant.q(organization, program)
        return q


def visibility_of(user: User) -> Visibility:
    """The person's grants, from their memberships (read once per request)."""
    if not user.is_authenticated:
        return Visibility(user_id=None, grants=())
    grants = {
        Grant(m.organization_id, m.program_id, STORY_REACH[m.role])
        for m in memberships_of(user)
        if m.role in STORY_REACH
    }
    return Visibility(user_id=user.pk, grants=tuple(sorted(grants, key=_grant_key)))


def _grant_key(grant: Grant) -> tuple:
    return (grant.organization_id, grant.program_id or 0, grant.reach.value)


def visible_stories(user: User, *, interviews: bool = False) -> QuerySet[SuccessStory]:
    """The stories the person may see; interviews=True: those whose interviews, documentation
    and principles they may read (not the teller's own, a student's assigned ones only)."""
    return visibility_of(user).stories(interviews=interviews)


@dataclass(frozen=True)
class StoryAccess:
    """What one person may do with one story: their roles in the organization that owns it
    (`owner_access`) plus their tie to the story, as the rule (`story_access`) decided it."""

    program_access: ProgramAccess
    is_teller: bool = False
    is_assigned: bool = False
    #: Whether the rule opens the story's interviews, documentation and principles.
    reads_interviews: bool = False

    def __getattr__(self, name: str):
        return getattr(self.program_access, name)

    @property
    def can_document(self) -> bool:
        """Interviews, answers, files, consent and drafts: the assigned students (and director)."""
        return self.is_assigned or self.program_access.has(Role.DIRECTOR)

    @property
    def can_see_interviews(self) -> bool:
        return self.reads_interviews

    @property
    def can_see_identity(self) -> bool:
        """The client's real name: only the assigned students and the director."""
        return self.is_assigned or self.program_access.has(Role.DIRECTOR)

    @property
    def can_see_drafts(self) -> bool:
        return self.can_see_interviews or self.is_teller

    @property
    def can_comment(self) -> bool:
        return self.program_access.can_review or self.is_teller or self.is_assigned

    @property
    def can_add_principles(self) -> bool:
        return self.can_document or self.program_access.can_work_principles


def owner_access(user: User, story: SuccessStory) -> ProgramAccess:
    """The user's roles toward a story, from the organization that owns it: for the program's
    own stories their access to the program; for a story a partner organization's team told,
    their roles in that organization alone (whether or not its team is still in the program:
    the partner keeps its stories, the host never gains them)."""
    if story.organization_id == story.program.organization_id:
        return program_access(user, story.program)
    roles = team_roles_for(user, story.program, story.organization_id)
    return ProgramAccess(
        program=story.program,
        roles=roles,
        partner_roles=roles,
        partner_organization_ids=frozenset({story.organization_id}) if roles else frozenset(),
    )


def story_access(user: User, story: SuccessStory, *, assigned: bool | None = None) -> StoryAccess:
    """The person's access to one story, or a 404 for whoever may not see it: the rule of
    `visible_stories` for one story. `assigned`: whether the story is assigned to the person
    (read here when not given; `selectors.story_facts` reads it with the story)."""
    if not user.is_authenticated:
        raise Http404
    if assigned is None:
        assigned = StoryAssignment.objects.filter(story=story, student_id=user.pk).exists()
    reaches = visibility_of(user).reaches(story.organization_id, story.program_id)
    is_assigned = Reach.ASSIGNED in reaches and assigned
    reads_interviews = Reach.ALL in reaches or is_assigned
    is_teller = story.told_by_id == user.pk
    if not (reads_interviews or is_teller):
        raise Http404
    return StoryAccess(
        owner_access(user, story),
        is_teller=is_teller,
        is_assigned=is_assigned,
        reads_interviews=reads_interviews,
    )
