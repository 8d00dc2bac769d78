"""Data rights: a client's data exported (JSON and PDF) and erased, who may do it, and a
program exported and imported on another instance with its content intact."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from organizations.models import AuditEvent, Organization
from publications.models import BookEntry, BookRender, StoryBook
from publications.selectors import _snapshot, book_composition, render_staleness
from stories.models import (
    Answer,
    ClientIdentity,
    CommonPrinciple,
    Consent,
    DraftComment,
    Interview,
    Principle,
    PrincipleEvidence,
    StoryApproval,
    StoryDraft,
    StoryErasure,
    SuccessStory,
)
from stories.rights import services as data_rights
from stories.rights.selectors import story_publishability
from transfer import services as transfer_services

from .factories import StoryFactory

ANSWER_TEXT = "She kept every appointment once the worker came to her home."
QUOTE = "came to her home"
PSEUDONYM = "Mrs. H."


def documented(world):
    """Answers, a principle with evidence, a comment and an approval on the documented story
    (idempotent, so the access table can call it for every row)."""
    story = world.doc_story
    if Principle.objects.filter(story=story).exists():
        return story
    question = world.interview.question_set.questions.order_by("position").first()
    answer = Answer.objects.create(interview=world.interview, question=question, text=ANSWER_TEXT)
    common = CommonPrinciple.objects.create(program=world.program, text="Meet people at home")
    principle = Principle.objects.create(
        story=story,
        situation="a client misses appointments",
        goal="trust",
        action="visit at home",
        common=common,
        created_by=world.student,
    )
    PrincipleEvidence.objects.create(principle=principle, answer=answer, quote=QUOTE)
    DraftComment.objects.create(draft=world.draft, author=world.committee, body="Add the date.")
    StoryApproval.objects.get_or_create(
        story=story, defaults={"draft": world.draft, "approved_by": world.committee}
    )
    world.interview.notes = "Met at the community centre."
    world.interview.save(update_fields=["notes"])
    return story


# Helpers for the access table in tests/test_permissions.py ---------------------------------


def extra_args(world, kind: str) -> list[int]:
    documented(world)
    return {"client": [world.doc_story.pk], "program": [world.program.pk]}[kind]


EXTRA_POST_DATA = {
    "client_erase": {"confirmation": PSEUDONYM, "reason": "client_request"},
}


def _state(world) -> tuple:
    return (
        ClientIdentity.objects.count(),
        Answer.objects.count(),
        StoryDraft.objects.count(),
        StoryErasure.objects.count(),
        Consent.objects.filter(withdrawn_on__isnull=False).count(),
        AuditEvent.objects.filter(action=AuditEvent.Action.ERASED).count(),
    )


# The access rows for these views are in the one table of tests/test_permissions.py.


def test_only_the_director_sees_the_link_on_the_documentation_page(world, login):
    url = reverse("documentation:story_documentation", args=[world.doc_story.pk])
    link = reverse("rights:client_data", args=[world.doc_story.pk])
    assert link in login(world.director).get(url).content.decode()
    assert link not in login(world.student).get(url).content.decode()


# Export -----------------------------------------------------------------------------------


def test_the_json_export_holds_everything_about_the_client_and_is_audited(world, login):
    documented(world)
    response = login(world.director).get(
        reverse("rights:client_export_json", args=[world.doc_story.pk])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["client_pseudonym"] == PSEUDONYM
    [story] = data["stories"]
    assert story["identity"]["real_name"] == "Hanna Halabi"
    [interview] = story["interviews"]
    assert interview["answers"][0]["text"] == ANSWER_TEXT
    assert interview["notes"] == "Met at the community centre."
    assert interview["transcript"]["name"].endswith(".pdf")
    assert "%PDF" not in response.content.decode()  # names of files, never their contents
    to_interview, consent = interview["consents"]
    assert to_interview["scope"] == "interview"
    assert to_interview["consent_text"] == "I agree to be interviewed."  # the wording itself
    assert to_interview["consent_language"] == "en"
    assert consent["scope"] == "publication" and consent["withdrawn_on"] is None
    assert consent["evidence"]["name"].endswith(".pdf")
    assert [d["version"] for d in story["drafts"]] == [1, 2]
    assert story["drafts"][1]["comments"][0]["body"] == "Add the date."
    assert story["approval"]["version"] == 2
    [principle] = story["principles"]
    assert principle["common"] == "Meet people at home"
    assert principle["evidence"][0]["quote"] == QUOTE
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == world.director and "json" in event.summary


def test_the_client_is_every_story_with_the_pseudonym_in_the_organization(world):
    documented(world)
    same = StoryFactory(program=world.program, told_by=world.teller, client_pseudonym=" mrs.  h.")
    StoryFactory(
        program=world.other_program, told_by=world.other_director, client_pseudonym="Mrs. H."
    )
    StoryFactory(program=world.program, told_by=world.teller, client_pseudonym="Mr. K.")
    stories = data_rights.client_stories(user=world.director, story=world.doc_story)
    assert [s.pk for s in stories] == sorted([world.doc_story.pk, same.pk])


def test_the_pdf_export_is_readable_and_fetches_nothing(world, login, monkeypatch):
    from pypdf import PdfReader

    documented(world)
    Answer.objects.filter(text=ANSWER_TEXT).update(
        text=ANSWER_TEXT + ' <img src="file:///etc/passwd"> <img src="http://127.0.0.1/x.png">'
    )
    response = login(world.director).get(
        reverse("rights:client_export_pdf", args=[world.doc_story.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Hanna Halabi" in text
    assert "every appointment" in text
    assert "root:" not in text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, summary__contains="pdf")


def test_the_pdf_fetcher_fetches_nothing():
    from weasyprint import HTML

    fetcher = data_rights.NothingFetcher()
    HTML(
        string='<link rel="stylesheet" href="file:///etc/passwd">'
        '<img src="http://127.0.0.1/x.png"><img src="/static/css/app.css"><p>x</p>',
        base_url=data_rights.EXPORT_ORIGIN,
        url_fetcher=fetcher,
    ).write_pdf()
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1/x.png" in fetcher.refused
    assert data_rights.EXPORT_ORIGIN + "static/css/app.css" in fetcher.refused


# Erasure ----------------------------------------------------------------------------------


@pytest.fixture
def book_with_story(world):
    """A book holding the documented story, with a finished render that contains it."""
    documented(world)
    book = StoryBook.objects.create(
        program=world.program, title="Stories", language="en", created_by=world.director
    )
    BookEntry.objects.create(book=book, story=world.doc_story, position=1)
    composition = book_composition(book)
    assert composition.included, composition.rows[0].reasons
    render = BookRender.objects.create(
        book=book,
        version=1,
        status="done",
        requested_by=world.director,
        contents=_snapshot(composition.rows, book),
    )
    assert render_staleness(render) == []
    return book, render


def test_a_wrong_confirmation_erases_nothing(world, login):
    documented(world)
    before = _state(world)
    response = login(world.director).post(
        reverse("rights:client_erase", args=[world.doc_story.pk]),
        {"confirmation": "Mrs. K.", "reason": "client_request"},
    )
    assert response.status_code == 400
    assert "Type the client&#x27;s pseudonym exactly" in response.content.decode()
    assert _state(world) == before


def test_erasure_removes_the_clients_material_and_leaves_a_tombstone(
    world, login, book_with_story, django_capture_on_commit_callbacks
):
    book, render = book_with_story
    story = world.doc_story
    interview = Interview.objects.get(pk=world.interview.pk)
    storage = interview.transcript.storage
    files = [interview.transcript.name, Consent.objects.get(pk=world.consent.pk).evidence.name]
    assert all(storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.director).post(
            reverse("rights:client_erase", args=[story.pk]),
            {"confirmation": "mrs. h.", "reason": "client_request"},
        )
    assert response.status_code == 302

    assert not ClientIdentity.objects.filter(story=story).exists()
    assert not Answer.objects.filter(interview__story=story).exists()
    assert not PrincipleEvidence.objects.filter(principle__story=story).exists()
    assert not StoryDraft.objects.filter(story=story).exists()
    assert not StoryApproval.objects.filter(story=story).exists()
    interview.refresh_from_db()
    assert not interview.transcript and not interview.audio and interview.notes == ""
    assert not any(storage.exists(name) for name in files)
    consent = Consent.objects.get(pk=world.consent.pk)
    assert consent.withdrawn_on is not None and not consent.evidence
    assert consent.withdrawal_reason == "Erased at the client's request"
    assert consent.withdrawal_recorded_by == world.director

    # Out of every future book; the existing render is flagged.
    assert not story_publishability(story).ok
    assert not book_composition(book).included
    assert render_staleness(render)

    tombstone = StoryErasure.objects.get()
    assert (tombstone.story_number, tombstone.program_number) == (story.pk, world.program.pk)
    assert tombstone.erased_by == world.director and tombstone.reason == "client_request"
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASED)
    assert event.actor == world.director and event.object_id == str(tombstone.pk)
    for text in (json.dumps(tombstone.removed), str(tombstone), event.summary):
        assert "Hanna" not in text and PSEUDONYM not in text

    page = (
        login(world.director).get(reverse("rights:client_data", args=[story.pk])).content.decode()
    )
    assert f"Story {story.pk} of program {world.program.pk} erased" in page
    # The export afterwards holds no more than the ledger and the tombstone.
    data = data_rights.client_export_data(stories=[story])
    assert data["stories"][0]["identity"] is None
    assert data["stories"][0]["erasures"][0]["reason"] == "client_request"
    assert "Hanna" not in json.dumps(data) and ANSWER_TEXT not in json.dumps(data)


def test_erasure_leaves_other_clients_and_organizations_alone(world, login):
    documented(world)
    other = StoryFactory(
        program=world.other_program, told_by=world.other_director, client_pseudonym=PSEUDONYM
    )
    ClientIdentity.objects.create(story=other, real_name="Someone Else")
    ClientIdentity.objects.create(story=world.story, real_name="Third Person")
    login(world.director).post(
        reverse("rights:client_erase", args=[world.doc_story.pk]),
        {"confirmation": PSEUDONYM, "reason": "retention_ended"},
    )
    assert sorted(ClientIdentity.objects.values_list("real_name", flat=True)) == [
        "Someone Else",
        "Third Person",
    ]


def test_only_a_director_of_the_program_may_call_the_erasure_service(world):
    from django.core.exceptions import PermissionDenied

    from stories.selectors import story_get_for_user

    story, access = story_get_for_user(world.committee, world.doc_story.pk)
    with pytest.raises(PermissionDenied):
        data_rights.client_erase(
            access=access, stories=[story], by=world.committee, confirmation=PSEUDONYM
        )
    assert ClientIdentity.objects.filter(story=story).exists()


# Program export and import ------------------------------------------------------------------


def _essentials(program) -> dict:
    """What must survive the trip, with no ids."""
    stories = {}
    for s in SuccessStory.objects.filter(program=program).order_by("title"):
        stories[s.title] = {
            "pseudonym": s.client_pseudonym,
            "status": s.status,
            "told_by": s.told_by.email,
            "tags": sorted(s.tags.values_list("name", flat=True)),
            "assessments": sorted(
                (a.criterion.text, a.assessor.email, a.verdict) for a in s.assessments.all()
            ),
            "decisions": sorted((d.meeting.title, d.outcome, d.reasons) for d in s.decisions.all()),
            "interviews": [
                (
                    i.interviewee_label,
                    i.held_on,
                    i.notes,
                    [q.text_en for q in i.question_set.questions.order_by("position")],
                    sorted((a.question.position, a.text) for a in i.answers.all()),
                    sorted(
                        (c.scope, c.given_on, c.method, c.withdrawn_on, c.withdrawal_reason)
                        for c in i.consents.all()
                    ),
                )
                for i in s.interviews.order_by("held_on", "interviewee_label")
            ],
            "drafts": [(d.version, d.body, d.author.email) for d in s.drafts.order_by("version")],
            "comments": sorted(c.body for c in DraftComment.objects.filter(draft__story=s)),
            "approved": s.approval.draft.version if hasattr(s, "approval") else None,
            "principles": sorted(
                (
                    p.sentence,
                    p.common.text if p.common else None,
                    tuple(sorted((e.quote, e.answer.text) for e in p.evidence.all())),
                )
                for p in s.principles.all()
            ),
        }
    return {
        "criteria": list(program.criteria.values_list("text", "description", "position")),
        "meetings": sorted(program.meetings.values_list("title", flat=True)),
        "commons": sorted(
            CommonPrinciple.objects.filter(program=program).values_list("text", flat=True)
        ),
        "stories": stories,
    }


def test_a_program_survives_export_and_import_into_a_fresh_organization(world, tmp_path, capsys):
    from tests.factories import DecisionFactory

    documented(world)
    DecisionFactory(
        story=world.doc_story,
        meeting=world.meeting,
        outcome="selected",
        reasons="The story shows how trust was built step by step.",
    )
    Consent.objects.create(
        interview=world.interview,
        scope="recording",
        given_on=dt.date(2026, 11, 1),
        method="oral",
        consent_text_version="Form 1",
        recorded_by=world.student,
        withdrawn_on=dt.date(2026, 11, 3),
        withdrawal_reason="No recordings, please.",
    )
    before = _essentials(world.program)

    call_command("export_program", str(world.program.pk))
    exported = capsys.readouterr().out
    path = tmp_path / "program.json"
    path.write_text(exported)
    data = json.loads(exported)
    assert data["format"] == transfer_services.PROGRAM_FORMAT
    assert "Hanna Halabi" not in exported  # the restricted identity never leaves this way

    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    users_before = set(Organization.objects.values_list("pk", flat=True))
    call_command("import_program", str(path), "--organization", "fresh-org")
    assert set(Organization.objects.values_list("pk", flat=True)) == users_before
    imported = fresh.programs.get()
    assert imported.pk != world.program.pk
    assert _essentials(imported) == before
    assert not SuccessStory.objects.filter(program=imported, pk=world.doc_story.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).exists()


def test_import_matches_people_by_email_and_creates_missing_ones_inactive(world, tmp_path):
    from organizations.models import User

    documented(world)
    data = transfer_services.program_export_data(program=world.program)
    # The student is someone else on the other instance: every mention of them changes.
    text = json.dumps(data).replace(world.student.email, "new.student@elsewhere.example")
    data = json.loads(text)
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    program = transfer_services.program_import(data=data, organization=fresh)
    newcomer = User.objects.get(email="new.student@elsewhere.example")
    assert not newcomer.is_active and not newcomer.has_usable_password()
    story = program.stories.get(title=world.doc_story.title)
    assert story.told_by == world.teller  # matched, not duplicated
    assert story.interviews.get().interviewer == newcomer
    # The default question set is matched by content, not copied.
    assert story.interviews.get().question_set_id == world.interview.question_set_id


def test_import_recreates_an_unknown_question_set_by_content(world):
    documented(world)
    data = transfer_services.program_export_data(program=world.program)
    data["question_sets"][0]["questions"][0]["text_en"] = "What happened, in brief?"
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    program = transfer_services.program_import(data=data, organization=fresh)
    qs = program.stories.get(title=world.doc_story.title).interviews.get().question_set
    assert qs.organization == fresh
    assert qs.questions.order_by("position").first().text_en == "What happened, in brief?"


def test_the_program_download_is_the_same_export(world, login):
    documented(world)
    response = login(world.director).get(
        reverse("transfer:program_export_json", args=[world.program.pk])
    )
    data = json.loads(response.content)
    assert data["program"]["title"] == world.program.title
    titles = {s["title"] for s in data["tables"]["stories.SuccessStory"]}
    assert titles >= {world.doc_story.title, world.story.title}


def test_a_file_that_is_not_a_program_export_is_refused(world, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "x.json"
    path.write_text(json.dumps({"format": "something else"}))
    Organization.objects.create(name="Fresh Org", slug="fresh-org")
    with pytest.raises(CommandError):
        call_command("import_program", str(path), "--organization", "fresh-org")
    with pytest.raises(CommandError):
        call_command("import_program", str(path), "--organization", "no-such-org")


def test_attached_files_are_named_not_included(world):
    world.interview.audio.save("a.mp3", ContentFile(b"ID3" + b"\0" * 20), save=True)
    data = data_rights.client_export_data(stories=[world.doc_story])
    assert data["stories"][0]["interviews"][0]["audio"]["name"].endswith(".mp3")


def test_an_erased_story_never_becomes_publishable_again(world):
    import datetime as dt

    from stories.models import Consent, StoryErasure
    from stories.rights.selectors import story_publishability

    StoryErasure.objects.create(
        story_number=world.doc_story.pk,
        program_number=world.program.pk,
        organization=world.org,
        reason="client_request",
    )
    Consent.objects.create(
        interview=world.interview,
        scope="publication",
        given_on=dt.date(2026, 12, 1),
        method="written",
        consent_text_version="Form 2",
        recorded_by=world.student,
    )
    result = story_publishability(world.doc_story)
    assert not result.ok
    assert "erased" in result.reasons[0]


# Workshop contributions about the client's story --------------------------------------------

CONTRIBUTION = "She told us the landlord finally listened"


def _workshop_about(world, story, *, title="Retrospective on the flat"):
    import datetime as dt

    from django.utils import timezone

    from methods.models import Contribution, ContributionGroup, Vote, Workshop, WorkshopStep

    workshop = Workshop.objects.create(
        program=world.program,
        method="retrospective",
        title=title,
        scheduled_for=timezone.now() - dt.timedelta(days=3),
        story=story,
        facilitator=world.companion,
    )
    question = world.interview.question_set.questions.order_by("position").first()
    step = WorkshopStep.objects.create(workshop=workshop, position=1, question=question)
    group = ContributionGroup.objects.create(step=step, name="Housing at last")
    named = Contribution.objects.create(
        workshop=workshop, step=step, author=world.teller, text=CONTRIBUTION, group=group
    )
    Contribution.objects.create(
        workshop=workshop, step=step, author=world.staff, anonymous=True, text="Quiet note"
    )
    Vote.objects.create(contribution=named, voter=world.committee)
    return workshop


def test_the_client_export_holds_the_workshop_contributions_about_the_story(world):
    documented(world)
    _workshop_about(world, world.doc_story)
    _workshop_about(world, world.story, title="About another client")
    data = data_rights.client_export_data(stories=[world.doc_story])
    [story] = data["stories"]
    rows = story["workshop_contributions"]
    assert [r["text"] for r in rows] == [CONTRIBUTION, "Quiet note"]
    named, anonymous = rows
    assert named["workshop"] == "Retrospective on the flat"
    assert named["author"] == world.teller.full_name and named["group"] == "Housing at last"
    assert named["step"].startswith("1.")
    assert anonymous["author"] is None  # whoever wrote it anonymously stays so
    assert "About another client" not in json.dumps(data)


def test_the_pdf_export_shows_the_workshop_contributions(world, login):
    from pypdf import PdfReader

    documented(world)
    _workshop_about(world, world.doc_story)
    response = login(world.director).get(
        reverse("rights:client_export_pdf", args=[world.doc_story.pk])
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "landlord finally listened" in text


def test_erasure_deletes_the_workshop_contributions_about_the_story(world, login):
    from methods.models import Contribution, ContributionGroup, Vote, Workshop

    documented(world)
    workshop = _workshop_about(world, world.doc_story)
    other = _workshop_about(world, world.story, title="About another client")
    login(world.director).post(
        reverse("rights:client_erase", args=[world.doc_story.pk]),
        {"confirmation": PSEUDONYM, "reason": "client_request"},
    )
    assert not Contribution.objects.filter(workshop=workshop).exists()
    assert not ContributionGroup.objects.filter(step__workshop=workshop).exists()
    assert not Vote.objects.filter(contribution__workshop=workshop).exists()
    assert Workshop.objects.filter(pk=workshop.pk).exists()  # the session itself happened
    assert Contribution.objects.filter(workshop=other).count() == 2
    assert StoryErasure.objects.get().removed["contributions"] == 2
    data = data_rights.client_export_data(stories=[world.doc_story])
    assert data["stories"][0]["workshop_contributions"] == []
