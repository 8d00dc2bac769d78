"""Scoped reads of learning communities.

Who sees a community: its coordinators, the LFS unit, and the people of its member
organizations (any membership). Community pages show aggregate progress only: counts and
stages, never a story's title, a pseudonym, an interview or a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from methods.models_workshops import Workshop
from organizations.models import Community, Organization, Program, ProgramTeam, Role, User
from organizations.selectors import memberships_of
from stories.visibility import visible_stories

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def _organization_ids(user: User) -> set[int]:
    return {m.organization_id for m in memberships_of(user)}


def _directed_ids(user: User) -> set[int]:
    return {
        m.organization_id
        for m in memberships_of(user)
        if m.role == Role.DIRECTOR and m.program_id is None
    }


def communities_for_user(user: User) -> QuerySet[Community]:
    """The communities a person may see (all of them for the unit)."""
    if not user.is_authenticated:
        return Community.objects.none()
    qs = Community.objects.all()
    if not user.is_unit:
        visible = Q(coordinators=user) | Q(organizations__in=_organization_ids(user))
        qs = qs.filter(pk__in=Community.objects.filter(visible).values("pk"))
    return qs.annotate(
        organization_count=Count("organizations", distinct=True),
        program_count=Count("programs", distinct=True),
    ).order_by("name")


@dataclass(frozen=True)
class CommunityAccess:
    """What one person may do in one community."""

    community: Community
    is_unit: bool = False
    is_coordinator: bool = False
    member_organization_ids: frozenset[int] = frozenset()
    directed_organization_ids: frozenset[int] = frozenset()

    @property
    def can_view(self) -> bool:
        return self.is_unit or self.is_coordinator or bool(self.member_organization_ids)

    @property
    def can_manage(self) -> bool:
        """Member organizations and coordinators: the unit."""
        return self.is_unit

    @property
    def can_attach_programs(self) -> bool:
        """Attach a program and invite partner teams: the unit, or a member's director."""
        return self.is_unit or bool(self.directed_organization_ids)

    @property
    def can_link_principles(self) -> bool:
        return self.is_unit or self.is_coordinator or bool(self.directed_organization_ids)

    def may_manage_program(self, program: Program) -> bool:
        return self.is_unit or program.organization_id in self.directed_organization_ids


def community_access(user: User, community: Community) -> CommunityAccess:
    if not user.is_authenticated:
        return CommunityAccess(community=community)
    member_ids = frozenset(
        community.organizations.filter(pk__in=_organization_ids(user)).values_list("pk", flat=True)
    )
    return CommunityAccess(
        community=community,
        is_unit=bool(user.is_unit),
        is_coordinator=community.coordinators.filter(pk=user.pk).exists(),
        member_organization_ids=member_ids,
        directed_organization_ids=frozenset(member_ids & _directed_ids(user)),
    )


def community_get_for_user(user: User, pk: int) -> CommunityAccess:
    """The community with the user's access to it; 404 if they may not know it exists."""
    community = Community.objects.filter(pk=pk).first()
    if community is None:
        raise Http404
    access = community_access(user, community)
    if not access.can_view:
        raise Http404
    return access


@dataclass
class ProgramProgress:
    program: Program
    selected: int
    documented: int
    approved: int
    teams: list[str] = field(default_factory=list)


@dataclass
class OrganizationRow:
    organization: Organization
    programs: list[ProgramProgress]


class ProgramCounts(TypedDict):
    selected_count: int
    documented_count: int
    approved_count: int


def community_programs(community: Community) -> QuerySet[WithAnnotations[Program, ProgramCounts]]:
    """The programs of the member organizations and those attached to the community, with
    aggregate counts only."""
    members = community.organizations.values("pk")
    return (
        Program.objects.filter(Q(organization__in=members) | Q(community=community))
        .select_related("organization", "community")
        .prefetch_related(
            Prefetch("teams", queryset=ProgramTeam.objects.select_related("organization"))
        )
        .annotate(
            selected_count=Count("stories", filter=Q(stories__status="selected"), distinct=True),
            documented_count=Count(
                "stories", filter=Q(stories__drafts__isnull=False), distinct=True
            ),
            approved_count=Count(
                "stories", filter=Q(stories__approval__isnull=False), distinct=True
            ),
        )
        .order_by("organization__name", "-created_at")
    )


def community_overview(community: Community) -> list[OrganizationRow]:
    """Each member organization with its programs' stages and counts (3 queries)."""
    organizations = list(community.organizations.order_by("name"))
    by_org: dict[int, list[ProgramProgress]] = {o.pk: [] for o in organizations}
    for program in community_programs(community):
        row = ProgramProgress(
            program=program,
            selected=program.selected_count,
            documented=program.documented_count,
            approved=program.approved_count,
            teams=[t.organization.name for t in program.teams.all()],
        )
        by_org.setdefault(program.organization_id, []).append(row)
    rows = [OrganizationRow(organization=o, programs=by_org[o.pk]) for o in organizations]
    # Programs attached to the community by an organization that has since left it.
    known = {o.pk for o in organizations}
    for org_id, programs in by_org.items():
        if org_id not in known and programs:
            rows.append(
                OrganizationRow(organization=programs[0].program.organization, programs=programs)
            )
    return rows


def upcoming_workshops(community: Community, limit: int = 20):
    """Workshops still to come in the community's programs: planned or open, not closed (a
    workshop closed early, before its scheduled time, is over)."""
    members = community.organizations.values("pk")
    return (
        Workshop.objects.filter(
            Q(program__organization__in=members) | Q(program__community=community),
            scheduled_for__gte=timezone.now(),
        )
        .exclude(status=Workshop.Status.CLOSED)
        .select_related("program__organization")
        .order_by("scheduled_for")[:limit]
    )


def communities_coordinated_by(user: User) -> QuerySet[Community]:
    """The communities a person coordinates (for their home page)."""
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(coordinators=user).order_by("name")


def organizations_outside(community: Community) -> QuerySet[Organization]:
    return Organization.objects.exclude(communities=community).order_by("name")


def attachable_programs(access: CommunityAccess) -> QuerySet[Program]:
    """Programs of member organizations the user may attach to this community."""
    qs = Program.objects.filter(organization__communities=access.community).exclude(
        community=access.community
    )
    if not access.is_unit:
        qs = qs.filter(organization_id__in=access.directed_organization_ids)
    return qs.select_related("organization").order_by("organization__name", "title")


def manageable_community_programs(access: CommunityAccess) -> QuerySet[Program]:
    """The community's programs whose partner teams the user may change."""
    qs = Program.objects.filter(community=access.community)
    if not access.is_unit:
        qs = qs.filter(organization_id__in=access.directed_organization_ids)
    return qs.select_related("organization").order_by("organization__name", "title")


def teams_of_community(access: CommunityAccess) -> QuerySet[ProgramTeam]:
    return (
        ProgramTeam.objects.filter(program__in=manageable_community_programs(access))
        .select_related("program", "organization")
        .order_by("program__title", "organization__name")
    )


def team_get_for_access(access: CommunityAccess, pk: int) -> ProgramTeam:
    team = teams_of_community(access).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def team_stories_for_access(access, user: User):
    """A partner organization's stories in a program, those the person may see
    (`stories.visibility`: its director, committee members and companions all of them, anyone
    else their own or those assigned to them). Never the host's stories."""
    qs = visible_stories(user).filter(
        program=access.program, organization_id__in=access.partner_organization_ids
    )
    return qs.select_related("told_by", "department").order_by("-nominated_at", "-pk")
