"""A workshop's summary as a PDF, through the books' renderer (loaded only when rendering:
WeasyPrint is heavy)."""

from __future__ import annotations

from django.template.loader import render_to_string

from publications.renderer import html_to_pdf


def summary_pdf_bytes(*, workshop, rows, action_items, rtl: bool) -> bytes:
    html = render_to_string(
        "methods/workshops/summary_print.html",
        {"workshop": workshop, "rows": rows, "action_items": action_items, "rtl": rtl},
    )
    return html_to_pdf(html).pdf
