"""One format per kind of date, day first in English, Hebrew and Arabic.

Templates and code name the format of the kind of date they show (lfs_site/formats): a day
DATE_FORMAT, a moment DATETIME_FORMAT, a month YEAR_MONTH_FORMAT, a time of day TIME_FORMAT,
and "c" only where a machine reads it (<time datetime>). A format written out in a template
("d/m/Y", "F Y", "H:i") or a SHORT_ format would show the same kind of date two ways.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import formats, timezone, translation

ROOT = Path(__file__).resolve().parent.parent
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "TIME_FORMAT"}
MACHINE = {"c", "U"}  # ISO 8601 and epoch, in attributes machines read
DATE_FILTER = re.compile(r"""\|\s*(?:date|time)(?::\s*(["'])(?P<format>(?:(?!\1).)*)\1)?""")
FORMAT_CALL = re.compile(
    r"""(?:date_format|time_format|localize_input)\([^()]*?,\s*(["'])(?P<format>[^"']*)\1"""
)


def _files(suffixes: tuple[str, ...]) -> list[Path]:
    skip = {".venv", "node_modules", "tests", "migrations", "staticfiles", "formats"}
    return sorted(p for p in ROOT.rglob("*") if p.suffix in suffixes and not skip & set(p.parts))


def date_formats_not_named(source: str, template: bool = True) -> list[str]:
    """The date formats a template or module writes out instead of naming its kind's."""
    bad = []
    for match in DATE_FILTER.finditer(source if template else ""):
        fmt = match.group("format")
        if fmt is None:
            bad.append(match.group(0) + " (no format: name the kind)")
        elif fmt not in NAMED | MACHINE:
            bad.append(match.group(0))
    for match in FORMAT_CALL.finditer(source):
        if match.group("format") not in NAMED:
            bad.append(match.group(0))
    bad += re.findall(r"\.strftime\([^)]*\)", source)
    return bad


def test_the_scanner_finds_written_out_formats():
    source = (
        '{{ a|date:"DATE_FORMAT" }}{{ b|date:"d/m/Y" }}{{ c|date:\'c\' }}{{ d|time:"H:i" }}'
        '{{ e|date:"SHORT_DATE_FORMAT" }}{{ f|date }}'
        'date_format(x, "DATE_FORMAT") date_format(y, "SHORT_DATETIME_FORMAT") z.strftime("%d")'
    )
    assert date_formats_not_named(source) == [
        '|date:"d/m/Y"',
        '|time:"H:i"',
        '|date:"SHORT_DATE_FORMAT"',
        "|date (no format: name the kind)",
        'date_format(y, "SHORT_DATETIME_FORMAT"',
        '.strftime("%d")',
    ]


def test_templates_and_code_name_the_format_of_each_kind_of_date():
    found = {}
    for path in _files((".html", ".txt", ".py")):
        source = path.read_text(encoding="utf-8")
        bad = date_formats_not_named(source, template=path.suffix != ".py")
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert not found, f"date formats written out instead of named: {found}"


# What each language shows ------------------------------------------------------------------

MOMENT = dt.datetime(2026, 3, 4, 14, 5, tzinfo=dt.UTC)  # 16:05 in Jerusalem
DAY = dt.date(2026, 3, 4)
EXPECTED = {
    "en": {
        "DATE_FORMAT": "4 March 2026",
        "DATETIME_FORMAT": "4 March 2026, 16:05",
        "YEAR_MONTH_FORMAT": "March 2026",
        "TIME_FORMAT": "16:05",
    },
    "he": {
        "DATE_FORMAT": "4 במרץ 2026",
        "DATETIME_FORMAT": "4 במרץ 2026, 16:05",
        "YEAR_MONTH_FORMAT": "מרץ 2026",
        "TIME_FORMAT": "16:05",
    },
    "ar": {
        "DATE_FORMAT": "4 مارس 2026",
        "DATETIME_FORMAT": "4 مارس 2026، 16:05",
        "YEAR_MONTH_FORMAT": "مارس 2026",
        "TIME_FORMAT": "16:05",
    },
}


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_each_kind_of_date_is_day_first_in_the_readers_language(language, settings):
    settings.TIME_ZONE = "Asia/Jerusalem"
    with translation.override(language), timezone.override("Asia/Jerusalem"):
        moment = timezone.localtime(MOMENT)
        shown = {
            "DATE_FORMAT": formats.date_format(DAY, "DATE_FORMAT"),
            "DATETIME_FORMAT": formats.date_format(moment, "DATETIME_FORMAT"),
            "YEAR_MONTH_FORMAT": formats.date_format(DAY, "YEAR_MONTH_FORMAT"),
            "TIME_FORMAT": formats.time_format(moment, "TIME_FORMAT"),
        }
        short = formats.date_format(DAY, "SHORT_DATE_FORMAT")
        parsed = formats.get_format("DATE_INPUT_FORMATS")
    assert shown == EXPECTED[language]
    assert short == "04/03/2026"
    assert "%d/%m/%Y" in parsed and "%m/%d/%Y" not in parsed  # typed dates are day first too


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_a_meeting_page_shows_its_date_in_the_one_format(world, client, language):
    client.force_login(world.committee)
    client.cookies["django_language"] = language
    held = timezone.localtime(world.meeting.held_at)
    with translation.override(language):
        moment = formats.date_format(held, "DATETIME_FORMAT")
    for url in (f"/meetings/{world.meeting.pk}/", f"/programs/{world.program.pk}/committee/"):
        html = client.get(url).content.decode()
        assert moment in html, f"{url} does not show {moment!r}"
    assert held.strftime("%m/%d/%Y") not in html
