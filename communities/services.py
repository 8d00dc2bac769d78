"""Writes for learning communities: members, coordinators, programs and partner teams."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communities.selectors import CommunityAccess
from organizations.models import Community, Organization, Program, ProgramTeam, User


def _require_unit(access: CommunityAccess) -> None:
    if not access.can_manage:
        raise PermissionDenied


@transaction.atomic
def community_create(*, by: User, name: str, description: str = "") -> Community:
    if not (by.is_authenticated and by.is_unit):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the community a name.")})
    if Community.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A community with this name already exists.")})
    community = Community(name=name, description=description.strip())
    community.full_clean()
    community.save()
    return community


@transaction.atomic
def community_organization_add(*, access: CommunityAccess, organization: Organization) -> None:
    _require_unit(access)
    if access.community.organizations.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("This organization is already a member of the community.")}
        )
    access.community.organizations.add(organization)


@transaction.atomic
def community_organization_remove(*, access: CommunityAccess, organization: Organization) -> None:
    """The organization leaves; its teams in the community's programs end with it."""
    _require_unit(access)
    access.community.organizations.remove(organization)
    ProgramTeam.objects.filter(
        program__community=access.community, organization=organization
    ).delete()
    Program.objects.filter(community=access.community, organization=organization).update(
        community=None
    )


@transaction.atomic
def community_coordinator_add(*, access: CommunityAccess, email: str) -> User:
    _require_unit(access)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("Nobody has an account with this e-mail address. Check the spelling.")}
        )
    if access.community.coordinators.filter(pk=user.pk).exists():
        raise ValidationError({"email": _("This person already coordinates the community.")})
    access.community.coordinators.add(user)
    return user


@transaction.atomic
def community_coordinator_remove(*, access: CommunityAccess, user: User) -> None:
    _require_unit(access)
    access.community.coordinators.remove(user)


@transaction.atomic
def program_attach(*, access: CommunityAccess, program: Program) -> Program:
    """A program joins the community: the unit, or the director of its organization."""
    if not access.may_manage_program(program):
        raise PermissionDenied
    if not access.community.organizations.filter(pk=program.organization_id).exists():
        raise ValidationError(
            {"program": _("Only a program of a member organization can join the community.")}
        )
    program.community = access.community
    program.save(update_fields=["community"])
    return program


@transaction.atomic
def program_team_add(
    *, access: CommunityAccess, program: Program, organization: Organization
) -> ProgramTeam:
    """Invite a partner organization of the community to take part in the program."""
    if not access.may_manage_program(program):
        raise PermissionDenied
    if program.community_id != access.community.pk:
        raise ValidationError({"program": _("The program is not part of this community.")})
    if organization.pk == program.organization_id:
        raise ValidationError(
            {"organization": _("The program's own organization takes part already.")}
        )
    if not access.community.organizations.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("Only a member organization of the community can be invited.")}
        )
    try:
        with transaction.atomic():
            return ProgramTeam.objects.create(program=program, organization=organization)
    except IntegrityError as exc:
        raise ValidationError(
            {"organization": _("This organization's team already takes part in the program.")}
        ) from exc


@transaction.atomic
def program_team_remove(*, access: CommunityAccess, team: ProgramTeam) -> None:
    if not access.may_manage_program(team.program):
        raise PermissionDenied
    team.delete()
