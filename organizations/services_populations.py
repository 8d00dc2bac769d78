"""A program's vocabulary of populations (organizations.PopulationTerm): each population named
in English, Hebrew and Arabic, so that coverage counts it once whatever the language a story
was tagged in. The committee and the director keep it; two terms found to name one population
are merged (the stories tagged with either keep their tags, now of the one population)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import PopulationTerm, Program
from .selectors import ProgramAccess

LANGUAGE_CODES = ("en", "he", "ar")


def language_of_text(text: str) -> str:
    """The language a population's name is in, from its script: Hebrew or Arabic letters,
    else English (what an imported or typed name is filed under)."""
    for ch in text:
        if "\u0590" <= ch <= "\u05ff":
            return "he"
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            return "ar"
    return "en"


def _clean(name: str) -> str:
    return " ".join("".join(ch for ch in (name or "") if ch.isprintable()).split())[:60]


def _named(program: Program, name: str, exclude_pk: int | None = None):
    match = Q()
    for code in LANGUAGE_CODES:
        match |= Q(**{f"name_{code}__iexact": name})
    qs = PopulationTerm.objects.filter(match, program=program)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def population_term_for_name(*, program: Program, name: str) -> PopulationTerm:
    """The population of the program's vocabulary that has this name in any language, or a
    new one named so in the language of its script."""
    name = _clean(name)
    term = _named(program, name).order_by("pk").first()
    if term is None:
        term = PopulationTerm(program=program, **{f"name_{language_of_text(name)}": name})
        term.full_clean()
        term.save()
    return term


def _require(access: ProgramAccess) -> None:
    if not access.can_manage_selection:
        raise PermissionDenied


def _check_names(program: Program, names: dict[str, str], exclude_pk: int | None = None) -> dict:
    names = {code: _clean(names.get(code, "")) for code in LANGUAGE_CODES}
    if not any(names.values()):
        raise ValidationError(_("Name the population in at least one language."))
    errors = {}
    for code, name in names.items():
        if name and _named(program, name, exclude_pk).exists():
            errors[f"name_{code}"] = _("Another population of this program has this name.")
    if errors:
        raise ValidationError(errors)
    return names


@transaction.atomic
def population_term_create(*, access: ProgramAccess, names: dict[str, str]) -> PopulationTerm:
    _require(access)
    names = _check_names(access.program, names)
    term = PopulationTerm(program=access.program, **{f"name_{c}": n for c, n in names.items()})
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def population_term_update(
    *, access: ProgramAccess, term: PopulationTerm, names: dict[str, str]
) -> PopulationTerm:
    _require(access)
    if term.program_id != access.program.pk:
        raise PermissionDenied
    names = _check_names(access.program, names, exclude_pk=term.pk)
    for code, name in names.items():
        setattr(term, f"name_{code}", name)
    term.full_clean()
    term.save(update_fields=[f"name_{c}" for c in LANGUAGE_CODES])
    return term


@transaction.atomic
def population_term_merge(
    *, access: ProgramAccess, source: PopulationTerm, target: PopulationTerm
) -> PopulationTerm:
    """`source` names the same population as `target`: its tags (and their stories) become
    `target`'s, the names `target` lacks are taken from `source`, and `source` goes."""
    _require(access)
    program = access.program
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another population to merge into.")})
    if source.program_id != program.pk or target.program_id != program.pk:
        raise PermissionDenied
    source.tags.update(term=target)
    names = source.names()
    source.delete()
    changed = []
    for code in LANGUAGE_CODES:
        if not getattr(target, f"name_{code}") and names[code]:
            setattr(target, f"name_{code}", names[code])
            changed.append(f"name_{code}")
    if changed:
        target.save(update_fields=changed)
    return target
