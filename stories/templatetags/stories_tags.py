"""Template helpers of the stories pages: their long tables drawn in Python.

The nominations page lists fifty stories a page, each with its teller, department, tags,
assessments and status; as template markup those rows cost the page more than everything else
on it together. Every text is escaped (format_rows)."""

from __future__ import annotations

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
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


# The selection meeting's decision cards: a page of 25 nominees, each with its decision form.
# stories/_decision_row.html stays the markup of one card (the answer to an htmx save); the
# meeting page draws its page of cards here, to the same markup (tests/test_stories_tags.py).

_CARD_HEAD = (
    '<div class="card mb-3" id="decision-{pk}">\n'
    '  <div class="card-body">\n'
    '    <div class="d-flex justify-content-between flex-wrap gap-2">\n'
    '      <h4 class="h6 mb-1"><a href="{url}"><bdi>{title}</bdi></a></h4>\n'
    '      <span class="badge status-{status}">{status_label}</span>\n'
    "    </div>\n"
    "    {tally}\n"
    "    {body}\n"
    "  </div>\n"
    "</div>"
)
_CARD_FORM = (
    '<form method="post" action="{action}" hx-post="{action}" hx-target="#decision-{pk}"'
    ' hx-swap="outerHTML" novalidate>\n'
    "      {csrf}\n"
    "      {non_field_errors}\n"
    '      <div class="row g-2">\n'
    '        <div class="col-md-3 mb-3">\n'
    '          <label class="form-label requiredField" for="{o_id}">{o_label}'
    '<span class="asteriskField">*</span></label>\n'
    '          <select class="form-select{o_invalid}" name="{o_name}" id="{o_id}" required{o_aria}>'
    "\n            {options}\n          </select>\n"
    "          {o_errors}\n"
    "        </div>\n"
    '        <div class="col-md-9 mb-3">\n'
    '          <label class="form-label requiredField" for="{r_id}">{r_label}'
    '<span class="asteriskField">*</span></label>\n'
    '          <textarea class="form-control{r_invalid}" name="{r_name}" id="{r_id}" rows="2"'
    ' cols="40" minlength="{minlength}" required dir="auto" aria-describedby="{r_described}"'
    "{r_aria}>{r_value}</textarea>\n"
    "          {r_errors}\n"
    '          <div class="form-text" id="{r_id}-help">{r_help}</div>\n'
    "        </div>\n"
    "      </div>\n"
    '      <button class="btn btn-primary btn-sm" type="submit">{record}'
    '<span class="visually-hidden"> <bdi>{title}</bdi></span></button>\n'
    "    </form>"
)


def _errors_div(auto_id: str, errors) -> SafeString | str:
    if not errors:
        return ""
    return format_rows(
        "",
        '<div class="invalid-feedback" id="{}-error">{}</div>',
        [(auto_id, format_rows(" ", "{}", ((e,) for e in errors)))],
    )


@register.simple_tag(takes_context=True)
def decision_cards(context, rows, meeting_pk: int) -> SafeString:
    """The meeting's nominees (organizations.views.decision_row dicts), each a card with its
    status, its assessment tally and, for those who manage the selection, its decision form
    (with the errors of a posted one); for the others, the decision taken."""
    manage = context["access"].can_manage_selection
    csrf = CsrfTokenNode().render(context) if manage else ""
    record = gettext("Record the decision")
    # Lazy translations (the outcomes' labels, the fields' labels and help) turned into text
    # once a page: every row of the page shares them.
    texts: dict[int, str] = {}

    def text(value) -> str:
        if id(value) not in texts:
            texts[id(value)] = str(value)
        return texts[id(value)]

    def options(form) -> SafeString:
        selected_attr = mark_safe(" selected")  # noqa: S308  # nosec - a constant
        return format_rows(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, selected_attr if selected else "", text(label))
                for value, label, selected in form.options
            ),
        )

    def form_html(row) -> SafeString:
        form, story = row["form"], row["story"]
        outcome, reasons = form.outcome, form.reasons
        action = pk_url_for("decision_save", meeting_pk, story.pk)
        return format_rows(
            "",
            _CARD_FORM,
            [
                {
                    "action": action,
                    "pk": story.pk,
                    "csrf": csrf,
                    "non_field_errors": format_rows(
                        "",
                        '<div class="alert alert-danger py-1">{}</div>',
                        [(format_rows(" ", "{}", ((e,) for e in form.non_field_errors)),)],
                    )
                    if form.non_field_errors
                    else "",
                    "o_id": outcome["auto_id"],
                    "o_label": text(outcome["label"]),
                    "o_name": outcome["html_name"],
                    "o_invalid": " is-invalid" if outcome["errors"] else "",
                    "o_aria": format_rows(
                        "",
                        ' aria-invalid="true" aria-describedby="{}-error"',
                        [(outcome["auto_id"],)],
                    )
                    if outcome["errors"]
                    else "",
                    "options": options(form),
                    "o_errors": _errors_div(outcome["auto_id"], outcome["errors"]),
                    "r_id": reasons["auto_id"],
                    "r_label": text(reasons["label"]),
                    "r_name": reasons["html_name"],
                    "r_invalid": " is-invalid" if reasons["errors"] else "",
                    "minlength": form.minlength,
                    "r_described": (
                        f"{reasons['auto_id']}-error {reasons['auto_id']}-help"
                        if reasons["errors"]
                        else f"{reasons['auto_id']}-help"
                    ),
                    "r_aria": mark_safe(' aria-invalid="true"') if reasons["errors"] else "",  # noqa: S308  # nosec - a constant
                    "r_value": "" if reasons["value"] is None else reasons["value"],
                    "r_errors": _errors_div(reasons["auto_id"], reasons["errors"]),
                    "r_help": text(reasons["help_text"]),
                    "record": record,
                    "title": story.title,
                }
            ],
        )

    def body(row) -> SafeString | str:
        if manage:
            return form_html(row)
        decision = row["decision"]
        if not decision:
            return ""
        return format_rows(
            "",
            '<p class="mb-0"><strong>{}</strong>: <bdi class="reasons">{}</bdi></p>',
            [(decision.get_outcome_display(), decision.reasons)],
        )

    return format_rows(
        "",
        _CARD_HEAD,
        (
            {
                "pk": row["story"].pk,
                "url": pk_url_for("story_detail", row["story"].pk),
                "title": row["story"].title,
                "status": row["story"].status,
                "status_label": row["status_label"],
                "tally": format_rows(
                    "", '<p class="small text-body-secondary mb-2">{}</p>', [(row["tally"],)]
                )
                if row["tally"]
                else "",
                "body": body(row),
            }
            for row in rows
        ),
    )


_DOCUMENTATION_ROW = (
    "<tr>\n"
    '    <td><a href="{url}"><bdi>{title}</bdi></a></td>\n'
    "    <td>{students}{assign}</td>\n"
    "    <td>{interviews}</td>\n"
    "    <td>{publication}</td>\n"
    "    <td>{draft}</td>\n"
    '    <td class="small">{todo}</td>\n'
    "  </tr>\n"
)


@register.simple_tag
def documentation_rows(rows, assign: bool = False) -> SafeString:
    """The documentation overview's rows (stories.selectors.StoryProgress): each selected
    story's students (and, with `assign`, the link to assign them), interviews, whether it may
    be published, its draft and what is left to do."""
    none = format_rows("", '<span class="text-body-secondary">{}</span>', [(gettext("none"),)])
    t_assign = gettext("Assign")
    ok = format_rows(
        "", '<span class="badge text-bg-success">{}</span>', [(gettext("May be published"),)]
    )
    not_yet = format_rows(
        "", '<span class="badge text-bg-warning">{}</span>', [(gettext("Not yet"),)]
    )
    approved = format_rows(
        "", '<span class="badge text-bg-success">{}</span>', [(gettext("Approved"),)]
    )

    def students(row) -> SafeString:
        if not row.students:
            return none
        return format_rows(", ", "<bdi>{}</bdi>", ((name,) for name in row.students))

    def assign_link(story) -> SafeString | str:
        if not assign:
            return ""
        return format_rows(
            "",
            ' · <a href="{}">{}<span class="visually-hidden"> <bdi>{}</bdi></span></a>',
            [(pk_url_for("story_assign", story.pk), t_assign, story.title)],
        )

    def draft(story) -> SafeString | str:
        if story.is_approved:
            return approved
        return f"v{story.latest_draft}" if story.latest_draft else "-"

    return format_rows(
        "  ",
        _DOCUMENTATION_ROW,
        (
            {
                "url": pk_url_for("story_documentation", row.story.pk),
                "title": row.story.title,
                "students": students(row),
                "assign": assign_link(row.story),
                "interviews": row.story.interview_count,
                "publication": ok if row.publishability.ok else not_yet,
                "draft": draft(row.story),
                "todo": "; ".join(row.todo),
            }
            for row in rows
        ),
    )
