"""People management without the admin: invitations by e-mail, role changes, deactivation.

A director invites people to their organization (director, staff) or to one of its programs
(committee, student); the unit invites learning companions. An invitation is e-mailed with a
link holding a random token of which only a hash is kept; it is used once and expires after
`INVITATION_DAYS`. Every change is in the audit log: the invitations here, the roles through
role_audit (the membership rows' own signals), recorded as made by the person acting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lfs_site.mail import send_to_user

from . import role_audit, signals
from .models import (
    ORGANIZATION_ROLES,
    PROGRAM_ROLES,
    AuditEvent,
    Community,
    Invitation,
    Membership,
    Organization,
    Program,
    Role,
    User,
)
from .selectors import organizations_directed_by
from .services import audit_record, membership_ensure

INVITATION_DAYS = 14
#: The roles a director gives; companions are the unit's to invite and assign.
DIRECTOR_ROLES = (Role.DIRECTOR, Role.STAFF, Role.COMMITTEE, Role.STUDENT)

Action = AuditEvent.Action


class InvitationInvalid(ValidationError):
    """The token names no invitation that can still be accepted (unknown, expired, used or
    withdrawn)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_director(by: User, organization: Organization | None) -> None:
    if (
        organization is None
        or not by.is_authenticated
        or not organizations_directed_by(by).filter(pk=organization.pk).exists()
    ):
        raise PermissionDenied


def _where(invitation: Invitation) -> str:
    if invitation.organization_id is None:
        return "the unit's companions"
    text = f"organization {invitation.organization_id}"
    if invitation.program_id:
        text += f", program {invitation.program_id}"
    return text


def _withdraw_pending(queryset, *, by: User | None) -> None:
    for invitation in queryset.filter(accepted_at__isnull=True, withdrawn_at__isnull=True):
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=by,
            action=Action.INVITATION_WITHDRAWN,
            obj=invitation,
            organization=invitation.organization,
            summary=f"invitation {invitation.pk} withdrawn ({_where(invitation)})",
        )


def _send(invitation: Invitation, token: str) -> None:
    recipient = SimpleNamespace(email=invitation.email, language=invitation.language)
    send_to_user(
        recipient,
        subject_template="organizations/email/invitation_subject.txt",
        body_template="organizations/email/invitation_body.txt",
        context={
            "invitation": invitation,
            "inviter": invitation.invited_by,
            "url": settings.SITE_URL + reverse("invitations:accept", args=[token]),
            "days": INVITATION_DAYS,
        },
    )


@transaction.atomic
def invitation_create(
    *,
    by: User,
    email: str,
    role: str,
    language: str,
    organization: Organization | None = None,
    program: Program | None = None,
    full_name: str = "",
) -> Invitation:
    """Invite a person by e-mail to take `role`, and e-mail them the link. An earlier invitation
    of theirs to the same role, not yet accepted, is withdrawn (its link stops working)."""
    email = (email or "").strip().lower()
    if role == Role.COMPANION and organization is None:
        if not (by.is_authenticated and by.is_unit):
            raise PermissionDenied
        program = None
    else:
        _require_director(by, organization)
        if role not in DIRECTOR_ROLES:
            raise ValidationError({"role": _("Choose one of the roles a director can give.")})
        if role in ORGANIZATION_ROLES:
            program = None
        elif program is None:
            raise ValidationError({"program": _("Choose the program for this role.")})
        elif program.organization_id != organization.pk:  # type: ignore[union-attr]
            raise ValidationError({"program": _("Choose a program of this organization.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the site's languages.")})
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if role == Role.COMPANION and organization is None:
            has_role = existing.memberships.filter(role=Role.COMPANION).exists() or hasattr(
                existing, "companion_profile"
            )
        else:
            has_role = existing.memberships.filter(
                organization=organization, program=program, role=role
            ).exists()
        if has_role:
            raise ValidationError({"email": _("This person already has this role.")})
        language = existing.language or language
    _withdraw_pending(
        Invitation.objects.filter(
            email__iexact=email,
            organization=organization,
            program=program,
            role=role,
            expires_at__gt=timezone.now(),
        ),
        by=by,
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        full_name=" ".join((full_name or "").split()),
        organization=organization,
        program=program,
        role=role,
        language=language,
        token_hash=token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=by,
        action=Action.INVITATION_SENT,
        obj=invitation,
        organization=organization,
        summary=f"invitation {invitation.pk}: role {role} ({_where(invitation)})",
    )
    # Inside the transaction: an invitation whose e-mail could not be sent is not kept.
    _send(invitation, token)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation the token opens while it can still be accepted, else None."""
    invitation = (
        Invitation.objects.select_related("organization", "program", "invited_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


def account_for_invitation(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None = None, full_name: str = "", password: str = ""
) -> User:
    """Accept an invitation: the person's account is made (with `full_name` and `password`)
    or, when one exists for the address, it is the signed-in `user`'s; then the role is given.
    The invitation cannot be used again."""
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=token_hash(token or "")).first()
    )
    if invitation is None or not invitation.is_pending:
        raise InvitationInvalid(
            _("This invitation can no longer be used: it has expired, was used or withdrawn.")
        )
    signed_in = user if user is not None and user.is_authenticated else None
    account = account_for_invitation(invitation)
    if account is not None and not account.is_active and signed_in is None:
        # A closed account (its person deactivated) cannot sign in: the link, e-mailed to its
        # address, opens it again with the name and password chosen now.
        full_name = " ".join((full_name or "").split())
        if not full_name:
            raise ValidationError({"full_name": _("Write your full name.")})
        try:
            validate_password(password, account)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        account.full_name = full_name
        account.set_password(password)
        account.is_active = True
        account.save(update_fields=["full_name", "password", "is_active"])
    elif account is not None:
        if signed_in is None or signed_in.pk != account.pk:
            raise PermissionDenied
    else:
        if signed_in is not None:
            raise ValidationError(
                _("You are signed in as someone else: sign out, then open the invitation again.")
            )
        full_name = " ".join((full_name or "").split())
        if not full_name:
            raise ValidationError({"full_name": _("Write your full name.")})
        candidate = User(email=invitation.email, full_name=full_name)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        account = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name,
            language=invitation.language,
        )
    with role_audit.acting(account):
        if invitation.organization is not None:
            membership_ensure(
                user=account,
                organization=invitation.organization,
                role=invitation.role,
                program=invitation.program,
            )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = account
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=account,
        action=Action.INVITATION_ACCEPTED,
        obj=invitation,
        organization=invitation.organization,
        summary=f"invitation {invitation.pk} accepted by user {account.pk} ({_where(invitation)})",
    )
    signals.invitation_accepted.send(sender=Invitation, invitation=invitation, user=account)
    return account


@transaction.atomic
def invitation_withdraw(*, by: User, invitation: Invitation) -> None:
    if invitation.organization_id is None:
        if not (by.is_authenticated and by.is_unit):
            raise PermissionDenied
    else:
        _require_director(by, invitation.organization)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    _withdraw_pending(Invitation.objects.filter(pk=invitation.pk), by=by)


def roles_for_change(membership: Membership) -> list[str]:
    """The roles a director may give in the place of `membership`'s (same scope)."""
    if membership.role == Role.COMPANION:
        return []
    scope = ORGANIZATION_ROLES if membership.program_id is None else PROGRAM_ROLES
    return [r for r in DIRECTOR_ROLES if r in scope]


def _require_changeable(by: User, membership: Membership) -> None:
    _require_director(by, membership.organization)
    if membership.role == Role.COMPANION:
        raise PermissionDenied  # companions are assigned by the unit
    if membership.user_id == by.pk and membership.role == Role.DIRECTOR:
        raise ValidationError(_("You cannot change or remove your own director role."))


@transaction.atomic
def membership_role_change(*, by: User, membership: Membership, role: str) -> Membership:
    _require_changeable(by, membership)
    if role not in roles_for_change(membership):
        raise ValidationError({"role": _("This role cannot be given here.")})
    if role == membership.role:
        return membership
    if Membership.objects.filter(
        user_id=membership.user_id,
        organization_id=membership.organization_id,
        program=membership.program,
        role=role,
    ).exists():
        raise ValidationError({"role": _("This person already has this role here.")})
    membership.role = role
    membership.full_clean()
    with role_audit.acting(by):
        membership.save(update_fields=["role"])
    membership.user.__dict__.pop("_lfs_memberships", None)
    return membership


@transaction.atomic
def membership_remove(*, by: User, membership: Membership) -> None:
    _require_changeable(by, membership)
    with role_audit.acting(by):
        membership.delete()


@transaction.atomic
def person_deactivate(*, by: User, organization: Organization, person: User) -> bool:
    """Take every role of `person` in the organization and its programs away and withdraw
    their invitations there; their account is closed too when no role is left them anywhere
    (True then)."""
    _require_director(by, organization)
    if person.pk == by.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    with role_audit.acting(by):
        Membership.objects.filter(user=person, organization=organization).delete()
    _withdraw_pending(
        Invitation.objects.filter(email__iexact=person.email, organization=organization), by=by
    )
    person.__dict__.pop("_lfs_memberships", None)
    closed = False
    keeps_a_role = (
        person.memberships.exists()
        or person.is_unit
        or person.is_staff
        or person.is_superuser
        or Community.objects.filter(coordinators=person).exists()
    )
    if not keeps_a_role and person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        closed = True
    audit_record(
        actor=by,
        action=Action.PERSON_DEACTIVATED,
        obj=person,
        organization=organization,
        summary=f"roles of user {person.pk} in organization {organization.pk} removed"
        + ("; account closed" if closed else ""),
    )
    return closed


def invitable_roles() -> list[tuple[str, object]]:
    return [(r.value, r.label) for r in DIRECTOR_ROLES]


__all__ = [
    "INVITATION_DAYS",
    "InvitationInvalid",
    "account_for_invitation",
    "invitable_roles",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_withdraw",
    "membership_remove",
    "membership_role_change",
    "person_deactivate",
    "roles_for_change",
    "token_hash",
]
