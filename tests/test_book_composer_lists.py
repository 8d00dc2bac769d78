"""The book composer's lists (publications/_book_entries.html, _book_candidates.html): every
text is escaped, each form carries the CSRF token, and the words follow the language."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from stories.rights.selectors import Publishability

EVIL = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"
CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="tok&lt;en">'

# English unless a test says otherwise: drawn text follows the active language.
pytestmark = pytest.mark.usefixtures("english")


def _draw(name: str, **context) -> str:
    """The list template `name` of the composer of book 3, drawn with `context`."""
    context.setdefault("csrf_token", "tok<en")
    context.setdefault("book", SimpleNamespace(pk=3))
    return get_template(f"publications/{name}").template.render(Context(context))


def _row(pk, title, *, number=None, reasons=()):
    return SimpleNamespace(
        entry=SimpleNamespace(pk=pk),
        story=SimpleNamespace(title=title),
        included=not reasons,
        number=number,
        reasons=list(reasons),
    )


def test_book_entries_escape_titles_and_reasons_and_carry_the_forms():
    rows = [_row(11, EVIL, number=1), _row(12, "Home", reasons=[EVIL, "No consent."])]
    html = _draw("_book_entries.html", rows=rows)
    assert "<script>" not in html
    assert html.count(CSRF) == 6
    assert f'<span class="fw-semibold" dir="auto">{ESCAPED}</span>' in html
    assert f'aria-label="Move “{ESCAPED}” up"' in html
    assert f'aria-label="Take “{ESCAPED}” out of the book"' in html
    move, remove = (
        reverse("publications:book_entry_move", args=[3, 12]),
        reverse("publications:book_entry_remove", args=[3, 12]),
    )
    assert f'action="{move}"' in html and f'action="{remove}"' in html
    first, second = html.split("</li>")[:2]
    assert '<span class="entry-number">1</span>' in first and "book-entry-excluded" not in first
    assert 'data-entry-id="11"' in first and first.count(" disabled") == 1  # not up: it is first
    assert '<span class="entry-number">–</span>' in second and "book-entry-excluded" in second
    assert second.count(" disabled") == 1  # not down: it is last
    assert f"Will not be printed</span> {ESCAPED} No consent. </div>" in second


def test_book_candidates_escape_and_say_why_one_cannot_be_printed():
    candidates = [
        (SimpleNamespace(pk=21, title=EVIL), Publishability(ok=True, reasons=[])),
        (SimpleNamespace(pk=22, title="Home"), Publishability(ok=False, reasons=[EVIL])),
    ]
    html = _draw("_book_candidates.html", candidates=candidates)
    assert "<script>" not in html and html.count(ESCAPED) == 2
    assert html.count(CSRF) == 2
    assert html.count(f'action="{reverse("publications:book_entry_add", args=[3])}"') == 2
    first, second = html.split("</li>")[:2]
    assert 'name="story" value="21"' in first and "Cannot be printed" not in first
    assert f"Cannot be printed</span> {ESCAPED} </div>" in second
    with translation.override("he"):
        html = _draw("_book_candidates.html", candidates=candidates)
    assert "הוספה לספר" in html and "לא ניתן להדפסה" in html


def test_without_a_csrf_token_no_hidden_field_is_drawn():
    rows = [_row(11, "Home", number=1)]
    html = _draw("_book_entries.html", rows=rows, csrf_token="")
    assert "csrfmiddlewaretoken" not in html
