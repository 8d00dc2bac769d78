"""The nominations table drawn in Python (stories/templatetags/stories_tags.py): the same
markup as the template rows it replaced, for each reader (staff, committee assessing, director
reading), every text escaped, the words in the page's language."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from stories.selectors import NominationRow

from .markup import draw, draw_before, squeeze

EVIL = '<script>alert("x")</script> & co'


def _story(pk, *, department, tags, status="nominated", label="Nominated"):
    """A story as the table reads it now (a NominationRow) and as the template read it before
    (a story with its department and teller)."""
    title = EVIL if pk == 1 else f"Story {pk}"
    row = NominationRow(pk, title, EVIL, status, department, EVIL, tags, pk * 2, pk)
    row.status_label, row.yours = label, f"yours: {pk} of 3"
    before = SimpleNamespace(
        pk=pk,
        title=title,
        client_pseudonym=EVIL,
        told_by=SimpleNamespace(full_name=EVIL),
        department=department and SimpleNamespace(name=department),
        tag_list=tags,
        status=status,
        status_label=label,
        assessment_count=pk * 2,
        yours=f"yours: {pk} of 3",
    )
    return row, before


PAIRS = [
    _story(1, department=EVIL, tags=[EVIL, "Youth"]),
    _story(2, department=None, tags=[], status="selected", label="Selected"),
    _story(3, department="Welfare", tags=["Family"]),
]
STORIES = [row for row, _before in PAIRS]
BEFORE = [before for _row, before in PAIRS]


@pytest.mark.parametrize(
    ("view_selection", "assess", "criteria"),
    [(False, False, 0), (True, False, 0), (True, True, 3), (True, True, 0)],
)
@pytest.mark.parametrize("language", ["en", "he"])
def test_the_rows_are_what_the_template_drew(language, view_selection, assess, criteria):
    access = SimpleNamespace(can_view_selection=view_selection, can_assess=assess)
    with translation.override(language):
        ours = draw(
            "{% load stories_tags %}{% nomination_rows stories assessments=a yours=y %}",
            stories=STORIES,
            a=view_selection,
            y=assess and bool(criteria),
        )
        theirs = draw_before(
            "nomination_rows.html", stories=BEFORE, access=access, criteria_count=criteria
        )
    assert squeeze(ours) == squeeze(theirs)
    assert "<script>" not in ours
    assert ours.count("<tr>") == 3


# The meeting's decision cards: the same markup as stories/_decision_row.html, the card an htmx
# save answers with, for every state a card can be in.


def _decision_rows():
    from organizations.views import decision_row
    from stories.forms import DecisionForm, DecisionRowForm
    from stories.models import SelectionDecision

    story = SimpleNamespace(pk=5, title=EVIL, status="nominated")
    other = SimpleNamespace(pk=6, title="Home", status="selected")
    taken = SelectionDecision(outcome="selected", reasons=EVIL)
    blank = DecisionRowForm(DecisionForm(prefix="s0"))
    choices = list(DecisionForm(prefix="s0").fields["outcome"].choices)
    posted = DecisionForm({"s5-outcome": "nope", "s5-reasons": "<b>"}, prefix="s5")  # too short
    posted.is_valid()
    posted.add_error(None, EVIL)
    posted.add_error("reasons", EVIL)  # as the service says of reasons too short
    story.met_count, story.not_met_count, story.unsure_count = 2, 1, 0
    return [
        decision_row(story, None, DecisionRowForm(posted)),  # a posted form with its errors
        decision_row(other, taken, DecisionRowForm.for_decision(blank, choices, "s6", taken)),
        decision_row(story, None, DecisionRowForm.for_decision(blank, choices, "s5", None)),
    ]


@pytest.mark.parametrize("manage", [True, False])
@pytest.mark.parametrize("language", ["en", "he"])
def test_decision_cards_are_what_the_card_template_draws(language, manage):
    access = SimpleNamespace(can_manage_selection=manage)
    with translation.override(language):
        rows = _decision_rows()
        context = {"access": access, "meeting": SimpleNamespace(pk=3), "csrf_token": "tok<en"}
        ours = draw("{% load stories_tags %}{% decision_cards rows 3 %}", rows=rows, **context)
        theirs = "".join(
            draw('{% include "stories/_decision_row.html" %}', row=row, **context) for row in rows
        )
    assert squeeze(ours) == squeeze(theirs)
    assert "<script>" not in ours
    if manage:
        assert ours.count('name="csrfmiddlewaretoken" value="tok&lt;en"') == 3
        assert ours.count("is-invalid") == 2 and 'aria-invalid="true"' in ours
    else:
        assert "<form" not in ours and ours.count('<bdi class="reasons">') == 1


def _progress(pk, *, students, ok, approved=False, draft=None):
    from stories.selectors import Publishability, StoryProgress

    story = SimpleNamespace(
        pk=pk,
        title=EVIL if pk == 1 else f"Story {pk}",
        interview_count=pk,
        is_approved=approved,
        latest_draft=draft,
    )
    todo = [EVIL, "Waiting for the committee's approval"] if not approved else []
    return StoryProgress(story, Publishability(ok=ok, reasons=[]), todo, students)


@pytest.mark.parametrize("assign", [True, False])
@pytest.mark.parametrize("language", ["en", "he"])
def test_documentation_rows_are_what_the_template_drew(language, assign):
    rows = [
        _progress(1, students=[EVIL, "Ada"], ok=True, approved=True, draft=3),
        _progress(2, students=[], ok=False, draft=2),
        _progress(3, students=["Bo"], ok=False),
    ]
    with translation.override(language):
        ours = draw(
            "{% load stories_tags %}{% documentation_rows rows assign=a %}", rows=rows, a=assign
        )
        theirs = draw_before(
            "documentation_rows.html", rows=rows, access=SimpleNamespace(can_assign=assign)
        )
    assert squeeze(ours) == squeeze(theirs)
    assert "<script>" not in ours and ours.count("<tr>") == 3
