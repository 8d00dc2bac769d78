"""Scoped reads: which programs a person may see, and what they may do there.

Every view that takes a program, meeting or story id goes through one of the access helpers
here (or in `stories.selectors`), so that an object the user may not know exists is a 404 and an
action they may not take on an object they can see is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import (
    Invitation,
    Meeting,
    Membership,
    Organization,
    Program,
    ProgramTeam,
    Role,
    User,
)


@dataclass(frozen=True)
class ProgramAccess:
    """What one person may do in one program, from their memberships."""

    program: Program
    roles: frozenset[str]
    is_unit: bool = False
    #: Roles held in a partner organization's team (ProgramTeam) of the program, and which
    #: organizations those are. They open the program and their own organization's stories
    #: only: `has()` and every `can_*` below read the host organization's roles alone.
    partner_roles: frozenset[str] = frozenset()
    partner_organization_ids: frozenset[int] = frozenset()

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    @property
    def is_partner(self) -> bool:
        return bool(self.partner_organization_ids)

    @property
    def can_view_program(self) -> bool:
        return self.is_member or self.is_unit or self.is_partner

    @property
    def can_manage_program(self) -> bool:
        """Change the stage, the committee and the program's settings."""
        return self.has(Role.DIRECTOR)

    @property
    def can_view_selection(self) -> bool:
        """Read nominations, assessments, meetings and decisions (pseudonyms only)."""
        return self.has(Role.DIRECTOR, Role.COMMITTEE, Role.COMPANION)

    @property
    def can_manage_selection(self) -> bool:
        """Criteria, assessments, meetings and selection decisions."""
        return self.has(Role.DIRECTOR, Role.COMMITTEE)

    @property
    def can_nominate(self) -> bool:
        return self.has(Role.STAFF, Role.DIRECTOR, Role.COMMITTEE)

    @property
    def can_assess(self) -> bool:
        return self.has(Role.COMMITTEE)

    @property
    def can_assign(self) -> bool:
        """Assign students to selected stories."""
        return self.has(Role.DIRECTOR, Role.COMMITTEE, Role.COMPANION)

    @property
    def can_review(self) -> bool:
        """Comment on drafts, compare versions, see interviews (never a real name)."""
        return self.has(Role.DIRECTOR, Role.COMMITTEE, Role.COMPANION)

    @property
    def can_approve(self) -> bool:
        return self.has(Role.DIRECTOR, Role.COMMITTEE)

    @property
    def can_work_principles(self) -> bool:
        """Merge principles into common ones, categories, the matrix."""
        return self.has(Role.DIRECTOR, Role.COMMITTEE, Role.COMPANION)


def memberships_of(user: User) -> list[Membership]:
    """All of a person's memberships, read once per request and kept on the user object
    (membership_ensure clears it when it changes them)."""
    memberships = getattr(user, "_lfs_memberships", None)
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user))
        # a per-request cache, not a field of User
        user._lfs_memberships = memberships  # type: ignore[attr-defined]
    return memberships


def _roles_for(user: User, program: Program) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    memberships = memberships_of(user)
    return frozenset(
        m.role
        for m in memberships
        if m.organization_id == program.organization_id
        and (m.program_id is None or m.program_id == program.pk)
    )


def _partner_roles_for(user: User, program: Program) -> tuple[frozenset[str], frozenset[int]]:
    """Roles held in partner organizations' teams of the program. No query at all for people
    whose memberships are all in the program's own organization."""
    if not user.is_authenticated:
        return frozenset(), frozenset()
    memberships = [
        m
        for m in memberships_of(user)
        if m.organization_id != program.organization_id
        and (m.program_id is None or m.program_id == program.pk)
    ]
    if not memberships:
        return frozenset(), frozenset()
    cache = user.__dict__.setdefault("_lfs_program_teams", {})
    if program.pk not in cache:
        cache[program.pk] = frozenset(
            ProgramTeam.objects.filter(
                program_id=program.pk, organization_id__in={m.organization_id for m in memberships}
            ).values_list("organization_id", flat=True)
        )
    teams = cache[program.pk]
    roles = frozenset(m.role for m in memberships if m.organization_id in teams)
    return roles, teams


def program_access(user: User, program: Program) -> ProgramAccess:
    partner_roles, partner_ids = _partner_roles_for(user, program)
    return ProgramAccess(
        program=program,
        roles=_roles_for(user, program),
        is_unit=bool(user.is_authenticated and user.is_unit),
        partner_roles=partner_roles,
        partner_organization_ids=partner_ids,
    )


def team_roles_for(user: User, program: Program, organization_id: int) -> frozenset[str]:
    """A person's roles in one partner organization's team of the program."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        m.role
        for m in memberships_of(user)
        if m.organization_id == organization_id
        and (m.program_id is None or m.program_id == program.pk)
    )


def program_list_for_user(user: User) -> QuerySet[Program]:
    """Programs the user may see: their organizations' and programs', or all for the unit."""
    qs = Program.objects.select_related("organization")
    if user.is_unit:
        return qs.order_by("organization__name", "-created_at")
    # From the memberships already read for this request: joining memberships through both the
    # organization and the partner teams in one OR multiplied rows (16,000 for a director).
    memberships = memberships_of(user) if user.is_authenticated else []
    org_ids = {m.organization_id for m in memberships if m.program_id is None}
    program_ids = {m.program_id for m in memberships if m.program_id is not None}
    partner_ids = ProgramTeam.objects.filter(organization_id__in=org_ids).values("program_id")
    return qs.filter(
        Q(organization_id__in=org_ids) | Q(pk__in=program_ids) | Q(pk__in=partner_ids)
    ).order_by("organization__name", "-created_at")


def program_get_for_user(user: User, pk: int) -> ProgramAccess:
    """The program with the user's access to it; 404 if they may not know it exists."""
    program = Program.objects.select_related("organization", "committee").filter(pk=pk).first()
    if program is None:
        raise Http404
    access = program_access(user, program)
    if not access.can_view_program:
        raise Http404
    return access


def meeting_get_for_user(user: User, pk: int) -> tuple[Meeting, ProgramAccess]:
    meeting = Meeting.objects.select_related("program__organization").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    access = program_access(user, meeting.program)
    if not access.can_view_selection:
        raise Http404
    return meeting, access


def committee_members(program: Program) -> QuerySet[User]:
    return User.objects.filter(
        memberships__program=program, memberships__role=Role.COMMITTEE
    ).distinct()


def meeting_list_for_program(program: Program) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(program=program)
        .annotate(
            decision_count=Count("decisions", distinct=True),
            # The stories decided at the meeting (a corrected decision is still one story).
            selection_count=Count("selection_decisions__story", distinct=True),
        )
        .order_by("-held_at")
    )


def organization_people(organization_id: int) -> QuerySet[User]:
    """Everyone with a role in the organization or one of its programs."""
    return User.objects.filter(memberships__organization_id=organization_id).distinct()


def organizations_directed_by(user: User) -> QuerySet:
    return Organization.objects.filter(
        memberships__user=user, memberships__role=Role.DIRECTOR, memberships__program__isnull=True
    ).distinct()


def organization_get_for_director(user: User, pk: int):
    organization = organizations_directed_by(user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


# People management -----------------------------------------------------------------------


@dataclass
class Person:
    """A person of an organization with their roles there (memberships, ordered)."""

    user: User
    memberships: list[Membership]


def people_of_organization(organization: Organization) -> list[Person]:
    """Everyone with a role in the organization or one of its programs, with those roles
    (two queries whatever the number of people)."""
    memberships = (
        Membership.objects.filter(organization=organization)
        .select_related("user", "program", "department")
        .order_by("user__full_name", "user_id", "program__title", "role")
    )
    people: dict[int, Person] = {}
    for m in memberships:
        people.setdefault(m.user_id, Person(user=m.user, memberships=[])).memberships.append(m)
    return list(people.values())


def invitations_pending(organization: Organization | None) -> QuerySet[Invitation]:
    """Invitations not yet accepted, withdrawn or expired: an organization's, or (None) the
    unit's invitations of companions."""
    return (
        Invitation.objects.filter(
            organization=organization,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("program", "invited_by")
        .order_by("-created_at")
    )


def membership_get_for_director(user: User, organization: Organization, pk: int) -> Membership:
    membership = (
        Membership.objects.select_related("user", "organization", "program")
        .filter(pk=pk, organization=organization)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def person_get_for_director(organization: Organization, pk: int) -> User:
    person = User.objects.filter(pk=pk, memberships__organization=organization).first()
    if person is None:
        raise Http404
    return person


def invitation_get_for_user(user: User, pk: int) -> Invitation:
    """An invitation its organization's director (or, for companions, the unit) may handle."""
    invitation = Invitation.objects.select_related("organization").filter(pk=pk).first()
    if invitation is None:
        raise Http404
    if invitation.organization_id is None:
        allowed = user.is_unit
    else:
        allowed = organizations_directed_by(user).filter(pk=invitation.organization_id).exists()
    if not allowed:
        raise Http404
    return invitation
