"""Template helpers of the principles pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from lfs_site.rows import format_rows
from lfs_site.urltags import pk_url_for

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


# The principles page's long lists, drawn from plain rows: as template markup, each of its
# three lists of fifty rows cost the page about as much as everything else on it.


@register.simple_tag
def story_links(stories) -> SafeString:
    """Links to the stories a common principle draws on, (pk, title) pairs, comma-separated."""
    return format_rows(
        ", ",
        '<a href="{}"><bdi>{}</bdi></a>',
        ((pk_url_for("story_detail", pk), title) for pk, title in stories),
    )


@register.simple_tag
def unmerged_items(rows) -> SafeString:
    """The story principles not merged yet, as list items (no common principle to merge into)."""
    return format_rows(
        "",
        '<li class="list-group-item"><bdi>{}</bdi>'
        ' <span class="small text-body-secondary">(<bdi>{}</bdi>)</span></li>\n',
        ((row.sentence, row.story_title) for row in rows),
    )


@register.simple_tag
def merge_checkboxes(rows, ticked=(), described=False) -> SafeString:
    """The story principles not merged yet, one checkbox each, ticked again when the form comes
    back with an error (`ticked`: the posted ids); `described`: the list has an error message,
    which each checkbox then points to."""
    describedby = ""
    if described:
        describedby = format_html(' aria-describedby="{}"', "merge-principles-error")
    return format_rows(
        "",
        '<li class="list-group-item">\n  <div class="form-check">\n'
        '    <input class="form-check-input" type="checkbox" name="principles" value="{0}"'
        ' id="merge-principle-{0}"{1}{2}>\n'
        '    <label class="form-check-label" for="merge-principle-{0}"><bdi>{3}</bdi>'
        ' <span class="small text-body-secondary">(<bdi>{4}</bdi>)</span></label>\n'
        "  </div>\n</li>\n",
        (
            (
                row.pk,
                " checked" if str(row.pk) in ticked else "",
                describedby,
                row.sentence,
                row.story_title,
            )
            for row in rows
        ),
    )


@register.simple_tag
def principle_story_items(rows) -> SafeString:
    """The selected stories, each with its number of principles and a link to them."""
    button = gettext("Principles and evidence")
    return format_rows(
        "",
        '<li class="list-group-item d-flex justify-content-between align-items-center'
        ' flex-wrap gap-2">\n'
        '  <span><bdi>{1}</bdi> <span class="small text-body-secondary">{2}</span></span>\n'
        '  <a class="btn btn-sm btn-outline-primary" href="{0}">{3}'
        '<span class="visually-hidden">: {1}</span></a>\n</li>\n',
        (
            (
                pk_url_for("principle_add", row.pk),
                row.title,
                ngettext("%(n)s principle", "%(n)s principles", row.principle_count)
                % {"n": row.principle_count},
                button,
            )
            for row in rows
        ),
    )
