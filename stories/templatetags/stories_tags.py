"""Template helpers of the stories pages: their long tables drawn in Python.

The nominations page lists fifty stories a page, each with its teller, department, tags,
assessments and status; as template markup those rows cost the page more than everything else
on it together. Every text is escaped (format_rows)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from lfs_site.rows import format_rows
from lfs_site.urltags import pk_url_for

register = template.Library()

_NOMINATION_ROW = (
    "<tr>\n"
    '    <td><a href="{url}"><bdi>{title}</bdi></a><div class="small text-body-secondary">'
    "{client}: <bdi>{pseudonym}</bdi> · {told_by} <bdi>{teller}</bdi></div></td>\n"
    "    <td><bdi>{department}</bdi></td>\n"
    "    <td>{tags}</td>\n"
    "    {assessments}"
    '<td><span class="badge status-{status}">{status_label}</span></td>\n'
    "  </tr>\n"
)


@register.simple_tag
def nomination_rows(stories, assessments: bool = False, yours: bool = False) -> SafeString:
    """The nominations table's rows (stories.selectors.NominationRow; the view sets each one's
    `status_label`, and with `yours` the words `yours` of how many the reader has assessed)."""
    client, told_by = gettext("Client"), gettext("told by")

    def count(story) -> SafeString:
        if not assessments:
            return ""
        if yours:
            return format_rows(
                "",
                '<td>{} <span class="small text-body-secondary">({})</span></td>\n    ',
                [(story.assessment_count, story.yours)],
            )
        return format_rows("", "<td>{}</td>\n    ", [(story.assessment_count,)])

    return format_rows(
        "  ",
        _NOMINATION_ROW,
        (
            {
                "url": pk_url_for("story_detail", story.pk),
                "title": story.title,
                "client": client,
                "pseudonym": story.client_pseudonym,
                "told_by": told_by,
                "teller": story.teller,
                "department": story.department or "",
                "tags": format_rows(
                    "",
                    '<span class="badge text-bg-light border me-1"><bdi>{}</bdi></span>',
                    ((tag,) for tag in story.tag_list),
                ),
                "assessments": count(story),
                "status": story.status,
                "status_label": story.status_label,
            }
            for story in stories
        ),
    )
