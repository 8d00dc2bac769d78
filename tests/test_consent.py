"""The consent ledger: the latest event per interviewee and scope decides (for every reader that
asks), a consent submitted twice is recorded once, the interview and recording scopes gate what
is written down and kept, and each consent keeps the wording it was given to."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from dashboard.selectors_home import assignments_for_home
from methods.selectors import question_set_default
from organizations.models import AuditEvent
from publications.selectors import book_composition
from stories.documentation import services
from stories.documentation.selectors import interviews_for_story
from stories.models import (
    DEFAULT_CONSENT_TEXTS,
    Answer,
    Consent,
    ConsentText,
    Interview,
    StoryAssignment,
)
from stories.rights import services as data_rights
from stories.rights import services as rights_services
from stories.rights.ledger import consent_stands
from stories.rights.selectors import publishability_for, story_publishability
from stories.selectors import story_get_for_user
from transfer import services as transfer_services

from .factories import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 200
WORDING = (
    "I agree that my story is printed in the program's book under a pseudonym, and I know I "
    "can take this back at any time."
)


@pytest.fixture
def fresh(world):
    """The world's first story selected and assigned to the student, with one client interview
    and nothing in its ledger."""
    world.story.status = "selected"
    world.story.save()
    StoryAssignment.objects.create(
        story=world.story, student=world.student, assigned_by=world.committee
    )
    world.interview = Interview.objects.create(
        story=world.story,
        interviewee_role="client",
        interviewee_label=world.story.client_pseudonym,
        held_on=dt.date(2026, 11, 1),
        interviewer=world.student,
        question_set=question_set_default(),
    )
    return world


def _access(world):
    return story_get_for_user(world.student, world.interview.story_id)[1]


def record(world, scope="publication", given_on=dt.date(2026, 11, 1), language="en"):
    consent, _created = rights_services.consent_record(
        access=_access(world),
        interview=world.interview,
        by=world.student,
        scope=scope,
        given_on=given_on,
        method="written",
        language=language,
    )
    return consent


def withdraw(world, consent, on=dt.date(2026, 11, 9)):
    return rights_services.consent_withdraw(
        access=_access(world),
        consent=consent,
        by=world.student,
        withdrawn_on=on,
        reason="She asked by phone to take the story back.",
    )


def legacy_grant(world, scope="publication", given_on=dt.date(2026, 11, 1), **extra):
    """A ledger row written the way the old code wrote them (no wording, no lock)."""
    return Consent.objects.create(
        interview=world.interview,
        scope=scope,
        given_on=given_on,
        method="written",
        consent_text_version="Consent form 2025-1",
        recorded_by=world.student,
        **extra,
    )


def every_reading(world) -> dict[str, bool]:
    """Whether the story may be published, as each part of the project that asks reads it."""
    story = world.interview.story
    story.refresh_from_db()
    from stories.models import StoryApproval, StoryDraft

    if not StoryApproval.objects.filter(story=story).exists():
        draft = StoryDraft.objects.create(
            story=story, version=1, body="Text.", body_html="<p>Text.</p>", author=world.student
        )
        StoryApproval.objects.create(story=story, draft=draft, approved_by=world.committee)
    from organizations.selectors import program_access
    from publications import services as book_services

    book = getattr(world, "_consent_book", None)
    if book is None:
        book = book_services.book_create(
            access=program_access(world.director, world.program), by=world.director, title="B"
        )
        world._consent_book = book
    with translation.override("en"):  # the home page's to-do list is read in English
        [home_row] = [r for r in assignments_for_home(world.student) if r.story.pk == story.pk]
    return {
        "publishability_for": publishability_for([story])[story.pk].ok,
        "story_publishability": story_publishability(story).ok,
        "story page": story_publishability(story, list(interviews_for_story(story))).ok,
        "student home": "Record publication consent" not in home_row.todo,
        "book": any(r.story.pk == story.pk and r.included for r in book_composition(book).rows),
    }


# The latest event decides -----------------------------------------------------------------


def test_a_withdrawal_after_two_grants_withdraws_for_every_reader(fresh):
    """The double-click bug: two publication rows for one interviewee, one withdrawn. The
    withdrawal is the latest event, so the story is not publishable, whoever asks."""
    first = legacy_grant(fresh)
    legacy_grant(fresh)  # the same consent, recorded twice by a double click
    assert set(every_reading(fresh).values()) == {True}
    Consent.objects.filter(pk=first.pk).update(
        withdrawn_on=dt.date(2026, 11, 9),
        withdrawal_reason="Changed her mind.",
        withdrawal_recorded_at=timezone.now(),
    )
    readings = every_reading(fresh)
    assert readings == dict.fromkeys(readings, False)


def test_a_grant_after_a_withdrawal_grants_again_for_every_reader(fresh):
    consent = record(fresh)
    withdraw(fresh, consent)
    readings = every_reading(fresh)
    assert readings == dict.fromkeys(readings, False)
    record(fresh, given_on=dt.date(2026, 11, 20))
    assert set(every_reading(fresh).values()) == {True}


def test_on_one_day_the_event_recorded_last_decides(fresh):
    consent = record(fresh)
    withdraw(fresh, consent, on=dt.date(2026, 11, 1))  # withdrawn the day it was given
    assert not consent_stands(fresh.interview, "publication")
    record(fresh, given_on=dt.date(2026, 11, 1))  # and given again that same day
    assert consent_stands(fresh.interview, "publication")
    assert Consent.objects.filter(interview=fresh.interview).count() == 2


def test_a_withdrawal_withdraws_every_grant_of_its_scope_and_no_other(fresh):
    to_interview = record(fresh, scope="interview")
    first = legacy_grant(fresh)
    second = legacy_grant(fresh, given_on=dt.date(2026, 11, 3))
    withdrawn = withdraw(fresh, first)
    assert {c.pk for c in withdrawn} == {first.pk, second.pk}
    for row in (first, second):
        row.refresh_from_db()
        assert row.withdrawn_on == dt.date(2026, 11, 9)
    to_interview.refresh_from_db()
    assert to_interview.withdrawn_on is None
    assert consent_stands(fresh.interview, "interview")
    assert AuditEvent.objects.filter(action="consent_withdrawn").count() == 2


def test_a_withdrawal_dated_before_a_later_grant_is_refused(fresh, login):
    first = record(fresh)
    record(fresh, given_on=dt.date(2026, 11, 10))
    response = login(fresh.student).post(
        reverse("documentation:consent_withdraw", args=[first.pk]),
        {"withdrawn_on": "2026-11-05", "withdrawal_reason": "Asked by phone."},
    )
    assert response.status_code == 400
    assert "given again on" in response.content.decode()
    assert "Asked by phone." in response.content.decode()  # what was typed is kept
    assert consent_stands(fresh.interview, "publication")


def test_a_consent_dated_before_a_withdrawal_cannot_undo_it(fresh, login):
    withdraw(fresh, record(fresh), on=dt.date(2026, 11, 9))
    response = login(fresh.student).post(
        reverse("documentation:consent_add", args=[fresh.interview.pk]),
        {
            "scope": "publication",
            "given_on": "2026-11-05",
            "method": "oral",
            "consent_language": "ar",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot undo" in body
    assert 'value="oral" selected' in body and 'value="ar" selected' in body
    assert Consent.objects.filter(interview=fresh.interview).count() == 1
    assert not consent_stands(fresh.interview, "publication")


def test_the_ledger_shows_where_each_scope_stands(fresh, login):
    legacy = legacy_grant(fresh)
    later = legacy_grant(fresh, given_on=dt.date(2026, 11, 2))
    Consent.objects.filter(pk=later.pk).update(
        withdrawn_on=dt.date(2026, 11, 8), withdrawal_recorded_at=timezone.now()
    )
    record(fresh, scope="interview")
    html = (
        login(fresh.student)
        .get(reverse("documentation:interview_detail", args=[fresh.interview.pk]))
        .content
    ).decode()
    assert "No longer stands: a later withdrawal is on the ledger." in html
    assert (
        reverse("documentation:consent_withdraw", args=[legacy.pk]) not in html
    )  # nothing left to withdraw
    state = html[html.index('class="list-unstyled small mb-3 consent-state"') :]
    state = state[: state.index("</ul>")]
    assert "stands" in state[state.index("consent-state-interview") :][:200]
    assert "not given" in state[state.index("consent-state-recording") :][:200]
    assert "withdrawn on" in state[state.index("consent-state-publication") :][:200]


# A double submit records one consent ------------------------------------------------------


def _consent_post(language="en", **extra):
    return {
        "scope": "publication",
        "given_on": "2026-11-01",
        "method": "written",
        "consent_language": language,
        **extra,
    }


def test_the_same_consent_submitted_twice_is_recorded_once(fresh, login):
    client = login(fresh.student)
    url = reverse("documentation:consent_add", args=[fresh.interview.pk])
    assert client.post(url, _consent_post()).status_code == 302
    response = client.post(url, _consent_post(), follow=True)
    assert "already in the ledger" in response.content.decode()
    assert Consent.objects.filter(interview=fresh.interview).count() == 1
    assert AuditEvent.objects.filter(action="consent_recorded").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_record_one_consent(fresh, monkeypatch):
    """Two submits of the same consent at the same moment: the second waits for the first
    (the interview's row is locked) and finds its consent. Each request runs in its own thread
    and database connection; both are held just before writing, for up to two seconds, so that
    without the lock both would write."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once need PostgreSQL (CI's database)")
    both_ready = threading.Barrier(2, timeout=2)
    save = Consent.save

    def held_save(self, *args, **kwargs):
        try:
            both_ready.wait()
        except threading.BrokenBarrierError:
            pass  # the other request waits on the lock: go on alone
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Consent, "save", held_save)
    url = reverse("documentation:consent_add", args=[fresh.interview.pk])
    statuses = []

    def submit():
        try:
            client = Client()
            client.login(username=fresh.student.email, password=PASSWORD)
            statuses.append(client.post(url, _consent_post()).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert statuses == [302, 302]
    assert Consent.objects.filter(interview=fresh.interview).count() == 1


# The interview and recording scopes are enforced ------------------------------------------


def _answers_post(interview, text="What she told me", **extra):
    data = {
        "interviewee_role": interview.interviewee_role,
        "interviewee_label": interview.interviewee_label,
        "held_on": "2026-11-01",
        "place": "At home",
        "notes": "",
    }
    for q in interview.question_set.questions.all():
        data[f"answer_{q.pk}"] = f"{text} ({q.position})"
    data.update(extra)
    return data


def test_answers_are_not_written_down_without_consent_to_the_interview(fresh, login):
    client = login(fresh.student)
    url = reverse("documentation:interview_edit", args=[fresh.interview.pk])
    page = client.get(url).content.decode()
    assert 'id="interview-consent-missing"' in page
    response = client.post(url, _answers_post(fresh.interview, text="A long answer to keep"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "consent to the interview does not stand" in body
    assert "A long answer to keep (7)" in body  # nothing typed is lost
    assert not Answer.objects.filter(interview=fresh.interview).exists()
    record(fresh, scope="interview")
    response = client.post(url, _answers_post(fresh.interview, text="A long answer to keep"))
    assert response.status_code == 302
    assert Answer.objects.filter(interview=fresh.interview).exclude(text="").count() == 10


def test_notes_and_a_transcript_need_consent_to_the_interview_too(fresh, login):
    client = login(fresh.student)
    url = reverse("documentation:interview_edit", args=[fresh.interview.pk])
    data = _answers_post(fresh.interview, text="")
    for key in list(data):
        if key.startswith("answer_"):
            data[key] = ""
    response = client.post(url, {**data, "notes": "She cried when we spoke of her son."})
    assert response.status_code == 400
    response = client.post(url, {**data, "transcript": SimpleUploadedFile("t.pdf", PDF)})
    assert response.status_code == 400
    assert "Choose the file again once the consent is recorded." in response.content.decode()
    fresh.interview.refresh_from_db()
    assert not fresh.interview.notes and not fresh.interview.transcript
    # what is not the interviewee's words may be saved before consent: the place, the date
    response = client.post(url, {**data, "place": "The community centre"})
    assert response.status_code == 302
    fresh.interview.refresh_from_db()
    assert fresh.interview.place == "The community centre"


def test_the_autosave_refuses_an_answer_without_consent_to_the_interview(fresh, login):
    q = fresh.interview.question_set.questions.first()
    response = login(fresh.student).post(
        reverse("documentation:answer_autosave", args=[fresh.interview.pk, q.pk]),
        {f"answer_{q.pk}": "Typed before consent"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "consent to the interview does not stand" in response.content.decode()
    assert not Answer.objects.filter(interview=fresh.interview).exists()


def test_after_a_withdrawal_nothing_new_is_written_but_answers_can_be_removed(fresh):
    consent = record(fresh, scope="interview")
    q = fresh.interview.question_set.questions.first()
    services.answer_save(
        access=_access(fresh), interview=fresh.interview, question_id=q.pk, text="Before."
    )
    withdraw(fresh, consent)
    with pytest.raises(Exception, match="does not stand"):
        services.answer_save(
            access=_access(fresh), interview=fresh.interview, question_id=q.pk, text="After."
        )
    services.answer_save(
        access=_access(fresh), interview=fresh.interview, question_id=q.pk, text=""
    )
    assert Answer.objects.get(interview=fresh.interview, question=q).text == ""


def test_a_recording_is_not_kept_without_consent_to_being_recorded(fresh, login):
    record(fresh, scope="interview")
    client = login(fresh.student)
    url = reverse("documentation:interview_edit", args=[fresh.interview.pk])
    assert 'id="recording-consent-missing"' in client.get(url).content.decode()
    data = _answers_post(fresh.interview, text="Kept answer")
    response = client.post(url, {**data, "audio": SimpleUploadedFile("talk.mp3", MP3)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "consent to being recorded stands" in body
    assert "Kept answer (4)" in body
    assert "Files are not kept when a form has errors" in body
    fresh.interview.refresh_from_db()
    assert not fresh.interview.audio
    assert not Answer.objects.filter(interview=fresh.interview).exists()
    record(fresh, scope="recording")
    response = client.post(url, {**data, "audio": SimpleUploadedFile("talk.mp3", MP3)})
    assert response.status_code == 302
    fresh.interview.refresh_from_db()
    assert fresh.interview.audio


def test_a_recording_is_not_given_out_once_consent_to_it_is_withdrawn(fresh, login):
    record(fresh, scope="interview")
    recording = record(fresh, scope="recording")
    client = login(fresh.director)
    client.post(
        reverse("documentation:interview_edit", args=[fresh.interview.pk]),
        {**_answers_post(fresh.interview), "audio": SimpleUploadedFile("talk.mp3", MP3)},
    )
    url = reverse("documentation:interview_file", args=[fresh.interview.pk, "audio"])
    assert client.get(url).status_code == 200
    withdraw(fresh, recording)
    for person in (fresh.director, fresh.student):
        response = login(person).get(url)
        assert response.status_code == 403
        assert "The recording is not available" in response.content.decode()
    page = login(fresh.student).get(
        reverse("documentation:interview_detail", args=[fresh.interview.pk])
    )
    assert url not in page.content.decode()
    assert "not given out" in page.content.decode()


def test_a_new_interview_leads_to_its_consent_before_the_answers(fresh, login):
    client = login(fresh.student)
    response = client.post(
        reverse("documentation:interview_create", args=[fresh.story.pk]),
        {"interviewee_role": "social_worker", "interviewee_label": "Maya", "held_on": "2026-11-2"},
    )
    interview = Interview.objects.get(interviewee_label="Maya")
    assert (
        response["Location"]
        == reverse("documentation:consent_add", args=[interview.pk]) + "?scope=interview"
    )
    form = client.get(response["Location"]).content.decode()
    assert 'value="interview" selected' in form
    response = client.post(
        reverse("documentation:consent_add", args=[interview.pk]),
        {**_consent_post(), "scope": "interview"},
    )
    assert response["Location"] == reverse("documentation:interview_edit", args=[interview.pk])


# The wording is stored -------------------------------------------------------------------


def test_a_consent_keeps_the_wording_and_version_it_was_given_to(fresh, login):
    director = login(fresh.director)
    edit = reverse("documentation:consent_text_edit", args=[fresh.org.pk, "publication", "en"])
    response = director.post(edit, {"label": "Consent form 2026-1", "text": WORDING})
    assert response.status_code == 302
    student = login(fresh.student)
    student.post(reverse("documentation:consent_add", args=[fresh.interview.pk]), _consent_post())
    given = Consent.objects.get(interview=fresh.interview)
    assert given.consent_text == WORDING
    assert given.consent_text_version == "Consent form 2026-1, v1"
    assert given.consent_language == "en"
    # the director rewords it: the consent already given keeps its wording
    login(fresh.director).post(edit, {"label": "Consent form 2026-2", "text": WORDING + " Thanks."})
    assert ConsentText.objects.filter(organization=fresh.org, scope="publication").count() == 2
    given.refresh_from_db()
    assert given.consent_text == WORDING
    html = (
        login(fresh.student)
        .get(reverse("documentation:interview_detail", args=[fresh.interview.pk]))
        .content
    ).decode()
    assert escape(WORDING) in html and "Consent form 2026-1, v1" in html
    # a new consent is given to the new wording
    record(fresh, given_on=dt.date(2026, 11, 20))  # a second grant of publication
    latest = Consent.objects.filter(scope="publication").order_by("-pk").first()
    assert latest.consent_text == WORDING + " Thanks."
    assert latest.consent_text_version == "Consent form 2026-2, v2"


def test_without_its_own_wording_the_built_in_one_is_kept_in_the_language_given(fresh):
    consent = record(fresh, language="he")
    with translation.override("he"):
        hebrew = str(DEFAULT_CONSENT_TEXTS["publication"])
    assert consent.consent_text == hebrew
    assert hebrew != str(DEFAULT_CONSENT_TEXTS["publication"])  # it is really translated
    assert any("\u0590" <= ch <= "\u05ff" for ch in consent.consent_text)
    assert consent.consent_language == "he"
    assert consent.consent_text_version == "LFS default, v1"


def test_the_form_shows_the_wording_for_the_scope_and_language_chosen(fresh, login):
    ConsentText.objects.create(
        organization=fresh.org,
        scope="recording",
        language="ar",
        version=1,
        text="أوافق على تسجيل المقابلة صوتيًا.",
    )
    client = login(fresh.student)
    url = reverse("documentation:consent_add", args=[fresh.interview.pk])
    partial = client.get(
        url, {"scope": "recording", "consent_language": "ar"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial
    assert "أوافق على تسجيل المقابلة صوتيًا." in partial and 'dir="rtl"' in partial
    page = client.get(url, {"scope": "interview"}).content.decode()
    assert str(DEFAULT_CONSENT_TEXTS["interview"])[:40] in page
    assert f'hx-get="{url}"' in page


def test_only_the_director_keeps_the_consent_texts(fresh, login):
    urls = [
        reverse("documentation:consent_texts", args=[fresh.org.pk]),
        reverse("documentation:consent_text_edit", args=[fresh.org.pk, "interview", "he"]),
    ]
    post = {"label": "", "text": "מסכים להתראיין על הניסיון שלי עם השירות, מרצוני החופשי ובכל עת."}
    for person, status in (
        (fresh.director, 200),
        (fresh.committee, 403),
        (fresh.student, 403),
        (fresh.companion, 403),
        (fresh.other_director, 404),
    ):
        client = login(person)
        for url in urls:
            assert client.get(url).status_code == status, (person, url)
        if status != 200:
            assert client.post(urls[1], post).status_code == status
    assert not ConsentText.objects.exists()
    assert login(fresh.director).post(urls[1], post).status_code == 302
    assert ConsentText.objects.get().language == "he"
    assert AuditEvent.objects.filter(action="consent_text_changed").count() == 1
    bad = reverse("documentation:consent_text_edit", args=[fresh.org.pk, "nonsense", "he"])
    assert login(fresh.director).get(bad).status_code == 404


def test_a_wording_too_short_is_refused_and_what_was_typed_is_kept(fresh, login):
    url = reverse("documentation:consent_text_edit", args=[fresh.org.pk, "publication", "en"])
    response = login(fresh.director).post(url, {"label": "Form 7", "text": "I agree."})
    assert response.status_code == 400
    body = response.content.decode()
    assert "at least 10 words" in body
    assert "I agree." in body and 'value="Form 7"' in body
    assert not ConsentText.objects.exists()


def test_saving_the_same_wording_again_adds_no_version(fresh, login):
    url = reverse("documentation:consent_text_edit", args=[fresh.org.pk, "publication", "en"])
    client = login(fresh.director)
    client.post(url, {"label": "Form 7", "text": WORDING})
    response = client.post(url, {"label": "Form 7", "text": WORDING}, follow=True)
    assert "Nothing has changed" in response.content.decode()
    assert ConsentText.objects.count() == 1


def test_the_client_export_holds_the_wording_each_consent_was_given_to(fresh):
    given = record(fresh, language="ar")
    data = data_rights.client_export_data(stories=[fresh.story])
    [interview] = data["stories"][0]["interviews"]
    [row] = interview["consents"]
    assert row["consent_text"] == given.consent_text and row["consent_language"] == "ar"
    # the PDF copy is laid out from this page
    html = render_to_string("stories/rights/export_pdf.html", {"data": data})
    assert escape(given.consent_text) in html


def test_a_program_moved_to_another_instance_keeps_its_ledger_decisions(fresh):
    """Imported, each event keeps when it was recorded: a withdrawal recorded after a duplicate
    grant of the same day still withdraws (created in import order, it would not)."""
    from organizations.models import Organization

    first = legacy_grant(fresh, consent_text="Wording A", consent_language="en")
    legacy_grant(fresh)
    Consent.objects.filter(pk=first.pk).update(
        withdrawn_on=dt.date(2026, 11, 1),
        withdrawal_reason="Changed her mind.",
        withdrawal_recorded_by=fresh.student,
        withdrawal_recorded_at=timezone.now(),
    )
    assert not publishability_for([fresh.story])[fresh.story.pk].ok
    data = transfer_services.program_export_data(program=fresh.program)
    elsewhere = Organization.objects.create(name="Elsewhere", slug="elsewhere")
    program = transfer_services.program_import(data=data, organization=elsewhere)
    story = program.stories.get(title=fresh.story.title)
    assert not publishability_for([story])[story.pk].ok
    assert Consent.objects.filter(interview__story=story, consent_text="Wording A").exists()
