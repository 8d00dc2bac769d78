"""The Hebrew and Arabic catalogues are complete, and the compiled files match them.

The compiled .mo files are committed so that `make run` works on a machine without gettext;
this test fails when a .po file was changed without compiling it (run
`python manage.py compilemessages`), or when an entry is empty or fuzzy.
"""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["he", "ar"])
def test_catalogue_is_complete_and_compiled(language):
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    catalogue = polib.pofile(str(po_path))
    active = [e for e in catalogue if not e.obsolete]
    assert active, "empty catalogue"
    fuzzy = [e.msgid for e in active if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:5]}"
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    assert not untranslated, f"untranslated entries: {untranslated[:5]}"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for entry in active:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            want = entry.msgstr_plural[compiled.plural(1)]
        else:
            got = compiled._catalog.get(key)
            want = entry.msgstr
        if got != want:
            stale.append(entry.msgid)
    assert not stale, f"the .mo file is older than the .po file: {stale[:5]}"


# Every user-visible string of every project template is marked for translation -------------

ROOT = LOCALE.parent
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
TEMPLATE_SUFFIXES = {".html", ".txt"}
# Words that are the same in every language: the product's name and file formats.
# "v" is the version mark before a number ("v2").
ALLOWED_WORDS = {"LFS", "PDF", "CSV", "JSON", "SHA-256", "SHA", "HTML", "URL", "ID", "v"}
# Attributes whose values people read or hear (screen readers read aria-*; data-confirm is the
# question lfs.js asks before a destructive action).
READ_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "label",
    "data-confirm",
    "content",
}
MARK = "\uf8ff"  # stands for a template tag or variable: never a letter, never in a template
LETTER = re.compile(r"[^\W\d_]")
# A literal string shown in place of a value: {{ x|default:"None yet" }}, {{ x|yesno:"Yes,No" }}
# (not class names such as default:'info', nor date formats).
SHOWN_LITERAL = re.compile(
    r"""\|(?:default|default_if_none|yesno):\s*(["'])(?P<text>(?:(?!\1).)*)\1"""
)
# A literal string given to an included template: {% include "x.html" with label="Save it" %}
INCLUDE_LITERAL = re.compile(r"""\w=(["'])(?P<text>(?:(?!\1).)*)\1""")


class _VisibleText(HTMLParser):
    """Collect text nodes and read attributes, skipping <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if not value:
                continue
            if name in READ_ATTRIBUTES and not (name == "content" and tag != "meta"):
                if name == "content" and attributes.get("name") != "description":
                    continue
                self.found.append(value)
            elif name == "value" and attributes.get("type") in {"submit", "button", "reset"}:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def _untranslated(words: str) -> bool:
    for word in re.split(r"[\s/·:,;()\[\]]+", words):
        if word.strip(".!?'\"-–—…") in ALLOWED_WORDS:
            continue
        if LETTER.search(word):
            return True
    return False


def untranslated_strings(source: str) -> list[str]:
    """The user-visible strings of a template that are not inside {% translate %} or
    {% blocktranslate %}: text nodes and read attributes (tags and variables excluded),
    and literal strings given to filters or tags (`default:"None"`, `with label="Save"`)."""
    from django.template.base import Lexer, TokenType

    skeleton: list[str] = []
    problems: list[str] = []
    inside: str | None = None  # "blocktranslate" or "comment" while inside one
    for token in Lexer(source).tokenize():
        content = token.contents.strip()
        first = content.split(" ", 1)[0] if content else ""
        if token.token_type == TokenType.BLOCK:
            if inside:
                if first in {f"end{inside}", "endblocktrans"}:
                    inside = None
                skeleton.append(MARK)
                continue
            if first in {"blocktranslate", "blocktrans"}:
                inside = "blocktranslate"
            elif first == "comment":
                inside = "comment"
            elif first == "include":
                for match in INCLUDE_LITERAL.finditer(content):
                    text = match.group("text")
                    if LETTER.search(text) and (" " in text.strip() or text[:1].isupper()):
                        problems.append(f"{{% {content} %}}")
            skeleton.append(MARK)
        elif token.token_type == TokenType.VAR:
            if not inside:
                for match in SHOWN_LITERAL.finditer(content):
                    text = match.group("text")
                    if LETTER.search(text) and (" " in text.strip() or text[:1].isupper()):
                        problems.append(f"{{{{ {content} }}}}")
            skeleton.append(MARK)
        elif token.token_type == TokenType.TEXT:
            skeleton.append(MARK if inside else token.contents)
        else:  # comments
            skeleton.append(MARK)
    parser = _VisibleText()
    parser.feed("".join(skeleton))
    parser.close()
    for chunk in parser.found:
        for piece in chunk.split(MARK):
            if _untranslated(piece):
                problems.append(" ".join(piece.split()))
    return problems


# crispy-bootstrap5's own field templates, copied to hide the required star from screen readers
# (templates/bootstrap5/README.md): markup built from tags, with no text of their own.
VENDORED = ROOT / "templates" / "bootstrap5"


def _project_templates() -> list[Path]:
    return sorted(
        path
        for directory in TEMPLATE_DIRS
        for path in directory.rglob("*")
        if path.suffix in TEMPLATE_SUFFIXES and not path.is_relative_to(VENDORED)
    )


def test_the_template_scanner_finds_untranslated_text_and_accepts_translated_text():
    source = (
        "{% load i18n %}<h1>{% translate 'Stories' %}</h1><p>Hello {{ name }}</p>"
        "{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}{# a note #}"
        "{% comment %}Not shown{% endcomment %}<script>let a = 'x';</script>"
        '<img alt="A chart" src="x.png"><a aria-label="{% translate \'Back\' %}">&larr;</a>'
        "<span>LFS · 2026</span>{{ value|default:'None yet' }}{{ value|default:'—' }}"
        '{% if x %}Yes{% endif %}<input type="submit" value="Send">'
    )
    assert untranslated_strings(source) == [
        "{{ value|default:'None yet' }}",
        "Hello",
        "A chart",
        "Yes",
        "Send",
    ]


def test_every_template_string_is_marked_for_translation():
    """Text in a template outside {% translate %}/{% blocktranslate %} is shown in English to
    Hebrew and Arabic readers. Wrap it (and let makemessages pick it up)."""
    assert _project_templates(), "no templates found"
    found = {}
    for path in _project_templates():
        problems = untranslated_strings(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    report = "\n".join(f"{name}: {problems}" for name, problems in found.items())
    assert not found, f"untranslated strings in templates:\n{report}"


# Dates in the reader's language -----------------------------------------------------------


@pytest.mark.parametrize("language", ["he", "ar"])
def test_dates_on_pages_are_shown_in_the_readers_language(world, client, language):
    """A meeting's date is written with the month's name in Hebrew or Arabic, in the
    language's own date format, not in English."""
    from django.utils import formats, timezone, translation
    from django.utils.dates import MONTHS

    client.force_login(world.committee)
    client.cookies["django_language"] = language
    response = client.get(f"/meetings/{world.meeting.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}" dir="rtl"' in html
    held = timezone.localtime(world.meeting.held_at)
    with translation.override(language):
        month = str(MONTHS[held.month])
        shown = formats.date_format(held, "DATETIME_FORMAT")
    with translation.override("en"):
        english_month = str(MONTHS[held.month])
    assert month != english_month
    assert shown in html
    assert english_month not in html
