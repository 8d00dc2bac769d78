"""Scoped reads of the wording interviewees agree to: each organization's consent texts.

The director of an organization keeps its texts (one per scope and language, versioned); a
student recording a consent reads the current one, and the consent keeps a copy of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from lfs_site.evaluate import choice_labels
from organizations.models import Organization, Role, User
from stories.models import (
    CONSENT_LANGUAGES,
    DEFAULT_CONSENT_TEXT_VERSION,
    DEFAULT_CONSENT_TEXTS,
    Consent,
    ConsentText,
    Interview,
    StoryErasure,
    SuccessStory,
)

from .ledger import scope_states

if TYPE_CHECKING:
    from collections.abc import Sequence


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


@dataclass
class Publishability:
    ok: bool
    reasons: list[str]


def publishability_for(stories: Sequence[SuccessStory]) -> dict[int, Publishability]:
    """Whether each story may be published, and why not, from the consent ledger by its one
    rule (`stories.rights.ledger`: the latest event per interviewee decides), in 3 queries: the
    interviews, their publication consents (`scope_states`) and the erasures."""
    ids = [s.pk for s in stories]
    # Plain rows, not model instances: a book or an overview asks this for a hundred stories.
    rows = list(
        Interview.objects.filter(story_id__in=ids)
        .order_by("held_on", "pk")
        .values_list("pk", "story_id", "interviewee_role", "interviewee_label")
    )
    states = scope_states([row[0] for row in rows], Consent.Scope.PUBLICATION)
    roles = choice_labels(Interview.IntervieweeRole.choices)
    interviews: dict[int, list[tuple[str, bool, dt.date | None]]] = {pk: [] for pk in ids}
    for pk, story_id, role, label in rows:
        interviews[story_id].append((f"{roles.get(role, role)}: {label}", *states[pk]))
    return _publishability(ids, interviews)


def _publishability(
    ids: list[int], interviews: dict[int, list[tuple[str, bool, dt.date | None]]]
) -> dict[int, Publishability]:
    """The verdicts from each story's interviews (who, whether their publication consent
    stands, when it was last withdrawn; in order) and the erasure ledger (1 query)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    erased = set(
        StoryErasure.objects.filter(story_number__in=ids).values_list("story_number", flat=True)
    )
    result = {}
    for pk in ids:
        if pk in erased:
            reasons = [_("The client's data was erased at their request: it is never published.")]
            result[pk] = Publishability(ok=False, reasons=reasons)
            continue
        reasons = []
        if not interviews[pk]:
            reasons.append(_("No interview has been documented yet."))
        for who, stands, withdrawn_on in interviews[pk]:
            if stands:
                continue
            if withdrawn_on is not None:
                reasons.append(
                    _("%(who)s withdrew publication consent on %(date)s.")
                    % {"who": who, "date": date_format(withdrawn_on, "DATE_FORMAT")}
                )
            else:
                reasons.append(_("No publication consent from %(who)s.") % {"who": who})
        result[pk] = Publishability(ok=not reasons, reasons=reasons)
    return result


def story_publishability(
    story: SuccessStory, interviews: list[Interview] | None = None
) -> Publishability:
    """Whether the story may be published; from `interviews` when given (all the story's
    interviews from `interviews_for_story`, which decides their consent as they are read):
    then only the erasure ledger is read (1 query, not 2)."""
    if interviews is None:
        return publishability_for([story])[story.pk]
    roles = choice_labels(Interview.IntervieweeRole.choices)
    rows = [
        (
            f"{roles.get(i.interviewee_role, i.interviewee_role)}: {i.interviewee_label}",
            i.publication_stands,  # type: ignore[attr-defined]  # interviews_for_story sets it
            i.publication_withdrawn_on,  # type: ignore[attr-defined]  # and this
        )
        for i in interviews
    ]
    return _publishability([story.pk], {story.pk: rows})[story.pk]
