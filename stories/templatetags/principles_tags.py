"""Template helpers of the principles pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def matrix_cells(cells) -> SafeString:
    """One row's cells of the principles matrix: a mark where the story shows the principle,
    a dash where it does not, each with its word for screen readers.

    Drawn in Python: a matrix of 30 principles by 60 stories has 1,800 cells, and as template
    markup they cost the page more than everything else on it together."""
    yes = format_html(
        '<td class="matrix-cell matrix-yes" title="{0}"><span aria-hidden="true">✓</span>'
        '<span class="visually-hidden">{0}</span></td>',
        gettext("Yes"),
    )
    no = format_html(
        '<td class="matrix-cell matrix-no" title="{0}"><span aria-hidden="true">–</span>'
        '<span class="visually-hidden">{0}</span></td>',
        gettext("No"),
    )
    return mark_safe("".join(yes if cell else no for cell in cells))  # noqa: S308  # nosec - both cells escaped above
