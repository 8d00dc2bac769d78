"""The unit dashboard's rows drawn in Python (companions/templatetags/unit_tags.py): the same
markup as the template rows they replaced, every text escaped, the words in the page's
language."""

from __future__ import annotations

import datetime
from collections import namedtuple
from types import SimpleNamespace

import pytest
from django.utils import translation

from organizations.models import Stage

from .markup import draw, draw_before, squeeze

EVIL = '<script>alert("x")</script> & co'

Row = namedtuple(
    "Row", "pk title stage organization_name workshops_held workshops_planned cycles_run"
)


def _program(pk, title, *, planned, companions, stage):
    """One program as the dashboard reads it now (a plain row and its companions) and as the
    template read it before (a program with its active assignments)."""
    row = Row(pk, title, stage, EVIL, pk * 3, planned, 1200 + pk)
    before = SimpleNamespace(
        pk=pk,
        title=title,
        organization=SimpleNamespace(name=EVIL),
        get_stage_display=lambda: dict(Stage.choices)[stage],
        workshops_held=pk * 3,
        workshops_planned=planned,
        cycles_run=1200 + pk,
        active_assignments=[
            SimpleNamespace(
                companion_id=cpk, companion=SimpleNamespace(user=SimpleNamespace(full_name=name))
            )
            for cpk, name in companions
        ],
    )
    return row, companions, before


PROGRAMS = [
    _program(1, EVIL, planned=0, companions=[], stage="steering"),
    _program(2, "Home", planned=1, companions=[(7, EVIL)], stage="publication"),
    _program(3, "School", planned=4, companions=[(8, "Ada"), (9, "Bo")], stage="documentation"),
]
ROWS = [row for row, _c, _b in PROGRAMS]
COMPANIONS = {row.pk: companions for row, companions, _b in PROGRAMS if companions}
BEFORE = [before for _r, _c, before in PROGRAMS]
NEW = "{% load unit_tags %}{% unit_program_rows programs companions %}"


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_the_rows_are_what_the_template_drew(language):
    with translation.override(language):
        ours = draw(NEW, programs=ROWS, companions=COMPANIONS)
        theirs = draw_before("unit_program_rows.html", programs=BEFORE)
    assert squeeze(ours) == squeeze(theirs)
    assert "<script>" not in ours and ours.count("&lt;script&gt;") == 5


def test_planned_workshops_are_counted_in_the_pages_language():
    with translation.override("he"):
        html = draw(NEW, programs=ROWS, companions=COMPANIONS)
    assert "עוד 1 מתוכננת" in html and "עוד 4 מתוכננות" in html
    assert "תיעוד" in html  # the stage's name


def _companion(pk, *, active=True, languages="", programs=0, sessions=0, trained=None):
    return SimpleNamespace(
        pk=pk,
        user=SimpleNamespace(full_name=EVIL if pk == 1 else f"Companion {pk}"),
        active=active,
        languages=languages,
        active_assignments=programs,
        sessions_attended=sessions,
        training_completed_on=trained,
    )


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_companion_items_are_what_the_template_drew(language):
    companions = [
        _companion(1, languages=EVIL, programs=1, sessions=2, trained=datetime.date(2026, 3, 9)),
        _companion(2, active=False, programs=0, sessions=1),
        _companion(
            3, languages="he, ar", programs=5, sessions=0, trained=datetime.date(2025, 12, 1)
        ),
    ]
    with translation.override(language):
        ours = draw("{% load unit_tags %}{% companion_items companions %}", companions=companions)
        theirs = draw_before("companion_items.html", companions=companions)
    assert squeeze(ours) == squeeze(theirs)
    assert "<script>" not in ours and ours.count("<li") == 3
