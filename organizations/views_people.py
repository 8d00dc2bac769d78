"""People management: a director's page of their organization's people and invitations, and
the unit's invitations of companions. Views stay thin: access, form, one service, response."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lfs_site.confirm import confirmation_required
from lfs_site.evaluate import choices_evaluated

from . import services_people as people
from .forms import CompanionInvitationForm, InvitationForm, RoleChangeForm, apply_errors
from .models import Role
from .selectors import (
    invitation_get_for_user,
    invitations_pending,
    membership_get_for_director,
    organization_get_for_director,
    people_of_organization,
    person_get_for_director,
)


def _people_page(request, organization, form=None, status=200):
    rows = people_of_organization(organization)
    for person in rows:
        for m in person.memberships:
            roles = people.roles_for_change(m)
            m.change_form = (
                RoleChangeForm(roles=[(r, Role(r).label) for r in roles], initial={"role": m.role})
                if roles and not (m.user_id == request.user.pk and m.role == Role.DIRECTOR)
                else None
            )
    return render(
        request,
        "organizations/people.html",
        {
            "organization": organization,
            "people": rows,
            "invitations": list(invitations_pending(organization)),
            "form": choices_evaluated(
                form
                or InvitationForm(
                    organization=organization,
                    roles=people.invitable_roles(),
                    language=translation.get_language(),
                )
            ),
            "days": people.INVITATION_DAYS,
        },
        status=status,
    )


@login_required
def people_list(request, pk: int):
    organization = organization_get_for_director(request.user, pk)
    return _people_page(request, organization)


@login_required
@require_POST
def invite(request, pk: int):
    organization = organization_get_for_director(request.user, pk)
    form = InvitationForm(
        request.POST,
        organization=organization,
        roles=people.invitable_roles(),
        language=translation.get_language(),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            people.invitation_create(
                by=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                organization=organization,
                program=data["program"],
                language=data["language"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("An invitation has been e-mailed to %(email)s.") % {"email": data["email"]},
            )
            return redirect("organizations:people", pk=organization.pk)
    return _people_page(request, organization, form=form, status=400)


@login_required
@require_POST
def membership_role(request, pk: int, membership_pk: int):
    organization = organization_get_for_director(request.user, pk)
    membership = membership_get_for_director(request.user, organization, membership_pk)
    roles = people.roles_for_change(membership)
    form = RoleChangeForm(request.POST, roles=[(r, Role(r).label) for r in roles])
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("organizations:people", pk=organization.pk)
    try:
        people.membership_role_change(
            by=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is now: %(role)s.")
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    return redirect("organizations:people", pk=organization.pk)


@login_required
@require_POST
def membership_remove(request, pk: int, membership_pk: int):
    organization = organization_get_for_director(request.user, pk)
    membership = membership_get_for_director(request.user, organization, membership_pk)
    unconfirmed = confirmation_required(
        request,
        question=_("Take the role %(role)s away from %(name)s?")
        % {"role": membership.get_role_display(), "name": membership.user},
        confirm_label=_("Take the role away"),
        cancel_url=reverse("organizations:people", args=[organization.pk]),
    )
    if unconfirmed:
        return unconfirmed
    try:
        people.membership_remove(by=request.user, membership=membership)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The role has been taken away."))
    return redirect("organizations:people", pk=organization.pk)


@login_required
@require_POST
def person_deactivate(request, pk: int, user_pk: int):
    organization = organization_get_for_director(request.user, pk)
    person = person_get_for_director(organization, user_pk)
    unconfirmed = confirmation_required(
        request,
        question=_("Deactivate %(name)s in %(organization)s?")
        % {"name": person, "organization": organization},
        detail=_(
            "Every role they hold in the organization and its programs is taken away. If no "
            "role is left them anywhere, they can no longer sign in."
        ),
        confirm_label=_("Deactivate"),
        cancel_url=reverse("organizations:people", args=[organization.pk]),
    )
    if unconfirmed:
        return unconfirmed
    try:
        people.person_deactivate(by=request.user, organization=organization, person=person)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s has been deactivated.") % {"name": person})
    return redirect("organizations:people", pk=organization.pk)


@login_required
@require_POST
def invitation_withdraw(request, pk: int):
    invitation = invitation_get_for_user(request.user, pk)
    try:
        people.invitation_withdraw(by=request.user, invitation=invitation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    if invitation.organization_id is None:
        return redirect("organizations:companion_invitations")
    return redirect("organizations:people", pk=invitation.organization_id)


@login_required
def companion_invitations(request):
    """The unit invites learning companions."""
    if not request.user.is_unit:
        raise PermissionDenied
    form = CompanionInvitationForm(request.POST or None, language=translation.get_language())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            people.invitation_create(
                by=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=Role.COMPANION,
                language=data["language"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("An invitation has been e-mailed to %(email)s.") % {"email": data["email"]},
            )
            return redirect("organizations:companion_invitations")
    return render(
        request,
        "organizations/companion_invitations.html",
        {
            "form": choices_evaluated(form),
            "invitations": list(invitations_pending(None)),
            "days": people.INVITATION_DAYS,
        },
        status=400 if form.errors else 200,
    )
