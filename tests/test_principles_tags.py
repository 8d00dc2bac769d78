"""The principles page's lists drawn in Python (stories/templatetags/principles_tags.py): every
text is escaped, the markup is what the template drew, and the words follow the language."""

from __future__ import annotations

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from stories.selectors_principles import StoryRow, UnmergedRow


def _draw(source: str, **context) -> str:
    return Template("{% load principles_tags %}" + source).render(Context(context))


EVIL = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


def test_story_links_escape_titles_and_link_each_story():
    html = _draw("{% story_links stories %}", stories=[(3, EVIL), (7, "Home")])
    assert "<script>" not in html and ESCAPED in html
    assert html == (
        f'<a href="{reverse("story_detail", args=[3])}"><bdi>{ESCAPED}</bdi></a>, '
        f'<a href="{reverse("story_detail", args=[7])}"><bdi>Home</bdi></a>'
    )
    assert _draw("{% story_links stories %}", stories=[]) == ""


def test_unmerged_items_escape_the_sentence_and_the_title():
    rows = [UnmergedRow(pk=5, sentence=EVIL, story_title=EVIL)]
    html = _draw("{% unmerged_items rows %}", rows=rows)
    assert "<script>" not in html and html.count(ESCAPED) == 2
    assert html.startswith('<li class="list-group-item"><bdi>')


def test_merge_checkboxes_keep_what_was_ticked_and_point_to_the_error():
    rows = [
        UnmergedRow(pk=5, sentence=EVIL, story_title="A"),
        UnmergedRow(pk=6, sentence="In b, to achieve c, we d.", story_title=EVIL),
    ]
    html = _draw("{% merge_checkboxes rows %}", rows=rows)
    assert "<script>" not in html and html.count(ESCAPED) == 2
    assert html.count('type="checkbox" name="principles"') == 2
    assert 'value="5" id="merge-principle-5">' in html
    assert '<label class="form-check-label" for="merge-principle-6">' in html
    assert "checked" not in html and "aria-describedby" not in html
    html = _draw(
        "{% merge_checkboxes rows ticked=ticked described=errors %}",
        rows=rows,
        ticked={"6"},
        errors=["Tick at least one story principle to merge."],
    )
    assert 'id="merge-principle-5" aria-describedby="merge-principles-error">' in html
    assert 'id="merge-principle-6" checked aria-describedby="merge-principles-error">' in html


def test_principle_story_items_count_in_the_pages_language():
    rows = [StoryRow(pk=4, title=EVIL, principle_count=1), StoryRow(9, "Home", 3)]
    html = _draw("{% principle_story_items rows %}", rows=rows)
    assert "<script>" not in html and html.count(ESCAPED) == 2
    assert "1 principle<" in html and "3 principles<" in html
    assert f'href="{reverse("principle_add", args=[4])}">Principles and evidence' in html
    assert f'<span class="visually-hidden">: {ESCAPED}</span>' in html
    with translation.override("he"):
        html = _draw("{% principle_story_items rows %}", rows=rows)
    assert "1 עיקרון" in html and "3 עקרונות" in html and "עקרונות ותימוכין" in html
