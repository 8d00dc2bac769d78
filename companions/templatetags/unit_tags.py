"""Template helpers of the unit's pages: their long tables drawn in Python.

The unit's dashboard lists a page of fifty programs across organizations; as template markup
its rows (a plural sentence, a stage name and a list of companion links each) cost the page
about as much again as everything else on it. Every text is escaped (format_rows)."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from lfs_site.evaluate import choice_labels
from lfs_site.rows import format_rows
from lfs_site.urltags import pk_url_for
from organizations.models import Stage

register = template.Library()

_PROGRAM_ROW = (
    "<tr>\n"
    "    <td><bdi>{organization}</bdi></td>\n"
    '    <td><a href="{url}"><bdi>{title}</bdi></a></td>\n'
    "    <td>{stage}</td>\n"
    "    <td>{held}{planned}</td>\n"
    "    <td>{cycles}</td>\n"
    "    <td>{companions}</td>\n"
    "  </tr>\n"
)


def _companion_links(companions: list[tuple[int, str]], none: SafeString) -> SafeString:
    if not companions:
        return none
    return format_rows(
        ", ",
        '<a href="{}"><bdi>{}</bdi></a>',
        ((pk_url_for("companion_detail", pk), name) for pk, name in companions),
    )


def _planned(n: int) -> SafeString | str:
    if not n:
        return ""
    return format_rows(
        "",
        ' <span class="small text-body-secondary">({})</span>',
        [(ngettext("%(n)s to come", "%(n)s to come", n) % {"n": n},)],
    )


@register.simple_tag
def unit_program_rows(programs, companions) -> SafeString:
    """The dashboard's rows (companions.selectors.unit_dashboard): organization, program (a
    link), stage, workshops held (and how many are to come), cycles run and the program's
    active companions (`companions`: program id -> (profile id, name) pairs)."""
    none = format_rows("", '<span class="text-body-secondary">{}</span>', [(gettext("none"),)])
    stages = choice_labels(Stage.choices)
    return format_rows(
        "  ",
        _PROGRAM_ROW,
        (
            {
                "organization": p.organization_name,
                "url": pk_url_for("program_dashboard", p.pk),
                "title": p.title,
                "stage": stages.get(p.stage, p.stage),
                "held": p.workshops_held,
                "planned": _planned(p.workshops_planned),
                "cycles": p.cycles_run,
                "companions": _companion_links(companions.get(p.pk, ()), none),
            }
            for p in programs
        ),
    )


_COMPANION_ITEM = (
    '<li class="list-group-item"><a href="{url}"><bdi>{name}</bdi></a>{inactive}\n'
    '        <div class="small text-body-secondary">{languages}{programs} · {sessions}{trained}'
    "</div>\n"
    "      </li>\n"
)


@register.simple_tag
def companion_items(companions) -> SafeString:
    """The unit's companions (companions.selectors.companion_list), one list item each: name
    (a link), whether inactive, languages, programs, training sessions attended and when the
    training was completed."""
    inactive = format_rows(
        "", ' <span class="badge text-bg-secondary">{}</span>', [(gettext("inactive"),)]
    )
    trained = gettext("trained")
    return format_rows(
        "      ",
        _COMPANION_ITEM,
        (
            {
                "url": pk_url_for("companion_detail", c.pk),
                "name": c.user.full_name,
                "inactive": "" if c.active else inactive,
                "languages": f"{c.languages} · " if c.languages else "",
                "programs": ngettext("%(n)s program", "%(n)s programs", c.active_assignments)
                % {"n": c.active_assignments},
                "sessions": ngettext(
                    "%(n)s training session attended",
                    "%(n)s training sessions attended",
                    c.sessions_attended,
                )
                % {"n": c.sessions_attended},
                "trained": (
                    f" · {trained} {date_format(c.training_completed_on, 'SHORT_DATE_FORMAT')}"
                    if c.training_completed_on
                    else ""
                ),
            }
            for c in companions
        ),
    )
