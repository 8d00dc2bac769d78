"""The direction and language of a text, decided on the server.

PDF renderers (WeasyPrint) and e-readers ignore ``dir="auto"`` and ``unicode-bidi: plaintext``,
so every block of user-written text (a story, a paragraph, a principle, a quote, a list item, a
table cell) is given an explicit ``dir`` and ``lang`` from its first strong character, the rule
of the Unicode bidirectional algorithm (UAX #9, rules P2 and P3): Hebrew letters make it
right-to-left Hebrew, Arabic letters right-to-left Arabic, Latin letters left-to-right English
(the product's one left-to-right language); digits, punctuation and spaces decide nothing.
"""

from __future__ import annotations

import re
import unicodedata

_TAG = re.compile(r"<[^>]*>")
#: The block elements of sanitized rich text that get their own direction.
BLOCKS = frozenset(
    {
        "p",
        "li",
        "ul",
        "ol",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "td",
        "th",
        "dl",
        "dd",
        "dt",
        "div",
    }
)
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*?)(/?)>")
_CLOSE = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*)\s*>")
_LANGUAGE = {"L": "en", "R": "he", "AL": "ar"}


def first_strong(text: str) -> str | None:
    """The bidi class of the first strong character of a text ("L", "R" or "AL"), or None.
    Markup is skipped, so the text of an HTML fragment can be given."""
    for char in _TAG.sub(" ", text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind
    return None


def text_direction(text: str, default: str = "ltr") -> str:
    """ "rtl" or "ltr" from the first strong character; `default` when there is none."""
    kind = first_strong(text)
    if kind is None:
        return default
    return "ltr" if kind == "L" else "rtl"


def text_language(text: str, default: str = "en") -> str:
    """ "he", "ar" or "en" from the first strong character; `default` when there is none."""
    kind = first_strong(text)
    if kind is None:
        return default
    return _LANGUAGE[kind]


def language_direction(language: str) -> str:
    return "rtl" if language in ("he", "ar") else "ltr"


def _with_attributes(attrs: str, direction: str, language: str) -> str:
    """The attributes of an opening tag with `dir` and `lang` set (replacing any given)."""
    attrs = re.sub(r"""\s(dir|lang)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", "", attrs)
    return f'{attrs} dir="{direction}" lang="{language}"'


def mark_blocks(fragment: str, default_language: str) -> str:
    """Give every block element of a sanitized HTML fragment an explicit ``dir`` and ``lang``
    from the first strong character of its own text (a block with no letters takes the
    language of the block around it, or `default_language`). Only attributes are added: the
    markup and text are otherwise returned as they came."""
    tokens = _TOKEN.split(fragment or "")
    # The open blocks, innermost last: (tag name, token index); and for each block seen, its
    # enclosing block's token index and the language of its first strong character.
    stack: list[tuple[str, int]] = []
    parent: dict[int, int | None] = {}
    found: dict[int, str | None] = {}
    for index, token in enumerate(tokens):
        if not token or token.startswith("<!--"):
            continue
        if token.startswith("</"):
            match = _CLOSE.match(token)
            name = match.group(1).lower() if match else ""
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:  # closes it and any left open inside it
                    del stack[depth:]
                    break
            continue
        if token.startswith("<"):
            match = _OPEN.match(token)
            if match and match.group(1).lower() in BLOCKS and not match.group(3):
                parent[index] = stack[-1][1] if stack else None
                found[index] = None
                stack.append((match.group(1).lower(), index))
            continue
        kind = first_strong(token)
        if kind is not None:
            for _name, at in stack:
                if found[at] is None:
                    found[at] = _LANGUAGE[kind]

    def language_of(at: int | None) -> str:
        while at is not None:
            if found[at]:
                return found[at]  # type: ignore[return-value]
            at = parent[at]
        return default_language

    for at in found:
        match = _OPEN.match(tokens[at])
        if match is None:
            continue
        language = language_of(at)
        attrs = _with_attributes(match.group(2), language_direction(language), language)
        tokens[at] = f"<{match.group(1)}{attrs}>"
    return "".join(tokens)
