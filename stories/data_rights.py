"""Data rights: export everything held about one client, erase it, and move a whole program
between instances.

A *client* is a story's client pseudonym within one organization: every story of the
organization told about that pseudonym (in a program the director directs) belongs to the same
client. Export and erasure are for the organization's directors only.

Erasure keeps the story, its interviews and the consent ledger (now withdrawn, with the reason
"erased at the client's request") so that decisions and books still make sense, and deletes
the restricted identity record, the answers and the evidence quoted from them, the interview
notes, every draft (with its comments) and the approval, and every uploaded file (transcripts,
audio recordings, consent evidence) from storage. A `StoryErasure` tombstone and an
`AuditEvent` record that it happened, with no client data.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from lfs_site import pagecache
from organizations.models import AuditEvent, Organization, Program, Role, User
from organizations.services import audit_record

from .models import (
    Answer,
    ClientIdentity,
    Consent,
    DraftComment,
    Interview,
    PrincipleEvidence,
    StoryApproval,
    StoryDraft,
    StoryErasure,
    SuccessStory,
)
from .selectors import StoryAccess, decision_history, owner_access, story_get_for_user

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
        SuccessStory.objects.filter(pk__in=same)
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
    approval = StoryApproval.objects.filter(story=story).select_related("draft", "approved_by")
    approval = approval.first()
    principles = story.principles.select_related("common").prefetch_related(
        "evidence__answer__question", "evidence__answer__interview"
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
                "standing": d.standing,
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
    return HTML(string=html, base_url=EXPORT_ORIGIN, url_fetcher=NothingFetcher()).write_pdf()


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
    files: list[tuple[object, str]] = []
    organization = story.organization

    consents = Consent.objects.select_for_update().filter(interview__story=story)
    for consent in consents:
        if consent.evidence:
            files.append((consent.evidence.storage, consent.evidence.name))
        update = {"evidence": ""}
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
    removed["files"] = len(files)
    # The story's updated_at moves, so renders that contain it read as changed (stale).
    SuccessStory.objects.filter(pk=story.pk).update(updated_at=now)
    pagecache.changed(story.program_id, "stories")

    for storage, name in files:
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))

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


# Program export and import -----------------------------------------------------------------

PROGRAM_FORMAT = "lfs-program-export/1"


def _user_ref(user: User | None) -> str | None:
    return user.email if user is not None else None


def program_export_data(*, program: Program) -> dict:
    """The program's essential content, with ids local to the file (remapped on import)."""
    from methods.models import QuestionSet

    from .models import SelectionCriterion

    users: dict[str, dict] = {}

    def ref(user: User | None) -> str | None:
        if user is None:
            return None
        users.setdefault(user.email, {"email": user.email, "full_name": user.full_name})
        return user.email

    stories = list(
        SuccessStory.objects.usable(program)
        .select_related("department", "told_by")
        .prefetch_related("tags")
        .order_by("pk")
    )
    question_set_ids = set(
        Interview.objects.filter(story__in=[s.pk for s in stories]).values_list(
            "question_set_id", flat=True
        )
    )
    question_sets = [
        {
            "id": qs.pk,
            "name": qs.name,
            "version": qs.version,
            "shipped_default": qs.organization_id is None,
            "questions": [
                {
                    "id": q.pk,
                    "position": q.position,
                    **{
                        f: getattr(q, f)
                        for f in (
                            "text_en",
                            "text_he",
                            "text_ar",
                            "prompt_en",
                            "prompt_he",
                            "prompt_ar",
                        )
                    },
                }
                for q in qs.questions.order_by("position")
            ],
        }
        for qs in QuestionSet.objects.filter(pk__in=question_set_ids).order_by("pk")
    ]
    meetings = [
        {
            "id": m.pk,
            "kind": m.kind,
            "title": m.title,
            "held_at": _iso(m.held_at),
            "location": m.location,
            "agenda": m.agenda,
            "minutes": m.minutes,
        }
        for m in program.meetings.order_by("pk")
    ]
    criteria = [
        {"id": c.pk, "text": c.text, "description": c.description, "position": c.position}
        for c in SelectionCriterion.objects.filter(program=program).order_by("position", "pk")
    ]
    commons = [
        {
            "id": c.pk,
            "text": c.text,
            "category": c.category.name if c.category else None,
            "created_by": ref(c.created_by),
        }
        for c in program.common_principles.select_related("category", "created_by").order_by("pk")
    ]
    story_rows = []
    for story in stories:
        interviews = []
        for i in (
            Interview.objects.filter(story=story)
            .select_related("interviewer")
            .prefetch_related("answers", "consents")
            .order_by("pk")
        ):
            interviews.append(
                {
                    "id": i.pk,
                    "interviewee_role": i.interviewee_role,
                    "interviewee_label": i.interviewee_label,
                    "held_on": _iso(i.held_on),
                    "place": i.place,
                    "interviewer": ref(i.interviewer),
                    "question_set": i.question_set_id,
                    "notes": i.notes,
                    "answers": [
                        {"id": a.pk, "question": a.question_id, "text": a.text}
                        for a in sorted(i.answers.all(), key=lambda a: a.pk)
                    ],
                    "consents": [
                        {
                            "scope": c.scope,
                            "given_on": _iso(c.given_on),
                            "method": c.method,
                            "consent_text_version": c.consent_text_version,
                            "consent_text": c.consent_text,
                            "consent_language": c.consent_language,
                            "recorded_by": ref(c.recorded_by),
                            "recorded_at": _iso(c.recorded_at),
                            "withdrawn_on": _iso(c.withdrawn_on),
                            "withdrawal_reason": c.withdrawal_reason,
                            "withdrawal_recorded_by": ref(c.withdrawal_recorded_by),
                            "withdrawal_recorded_at": _iso(c.withdrawal_recorded_at),
                        }
                        for c in sorted(i.consents.all(), key=lambda c: c.pk)
                    ],
                }
            )
        approval = StoryApproval.objects.filter(story=story).select_related("draft").first()
        story_rows.append(
            {
                "id": story.pk,
                "title": story.title,
                "department": story.department.name,
                "summary": story.summary,
                "success_in_worker_eyes": story.success_in_worker_eyes,
                "success_in_client_eyes": story.success_in_client_eyes,
                "client_pseudonym": story.client_pseudonym,
                "tags": sorted(t.name for t in story.tags.all()),
                "told_by": ref(story.told_by),
                "status": story.status,
                "assessments": [
                    {
                        "criterion": a.criterion_id,
                        "assessor": ref(a.assessor),
                        "verdict": a.verdict,
                        "note": a.note,
                    }
                    for a in story.assessments.select_related("assessor").order_by("pk")
                ],
                # Oldest first: each decision after the first names the one it replaced.
                "decisions": [
                    {
                        "id": d.pk,
                        "meeting": d.meeting_id,
                        "outcome": d.outcome,
                        "reasons": d.reasons,
                        "decided_by": ref(d.decided_by),
                        "replaces": d.replaces_id,
                        "correction_reason": d.correction_reason,
                    }
                    for d in story.decisions.select_related("decided_by").order_by("pk")
                ],
                "students": [ref(a.student) for a in story.assignments.select_related("student")],
                "interviews": interviews,
                "drafts": _drafts_exported(story, ref),
                "approved_version": approval.draft.version if approval else None,
                "approved_by": ref(approval.approved_by) if approval else None,
                "principles": [
                    {
                        "situation": p.situation,
                        "goal": p.goal,
                        "action": p.action,
                        "common": p.common_id,
                        "created_by": ref(p.created_by),
                        "evidence": [
                            {"answer": e.answer_id, "quote": e.quote} for e in p.evidence.all()
                        ],
                    }
                    for p in story.principles.prefetch_related("evidence").order_by("pk")
                ],
            }
        )
    return {
        "format": PROGRAM_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "program": {
            "id": program.pk,
            "title": program.title,
            "description": program.description,
            "stage": program.stage,
            "starts_on": _iso(program.starts_on),
            "ends_on": _iso(program.ends_on),
            "departments": sorted(program.departments.values_list("name", flat=True)),
        },
        "question_sets": question_sets,
        "criteria": criteria,
        "meetings": meetings,
        "categories": sorted(program.principle_categories.values_list("name", flat=True)),
        "common_principles": commons,
        "stories": story_rows,
        "users": sorted(users.values(), key=lambda u: u["email"]),
    }


def _drafts_exported(story: SuccessStory, ref) -> list[dict]:
    """The story's versions for a program export: a version that holds the client's real name
    is withheld (its number and author only: the file leaves the identity behind, so the name
    must not travel in a text), and so is a comment that reveals it."""
    from .realnames import reveals_real_name
    from .selectors import real_names_of_story

    names = real_names_of_story(story.pk)
    drafts = []
    for d in story.drafts.select_related("author").prefetch_related("comments__author"):
        if d.holds_real_name:
            drafts.append({"version": d.version, "author": ref(d.author), "withheld": True})
            continue
        comments = [
            {"author": ref(c.author), "body": c.body}
            for c in d.comments.all()
            if not reveals_real_name(c.body, names)
        ]
        drafts.append(
            {
                "version": d.version,
                "body": d.body,
                "note": d.note,
                "author": ref(d.author),
                "comments": comments,
            }
        )
    return sorted(drafts, key=lambda d: d["version"])


def program_export_record(*, by: User | None, program: Program, request=None) -> AuditEvent:
    return audit_record(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=program,
        organization=program.organization,
        summary=f"program {program.pk} exported",
        request=request,
    )


def _date(value: str | None):
    return dt.date.fromisoformat(value) if value else None


def _datetime(value: str | None):
    return dt.datetime.fromisoformat(value) if value else None


def _question_set_for(row: dict, organization: Organization):
    """The same question set on this instance (same questions, in order), or a new version of
    the organization's own with those questions."""
    from methods.models import GuidingQuestion, QuestionSet

    fields = ("text_en", "text_he", "text_ar", "prompt_en", "prompt_he", "prompt_ar")
    wanted = [(q["position"], *(q[f] for f in fields)) for q in row["questions"]]
    candidates = QuestionSet.objects.filter(organization__in=[organization]).order_by("-version")
    defaults = QuestionSet.objects.filter(organization__isnull=True).order_by("-version")
    for qs in [*candidates, *defaults]:
        have = list(qs.questions.order_by("position").values_list("position", *fields))
        if have == wanted:
            return qs
    last = QuestionSet.objects.filter(organization=organization).order_by("-version").first()
    qs = QuestionSet.objects.create(
        organization=organization,
        name=row["name"],
        version=(last.version + 1) if last else 1,
        change_note=_("Imported with a program"),
    )
    GuidingQuestion.objects.bulk_create(
        GuidingQuestion(question_set=qs, position=q["position"], **{f: q[f] for f in fields})
        for q in row["questions"]
    )
    pagecache.changed()  # the organization's question sets
    return qs


@transaction.atomic
def program_import(*, data: dict, organization: Organization, by: User | None = None) -> Program:
    """Create a new program in `organization` from a `program_export_data` file.

    Ids are remapped; people are matched by e-mail (created inactive, with no usable password,
    when missing); question sets are matched by content or recreated.
    """
    from organizations.models import Department, Meeting
    from organizations.services import program_create

    from .models import (
        Assessment,
        CommonPrinciple,
        DiversityTag,
        Principle,
        PrincipleCategory,
        SelectionCriterion,
        SelectionDecision,
        StoryAssignment,
    )
    from .richtext import render_markdown

    if data.get("format") != PROGRAM_FORMAT:
        raise ValidationError(_("This is not a program export file."))
    people: dict[str, User] = {}
    for row in data["users"]:
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is None:
            user = User.objects.create_user(
                email=row["email"], password=None, full_name=row["full_name"], is_active=False
            )
        people[row["email"]] = user

    def person(email: str | None) -> User | None:
        return people.get(email) if email else None

    p = data["program"]
    title = p["title"]
    n = 1
    while Program.objects.filter(organization=organization, title__iexact=title).exists():
        n += 1
        title = f"{p['title']} ({n})"
    program = program_create(organization=organization, title=title)
    program.description = p["description"]
    program.stage = p["stage"]
    program.starts_on = _date(p["starts_on"])
    program.ends_on = _date(p["ends_on"])
    program.save(update_fields=["description", "stage", "starts_on", "ends_on"])
    departments = {}
    for name in p["departments"]:
        departments[name], _created = Department.objects.get_or_create(
            organization=organization, name=name
        )
    program.departments.set(departments.values())

    SelectionCriterion.objects.filter(program=program).delete()
    criteria = {
        c["id"]: SelectionCriterion.objects.create(
            program=program, text=c["text"], description=c["description"], position=c["position"]
        )
        for c in data["criteria"]
    }
    meetings = {
        m["id"]: Meeting.objects.create(
            program=program,
            kind=m["kind"],
            title=m["title"],
            held_at=_datetime(m["held_at"]),
            location=m["location"],
            agenda=m["agenda"],
            minutes=m["minutes"],
        )
        for m in data["meetings"]
    }
    categories = {
        name: PrincipleCategory.objects.create(program=program, name=name)
        for name in data["categories"]
    }
    commons = {
        c["id"]: CommonPrinciple.objects.create(
            program=program,
            text=c["text"],
            category=categories.get(c["category"]) if c["category"] else None,
            created_by=person(c["created_by"]),
        )
        for c in data["common_principles"]
    }
    question_sets = {}
    questions = {}
    for row in data["question_sets"]:
        qs = _question_set_for(row, organization)
        question_sets[row["id"]] = qs
        by_position = {q.position: q for q in qs.questions.all()}
        for q in row["questions"]:
            questions[q["id"]] = by_position[q["position"]]
    tags: dict[str, DiversityTag] = {}
    fallback_department = next(iter(departments.values()), None)
    for s in data["stories"]:
        department = departments.get(s["department"])
        if department is None:
            department, _created = Department.objects.get_or_create(
                organization=organization, name=s["department"]
            )
        story = SuccessStory.objects.create(
            program=program,
            department=department or fallback_department,
            title=s["title"],
            summary=s["summary"],
            success_in_worker_eyes=s["success_in_worker_eyes"],
            success_in_client_eyes=s["success_in_client_eyes"],
            client_pseudonym=s["client_pseudonym"],
            told_by=person(s["told_by"]),
            status=s["status"],
        )
        for name in s["tags"]:
            if name.casefold() not in tags:
                tags[name.casefold()] = DiversityTag.objects.create(program=program, name=name)
        story.tags.set([tags[name.casefold()] for name in s["tags"]])
        for a in s["assessments"]:
            Assessment.objects.create(
                story=story,
                criterion=criteria[a["criterion"]],
                assessor=person(a["assessor"]),
                verdict=a["verdict"],
                note=a["note"],
            )
        # The story's decisions in one line, as exported (oldest first). A file written before
        # decisions kept their history names no `replaces`: each replaces the one before it.
        decisions: dict[int, SelectionDecision] = {}
        previous = None
        for d in s["decisions"]:
            replaces = decisions.get(d["replaces"]) if "replaces" in d else previous
            previous = SelectionDecision.objects.create(
                story=story,
                meeting=meetings[d["meeting"]],
                outcome=d["outcome"],
                reasons=d["reasons"],
                decided_by=person(d["decided_by"]),
                replaces=replaces,
                correction_reason=d.get("correction_reason", "") if replaces else "",
            )
            if "id" in d:
                decisions[d["id"]] = previous
        for email in s["students"]:
            StoryAssignment.objects.create(story=story, student=person(email), assigned_by=by)
        answers = {}
        for i in s["interviews"]:
            interview = Interview.objects.create(
                story=story,
                interviewee_role=i["interviewee_role"],
                interviewee_label=i["interviewee_label"],
                held_on=_date(i["held_on"]),
                place=i["place"],
                interviewer=person(i["interviewer"]),
                question_set=question_sets[i["question_set"]],
                notes=i["notes"],
            )
            for a in i["answers"]:
                answers[a["id"]] = Answer.objects.create(
                    interview=interview, question=questions[a["question"]], text=a["text"]
                )
            for c in i["consents"]:
                consent = Consent.objects.create(
                    interview=interview,
                    scope=c["scope"],
                    given_on=_date(c["given_on"]),
                    method=c["method"],
                    consent_text_version=c["consent_text_version"],
                    consent_text=c.get("consent_text", ""),
                    consent_language=c.get("consent_language", ""),
                    recorded_by=person(c["recorded_by"]),
                    withdrawn_on=_date(c["withdrawn_on"]),
                    withdrawal_reason=c["withdrawal_reason"],
                    withdrawal_recorded_by=person(c["withdrawal_recorded_by"]),
                    withdrawal_recorded_at=_datetime(c.get("withdrawal_recorded_at"))
                    or (timezone.now() if c["withdrawn_on"] else None),
                )
                # When each event was recorded orders two on one date (stories.ledger): kept
                # as exported (recorded_at is set on creation, so it is restored after).
                if c.get("recorded_at"):
                    Consent.objects.filter(pk=consent.pk).update(
                        recorded_at=_datetime(c["recorded_at"])
                    )
                    pagecache.changed(program.pk, "stories")
        drafts = {}
        for d in s["drafts"]:
            if d.get("withheld"):
                continue  # held the client's real name where it was exported: not sent
            draft = StoryDraft.objects.create(
                story=story,
                version=d["version"],
                body=d["body"],
                body_html=render_markdown(d["body"]),
                note=d["note"],
                author=person(d["author"]),
            )
            drafts[d["version"]] = draft
            for c in d["comments"]:
                DraftComment.objects.create(draft=draft, author=person(c["author"]), body=c["body"])
        if s["approved_version"] in drafts:
            StoryApproval.objects.create(
                story=story,
                draft=drafts[s["approved_version"]],
                approved_by=person(s["approved_by"]),
            )
        for pr in s["principles"]:
            principle = Principle.objects.create(
                story=story,
                situation=pr["situation"],
                goal=pr["goal"],
                action=pr["action"],
                common=commons.get(pr["common"]) if pr["common"] else None,
                created_by=person(pr["created_by"]),
            )
            for e in pr["evidence"]:
                PrincipleEvidence.objects.create(
                    principle=principle, answer=answers[e["answer"]], quote=e["quote"]
                )
    audit_record(
        actor=by,
        action=AuditEvent.Action.IMPORTED,
        obj=program,
        organization=organization,
        summary=f"program imported from {data['program']['id']}",
    )
    return program
