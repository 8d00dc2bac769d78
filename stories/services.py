"""Writes of the selection process: criteria, nominations, assessments and decisions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from organizations.models import (
    AuditEvent,
    User,
)
from organizations.services import audit_record

from .models import (
    Principle,
    StoryDraft,
    SuccessStory,
)
from .realnames import real_name_places, reveals_real_name
from .selectors import real_names_of_program, real_names_of_story


def _clean_text(value: str) -> str:
    """Trim, and drop control characters other than newlines and tabs."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


# Criteria -------------------------------------------------------------------------------


# Nominations ----------------------------------------------------------------------------


# Assessments ----------------------------------------------------------------------------


# Decisions ------------------------------------------------------------------------------


# Documentation: assignment --------------------------------------------------------------


# Documentation: interviews --------------------------------------------------------------


def _require_documenter(access) -> None:
    if not getattr(access, "can_document", False):
        raise PermissionDenied


# Documentation: consent -----------------------------------------------------------------


# The client's real name: refused wherever it is typed -------------------------------------


def real_name_refuse(
    *,
    real_names: list[str],
    fields: dict[str, str],
    model: type[models.Model],
    by: User | None,
    organization,
    about: str,
    markdown: tuple[str, ...] = (),
    several_clients: bool = False,
    request=None,
) -> None:
    """Refuse texts that reveal a client's real name (`realnames.reveals_real_name`): a
    ValidationError on each such field, naming the field and never the name. Every refusal is
    audit-logged (who, and which fields of what; never the text), so that someone trying names
    one after the other is seen. Call it before the transaction that saves: a refusal raised
    inside one would roll its audit row back."""
    found = [
        name
        for name, text in fields.items()
        if reveals_real_name(text or "", real_names, markdown=name in markdown)
    ]
    if not found:
        return
    audit_record(
        actor=by,
        action=AuditEvent.Action.REAL_NAME_REFUSED,
        organization=organization,
        summary=f"{about}: {', '.join(found)}",
        request=request,
    )
    errors = {}
    for name in found:
        # the form's text fields: never a relation, which has no verbose_name
        label = model._meta.get_field(name).verbose_name  # type: ignore[union-attr]
        if several_clients:
            message = _(
                "“%(field)s” contains the real name, or a part of it, of a client of this "
                "program's stories: refer to clients by their pseudonyms."
            )
        else:
            message = _(
                "“%(field)s” contains the client's real name, or a part of it: refer to the "
                "client by the pseudonym."
            )
        errors[name] = ValidationError(message % {"field": label}, code="real_name")
    raise ValidationError(errors)


def _story_real_name_refuse(
    *, story: SuccessStory, fields: dict[str, str], model, by, request=None, markdown=()
) -> None:
    real_name_refuse(
        real_names=real_names_of_story(story.pk),
        fields=fields,
        model=model,
        by=by,
        organization=story.program.organization,
        about=f"story {story.pk}, {model._meta.model_name}",
        markdown=markdown,
        request=request,
    )


def program_real_name_refuse(
    *, program, fields: dict[str, object], model, by, request=None
) -> None:
    """Texts of the program as a whole (a common principle, a book's own texts) are refused
    while they reveal the real name of any client of its stories."""
    real_name_refuse(
        real_names=real_names_of_program(program.pk),
        fields={name: str(value or "") for name, value in fields.items()},
        model=model,
        by=by,
        organization=program.organization,
        about=f"program {program.pk}, {model._meta.model_name}",
        several_clients=True,
        request=request,
    )


def draft_reveals_real_name(draft: StoryDraft, real_names: list[str]) -> bool:
    """Whether a version shows a real name: its text as written (Markdown) and as stored for
    the page (`body_html`, which an older rendering may have made differently), or its note."""
    return (
        reveals_real_name(draft.body, real_names, markdown=True)
        or reveals_real_name(draft.body_html, real_names)
        or reveals_real_name(draft.note, real_names)
    )


def _mark_holding(rows, model, holds) -> int:
    """Set `holds_real_name` on each row to `holds(row)`, writing only the rows that change
    (one UPDATE); how many hold a name."""
    changed = []
    held = 0
    for row in rows:
        now = holds(row)
        held += now
        if now != row.holds_real_name:
            row.holds_real_name = now
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, ["holds_real_name"])
    return held


def drafts_recheck_real_name(*, story: SuccessStory) -> int:
    """Mark each version of the story that reveals its client's real name as it is recorded
    now (`StoryDraft.holds_real_name`), and clear the mark where it no longer does; how many
    versions hold it. Run when the name is recorded or changed."""
    names = real_names_of_story(story.pk)
    drafts = StoryDraft.objects.filter(story=story).only(
        "pk", "story_id", "body", "body_html", "note", "holds_real_name"
    )
    return _mark_holding(
        drafts.iterator(), StoryDraft, lambda d: bool(names) and draft_reveals_real_name(d, names)
    )


def principle_reveals_real_name(principle: Principle, real_names: list[str]) -> bool:
    """Whether a principle shows a real name: in one of its three texts or in a quote of its
    evidence."""
    texts = [principle.situation, principle.goal, principle.action]
    texts += [e.quote for e in principle.evidence.all()]
    return any(reveals_real_name(text, real_names) for text in texts)


def principles_recheck_real_name(*, story: SuccessStory) -> int:
    """Mark each principle of the story that reveals its client's real name as it is recorded
    now (`Principle.holds_real_name`), and clear the mark where it no longer does; how many
    hold it. Run when the name is recorded or changed (principles and quotes that name the
    client are refused when saved, so only older ones can)."""
    names = real_names_of_story(story.pk)
    return _mark_holding(
        Principle.objects.filter(story=story).prefetch_related("evidence"),
        Principle,
        lambda p: bool(names) and principle_reveals_real_name(p, names),
    )


# Documentation: the client's identity ---------------------------------------------------


# Documentation: drafts ------------------------------------------------------------------


def real_name_places_described(
    draft: StoryDraft, real_names: list[str], *, with_context: bool
) -> list[str]:
    """Where a version shows a real name, for the person who must take it out: the paragraph,
    and (only for those who may see the identity) the words around it with the name masked."""
    described = []
    for number, snippet in real_name_places(
        draft.body, real_names, markdown=True, with_context=with_context
    ):
        if number == 0:
            described.append(_("In a link's address or title, or in the text's formatting."))
        elif snippet is None:
            described.append(_("Paragraph %(n)d.") % {"n": number})
        else:
            described.append(
                _("Paragraph %(n)d: “%(context)s”") % {"n": number, "context": snippet}
            )
    if not described and reveals_real_name(draft.body_html, real_names):
        described.append(_("In the text as it is shown (saved before names were checked)."))
    if reveals_real_name(draft.note, real_names):
        described.append(_("In the note on what changed."))
    return described


# Principles of action -------------------------------------------------------------------
