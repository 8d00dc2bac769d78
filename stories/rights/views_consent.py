"""The wording interviewees agree to: the organization's consent texts, kept by its director."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organizations.forms import apply_errors
from stories.models import CONSENT_LANGUAGES, Consent

from . import services
from .forms import ConsentTextForm
from .selectors import (
    consent_text_current,
    consent_text_versions,
    consent_texts_current,
    organization_get_for_consent_texts,
)


@login_required
@require_GET
def consent_texts(request, pk: int):
    """Every scope's wording in every language, as a consent given now would record it."""
    organization = organization_get_for_consent_texts(request.user, pk)
    current = consent_texts_current(organization.pk)
    scopes = [
        (label, [(name, current[(scope, code)]) for code, name in CONSENT_LANGUAGES])
        for scope, label in Consent.Scope.choices
    ]
    return render(
        request,
        "stories/consent_texts/list.html",
        {"organization": organization, "scopes": scopes},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_text_edit(request, pk: int, scope: str, language: str):
    """A new version of one scope's wording in one language."""
    organization = organization_get_for_consent_texts(request.user, pk)
    if scope not in Consent.Scope.values or language not in dict(CONSENT_LANGUAGES):
        raise Http404
    versions = consent_text_versions(organization.pk, scope, language)
    current = consent_text_current(organization.pk, scope, language, versions=versions)
    form = ConsentTextForm(
        request.POST or None,
        initial={"label": versions[0].label if versions else "", "text": current.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.consent_text_save(
                organization=organization,
                by=request.user,
                scope=scope,
                language=language,
                label=form.cleaned_data["label"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if saved is None:
                messages.info(request, _("Nothing has changed: no new version was saved."))
            else:
                messages.success(
                    request,
                    _(
                        "Version %(v)d of the wording has been saved. Consents given from now on "
                        "are recorded with it."
                    )
                    % {"v": saved.version},
                )
            return redirect("documentation:consent_texts", pk=organization.pk)
    return render(
        request,
        "stories/consent_texts/edit.html",
        {
            "organization": organization,
            "scope_label": Consent.Scope(scope).label,
            "language_label": dict(CONSENT_LANGUAGES)[language],
            "language": language,
            "current": current,
            "versions": versions,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
