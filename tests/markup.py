"""Comparing a list drawn in Python with the template markup it replaced: the same elements,
attributes and text, whatever the white space between tags. tests/before/ keeps the template
markup as it was, each file named after the tag that replaced it."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def draw(source: str, **context) -> str:
    """A template source drawn with `context` (the tags of `builtins` already loaded)."""
    return Template(source).render(Context(context))


def draw_before(name: str, **context) -> str:
    """tests/before/NAME, the markup a tag replaced, drawn with `context`."""
    return draw((Path(__file__).parent / "before" / name).read_text(), **context)
