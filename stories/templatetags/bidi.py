"""Template filters for text whose direction and language the server decides
(`lfs_site.bidi`): ``{{ text|dir_of:book.language }}``, ``{{ text|lang_of:book.language }}``
and ``{{ html|bidi_blocks:book.language }}``. The argument is the language to fall back on when
the text has no letters."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from lfs_site import bidi

register = template.Library()


@register.filter
def dir_of(text, fallback_language: str = "en") -> str:
    return bidi.text_direction(str(text or ""), bidi.language_direction(fallback_language or "en"))


@register.filter
def lang_of(text, fallback_language: str = "en") -> str:
    return bidi.text_language(str(text or ""), fallback_language or "en")


@register.filter
def bidi_blocks(html, fallback_language: str = "en") -> str:
    """Sanitized HTML with `dir` and `lang` on each block (only attributes are added, so what
    was safe stays safe; plain text is escaped as usual)."""
    if not isinstance(html, SafeString):
        return html
    # Reviewed: the input is already safe HTML and mark_blocks adds only dir="rtl|ltr" and a
    # language code from a fixed list to block tags.
    marked = bidi.mark_blocks(html, fallback_language or "en")
    return mark_safe(marked)  # noqa: S308  # nosec
