"""Learning communities: the list, a community's page, its management, and a partner
organization's own stories in a community program. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities import services
from communities.forms import (
    CommunityForm,
    CoordinatorForm,
    OrganizationChoiceForm,
    ProgramChoiceForm,
    TeamForm,
)
from communities.selectors import (
    attachable_programs,
    communities_for_user,
    community_get_for_user,
    community_overview,
    manageable_community_programs,
    organizations_outside,
    team_get_for_access,
    team_stories_for_access,
    teams_of_community,
    upcoming_workshops,
)
from events.selectors import upcoming_events_for_community
from lfs_site.evaluate import choices_evaluated
from organizations.forms import apply_errors
from organizations.models import User
from organizations.selectors import program_get_for_user


@login_required
def community_list(request):
    return render(
        request,
        "organizations/communities/list.html",
        {"communities": list(communities_for_user(request.user))},
    )


@login_required
def community_create(request):
    if not request.user.is_unit:
        raise PermissionDenied
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The community has been created."))
            return redirect("communities:community_manage", pk=community.pk)
    return render(
        request,
        "organizations/communities/form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def community_detail(request, pk: int):
    access = community_get_for_user(request.user, pk)
    community = access.community
    return render(
        request,
        "organizations/communities/detail.html",
        {
            "access": access,
            "community": community,
            "rows": community_overview(community),
            "workshops": list(upcoming_workshops(community)),
            "events": list(upcoming_events_for_community(community, request.user)),
            "coordinators": list(community.coordinators.order_by("full_name")),
        },
    )


def _manage_page(request, access, status=200, **forms):
    community = access.community
    members = community.organizations.order_by("name")
    context = {
        "access": access,
        "community": community,
        "members": list(members),
        "coordinators": list(community.coordinators.order_by("full_name")),
        "teams": list(teams_of_community(access)),
        "attach_form": choices_evaluated(
            forms.get("attach_form") or ProgramChoiceForm(programs=attachable_programs(access))
        ),
        "team_form": choices_evaluated(
            forms.get("team_form")
            or TeamForm(programs=manageable_community_programs(access), organizations=members)
        ),
    }
    if access.can_manage:
        context["organization_form"] = choices_evaluated(
            forms.get("organization_form")
            or OrganizationChoiceForm(organizations=organizations_outside(community))
        )
        context["coordinator_form"] = forms.get("coordinator_form") or CoordinatorForm()
    return render(request, "organizations/communities/manage.html", context, status=status)


def _manager_access(request, pk: int, *, unit_only: bool = False):
    access = community_get_for_user(request.user, pk)
    allowed = access.can_manage if unit_only else access.can_attach_programs
    if not allowed:
        raise PermissionDenied
    return access


@login_required
def community_manage(request, pk: int):
    return _manage_page(request, _manager_access(request, pk))


@login_required
@require_POST
def community_organization_add(request, pk: int):
    access = _manager_access(request, pk, unit_only=True)
    form = OrganizationChoiceForm(
        request.POST, organizations=organizations_outside(access.community)
    )
    if form.is_valid():
        try:
            services.community_organization_add(
                access=access, organization=form.cleaned_data["organization"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The organization has joined the community."))
            return redirect("communities:community_manage", pk=pk)
    return _manage_page(request, access, status=400, organization_form=form)


@login_required
@require_POST
def community_organization_remove(request, pk: int, organization_pk: int):
    access = _manager_access(request, pk, unit_only=True)
    organization = get_object_or_404(access.community.organizations, pk=organization_pk)
    services.community_organization_remove(access=access, organization=organization)
    messages.success(request, _("The organization has left the community."))
    return redirect("communities:community_manage", pk=pk)


@login_required
@require_POST
def community_coordinator_add(request, pk: int):
    access = _manager_access(request, pk, unit_only=True)
    form = CoordinatorForm(request.POST)
    if form.is_valid():
        try:
            services.community_coordinator_add(access=access, email=form.cleaned_data["email"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The coordinator has been added."))
            return redirect("communities:community_manage", pk=pk)
    return _manage_page(request, access, status=400, coordinator_form=form)


@login_required
@require_POST
def community_coordinator_remove(request, pk: int, user_pk: int):
    access = _manager_access(request, pk, unit_only=True)
    user = get_object_or_404(User, pk=user_pk, coordinated_communities=access.community)
    services.community_coordinator_remove(access=access, user=user)
    messages.success(request, _("The coordinator has been removed."))
    return redirect("communities:community_manage", pk=pk)


@login_required
@require_POST
def community_program_attach(request, pk: int):
    access = _manager_access(request, pk)
    form = ProgramChoiceForm(request.POST, programs=attachable_programs(access))
    if form.is_valid():
        try:
            services.program_attach(access=access, program=form.cleaned_data["program"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The program is now part of the community."))
            return redirect("communities:community_manage", pk=pk)
    return _manage_page(request, access, status=400, attach_form=form)


@login_required
@require_POST
def community_team_add(request, pk: int):
    access = _manager_access(request, pk)
    form = TeamForm(
        request.POST,
        programs=manageable_community_programs(access),
        organizations=access.community.organizations.all(),
    )
    if form.is_valid():
        try:
            services.program_team_add(
                access=access,
                program=form.cleaned_data["program"],
                organization=form.cleaned_data["organization"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The partner organization's team has been invited."))
            return redirect("communities:community_manage", pk=pk)
    return _manage_page(request, access, status=400, team_form=form)


@login_required
@require_POST
def community_team_remove(request, pk: int, team_pk: int):
    access = _manager_access(request, pk)
    team = team_get_for_access(access, team_pk)
    services.program_team_remove(access=access, team=team)
    messages.success(request, _("The partner organization's team has left the program."))
    return redirect("communities:community_manage", pk=pk)


@login_required
def program_team_stories(request, pk: int):
    """A partner organization's own stories in a community program."""
    access = program_get_for_user(request.user, pk)
    if not access.is_partner:
        raise PermissionDenied
    return render(
        request,
        "organizations/communities/team_stories.html",
        {
            "access": access,
            "program": access.program,
            "stories": list(team_stories_for_access(access, request.user)),
        },
    )
