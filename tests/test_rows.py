"""format_rows draws exactly what Django's format_html_join draws, every value escaped."""

from __future__ import annotations

import pytest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from lfs_site.rows import format_rows, html_escape

VALUES = [
    "<script>alert(\"x\")</script> & 'co'",
    "plain",
    "",
    0,
    17,
    None,
    2.5,
    mark_safe("<b>already safe</b>"),  # noqa: S308 - a constant of the test
    format_html("<i>{}</i>", "<made safe>"),
    gettext_lazy("Yes"),
    "עברית ועربية",
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_html_escape_is_what_format_html_gives(value):
    assert html_escape(value) == format_html("{}", value)


def test_format_rows_is_format_html_join():
    rows = [(a, b) for a in VALUES for b in VALUES[:3]]
    ours = format_rows(", ", '<a href="/x/{}/">{}</a>', rows)
    assert isinstance(ours, SafeString)
    assert ours == format_html_join(", ", '<a href="/x/{}/">{}</a>', rows)
    named = [{"pk": k, "title": v} for k, v in enumerate(VALUES)]
    assert format_rows("", "<li id={pk}>{title}</li>", named) == format_html_join(
        "", "<li id={pk}>{title}</li>", named
    )
    assert format_rows("<br>", "{}", [("a",), ("b",)]) == "a&lt;br&gt;b"  # the separator too
    assert format_rows("", "{}", []) == ""
