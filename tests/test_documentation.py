"""Documenting a story: assignment, interviews, files, consent, identity, drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.formats import date_format

from methods.selectors import question_set_default
from organizations.models import AuditEvent, Membership, Role
from stories.documentation import services
from stories.documentation.selectors import interviews_for_story
from stories.models import (
    Answer,
    ClientIdentity,
    Consent,
    Interview,
    StoryApproval,
    StoryAssignment,
    StoryDraft,
)
from stories.rights import services as rights_services
from stories.rights.ledger import consent_stands
from stories.rights.selectors import publishability_for, story_publishability
from stories.selection import services as selection_services
from stories.selectors import story_get_for_user

from .factories import StoryFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 200


@pytest.fixture
def documented(world):
    """The world's story selected and assigned to the student, with one client interview."""
    world.story.status = "selected"
    world.story.save()
    StoryAssignment.objects.create(
        story=world.story, student=world.student, assigned_by=world.committee
    )
    interview = Interview.objects.create(
        story=world.story,
        interviewee_role="client",
        interviewee_label=world.story.client_pseudonym,
        held_on=dt.date(2026, 11, 1),
        interviewer=world.student,
        question_set=question_set_default(),
    )
    world.interview = interview
    return world


def _access(world, user):
    return story_get_for_user(user, world.story.pk)[1]


def _answers_post(interview, text="An answer.", **extra):
    data = {
        "interviewee_role": interview.interviewee_role,
        "interviewee_label": interview.interviewee_label,
        "held_on": "2026-11-01",
        "place": "The family's home",
        "notes": "",
    }
    for q in interview.question_set.questions.all():
        data[f"answer_{q.pk}"] = f"{text} ({q.position})"
    data.update(extra)
    return data


# Assignment --------------------------------------------------------------------------


def test_the_committee_assigns_a_student_and_the_program_moves_to_training(world, login):
    world.story.status = "selected"
    world.story.save()
    response = login(world.committee).post(
        reverse("documentation:story_assign", args=[world.story.pk]),
        {"students": [world.student.pk]},
    )
    assert response.status_code == 302
    assert StoryAssignment.objects.filter(story=world.story, student=world.student).exists()
    world.program.refresh_from_db()
    assert world.program.stage == "training"


def test_only_the_programs_students_can_be_assigned(world):
    world.story.status = "selected"
    world.story.save()
    with pytest.raises(Exception):  # noqa: B017 - ValidationError from the service
        selection_services.students_assign(
            access=_access(world, world.committee),
            story=world.story,
            students=[world.staff],
            by=world.committee,
        )


def test_a_story_that_was_not_selected_cannot_be_assigned(world, login):
    response = login(world.committee).post(
        reverse("documentation:story_assign", args=[world.story.pk]),
        {"students": [world.student.pk]},
    )
    assert response.status_code == 400
    assert not StoryAssignment.objects.filter(story=world.story).exists()


def test_the_student_home_lists_only_assigned_stories_with_what_is_left(documented, login):
    other = StoryFactory(program=documented.program, status="selected", title="Not yours")
    response = login(documented.student).get(reverse("dashboard:home"))
    body = response.content.decode()
    assert "Back to work" in body
    assert other.title not in body
    assert "Record publication consent" in body
    assert "Write the story" in body


# Interviews ---------------------------------------------------------------------------


def test_a_student_creates_an_interview_that_keeps_its_question_set(documented, login):
    response = login(documented.student).post(
        reverse("documentation:interview_create", args=[documented.story.pk]),
        {
            "interviewee_role": "social_worker",
            "interviewee_label": "Maya, social worker",
            "held_on": "2026-11-02",
            "place": "Office",
        },
    )
    interview = Interview.objects.get(interviewee_role="social_worker")
    assert response.status_code == 302
    assert interview.question_set == question_set_default()
    documented.program.refresh_from_db()
    assert documented.program.stage == "documentation"


def test_all_ten_answers_are_saved_with_the_interview(documented, login):
    _consent(documented, scope="interview")
    response = login(documented.student).post(
        reverse("documentation:interview_edit", args=[documented.interview.pk]),
        _answers_post(documented.interview),
    )
    assert response.status_code == 302
    assert Answer.objects.filter(interview=documented.interview).exclude(text="").count() == 10


def test_autosave_saves_one_answer(documented, login):
    _consent(documented, scope="interview")
    q = documented.interview.question_set.questions.get(position=5)
    response = login(documented.student).post(
        reverse("documentation:answer_autosave", args=[documented.interview.pk, q.pk]),
        {f"answer_{q.pk}": "First we met at the café, then at home."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    assert Answer.objects.get(question=q).text == "First we met at the café, then at home."


def test_autosave_after_the_session_expired_answers_401_and_saves_nothing(documented, client):
    q = documented.interview.question_set.questions.first()
    response = client.post(
        reverse("documentation:answer_autosave", args=[documented.interview.pk, q.pk]),
        {f"answer_{q.pk}": "Typed after the session ended"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 401
    assert not Answer.objects.filter(interview=documented.interview).exists()


def test_an_answer_to_a_question_of_another_set_is_refused(documented, login):
    from methods.models import GuidingQuestion, QuestionSet

    other_set = QuestionSet.objects.create(organization=documented.org, name="Ours", version=1)
    foreign = GuidingQuestion.objects.create(question_set=other_set, position=1, text_en="Other?")
    response = login(documented.student).post(
        reverse("documentation:answer_autosave", args=[documented.interview.pk, foreign.pk]),
        {f"answer_{foreign.pk}": "text"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    "field, name, content, message",
    [
        ("transcript", "notes.exe", b"MZ...", "Upload a file of one of these types"),
        ("transcript", "notes.pdf", b"not really a pdf", "does not match its .pdf name"),
        ("audio", "talk.mp3", PDF, "does not match its .mp3 name"),
        ("audio", "empty.mp3", b"", "The submitted file is empty."),
    ],
    ids=["wrong-type", "fake-pdf", "pdf-named-mp3", "empty"],
)
def test_a_bad_upload_is_refused_and_the_answers_are_kept(
    documented, login, field, name, content, message
):
    data = _answers_post(documented.interview, text="A long answer I must not lose")
    data[field] = SimpleUploadedFile(name, content)
    response = login(documented.student).post(
        reverse("documentation:interview_edit", args=[documented.interview.pk]), data
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert "A long answer I must not lose (3)" in body
    assert not Answer.objects.filter(interview=documented.interview).exists()


def test_a_too_large_upload_is_refused(documented, login, settings):
    from stories import uploads

    data = _answers_post(documented.interview)
    data["transcript"] = SimpleUploadedFile("big.txt", b"a" * (10 * uploads.MB + 1))
    response = login(documented.student).post(
        reverse("documentation:interview_edit", args=[documented.interview.pk]), data
    )
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()


def test_files_get_generated_names_and_are_served_only_through_a_checked_view(documented, login):
    _consent(documented, scope="interview")
    _consent(documented, scope="recording")
    data = _answers_post(documented.interview)
    data["transcript"] = SimpleUploadedFile("Client real name interview.pdf", PDF)
    data["audio"] = SimpleUploadedFile("recording.mp3", MP3)
    login(documented.student).post(
        reverse("documentation:interview_edit", args=[documented.interview.pk]), data
    )
    documented.interview.refresh_from_db()
    assert "real name" not in documented.interview.transcript.name
    assert documented.interview.transcript.name.startswith("private/interview/")
    url = reverse("documentation:interview_file", args=[documented.interview.pk, "transcript"])
    response = login(documented.student).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="file_opened", actor=documented.student).exists()
    assert login(documented.companion).get(url).status_code == 403
    assert login(documented.committee).get(url).status_code == 403
    assert login(documented.other_director).get(url).status_code == 404


def test_markup_in_answers_is_shown_harmlessly(documented, login):
    q = documented.interview.question_set.questions.first()
    Answer.objects.create(
        interview=documented.interview,
        question=q,
        text='<script>alert("x")</script><a href="javascript:alert(1)">click</a>',
    )
    body = (
        login(documented.committee)
        .get(reverse("documentation:interview_detail", args=[documented.interview.pk]))
        .content.decode()
    )
    assert '<script>alert("x")</script>' not in body
    assert 'href="javascript:' not in body
    assert "&lt;script&gt;" in body


# Consent -------------------------------------------------------------------------------


def _consent(world, scope="publication", given_on=dt.date(2026, 11, 1), **kw):
    consent, _created = rights_services.consent_record(
        access=_access(world, world.student),
        interview=world.interview,
        by=world.student,
        scope=scope,
        given_on=given_on,
        method="written",
        language="en",
        **kw,
    )
    return consent


def test_the_documentation_page_reads_only_what_it_draws(world, login):
    """The page lists interviews, versions, principles with their quotes, the approval and the
    students; it never reads an interview's notes, an answer's full text, a version's text or
    the client's real name (what a page never reads it cannot leak, and reading them was most
    of its cost)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stories.models import Principle, PrincipleEvidence

    story = world.doc_story
    question = world.interview.question_set.questions.order_by("position").first()
    answer = Answer.objects.create(
        interview=world.interview,
        question=question,
        text="She called the landlord every single morning, until he listened.",
    )
    Interview.objects.filter(pk=world.interview.pk).update(notes="Met at the family centre.")
    principle = Principle.objects.create(
        story=story, situation="a landlord refuses", goal="keep the flat", action="call daily"
    )
    PrincipleEvidence.objects.create(principle=principle, answer=answer, quote="every morning")
    StoryApproval.objects.create(story=story, draft=world.draft, approved_by=world.committee)
    client = login(world.student)
    url = reverse("documentation:story_documentation", args=[story.pk])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    for shown in ("every morning", "Version 2 was approved by", world.student.full_name):
        assert shown in page
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    for column in (
        '"stories_interview"."notes"',
        '"stories_answer"."text"',
        '"stories_storydraft"."body"',
        '"stories_storydraft"."body_html"',
        '"stories_clientidentity"."real_name"',
    ):
        assert column not in sql, column


def test_a_story_is_publishable_only_with_every_interviewees_publication_consent(documented):
    assert not story_publishability(documented.story).ok
    _consent(documented)
    assert story_publishability(documented.story).ok
    Interview.objects.create(
        story=documented.story,
        interviewee_role="social_worker",
        interviewee_label="Maya",
        held_on=dt.date(2026, 11, 3),
        interviewer=documented.student,
        question_set=question_set_default(),
    )
    result = story_publishability(documented.story)
    assert not result.ok
    assert result.reasons == ["No publication consent from Social worker: Maya."]


def test_publishability_read_for_many_stories_agrees_with_the_storys_own_reading(documented):
    """publishability_for (a book's or an overview's hundred stories, decided in the query that
    reads the interviews) gives what story_publishability gives from a story's interviews."""
    story = documented.story

    def both():
        return (
            publishability_for([story])[story.pk],
            story_publishability(story, list(interviews_for_story(story))),
        )

    many, own = both()
    assert many == own and not many.ok  # no consent yet
    _consent(documented, scope="interview")  # to be interviewed: not to be published
    many, own = both()
    assert many == own and not many.ok
    first = _consent(documented)
    many, own = both()
    assert many == own and many.ok
    rights_services.consent_withdraw(
        access=_access(documented, documented.student),
        consent=first,
        by=documented.student,
        withdrawn_on=dt.date(2026, 11, 9),
        reason="She no longer wants the story printed.",
    )
    many, own = both()
    assert many == own and not many.ok
    assert "withdrew publication consent" in many.reasons[0]
    assert date_format(dt.date(2026, 11, 9), "DATE_FORMAT") in many.reasons[0]
    _consent(documented, given_on=dt.date(2026, 11, 12))  # she agrees again
    many, own = both()
    assert many == own and many.ok
    assert publishability_for([]) == {}


def test_withdrawing_publication_consent_makes_the_story_unpublishable_at_once(documented, login):
    consent = _consent(documented)
    assert story_publishability(documented.story).ok
    response = login(documented.student).post(
        reverse("documentation:consent_withdraw", args=[consent.pk]),
        {"withdrawn_on": "2026-11-20", "withdrawal_reason": "The client changed her mind."},
    )
    assert response.status_code == 302
    result = story_publishability(documented.story)
    assert not result.ok
    assert "withdrew publication consent" in result.reasons[0]
    page = login(documented.committee).get(
        reverse("documentation:story_documentation", args=[documented.story.pk])
    )
    assert "withdrew publication consent" in page.content.decode()
    assert (
        AuditEvent.objects.filter(action="consent_withdrawn", object_id=str(consent.pk)).count()
        == 1
    )


def test_a_withdrawal_needs_a_reason_and_a_date_after_the_consent(documented, login):
    consent = _consent(documented)
    client = login(documented.student)
    response = client.post(
        reverse("documentation:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "2026-11-20"}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("documentation:consent_withdraw", args=[consent.pk]),
        {"withdrawn_on": "2026-10-01", "withdrawal_reason": "Asked by phone."},
    )
    assert response.status_code == 400
    assert "before it was given" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert consent_stands(documented.interview, "publication")


def test_consent_is_recorded_with_evidence_and_bad_evidence_is_refused(documented, login):
    client = login(documented.student)
    url = reverse("documentation:consent_add", args=[documented.interview.pk])
    data = {
        "scope": "publication",
        "given_on": "2026-11-01",
        "method": "oral",
        "consent_language": "he",
    }
    response = client.post(url, {**data, "evidence": SimpleUploadedFile("form.png", b"not a png")})
    assert response.status_code == 400
    body = response.content.decode()
    assert "does not match its .png name" in body
    assert 'value="oral" selected' in body and 'value="he" selected' in body  # nothing lost
    assert not Consent.objects.filter(interview=documented.interview).exists()
    response = client.post(url, {**data, "evidence": SimpleUploadedFile("form.pdf", PDF)})
    assert response.status_code == 302
    consent = Consent.objects.get(interview=documented.interview)
    assert consent.recorded_by == documented.student
    assert AuditEvent.objects.filter(action="consent_recorded").exists()


# The client's identity ------------------------------------------------------------------


def test_only_assigned_students_and_the_director_open_the_identity_and_each_opening_is_logged(
    documented, login
):
    ClientIdentity.objects.create(
        story=documented.story, real_name="Rivka Azulay", recorded_by=documented.student
    )
    url = reverse("documentation:client_identity", args=[documented.story.pk])
    for user in (documented.student, documented.director):
        response = login(user).get(url)
        assert response.status_code == 200
        assert "Rivka Azulay" in response.content.decode()
    assert AuditEvent.objects.filter(action="identity_viewed").count() == 2
    for user in (documented.companion, documented.committee, documented.teller, documented.unit):
        assert login(user).get(url).status_code == 404
    other_student = UserFactory()
    Membership.objects.create(
        user=other_student,
        organization=documented.org,
        program=documented.program,
        role=Role.STUDENT,
    )
    assert login(other_student).get(url).status_code == 404


def test_a_companion_never_sees_the_real_name(documented, login):
    ClientIdentity.objects.create(
        story=documented.story, real_name="Rivka Azulay", recorded_by=documented.student
    )
    services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. found work.",
    )
    client = login(documented.companion)
    for url in (
        reverse("documentation:story_documentation", args=[documented.story.pk]),
        reverse("documentation:interview_detail", args=[documented.interview.pk]),
        reverse("stories:story_detail", args=[documented.story.pk]),
        reverse(
            "documentation:draft_detail", args=[StoryDraft.objects.get(story=documented.story).pk]
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "Rivka" not in response.content.decode()


# Drafts --------------------------------------------------------------------------------


def test_every_save_is_a_version_and_versions_compare_side_by_side(documented, login):
    client = login(documented.student)
    client.post(
        reverse("documentation:draft_write", args=[documented.story.pk]),
        {"body": "R. lost his job.\n\nHe found a bakery.", "note": ""},
    )
    client.post(
        reverse("documentation:draft_write", args=[documented.story.pk]),
        {"body": "R. lost his job in 2015.\n\nHe found a bakery.", "note": "dates"},
    )
    versions = StoryDraft.objects.filter(story=documented.story).values_list("version", flat=True)
    assert sorted(versions) == [1, 2]
    response = login(documented.committee).get(
        reverse("documentation:draft_compare", args=[documented.story.pk]), {"a": 1, "b": 2}
    )
    body = response.content.decode()
    assert "<del>job.</del>" in body
    assert "<ins>job in 2015.</ins>" in body


def test_an_empty_draft_is_refused(documented, login):
    response = login(documented.student).post(
        reverse("documentation:draft_write", args=[documented.story.pk]),
        {"body": "   ", "note": "keep me"},
    )
    assert response.status_code == 400
    assert "keep me" in response.content.decode()
    assert not StoryDraft.objects.filter(story=documented.story).exists()


def test_scripts_and_javascript_links_in_drafts_are_neutralized(documented, login):
    body = (
        "Hello <script>alert(1)</script> [click](javascript:alert(1)) "
        '<img src=x onerror="alert(1)">'
    )
    login(documented.student).post(
        reverse("documentation:draft_write", args=[documented.story.pk]), {"body": body}
    )
    draft = StoryDraft.objects.get(story=documented.story)
    page = (
        login(documented.committee)
        .get(reverse("documentation:draft_detail", args=[draft.pk]))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in page
    assert 'href="javascript:' not in draft.body_html
    assert "onerror=" not in draft.body_html.replace("&quot;", '"').split("&lt;img")[0]
    assert "<img" not in draft.body_html


def test_the_teller_reads_and_comments_on_the_draft_before_approval(documented, login):
    services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="The story.",
    )
    draft = StoryDraft.objects.get(story=documented.story)
    client = login(documented.teller)
    assert client.get(reverse("documentation:draft_detail", args=[draft.pk])).status_code == 200
    response = client.post(
        reverse("documentation:draft_comment", args=[draft.pk]),
        {"body": "It was in 2019, not 2018."},
    )
    assert response.status_code == 302
    assert draft.comments.get().author == documented.teller
    # but the teller does not see the interviews
    assert (
        client.get(
            reverse("documentation:interview_detail", args=[documented.interview.pk])
        ).status_code
        == 404
    )


def test_approving_a_draft_with_the_clients_real_name_is_refused_and_shows_where(documented, login):
    # Written before the name was recorded (a draft naming a recorded client is not saved).
    services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. came to us in 2019.\n\nLater Azulay said the group changed everything.",
    )
    rights_services.client_identity_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        real_name="Rivka Azulay",
        contact_details="",
        notes="",
    )
    draft = StoryDraft.objects.get(story=documented.story)
    response = login(documented.committee).post(
        reverse("documentation:draft_approve", args=[draft.pk])
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert (
        "contains the client&#x27;s real name" in body or "contains the client's real name" in body
    )
    assert "Paragraph 2" in body
    assert "Azulay" not in body.split('id="approval-blockers"')[1].split("</div>")[0]
    assert not StoryApproval.objects.filter(story=documented.story).exists()


def test_the_committee_approves_a_clean_draft(documented, login):
    ClientIdentity.objects.create(
        story=documented.story, real_name="Rivka Azulay", recorded_by=documented.student
    )
    services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. came to us in 2019.",
    )
    draft = StoryDraft.objects.get(story=documented.story)
    response = login(documented.committee).post(
        reverse("documentation:draft_approve", args=[draft.pk])
    )
    assert response.status_code == 302
    assert StoryApproval.objects.get(story=documented.story).draft == draft
    with pytest.raises(Exception):  # noqa: B017 - an approved story is closed for new versions
        services.draft_save(
            access=_access(documented, documented.student),
            story=documented.story,
            by=documented.student,
            body="More.",
        )


def test_students_cannot_approve(documented, login):
    services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="Text.",
    )
    response = login(documented.student).post(
        reverse(
            "documentation:draft_approve", args=[StoryDraft.objects.get(story=documented.story).pk]
        )
    )
    assert response.status_code == 403
