"""Accepting an invitation: a new person chooses their name and password (the account is made
then), a person with an account accepts signed in as it. Refused once the link has expired,
been used or been withdrawn."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from organizations import services_people
from organizations.forms import InvitationAcceptForm, apply_errors


def _invalid(request):
    return render(request, "registration/invitation_invalid.html", status=410)


@never_cache
@sensitive_post_parameters("password", "password2")
def invitation_accept(request, token: str):
    invitation = services_people.invitation_for_token(token)
    if invitation is None:
        return _invalid(request)
    account = services_people.account_for_invitation(invitation)
    if account is not None and not account.is_active:
        account = None  # a closed account is opened again like a new one (name, password)
    signed_in = request.user if request.user.is_authenticated else None
    form = None
    if account is None and signed_in is None:
        form = InvitationAcceptForm(
            request.POST or None, initial={"full_name": invitation.full_name}
        )
    may_accept = (account is None and signed_in is None) or (
        account is not None and signed_in is not None and signed_in.pk == account.pk
    )
    if request.method == "POST" and may_accept and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            services_people.invitation_accept(
                token=token,
                user=signed_in,
                full_name=data.get("full_name", ""),
                password=data.get("password", ""),
            )
        except services_people.InvitationInvalid:
            return _invalid(request)
        except PermissionDenied:
            return _invalid(request)
        except ValidationError as exc:
            if form is None:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                apply_errors(form, exc)
        else:
            if account is None:
                messages.success(
                    request,
                    _("Your account is ready. Log in with your e-mail address and password."),
                )
                return redirect("login")
            messages.success(request, _("The invitation has been accepted."))
            return redirect("dashboard:home")
    return render(
        request,
        "registration/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "has_account": account is not None,
            "may_accept": may_accept,
            "signed_in_other": signed_in is not None and not may_accept,
        },
        status=400 if form is not None and form.errors else 200,
    )
