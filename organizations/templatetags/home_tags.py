"""The home page's long lists, drawn from plain rows: as template markup, a student's forty
assigned stories (each twice: a task and a card) cost the page more than everything else on it,
and a director's twenty told stories a good part of it.
Each tag gives exactly what the template markup gave (tests/test_home_tags.py).

The rows hold plain text (titles, translated messages), escaped here as the template escapes
it (Django's `escape` is `html.escape`); the counted phrases are the template's
{% blocktranslate %} ones, which leaves the message as it is and escapes its numbers."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from lfs_site.urltags import pk_url_for

register = template.Library()


@register.simple_tag
def task_items(tasks) -> SafeString:
    """The tasks waiting for the person, as list items: link, program, date."""
    items = []
    for task in tasks:
        program = ""
        if task.program is not None:
            program = (
                ' <span class="small text-body-secondary" dir="auto">'
                f"· {escape(str(task.program))}</span>"
            )
        when = ""
        if task.when:
            fmt = "SHORT_DATE_FORMAT" if task.kind == "training" else "SHORT_DATETIME_FORMAT"
            when = (
                '<span class="small text-body-secondary">'
                f"{escape(date_format(template_localtime(task.when), fmt))}</span>"
            )
        items.append(
            '\n    <li class="list-group-item d-flex flex-wrap justify-content-between gap-2'
            f' task-{escape(task.kind)}">\n      <span><a href="{escape(task.url)}" dir="auto">'
            f"{escape(str(task.text))}</a>{program}</span>\n      {when}\n    </li>\n    "
        )
    return mark_safe("".join(items))  # noqa: S308  # nosec - every value escaped above


@register.simple_tag
def assigned_cards(assigned) -> SafeString:
    """The student's assigned stories as cards: interviews, draft or approval, what is left."""
    approved = escape(gettext("story approved"))
    unwritten = escape(gettext("not written yet"))
    nothing_left = (
        '<p class="small text-success mb-0">'
        f"{escape(gettext('Nothing left to do on this story.'))}</p>"
    )
    left_to_do = f'<p class="small fw-semibold mb-1">{escape(gettext("Left to do:"))}</p>'
    interviews: dict[int, str] = {}
    cards = []
    for row in assigned:
        s = row.story
        n = s.interview_count
        if n not in interviews:
            interviews[n] = ngettext("%(n)s interview", "%(n)s interviews", n) % {
                "n": escape(str(n))
            }
        if s.is_approved:
            state = approved
        elif s.latest_draft:
            state = gettext("draft v%(v)s") % {"v": escape(str(s.latest_draft))}
        else:
            state = unwritten
        if row.todo:
            items = "".join(f"<li>{escape(str(t))}</li>" for t in row.todo)
            todo = f'{left_to_do}\n          <ul class="small mb-0">{items}</ul>'
        else:
            todo = nothing_left
        url = escape(pk_url_for("story_documentation", s.pk))
        cards.append(
            '\n    <div class="col-12 col-md-6">\n'
            '      <article class="card h-100 assigned-story">\n'
            '        <div class="card-body">\n'
            f'          <p class="small text-body-secondary mb-1">{escape(s.program_title)}</p>\n'
            f'          <h3 class="h6 card-title"><a href="{url}">{escape(s.title)}</a></h3>\n'
            f'          <p class="small mb-2">{interviews[n]} · {state}</p>\n'
            f"          \n          {todo}\n          \n"
            "        </div>\n      </article>\n    </div>\n    "
        )
    return mark_safe("".join(cards))  # noqa: S308  # nosec - every value escaped above


@register.simple_tag
def told_story_items(stories) -> SafeString:
    """The stories the person told, as list items: link, program, status badge."""
    return mark_safe(  # noqa: S308  # nosec - every value escaped
        "".join(
            '\n    <li class="list-group-item d-flex justify-content-between align-items-center'
            ' gap-2 flex-wrap">\n'
            f'      <span><a href="{escape(pk_url_for("story_detail", s.pk))}">{escape(s.title)}'
            '</a> <span class="small text-body-secondary">'
            f"· {escape(s.program_title)}</span></span>\n"
            f'      <span class="badge status-{escape(s.status)}">{escape(str(s.status_label))}'
            "</span>\n    </li>\n    "
            for s in stories
        )
    )
