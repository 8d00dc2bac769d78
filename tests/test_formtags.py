"""{{ form|crispy_blank }}: a blank form's crispy markup kept per language, and everything
else drawn afresh exactly as |crispy draws it."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.template import engines
from django.utils import translation

from companions.forms import ProfileCreateForm
from lfs_site import formtags
from methods.forms_workshops import CycleForm, JoinForm
from organizations.models import User
from publications.forms import PublicationForm
from stories.forms import CommentForm
from stories.forms_principles import CommonPrincipleForm

#: Every form that asks to be kept, and how a view makes a blank one.
KEPT = {
    CycleForm: CycleForm,
    JoinForm: JoinForm,
    CommentForm: CommentForm,
    ProfileCreateForm: lambda: ProfileCreateForm(users=User.objects.none()),
    CommonPrincipleForm: CommonPrincipleForm,
    PublicationForm: PublicationForm,
}
ROOT = Path(__file__).resolve().parent.parent


def _every_form_class() -> set[type]:
    for path in ROOT.glob("*/forms*.py"):
        importlib.import_module(f"{path.parent.name}.{path.stem}")
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def _render(form) -> str:
    return engines["django"].from_string("{{ form|crispy_blank }}").render({"form": form})


@pytest.fixture(autouse=True)
def _empty():
    formtags._drawn.clear()
    yield
    formtags._drawn.clear()


@pytest.mark.parametrize("make", KEPT.values(), ids=[c.__name__ for c in KEPT])
def test_a_blank_form_is_drawn_once_per_language_and_as_crispy_draws_it(make):
    for language in ("en", "he", "ar"):
        with translation.override(language):
            first = _render(make())
            assert first == str(as_crispy_form(make()))
            assert _render(make()) == first
    assert len(formtags._drawn) == 3
    with translation.override("en"):
        english = _render(make())
    with translation.override("he"):
        assert _render(make()) != english  # the labels are in Hebrew


def test_a_filled_in_form_keeps_what_was_typed_and_its_errors():
    with translation.override("en"):
        _render(CycleForm())  # the blank one kept
        bound = CycleForm({"goal": "Ask the families first", "status": "nonsense"})
        assert not bound.is_valid()
        html = _render(bound)
    assert "Ask the families first" in html
    assert "Select a valid choice" in html
    assert len(formtags._drawn) == 1  # the bound form was not kept


def test_a_form_with_initial_values_is_drawn_afresh():
    with translation.override("en"):
        html = _render(JoinForm(initial={"code": "AB12CD"}))
    assert 'value="AB12CD"' in html
    assert not formtags._drawn


class _NotOptedIn(forms.Form):
    name = forms.CharField()


class _FromTheDatabase(forms.Form):
    same_markup_when_blank = True
    person = forms.ModelChoiceField(queryset=User.objects.none())  # drawn as a list of choices


class _Today(forms.Form):
    same_markup_when_blank = True
    day = forms.DateField(initial=dt.date.today)


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [_NotOptedIn, _FromTheDatabase, _Today])
def test_forms_whose_markup_can_change_are_never_kept(form_class):
    assert not formtags.can_keep(form_class())
    _render(form_class())
    assert not formtags._drawn


def test_every_form_that_asks_to_be_kept_can_be():
    asking = {
        cls
        for cls in _every_form_class()
        if cls.__dict__.get("same_markup_when_blank") and cls.__module__.split(".")[0] != "tests"
    }
    assert asking == set(KEPT)  # a new one is added to KEPT, so the tests above draw it too
    for form_class, make in KEPT.items():
        assert formtags.can_keep(make()), form_class
