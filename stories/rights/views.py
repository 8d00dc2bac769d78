"""Data rights: a client's data exported or erased, a program exported (directors only)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lfs_site.downloads import attachment
from organizations.forms import apply_errors

from . import services as data_rights
from .forms import ErasureForm


@login_required
@never_cache
def client_data(request, pk: int):
    story, access = data_rights.client_rights_get_for_user(request.user, pk)
    stories = data_rights.client_stories(user=request.user, story=story)
    return render(
        request,
        "stories/rights/client.html",
        {
            "access": access,
            "program": access.program,
            "story": story,
            "stories": stories,
            "erasures": data_rights.erasures_for_stories(stories),
        },
    )


@login_required
def client_export_json(request, pk: int):
    story, _access = data_rights.client_rights_get_for_user(request.user, pk)
    stories = data_rights.client_stories(user=request.user, story=story)
    data = data_rights.client_export_data(stories=stories)
    data_rights.client_export_record(by=request.user, stories=stories, fmt="json", request=request)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return attachment(
        body.encode(), "application/json; charset=utf-8", f"client-story-{story.pk}.json"
    )


@login_required
def client_export_pdf(request, pk: int):
    story, _access = data_rights.client_rights_get_for_user(request.user, pk)
    stories = data_rights.client_stories(user=request.user, story=story)
    pdf = data_rights.client_export_pdf(data_rights.client_export_data(stories=stories))
    data_rights.client_export_record(by=request.user, stories=stories, fmt="pdf", request=request)
    return attachment(pdf, "application/pdf", f"client-story-{story.pk}.pdf")


@login_required
@never_cache
def client_erase(request, pk: int):
    story, access = data_rights.client_rights_get_for_user(request.user, pk)
    stories = data_rights.client_stories(user=request.user, story=story)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = data_rights.client_erase(
                access=access,
                stories=stories,
                by=request.user,
                confirmation=form.cleaned_data["confirmation"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The client's data has been erased from %(n)d stories.")
                % {"n": len(result.tombstones)},
            )
            return redirect("rights:client_data", pk=story.pk)
    return render(
        request,
        "stories/rights/erase.html",
        {
            "access": access,
            "program": access.program,
            "story": story,
            "stories": stories,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
