"""A program's populations: the vocabulary stories are tagged with, named in each language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lfs_site.confirm import confirmation_required
from lfs_site.evaluate import choices_evaluated

from . import services_populations as populations
from .forms import PopulationMergeForm, PopulationTermForm, apply_errors
from .models import PopulationTerm
from .selectors import program_get_for_user


def _term(access, term_pk: int) -> PopulationTerm:
    term = PopulationTerm.objects.filter(pk=term_pk, program=access.program).first()
    if term is None:
        raise Http404
    return term


def _page(request, access, *, form=None, editing=None, edit_form=None, status=200):
    terms = list(access.program.population_terms.all())
    for term in terms:
        term.edit_form = (
            edit_form
            if editing is not None and term.pk == editing
            else PopulationTermForm(instance=term, prefix=f"t{term.pk}")
        )
        others = access.program.population_terms.exclude(pk=term.pk)
        term.merge_form = choices_evaluated(PopulationMergeForm(terms=others, prefix=f"m{term.pk}"))
    return render(
        request,
        "organizations/populations.html",
        {
            "access": access,
            "program": access.program,
            "terms": terms,
            "form": form or PopulationTermForm(),
            "editing": editing,
        },
        status=status,
    )


def _manager_access(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_view_selection:
        raise PermissionDenied
    return access


@login_required
def population_list(request, pk: int):
    access = _manager_access(request, pk)
    if request.method != "POST":
        return _page(request, access)
    if not access.can_manage_selection:
        raise PermissionDenied
    form = PopulationTermForm(request.POST)
    if form.is_valid():
        try:
            populations.population_term_create(access=access, names=form.names())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The population has been added."))
            return redirect("organizations:populations", pk=pk)
    return _page(request, access, form=form, status=400)


@login_required
@require_POST
def population_edit(request, pk: int, term_pk: int):
    access = _manager_access(request, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    term = _term(access, term_pk)
    form = PopulationTermForm(request.POST, instance=term, prefix=f"t{term.pk}")
    if form.is_valid():
        try:
            populations.population_term_update(access=access, term=term, names=form.names())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The population's names have been saved."))
            return redirect("organizations:populations", pk=pk)
    term.refresh_from_db()
    return _page(request, access, editing=term.pk, edit_form=form, status=400)


@login_required
@require_POST
def population_merge(request, pk: int, term_pk: int):
    access = _manager_access(request, pk)
    if not access.can_manage_selection:
        raise PermissionDenied
    source = _term(access, term_pk)
    form = PopulationMergeForm(
        request.POST,
        terms=access.program.population_terms.exclude(pk=source.pk),
        prefix=f"m{source.pk}",
    )
    if not form.is_valid():
        messages.error(request, _("Choose the population it is the same as."))
        return redirect("organizations:populations", pk=pk)
    target = form.cleaned_data["target"]
    unconfirmed = confirmation_required(
        request,
        question=_("Merge “%(source)s” into “%(target)s”?")
        % {"source": source.label(), "target": target.label()},
        detail=_("The stories tagged with either are counted once, under the one population."),
        confirm_label=_("Merge"),
        cancel_url=reverse("organizations:populations", args=[pk]),
        program=access.program,
        access=access,
    )
    if unconfirmed:
        return unconfirmed
    populations.population_term_merge(access=access, source=source, target=target)
    messages.success(request, _("The populations have been merged."))
    return redirect("organizations:populations", pk=pk)
