"""No catalogue string is left in English on a Hebrew or Arabic page.

Two checks of the same kind of fault (a label translated once, at import time, in whatever
language was active then, and shown in English ever after):

1. every page of the project (the PAGES table of tests/test_query_discipline.py) is rendered in
   Hebrew and in Arabic as every role of the test world that may open it, and any visible text
   (a text node or an attribute people read or hear) that is exactly a catalogue msgid whose
   translation exists fails the test, naming the page, the role and the string;
2. no module runs gettext (not gettext_lazy) at import: in a module's or a class's body, in a
   default argument or a decorator.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from html.parser import HTMLParser

import polib
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.urlnames import view_name

from .test_query_discipline import PAGES, QUERY, SMALL, build
from .test_translations import LOCALE, READ_ATTRIBUTES

ROOT = LOCALE.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")
LETTERS = re.compile(r"[^\W\d_]{2,}")
# Strings that are the same in every language or are data of the test world, not labels.
SAME_IN_EVERY_LANGUAGE = {"LFS", "PDF", "CSV", "JSON", "SHA-256", "HTML", "OK", "htmx"}
# Written in the language of the content they join, not of the page (stories.models
# .principle_sentence: an English principle reads as one English sentence on a Hebrew page).
CONTENT_LANGUAGE = {"In %(situation)s, to achieve %(goal)s, we %(action)s."}


@cache
def catalogue(language: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """The msgids (single form) that have a translation different from themselves: the plain
    ones, and those with placeholders as patterns matching a whole text."""
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    plain: set[str] = set()
    patterns: list[re.Pattern] = []
    for entry in po:
        if entry.obsolete or entry.msgid_plural or not entry.msgstr:
            continue
        msgid = " ".join(entry.msgid.split())
        if entry.msgstr.strip() == entry.msgid.strip() or msgid in SAME_IN_EVERY_LANGUAGE:
            continue
        if entry.msgid in CONTENT_LANGUAGE:
            continue
        if not LETTERS.search(PLACEHOLDER.sub("", msgid)):
            continue
        if PLACEHOLDER.search(msgid):
            literals = PLACEHOLDER.sub("\x00", msgid).split("\x00")
            if sum(len(p.strip()) for p in literals) < 8:
                continue  # "%(a)s: %(b)s": nothing English to recognise
            patterns.append(re.compile("^" + ".+?".join(re.escape(p) for p in literals) + "$"))
        else:
            plain.add(msgid)
    return frozenset(plain), tuple(patterns)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class VisibleText(HTMLParser):
    """Text nodes and read attributes, outside <script>, <style> and <template> and outside
    elements in another language (the language menu names each language in itself)."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.found: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hidden from this check)

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        hidden = tag in {"script", "style", "template"} or bool(
            lang and tag != "html" and not lang.startswith(self.language)
        )
        if not (hidden or self._hidden()):
            for name, value in attrs:
                if value and name in READ_ATTRIBUTES - {"content"}:
                    self.found.append(value)
        if tag not in VOID:
            self._open.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.found.append(data)


def stored_texts() -> set[str]:
    """Every text stored in the database: data (a committee's name, the default criteria a
    program was created with, a meeting's title) is shown as it was written, in any language."""
    from django.apps import apps
    from django.db import models

    texts: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                texts.update(" ".join(v.split()) for v in row if v)
    return texts


def english_left_in(html: str, language: str, data: set[str] = frozenset()) -> list[str]:
    plain, patterns = catalogue(language)
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    left = []
    for chunk in parser.found:
        text = " ".join(chunk.split())
        if text in plain or any(p.match(text) for p in patterns if len(text) < 300):
            # a stored text, or a piece of one (a search snippet cut by <mark>, a word of a
            # compared draft), is data, shown as it was written
            if text not in data and not any(text in stored for stored in data):
                left.append(text)
    return left


def test_the_check_finds_a_catalogue_string_left_in_english():
    page = (
        '<html><body><span class="badge">Meeting decision</span>'
        '<a aria-label="Skip to content" href="#">x</a>'
        "<p>Riverside Social Services</p><script>let a = 'Meeting';</script>"
        '<select><option lang="en">English</option><option lang="he">עברית</option></select>'
        "<h2>Steering committee</h2><p>Workshop</p></body></html>"
    )
    assert english_left_in(page, "he", {"Steering committee"}) == [
        "Meeting decision",
        "Skip to content",
        "Workshop",
    ]
    assert english_left_in("<p>החלטת ישיבה</p>", "he") == []


ROLES = [
    "anonymous",
    "director",
    "committee",
    "teller",
    "student",
    "companion",
    "unit",
    "other_director",
]


@pytest.mark.parametrize("language", ["he", "ar"])
def test_no_page_shows_a_translated_catalogue_string_in_english(db, language):
    found: dict[str, list[str]] = {}
    opened = 0
    with transaction.atomic():
        ids, people = build(SMALL)
        data = stored_texts()
        clients = {}
        for role in ROLES:
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            client.cookies["django_language"] = language
            if people[role] is not None:
                client.force_login(people[role])
            clients[role] = client
        for url_name, (kind, _role) in sorted(PAGES.items()):
            url = reverse(view_name(url_name), args=ids[kind])
            if url_name in QUERY:
                url += "?" + QUERY[url_name]
            for role, client in clients.items():
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                    continue
                opened += 1
                html = response.content.decode()
                if "<html" in html:  # a whole page, not an htmx fragment
                    assert f'lang="{language}"' in html, f"{url} as {role} is not in {language}"
                left = english_left_in(html, language, data)
                if left:
                    found[f"{url_name} as {role} ({url})"] = sorted(set(left))
        transaction.set_rollback(True)
    assert opened > len(PAGES), f"only {opened} pages opened"
    report = "\n".join(f"  {page}: {strings}" for page, strings in found.items())
    assert not found, f"English catalogue strings on {language} pages:\n{report}"


# Import-time gettext ---------------------------------------------------------------------

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def eager_translations(source: str) -> list[int]:
    """Lines where gettext runs when the module is imported (module or class body, a default
    argument, a decorator): its result is in the language active then, for every request."""
    tree = ast.parse(source)
    eager = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }
    lines: list[int] = []

    def calls(node):
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Call)
                and isinstance(sub.func, ast.Name)
                and sub.func.id in eager
            ):
                lines.append(sub.lineno)

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for default in [*child.args.defaults, *filter(None, child.args.kw_defaults)]:
                    calls(default)
                for decorator in getattr(child, "decorator_list", []):
                    calls(decorator)
                continue  # the body runs per call, in the request's language
            if isinstance(child, ast.Call):
                calls(child)
                continue
            visit(child)

    if eager:
        visit(tree)
    return sorted(set(lines))


def test_the_import_time_check_finds_gettext_in_a_class_body():
    source = (
        "from django.utils.translation import gettext as _\n"
        "class Kind:\n    LABELS = {'a': _('Meeting')}\n"
        "def f(x=_('Default')):\n    return _('fine')\n"
    )
    assert eager_translations(source) == [3, 4]


def test_no_module_translates_at_import_time():
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "migrations", "node_modules", "tests"}:
            continue
        lines = eager_translations(path.read_text(encoding="utf-8"))
        if lines:
            found[str(path.relative_to(ROOT))] = lines
    assert not found, (
        f"gettext at import time (use gettext_lazy at module and class level): {found}"
    )
