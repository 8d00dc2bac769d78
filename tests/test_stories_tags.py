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
