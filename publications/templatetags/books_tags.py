"""Template helpers of the book composer page: its two long lists drawn in Python.

The book's stories (each with three small forms: up, down, out) and the approved stories not
in the book (each with a form to add it) are a hundred rows: as template markup they cost the
page more than everything else on it together. Every text is escaped (format_rows, format_html)."""

from __future__ import annotations

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from lfs_site.rows import format_rows
from lfs_site.urltags import pk_url_for

register = template.Library()

_ENTRY = (
    '<li class="list-group-item book-entry{excluded}" data-entry-id="{pk}" draggable="true">\n'
    '  <div class="d-flex align-items-start gap-2">\n'
    '    <span class="drag-handle" aria-hidden="true" title="{drag}">⋮⋮</span>\n'
    '    <span class="entry-number">{number}</span>\n'
    '    <div class="flex-grow-1">\n'
    '      <span class="fw-semibold" dir="auto">{title}</span>\n'
    "{why}"
    "    </div>\n"
    '    <div class="d-flex gap-1 entry-actions">\n'
    '      <form method="post" action="{move}">{csrf}'
    '<input type="hidden" name="direction" value="up">'
    '<button class="btn btn-sm btn-outline-secondary" type="submit"{first} aria-label="{up}">'
    "↑</button></form>\n"
    '      <form method="post" action="{move}">{csrf}'
    '<input type="hidden" name="direction" value="down">'
    '<button class="btn btn-sm btn-outline-secondary" type="submit"{last} aria-label="{down}">'
    "↓</button></form>\n"
    '      <form method="post" action="{remove}">{csrf}'
    '<button class="btn btn-sm btn-outline-danger" type="submit" aria-label="{out}">'
    "✕</button></form>\n"
    "    </div>\n"
    "  </div>\n"
    "</li>\n"
)


def _reasons(badge: str, reasons: list[str]) -> SafeString:
    """Why a story cannot be printed: a badge, then each reason followed by a space."""
    return format_html(
        '<div class="small text-danger-emphasis"><span class="badge text-bg-warning">{}</span>'
        " {}</div>",
        badge,
        format_rows("", "{} ", ((reason,) for reason in reasons)),
    )


@register.simple_tag(takes_context=True)
def book_entry_items(context, rows, book_pk: int) -> SafeString:
    """The book's stories in order (composer rows): number, title, why one will not be printed,
    and the forms that move it up or down or take it out."""
    csrf = CsrfTokenNode().render(context)
    drag = gettext("Drag to reorder")
    badge = gettext("Will not be printed")
    up, down, out = (
        gettext("Move “%(t)s” up"),
        gettext("Move “%(t)s” down"),
        gettext("Take “%(t)s” out of the book"),
    )
    last = len(rows) - 1

    def fields(k: int, row) -> dict:
        entry_pk, title = row.entry.pk, row.story.title
        return {
            "excluded": "" if row.included else " book-entry-excluded",
            "pk": entry_pk,
            "drag": drag,
            "number": row.number if row.included else "–",
            "title": title,
            "why": "" if row.included else format_html("      {}\n", _reasons(badge, row.reasons)),
            "move": pk_url_for("book_entry_move", book_pk, entry_pk),
            "remove": pk_url_for("book_entry_remove", book_pk, entry_pk),
            "csrf": csrf,
            "first": " disabled" if k == 0 else "",
            "last": " disabled" if k == last else "",
            "up": up % {"t": title},
            "down": down % {"t": title},
            "out": out % {"t": title},
        }

    return format_rows("", _ENTRY, (fields(k, row) for k, row in enumerate(rows)))


@register.simple_tag(takes_context=True)
def book_candidate_items(context, candidates, book_pk: int) -> SafeString:
    """The approved stories not in the book, (story, publishability) pairs: title, why one
    cannot be printed, and the form that adds it."""
    csrf = CsrfTokenNode().render(context)
    badge = gettext("Cannot be printed")
    add = format_html(
        '<button class="btn btn-sm btn-outline-primary" type="submit">{}</button>',
        gettext("Add to the book"),
    )
    action = pk_url_for("book_entry_add", book_pk)
    return format_rows(
        "",
        '<li class="list-group-item d-flex justify-content-between align-items-start gap-2'
        ' flex-wrap">\n'
        '  <div><span dir="auto">{}</span>\n    {}\n  </div>\n'
        '  <form method="post" action="{}">{}<input type="hidden" name="story" value="{}">{}'
        "</form>\n</li>\n",
        (
            (
                story.title,
                "" if publishable.ok else _reasons(badge, publishable.reasons),
                action,
                csrf,
                story.pk,
                add,
            )
            for story, publishable in candidates
        ),
    )
