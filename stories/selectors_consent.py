"""Scoped reads of the wording interviewees agree to: each organization's consent texts.

The director of an organization keeps its texts (one per scope and language, versioned); a
student recording a consent reads the current one, and the consent keeps a copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from organizations.models import Organization, Role, User

from .models import (
    CONSENT_LANGUAGES,
    DEFAULT_CONSENT_TEXT_VERSION,
    DEFAULT_CONSENT_TEXTS,
    Consent,
    ConsentText,
)


@dataclass(frozen=True)
class CurrentText:
    """The wording a consent given now, to one scope in one language, is given to."""

    scope: str
    language: str
    text: str
    version_label: str
    version: int | None  # None: the built-in wording (the organization has none of its own)

    @property
    def is_default(self) -> bool:
        return self.version is None

    @property
    def direction(self) -> str:
        return "rtl" if self.language in ("he", "ar") else "ltr"


def _default(scope: str, language: str) -> CurrentText:
    with translation.override(language):
        text = str(DEFAULT_CONSENT_TEXTS[scope])
    return CurrentText(scope, language, text, DEFAULT_CONSENT_TEXT_VERSION, None)


def _current(row: ConsentText) -> CurrentText:
    return CurrentText(row.scope, row.language, row.text, row.version_label, row.version)


def consent_text_current(
    organization_id: int, scope: str, language: str, *, versions: list[ConsentText] | None = None
) -> CurrentText:
    """The organization's latest wording for this scope and language, or the built-in one
    (from `versions`, the latest first, when they were read already)."""
    if versions is None:
        row = (
            ConsentText.objects.filter(
                organization_id=organization_id, scope=scope, language=language
            )
            .order_by("-version")
            .first()
        )
    else:
        row = versions[0] if versions else None
    return _current(row) if row is not None else _default(scope, language)


def consent_texts_current(organization_id: int) -> dict[tuple[str, str], CurrentText]:
    """Every scope's and language's current wording for the organization (one query)."""
    latest: dict[tuple[str, str], ConsentText] = {}
    for row in ConsentText.objects.filter(organization_id=organization_id).order_by("version"):
        latest[(row.scope, row.language)] = row
    return {
        (scope, language): _current(latest[(scope, language)])
        if (scope, language) in latest
        else _default(scope, language)
        for scope in Consent.Scope.values
        for language, _label in CONSENT_LANGUAGES
    }


def consent_text_versions(organization_id: int, scope: str, language: str) -> list[ConsentText]:
    """Every version the organization kept for this scope and language, the latest first."""
    return list(
        ConsentText.objects.filter(organization_id=organization_id, scope=scope, language=language)
        .select_related("created_by")
        .order_by("-version")
    )


def can_edit_consent_texts(user: User, organization: Organization) -> bool:
    """The organization's directors keep the wording its interviewees agree to."""
    return user.memberships.filter(organization=organization, role=Role.DIRECTOR).exists()


def organization_get_for_consent_texts(user: User, pk: int) -> Organization:
    """The organization whose consent texts the user keeps: 404 for an organization they have
    no role in (they need not learn it exists), 403 for a member who is not its director."""
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None or not user.is_authenticated:
        raise Http404
    if not user.memberships.filter(organization=organization).exists():
        raise Http404
    if not can_edit_consent_texts(user, organization):
        raise PermissionDenied
    return organization
