"""{% pk_url %} gives exactly what {% url %} gives, for every URL of the project whose
arguments are whole numbers, and falls back to reverse() for anything else."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from lfs_site.urltags import pk_url_for


def _int_url_names():
    for name, entries in get_resolver().reverse_dict.lists():
        if not isinstance(name, str):
            continue
        for possibilities, _pattern, _defaults, converters in entries:
            for _result, params in possibilities:
                if params and all(
                    type(converters.get(p)).__name__ == "IntConverter" for p in params
                ):
                    yield name, len(params)


NAMES = sorted(set(_int_url_names()))


def test_there_are_whole_number_urls_to_check():
    assert ("story_detail", 1) in NAMES and ("book_entry_move", 2) in NAMES


@pytest.mark.parametrize(("name", "n"), NAMES)
def test_pk_url_equals_reverse(name, n):
    for args in ([7] * n, list(range(1, n + 1)), [0] * n, [123456789 + k for k in range(n)]):
        assert pk_url_for(name, *args) == reverse(name, args=args)


def test_the_template_tag_and_its_fallback():
    html = Template("{% pk_url 'book_entry_move' 3 14 %}|{% pk_url 'story_detail' s %}").render(
        Context({"s": 42})
    )
    expected = [reverse("book_entry_move", args=[3, 14]), reverse("story_detail", args=[42])]
    assert html == "|".join(expected)
    with pytest.raises(NoReverseMatch):
        pk_url_for("story_detail", "not-a-number")
    with pytest.raises(NoReverseMatch):
        pk_url_for("story_detail", -1)
