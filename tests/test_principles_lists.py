"""The principles page's lists (stories/principles/_story_links.html, _unmerged.html,
_merge_checkboxes.html, _principle_stories.html): every text is escaped, what was ticked stays
ticked, and the words follow the language."""

from __future__ import annotations

import pytest
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from stories.principles.selectors import StoryRow, UnmergedRow

# English unless a test says otherwise: drawn text follows the active language.
pytestmark = pytest.mark.usefixtures("english")


def _draw(name: str, **context) -> str:
    """The list template `name` of the principles page, drawn with `context`."""
    return get_template(f"stories/principles/{name}").template.render(Context(context))


EVIL = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


def test_story_links_escape_titles_and_link_each_story():
    html = _draw("_story_links.html", stories=[(3, EVIL), (7, "Home")])
    assert "<script>" not in html and ESCAPED in html
    assert html.strip() == (  # strip: the template file ends with a line break
        f'<a href="{reverse("stories:story_detail", args=[3])}"><bdi>{ESCAPED}</bdi></a>, '
        f'<a href="{reverse("stories:story_detail", args=[7])}"><bdi>Home</bdi></a>'
    )
    assert _draw("_story_links.html", stories=[]).strip() == ""


def test_unmerged_items_escape_the_sentence_and_the_title():
    rows = [UnmergedRow(pk=5, sentence=EVIL, story_title=EVIL)]
    html = _draw("_unmerged.html", rows=rows)
    assert "<script>" not in html and html.count(ESCAPED) == 2
    assert html.startswith('<li class="list-group-item"><bdi>')


def test_merge_checkboxes_keep_what_was_ticked_and_point_to_the_error():
    rows = [
        UnmergedRow(pk=5, sentence=EVIL, story_title="A"),
        UnmergedRow(pk=6, sentence="In b, to achieve c, we d.", story_title=EVIL),
    ]
    html = _draw("_merge_checkboxes.html", rows=rows)
    assert "<script>" not in html and html.count(ESCAPED) == 2
    assert html.count('type="checkbox" name="principles"') == 2
    assert 'value="5" id="merge-principle-5">' in html
    assert '<label class="form-check-label" for="merge-principle-6">' in html
    assert "checked" not in html and "aria-describedby" not in html
    html = _draw(
        "_merge_checkboxes.html",
        rows=rows,
        ticked={"6"},
        described=["Tick at least one story principle to merge."],
    )
    assert 'id="merge-principle-5" aria-describedby="merge-principles-error">' in html
    assert 'id="merge-principle-6" checked aria-describedby="merge-principles-error">' in html


def test_principle_story_items_count_in_the_pages_language():
    rows = [StoryRow(pk=4, title=EVIL, principle_count=1), StoryRow(9, "Home", 3)]
    html = _draw("_principle_stories.html", rows=rows)
    assert "<script>" not in html and html.count(ESCAPED) == 2
    assert "1 principle<" in html and "3 principles<" in html
    assert f'href="{reverse("principles:principle_add", args=[4])}">Principles and evidence' in html
    assert f'<span class="visually-hidden">: {ESCAPED}</span>' in html
    with translation.override("he"):
        html = _draw("_principle_stories.html", rows=rows)
    assert "1 עיקרון" in html and "3 עקרונות" in html and "עקרונות ותימוכין" in html
