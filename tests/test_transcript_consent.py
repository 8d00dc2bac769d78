"""A transcript once the interviewee withdraws their consent to the interview: the file is
kept (to be removed, or until they consent again) and nothing of it is given out, on every road
to its words: the download, the coding page, coding a passage in it, the passages of a code,
and the REFI-QDA export. The rule is `stories.rights.ledger.transcripts_readable`."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stories.models import Consent
from stories.rights import services as rights_services
from stories.rights.ledger import transcripts_readable
from stories.visibility import story_access

from .test_analysis import code_of, coded_in_transcript, with_text_transcript

pytestmark = pytest.mark.django_db

WORDS = "סוף סוף בית"


def _interview_consent(world) -> Consent:
    return Consent.objects.get(interview=world.interview, scope="interview")


def _withdraw(world):
    rights_services.consent_withdraw(
        access=story_access(world.director, world.doc_story),
        consent=_interview_consent(world),
        by=world.director,
        withdrawn_on=dt.date(2026, 11, 20),
        reason="He asked to take the interview back.",
    )


@pytest.fixture
def coded_transcript(world):
    """The world's interview with a plain-text transcript and a passage coded in it."""
    with_text_transcript(world)
    world.code = code_of(world, "Home")
    coded_in_transcript(world, WORDS, world.code)
    return world


def test_the_rule_follows_the_ledger(coded_transcript):
    world = coded_transcript
    assert transcripts_readable([world.interview.pk]) == {world.interview.pk}
    _withdraw(world)
    assert transcripts_readable([world.interview.pk]) == set()
    rights_services.consent_record(
        access=story_access(world.director, world.doc_story),
        interview=world.interview,
        by=world.director,
        scope="interview",
        given_on=dt.date(2026, 11, 25),
        method="written",
        language="en",
    )
    assert transcripts_readable([world.interview.pk]) == {world.interview.pk}


def test_the_file_is_not_given_out_after_the_withdrawal(coded_transcript, login):
    world = coded_transcript
    url = reverse("documentation:interview_file", args=[world.interview.pk, "transcript"])
    assert login(world.student).get(url).status_code == 200
    _withdraw(world)
    for person in (world.director, world.student):
        response = login(person).get(url)
        assert response.status_code == 403
        body = response.content.decode()
        assert "The transcript is not available" in body
        assert WORDS not in body
    world.interview.refresh_from_db()
    assert world.interview.transcript  # kept, to be removed or consented to again
    page = login(world.student).get(
        reverse("documentation:interview_detail", args=[world.interview.pk])
    )
    assert url not in page.content.decode()
    assert "A transcript is kept but not given out" in page.content.decode()


def test_the_coding_page_and_a_code_show_nothing_of_it_after_the_withdrawal(
    coded_transcript, login
):
    world = coded_transcript
    client = login(world.student)
    coding = reverse("analysis:interview_coding", args=[world.interview.pk])
    code = reverse("analysis:code_detail", args=[world.code.pk])
    assert WORDS in client.get(coding).content.decode()
    assert WORDS in client.get(code).content.decode()
    _withdraw(world)
    for person in (world.student, world.director):
        client = login(person)
        assert WORDS not in client.get(coding).content.decode()
        assert WORDS not in client.get(code).content.decode()


def test_no_passage_is_coded_in_it_after_the_withdrawal(coded_transcript, login):
    world = coded_transcript
    _withdraw(world)
    with pytest.raises(ValidationError, match="transcript is not coded"):
        coded_in_transcript(world, "Line one", world.code)
    response = login(world.student).post(
        reverse("analysis:interview_coding", args=[world.interview.pk]),
        {"source": "transcript", "quote": "Line one", "codes": [world.code.pk]},
    )
    assert response.status_code == 400


def test_the_project_export_holds_nothing_of_it_after_the_withdrawal(coded_transcript, login):
    world = coded_transcript
    url = reverse("analysis:export_qdpx", args=[world.program.pk])

    def everything(client) -> str:
        archive = zipfile.ZipFile(io.BytesIO(client.get(url).content))
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())

    assert WORDS in everything(login(world.student))
    _withdraw(world)
    for person in (world.student, world.director):
        assert WORDS not in everything(login(person))
