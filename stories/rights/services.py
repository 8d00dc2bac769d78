"""Data rights: export everything held about one client, erase it, and move a whole program
between instances.

A *client* is a story's client pseudonym within one organization: every story of the
organization told about that pseudonym (in a program the director directs) belongs to the same
client. Export and erasure are for the organization's directors only.

Erasure keeps the story, its interviews and the consent ledger (now withdrawn, with the reason
"erased at the client's request") so that decisions and books still make sense, and deletes
the restricted identity record, the answers and the evidence quoted from them, the interview
notes, every draft (with its comments) and the approval, what workshop participants wrote about
the story (contributions, with their votes and groups), and every uploaded file (transcripts,
audio recordings, consent evidence) from storage. A `StoryErasure` tombstone and an
`AuditEvent` record that it happened, with no client data.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from methods.models import Contribution, ContributionGroup
from organizations.models import (
    AuditEvent,
    Membership,
    Organization,
    Role,
    User,
)
from organizations.services import audit_record
from stories.models import (
    CONSENT_LANGUAGES,
    Answer,
    ClientIdentity,
    Consent,
    ConsentText,
    DraftComment,
    Interview,
    PrincipleEvidence,
    StoryApproval,
    StoryDraft,
    StoryErasure,
    SuccessStory,
)
from stories.selection.selectors import decision_history
from stories.selectors import story_get_for_user
from stories.services import (
    _clean_text,
    _require_documenter,
    drafts_recheck_real_name,
    principles_recheck_real_name,
)
from stories.uploads import check_upload
from stories.visibility import StoryAccess, owner_access, visible_stories

from .ledger import later_withdrawal
from .selectors import consent_text_current

EXPORT_FORMAT = "lfs-client-export/1"
ERASURE_REASON = "Erased at the client's request"
EXPORT_ORIGIN = "https://export.lfs.invalid/"


# Access ---------------------------------------------------------------------------------


def client_rights_get_for_user(user: User, pk: int) -> tuple[SuccessStory, StoryAccess]:
    """The story a client is reached through: 404 for whoever may not see the story, 403 for
    those who see it but do not direct its program."""
    story, access = story_get_for_user(user, pk)
    if not access.has(Role.DIRECTOR):
        raise PermissionDenied
    return story, access


def _norm(pseudonym: str) -> str:
    return " ".join(pseudonym.split()).casefold()


def client_stories(*, user: User, story: SuccessStory) -> list[SuccessStory]:
    """Every story about the same client pseudonym that belongs to the same organization as
    this one (its owner: a partner team's stories are matched among that partner's stories
    alone, never the host's, and the other way round) and that the user directs."""
    key = _norm(story.client_pseudonym)
    same = [
        pk
        for pk, pseudonym in SuccessStory.objects.filter(
            organization_id=story.organization_id
        ).values_list("pk", "client_pseudonym")
        if _norm(pseudonym) == key
    ]
    candidates = (
        visible_stories(user, interviews=True)
        .filter(pk__in=same)
        .select_related("program__organization", "organization", "department", "told_by")
        .order_by("pk")
    )
    result = [c for c in candidates if owner_access(user, c).has(Role.DIRECTOR)]
    if story.pk not in {s.pk for s in result}:
        result.insert(0, story)
    return result


# Export ---------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _name(user: User | None) -> str | None:
    return user.full_name if user is not None else None


def _file(field) -> dict | None:
    """The name of an attached file (never its content)."""
    if not field:
        return None
    return {"name": os.path.basename(field.name), "stored_as": field.name}


def _story_export(story: SuccessStory) -> dict:
    interviews = (
        Interview.objects.filter(story=story)
        .select_related("interviewer", "question_set")
        .prefetch_related("answers__question", "consents__recorded_by")
        .order_by("held_on", "pk")
    )
    identity = ClientIdentity.objects.filter(story=story).first()
    drafts = (
        StoryDraft.objects.filter(story=story)
        .select_related("author")
        .prefetch_related("comments__author")
        .order_by("version")
    )
    approval = (
        StoryApproval.objects.filter(story=story).select_related("draft", "approved_by").first()
    )
    principles = story.principles.select_related("common").prefetch_related(
        "evidence__answer__question", "evidence__answer__interview"
    )
    contributions = (
        Contribution.objects.filter(workshop__story=story)
        .select_related("workshop", "step__workshop", "step__question", "group", "author")
        .order_by("workshop__scheduled_for", "workshop_id", "created_at", "pk")
    )
    return {
        "id": story.pk,
        "program": {"id": story.program_id, "title": story.program.title},
        "title": story.title,
        "client_pseudonym": story.client_pseudonym,
        "department": story.department.name,
        "told_by": _name(story.told_by),
        "status": story.status,
        "summary": story.summary,
        "success_in_worker_eyes": story.success_in_worker_eyes,
        "success_in_client_eyes": story.success_in_client_eyes,
        "tags": sorted(story.tags.values_list("name", flat=True)),
        "nominated_at": _iso(story.nominated_at),
        # Every decision on the story, oldest first: a correction names the decision it
        # replaced and why; the last one (nothing replaces it) is the standing decision.
        "decisions": [
            {
                "id": d.pk,
                "outcome": d.outcome,
                "reasons": d.reasons,
                "decided_at": _iso(d.decided_at),
                "replaces": d.replaces_id,
                "correction_reason": d.correction_reason,
                "standing": d.standing,  # type: ignore[attr-defined]  # decision_history's
            }
            for d in reversed(decision_history(story))
        ],
        "identity": None
        if identity is None
        else {
            "real_name": identity.real_name,
            "contact_details": identity.contact_details,
            "notes": identity.notes,
            "updated_at": _iso(identity.updated_at),
        },
        "interviews": [
            {
                "id": i.pk,
                "interviewee_role": i.interviewee_role,
                "interviewee_label": i.interviewee_label,
                "held_on": _iso(i.held_on),
                "place": i.place,
                "interviewer": _name(i.interviewer),
                "question_set": f"{i.question_set.name} v{i.question_set.version}",
                "notes": i.notes,
                "transcript": _file(i.transcript),
                "audio": _file(i.audio),
                "answers": [
                    {
                        "question": a.question.position,
                        "question_text": a.question.text_en,
                        "text": a.text,
                    }
                    for a in sorted(i.answers.all(), key=lambda a: a.question.position)
                ],
                "consents": [
                    {
                        "scope": c.scope,
                        "given_on": _iso(c.given_on),
                        "method": c.method,
                        "consent_text_version": c.consent_text_version,
                        "consent_text": c.consent_text,
                        "consent_language": c.consent_language,
                        "evidence": _file(c.evidence),
                        "recorded_by": _name(c.recorded_by),
                        "recorded_at": _iso(c.recorded_at),
                        "withdrawn_on": _iso(c.withdrawn_on),
                        "withdrawal_reason": c.withdrawal_reason,
                    }
                    for c in sorted(i.consents.all(), key=lambda c: (c.given_on, c.pk))
                ],
            }
            for i in interviews
        ],
        "drafts": [
            {
                "version": d.version,
                "body": d.body,
                "note": d.note,
                "author": _name(d.author),
                "created_at": _iso(d.created_at),
                "comments": [
                    {"author": _name(c.author), "body": c.body, "created_at": _iso(c.created_at)}
                    for c in d.comments.all()
                ],
            }
            for d in drafts
        ],
        "approval": None
        if approval is None
        else {
            "version": approval.draft.version,
            "approved_by": _name(approval.approved_by),
            "approved_at": _iso(approval.approved_at),
        },
        "principles": [
            {
                "situation": p.situation,
                "goal": p.goal,
                "action": p.action,
                "sentence": p.sentence,
                "common": p.common.text if p.common else None,
                "evidence": [
                    {
                        "quote": e.quote,
                        "interview": e.answer.interview_id,
                        "question": e.answer.question.position,
                    }
                    for e in p.evidence.all()
                ],
            }
            for p in principles
        ],
        "workshop_contributions": [
            {
                "workshop": c.workshop.title,
                "scheduled_for": _iso(c.workshop.scheduled_for),
                "step": str(c.step),
                "text": c.text,
                "author": None if c.anonymous else _name(c.author),
                "anonymous": c.anonymous,
                "group": c.group.name if c.group else None,
                "created_at": _iso(c.created_at),
            }
            for c in contributions
        ],
        "erasures": [
            {"erased_at": _iso(e.erased_at), "reason": e.reason}
            for e in StoryErasure.objects.filter(story_number=story.pk)
        ],
    }


def client_export_data(*, stories: list[SuccessStory]) -> dict:
    """Everything held about one client, as plain JSON-ready data."""
    first = stories[0]
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "organization": first.organization.name,
        "client_pseudonym": first.client_pseudonym,
        "stories": [_story_export(s) for s in stories],
    }


class NothingFetcher(URLFetcher):
    """WeasyPrint's fetcher for the client export: it fetches nothing at all (no file:, no
    network, not even the app's own static files) and remembers what was asked for."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=set(), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.refused.append(url)
        raise ValueError(f"The client export does not fetch {url[:200]}")


def html_to_pdf(html: str) -> bytes:
    # tagged PDF/UA-1, like the books: structure, the document's language and title
    return HTML(string=html, base_url=EXPORT_ORIGIN, url_fetcher=NothingFetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def client_export_pdf(data: dict) -> bytes:
    """A readable PDF of the export, rendered with WeasyPrint through `NothingFetcher`."""
    return html_to_pdf(render_to_string("stories/rights/export_pdf.html", {"data": data}))


def client_export_record(
    *, by: User, stories: list[SuccessStory], fmt: str, request=None
) -> AuditEvent:
    first = stories[0]
    return audit_record(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=first,
        organization=first.organization,
        summary=f"client data ({fmt}) of stories {', '.join(str(s.pk) for s in stories)}",
        request=request,
    )


# Erasure --------------------------------------------------------------------------------


@dataclass
class ErasureResult:
    tombstones: list[StoryErasure]
    files_deleted: int


def _erase_story(*, story: SuccessStory, by: User, reason: str, request=None) -> StoryErasure:
    today = timezone.localdate()
    now = timezone.now()
    removed = {"consents_withdrawn": 0, "files": 0}
    files: list[tuple[Storage, str]] = []
    organization = story.organization

    consents = Consent.objects.select_for_update().filter(interview__story=story)
    for consent in consents:
        if consent.evidence:
            files.append((consent.evidence.storage, consent.evidence.name))
        update: dict[str, object] = {"evidence": ""}
        if consent.withdrawn_on is None:
            update.update(
                withdrawn_on=max(today, consent.given_on),
                withdrawal_reason=ERASURE_REASON,
                withdrawal_recorded_by=by,
                withdrawal_recorded_at=now,
            )
            removed["consents_withdrawn"] += 1
            audit_record(
                actor=by,
                action=AuditEvent.Action.CONSENT_WITHDRAWN,
                obj=consent,
                organization=organization,
                summary=f"{consent.get_scope_display()} consent withdrawn (erasure)",
                request=request,
            )
        Consent.objects.filter(pk=consent.pk).update(**update)

    for interview in Interview.objects.select_for_update().filter(story=story):
        for field in (interview.transcript, interview.audio):
            if field:
                files.append((field.storage, field.name))
        Interview.objects.filter(pk=interview.pk).update(
            transcript="", audio="", notes="", place="", updated_at=now
        )

    evidence = PrincipleEvidence.objects.filter(answer__interview__story=story)
    removed["evidence"] = evidence.count()
    evidence.delete()
    removed["answers"], _detail = Answer.objects.filter(interview__story=story).delete()
    StoryApproval.objects.filter(story=story).delete()
    removed["comments"] = DraftComment.objects.filter(draft__story=story).count()
    removed["drafts"], _detail = StoryDraft.objects.filter(story=story).delete()
    removed["identity"], _detail = ClientIdentity.objects.filter(story=story).delete()
    # What workshop participants wrote about the story, and the facilitator's groups of it;
    # the workshop itself (that it took place, its steps) stays.
    _count, detail = Contribution.objects.filter(workshop__story=story).delete()
    removed["contributions"] = detail.get(Contribution._meta.label, 0)
    ContributionGroup.objects.filter(step__workshop__story=story).delete()
    removed["files"] = len(files)
    # The story's updated_at moves, so renders that contain it read as changed (stale).
    SuccessStory.objects.filter(pk=story.pk).update(updated_at=now)

    for storage, name in files:
        transaction.on_commit(functools.partial(storage.delete, name))

    tombstone = StoryErasure.objects.create(
        story_number=story.pk,
        program_number=story.program_id,
        organization=organization,
        erased_by=by,
        reason=reason,
        removed=removed,
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.ERASED,
        obj=tombstone,
        organization=organization,
        summary=f"story {story.pk} of program {story.program_id} erased ({reason})",
        request=request,
    )
    return tombstone


@transaction.atomic
def client_erase(
    *,
    access: StoryAccess,
    stories: list[SuccessStory],
    by: User,
    confirmation: str,
    reason: str = StoryErasure.Reason.CLIENT_REQUEST,
    request=None,
) -> ErasureResult:
    """Erase everything held about one client across their stories (directors only)."""
    if not access.has(Role.DIRECTOR):
        raise PermissionDenied
    if not stories:
        raise Http404
    if _norm(confirmation) != _norm(stories[0].client_pseudonym):
        raise ValidationError(
            {"confirmation": _("Type the client's pseudonym exactly to confirm the erasure.")}
        )
    if reason not in StoryErasure.Reason.values:
        raise ValidationError({"reason": _("Choose why the data is erased.")})
    for story in stories:
        if not owner_access(by, story).has(Role.DIRECTOR):
            raise PermissionDenied
    tombstones = [
        _erase_story(story=story, by=by, reason=reason, request=request) for story in stories
    ]
    return ErasureResult(
        tombstones=tombstones, files_deleted=sum(t.removed["files"] for t in tombstones)
    )


def erasures_for_stories(stories: list[SuccessStory]) -> list[StoryErasure]:
    return list(
        StoryErasure.objects.filter(story_number__in=[s.pk for s in stories]).select_related(
            "erased_by"
        )
    )


@transaction.atomic
def consent_record(
    *,
    access,
    interview: Interview,
    by: User,
    scope: str,
    given_on,
    method: str,
    language: str,
    evidence=None,
    request=None,
) -> tuple[Consent, bool]:
    """Record a consent with the wording it was given to: the organization's current text for
    this scope and language (its version kept with it). The same consent submitted twice (the
    same interviewee, scope and date, while it stands), even by two requests at once, is
    recorded once. Returns the consent and whether it was recorded now."""
    _require_documenter(access)
    if scope not in Consent.Scope.values:
        raise ValidationError({"scope": _("Choose what the person consented to.")})
    if language not in dict(CONSENT_LANGUAGES):
        raise ValidationError(
            {"consent_language": _("Choose the language the consent was given in.")}
        )
    if evidence:
        try:
            check_upload(evidence, "evidence")
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
    # One interviewee's ledger is written by one request at a time: a second submit of the same
    # form waits here, then finds the consent the first one recorded.
    Interview.objects.select_for_update().filter(pk=interview.pk).first()
    ledger = Consent.objects.filter(interview=interview, scope=scope)
    same = (
        ledger.filter(given_on=given_on).filter(~later_withdrawal()).order_by("pk").first()
        if given_on
        else None
    )
    if same is not None:
        return same, False
    last_withdrawn = ledger.filter(withdrawn_on__isnull=False).order_by("-withdrawn_on").first()
    if given_on and last_withdrawn is not None and given_on < last_withdrawn.withdrawn_on:
        raise ValidationError(
            {
                "given_on": _(
                    "This consent was withdrawn on %(date)s, which a consent dated earlier "
                    "cannot undo. If the person consents again, record the date they did."
                )
                % {
                    "date": formats.date_format(
                        last_withdrawn.withdrawn_on,  # type: ignore[arg-type]  # not null: filtered
                        "DATE_FORMAT",
                    )
                }
            }
        )
    wording = consent_text_current(interview.story.program.organization_id, scope, language)
    consent = Consent(
        interview=interview,
        scope=scope,
        given_on=given_on,
        method=method,
        consent_text=wording.text,
        consent_language=language,
        consent_text_version=wording.version_label,
        evidence=evidence or "",
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.CONSENT_RECORDED,
        obj=consent,
        organization=interview.story.program.organization,
        summary=f"{consent.get_scope_display()} consent, interview {interview.pk}",
        request=request,
    )
    return consent, True


@transaction.atomic
def consent_withdraw(
    *, access, consent: Consent, by: User, withdrawn_on, reason: str, request=None
) -> list[Consent]:
    """The interviewee withdraws their consent to the consent's scope: every grant of that
    scope that still stands is withdrawn, so the withdrawal is the latest event of the ledger
    and takes effect at once (a withdrawn publication consent: the story stops being
    publishable, and renders that contain it are no longer served). Returns the rows withdrawn."""
    _require_documenter(access)
    Interview.objects.select_for_update().filter(pk=consent.interview_id).first()
    consent = Consent.objects.select_related("interview__story__program").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    standing = list(
        Consent.objects.select_for_update()
        .filter(interview_id=consent.interview_id, scope=consent.scope)
        .filter(~later_withdrawal())
        .order_by("given_on", "pk")
    )
    if not standing:
        raise ValidationError(
            _("This consent no longer stands: a later withdrawal is on the ledger.")
        )
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"withdrawal_reason": _("Record the reason given for withdrawing.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("Consent cannot be withdrawn before it was given.")}
        )
    latest = standing[-1]
    if withdrawn_on < latest.given_on:
        raise ValidationError(
            {
                "withdrawn_on": _(
                    "The same consent was given again on %(date)s: a withdrawal must be dated "
                    "on or after it."
                )
                % {"date": formats.date_format(latest.given_on, "DATE_FORMAT")}
            }
        )
    now = timezone.now()
    for row in standing:
        row.withdrawn_on = withdrawn_on
        row.withdrawal_reason = reason
        row.withdrawal_recorded_by = by
        row.withdrawal_recorded_at = now
        row.save(
            update_fields=[
                "withdrawn_on",
                "withdrawal_reason",
                "withdrawal_recorded_by",
                "withdrawal_recorded_at",
            ]
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CONSENT_WITHDRAWN,
            obj=row,
            organization=consent.interview.story.program.organization,
            summary=f"{row.get_scope_display()} consent withdrawn",
            request=request,
        )
    return standing


@transaction.atomic
def consent_text_save(
    *, organization, by: User, scope: str, language: str, label: str, text: str
) -> ConsentText | None:
    """A new version of the organization's wording for one scope and language (the director's
    only); None when nothing changed. Consents already recorded keep the wording they were
    given to."""
    if not Membership.objects.filter(
        user=by, organization=organization, role=Role.DIRECTOR
    ).exists():
        raise PermissionDenied
    if scope not in Consent.Scope.values or language not in dict(CONSENT_LANGUAGES):
        raise ValidationError(_("Choose a scope and a language."))
    text = _clean_text(text)
    label = " ".join(_clean_text(label).split())
    if len(text.split()) < 10:
        raise ValidationError(
            {
                "text": _(
                    "Write the whole wording the person agrees to (at least 10 words), as it "
                    "is read to them or given to them to sign."
                )
            }
        )
    # Versions are numbered one after the other: two directors saving at once wait in turn.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    last = (
        ConsentText.objects.filter(organization=organization, scope=scope, language=language)
        .order_by("-version")
        .first()
    )
    if last is not None and (last.text, last.label) == (text, label):
        return None
    row = ConsentText(
        organization=organization,
        scope=scope,
        language=language,
        version=(last.version if last else 0) + 1,
        label=label,
        text=text,
        created_by=by,
    )
    row.full_clean()
    row.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.CONSENT_TEXT_CHANGED,
        obj=row,
        organization=organization,
        summary=f"{row.get_scope_display()} consent text ({language}) v{row.version}",
    )
    return row


@transaction.atomic
def client_identity_save(
    *,
    access,
    story: SuccessStory,
    by: User,
    real_name: str,
    contact_details: str,
    notes: str,
    request=None,
) -> ClientIdentity:
    if not access.can_see_identity:
        raise PermissionDenied
    identity, _created = ClientIdentity.objects.get_or_create(
        story=story, defaults={"real_name": real_name, "recorded_by": by}
    )
    identity.real_name = " ".join(_clean_text(real_name).split())
    identity.contact_details = _clean_text(contact_details)
    identity.notes = _clean_text(notes)
    identity.recorded_by = by
    identity.full_clean()
    identity.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.IDENTITY_CHANGED,
        obj=identity,
        organization=story.program.organization,
        summary=f"story {story.pk}",
        request=request,
    )
    # Versions and principles written before the name was recorded (or changed) may hold it.
    drafts_recheck_real_name(story=story)
    principles_recheck_real_name(story=story)
    return identity
