"""Bad input at scale: arbitrary Unicode (RTL and zero-width marks included), over-long text,
HTML and script, SQL-like text, posted to every form of the selection and documentation work
as the role that may use it.

Every example either gets a clear form error (nothing saved) or is stored and shown harmlessly
(no raw tag from the input reaches the page, and what was saved reads back the same, up to
whitespace and invisible characters), and nothing saved before is lost. Then malformed uploads.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizations.models import Meeting
from stories.models import (
    Answer,
    Assessment,
    Consent,
    ConsentText,
    DraftComment,
    Principle,
    PrincipleEvidence,
    SelectionCriterion,
    SelectionDecision,
    StoryDraft,
    SuccessStory,
)
from stories.uploads import check_upload

SPECIALS = [
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # zero-width no-break space (BOM)
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE stories_successstory; --",
    '" OR 1=1 --',
    "שלום לכולם",
    "مرحبا بكم",
    "\x00",
    "\r\n",
    "  ",
    "{{ request }}{% now 'Y' %}",
]
RAW_TAGS = ["<script>alert", "<img src=x onerror"]

texts = st.one_of(
    st.lists(
        st.one_of(st.text(max_size=20), st.sampled_from(SPECIALS)), min_size=1, max_size=8
    ).map("".join),
    st.builds(
        lambda ch, n: ch * n,
        st.sampled_from(["a", "ש", "\u200b", "<b>"]),
        st.sampled_from([81, 301, 2001, 5001, 60001]),
    ),
)

BOUNDED = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

ERROR_MARKERS = ("invalid-feedback", "alert-danger", "errorlist", "is-invalid")


def visible(text: str) -> str:
    """The characters a reader sees, in order: no control, format or separator characters and
    no whitespace (services may trim, collapse or drop them)."""
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in ("C", "Z")
    )


@dataclass
class Case:
    role: str
    url: Callable
    data: Callable  # (world, text) -> POST data
    latest: Callable  # world -> (identity, stored text) of the object the form writes, or None
    show: Callable  # (world, identity) -> URL of the page that shows it


def _question(world):
    return world.interview.question_set.questions.order_by("position").first()


def _principle(world):
    principle = Principle.objects.filter(story=world.doc_story).first()
    if principle is None:
        Answer.objects.get_or_create(
            interview=world.interview,
            question=_question(world),
            defaults={"text": "We met at her home every week."},
        )
        principle = Principle.objects.create(
            story=world.doc_story, situation="a crisis", goal="trust", action="visit"
        )
    return principle


def _decision_post(world, text: str) -> dict:
    """A decision with `text` as its reasons; once one stands, a confirmed correction of it
    (decisions keep their history: a change is confirmed, with its own reason)."""
    prefix = f"s{world.story.pk}"
    data = {f"{prefix}-outcome": "on_hold", f"{prefix}-reasons": text}
    standing = SelectionDecision.objects.filter(story=world.story, replaced_by__isnull=True)
    if (standing := standing.first()) is not None:
        data["confirmed"] = "yes"
        data[f"{prefix}-replaces"] = standing.pk
        data[f"{prefix}-correction_reason"] = (
            "The committee read the interview again and sees the story differently now."
        )
    return data


def _last(qs, field):
    obj = qs.order_by("-pk").first()
    return None if obj is None else (obj.pk, getattr(obj, field))


CASES = {
    "criterion": Case(
        "committee",
        lambda w: reverse("stories:criteria", args=[w.program.pk]),
        lambda w, t: {"text": t, "description": "Kept as typed"},
        lambda w: _last(SelectionCriterion.objects.filter(program=w.program), "text"),
        lambda w, pk: reverse("stories:criteria", args=[w.program.pk]),
    ),
    "nomination": Case(
        "teller",
        lambda w: reverse("stories:nominate", args=[w.program.pk]),
        lambda w, t: {
            "title": t,
            "department": w.departments[0].pk,
            "client_pseudonym": "Mr. K.",
            "summary": t,
            "success_in_worker_eyes": "He has paid rent for a year.",
            "success_in_client_eyes": t,
            "tags": "",
        },
        lambda w: _last(SuccessStory.objects.filter(told_by=w.teller), "summary"),
        lambda w, pk: reverse("stories:story_detail", args=[pk]),
    ),
    "meeting": Case(
        "committee",
        lambda w: reverse("meetings:meeting_create", args=[w.program.pk]),
        lambda w, t: {
            "kind": "steering",
            "title": t,
            "held_at": "2026-12-01T10:00",
            "location": "",
            "agenda": t,
            "attendees": [w.committee.pk],
        },
        lambda w: _last(Meeting.objects.filter(program=w.program), "agenda"),
        lambda w, pk: reverse("meetings:meeting_detail", args=[pk]),
    ),
    "assessment": Case(
        "committee",
        lambda w: reverse(
            "stories:assessment_save", args=[w.story.pk, w.program.criteria.first().pk]
        ),
        lambda w, t: {
            f"c{w.program.criteria.first().pk}-verdict": "met",
            f"c{w.program.criteria.first().pk}-note": t,
        },
        lambda w: _last(Assessment.objects.filter(story=w.story), "note"),
        lambda w, pk: reverse("stories:story_detail", args=[w.story.pk]),
    ),
    "decision": Case(
        "committee",
        lambda w: reverse("stories:decision_save", args=[w.meeting.pk, w.story.pk]),
        lambda w, t: _decision_post(w, t),
        lambda w: _last(SelectionDecision.objects.filter(story=w.story), "reasons"),
        lambda w, pk: reverse("stories:story_detail", args=[w.story.pk]),
    ),
    "answers": Case(
        "student",
        lambda w: reverse("documentation:interview_edit", args=[w.interview.pk]),
        lambda w, t: {
            "interviewee_role": "client",
            "interviewee_label": "Mrs. H.",
            "held_on": "2026-11-01",
            "place": "",
            "notes": "",
            f"answer_{_question(w).pk}": t,
        },
        lambda w: _last(Answer.objects.filter(interview=w.interview), "text"),
        lambda w, pk: reverse("documentation:interview_detail", args=[w.interview.pk]),
    ),
    "consent_text": Case(
        "director",
        lambda w: reverse("documentation:consent_text_edit", args=[w.org.pk, "recording", "ar"]),
        lambda w, t: {"label": "", "text": t},
        lambda w: _last(ConsentText.objects.filter(organization=w.org), "text"),
        lambda w, pk: reverse(
            "documentation:consent_text_edit", args=[w.org.pk, "recording", "ar"]
        ),
    ),
    "draft": Case(
        "student",
        lambda w: reverse("documentation:draft_write", args=[w.doc_story.pk]),
        lambda w, t: {"body": t, "note": ""},
        lambda w: _last(StoryDraft.objects.filter(story=w.doc_story), "body"),
        lambda w, pk: reverse("documentation:draft_detail", args=[pk]),
    ),
    "comment": Case(
        "committee",
        lambda w: reverse("documentation:draft_comment", args=[w.draft.pk]),
        lambda w, t: {"body": t},
        lambda w: _last(DraftComment.objects.filter(draft=w.draft), "body"),
        lambda w, pk: reverse("documentation:draft_detail", args=[w.draft.pk]),
    ),
    "principle": Case(
        "committee",
        lambda w: reverse("principles:principle_add", args=[w.doc_story.pk]),
        lambda w, t: {"situation": t, "goal": "trust", "action": "visit at home", "common": ""},
        lambda w: _last(Principle.objects.filter(story=w.doc_story), "situation"),
        lambda w, pk: reverse("principles:principle_add", args=[w.doc_story.pk]),
    ),
    "evidence": Case(
        "committee",
        lambda w: reverse("principles:evidence_add", args=[_principle(w).pk]),
        lambda w, t: {
            f"e{_principle(w).pk}-answer": str(
                Answer.objects.filter(interview=w.interview).first().pk
            ),
            f"e{_principle(w).pk}-quote": t,
        },
        lambda w: _last(PrincipleEvidence.objects.filter(principle__story=w.doc_story), "quote"),
        lambda w, pk: reverse("principles:principle_add", args=[w.doc_story.pk]),
    ),
}


def _kept(world) -> tuple:
    """What was there before the examples and must still be there after them."""
    return (
        list(SelectionCriterion.objects.filter(program=world.program).values_list("pk", "text"))[
            :3
        ],
        SuccessStory.objects.filter(pk=world.story.pk).values_list("title", "summary").get(),
        list(StoryDraft.objects.filter(story=world.doc_story, version__lte=2).values_list("body")),
        Consent.objects.filter(pk=world.consent.pk).values_list("consent_text_version").get(),
    )


@pytest.mark.parametrize("name", list(CASES))
def test_any_text_is_refused_clearly_or_stored_and_shown_harmlessly(world, login, name):
    case = CASES[name]
    client = login(getattr(world, case.role))
    if name == "evidence":
        _principle(world)
    kept = _kept(world)
    url = case.url(world)

    @BOUNDED
    @given(text=texts)
    def check(text):
        before = case.latest(world)
        response = client.post(url, case.data(world, text))
        assert response.status_code in (200, 302, 400), response.status_code
        after = case.latest(world)
        if after == before:
            # Refused (or an identical resubmission): a clear message, unless it redirected.
            if response.status_code != 302:
                body = response.content.decode()
                assert any(m in body for m in ERROR_MARKERS), body[:300]
                for raw in RAW_TAGS:
                    assert raw not in body
            return
        assert response.status_code in (200, 302)
        pk, stored = after
        assert visible(stored) == visible(text)
        page = client.get(case.show(world, pk))
        assert page.status_code == 200
        body = page.content.decode()
        for raw in RAW_TAGS:
            assert raw not in body
        assert not re.search(r"<script>\s*alert", body)

    check()
    assert _kept(world) == kept, "something saved before was lost"


# Ids --------------------------------------------------------------------------------------

ids_as_typed = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),  # past 64 bits both ways
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=25),  # "٣", "²", "½"
    st.text(max_size=25),
    st.sampled_from(["9" * 20, "9223372036854775808", "0", "-1", " 1", "1.0", "1e3", "\x00"]),
)


def test_any_id_is_chosen_or_refused_as_not_a_valid_choice(world):
    """The shared fields of lfs_site.ids (every form chooses rows through them: see
    test_bad_input_walk) choose an existing row by its id or say "not a valid choice"; no
    value reaches the database as something it refuses (SQLite and PostgreSQL alike)."""
    from lfs_site import ids
    from organizations.models import Department

    departments = Department.objects.filter(organization=world.org)
    existing = {str(pk) for pk in departments.values_list("pk", flat=True)}
    one = ids.ModelChoiceField(queryset=departments)
    many = ids.ModelMultipleChoiceField(queryset=departments)

    @BOUNDED
    @given(typed=st.lists(st.one_of(ids_as_typed, st.sampled_from(sorted(existing))), min_size=1))
    def check(typed):
        for value in typed:
            try:
                chosen = one.clean(value)
            except ValidationError as exc:
                assert exc.code == ("required" if value == "" else "invalid_choice"), (value, exc)
                assert value not in existing
            else:
                assert str(chosen.pk) == str(ids.id_from(value)), value
        try:
            chosen = many.clean(typed)
        except ValidationError as exc:
            assert exc.code == "invalid_choice", (typed, exc)
            assert not set(typed) <= existing
        else:
            assert set(typed) <= existing
            assert {str(d.pk) for d in chosen} == set(typed)

    check()


# Malformed uploads ------------------------------------------------------------------------


def _zip_bomb(unpacked: int = 200 * 1024 * 1024) -> bytes:
    """A small zip whose one entry declares (and would expand to) `unpacked` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return _zip_bomb()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>Hello</w:document>")
    return buffer.getvalue()


def test_a_zip_bomb_named_docx_is_refused_without_being_expanded(zip_bomb, monkeypatch):
    assert len(zip_bomb) < 1024 * 1024  # small on the wire

    def never(*args, **kwargs):
        raise AssertionError("the upload check must not unpack the archive")

    monkeypatch.setattr(zipfile.ZipFile, "read", never)
    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    monkeypatch.setattr(zipfile.ZipFile, "extract", never)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", never)
    with pytest.raises(ValidationError, match="unreasonable size"):
        check_upload(SimpleUploadedFile("minutes.docx", zip_bomb), "transcript")


def test_a_real_docx_passes_and_a_damaged_one_is_refused():
    check_upload(SimpleUploadedFile("t.docx", _docx()), "transcript")
    with pytest.raises(ValidationError, match="damaged"):
        check_upload(SimpleUploadedFile("t.odt", b"PK\x03\x04" + b"x" * 100), "transcript")


@pytest.mark.parametrize(
    "filename, content, kind, message",
    [
        ("interview.mp3", b"%PDF-1.4\n%%EOF\n", "audio", "does not match its .mp3 name"),
        ("empty.pdf", b"", "transcript", "The file is empty"),
        ("notes.exe", b"MZ\x90\x00", "transcript", "Upload a file of one of these types"),
    ],
)
def test_malformed_uploads_are_refused(filename, content, kind, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(SimpleUploadedFile(filename, content), kind)


def test_a_bad_upload_through_the_interview_form_stores_nothing(world, login, zip_bomb):
    from stories.models import Interview

    client = login(world.student)
    before = Interview.objects.values_list("transcript", "audio").get(pk=world.interview.pk)
    data = {
        "interviewee_role": "client",
        "interviewee_label": "Mrs. H.",
        "held_on": "2026-11-01",
        "place": "",
        "notes": "Kept notes",
        "transcript": SimpleUploadedFile("t.docx", zip_bomb),
        "audio": SimpleUploadedFile("a.mp3", b"%PDF-1.4\n%%EOF\n"),
    }
    response = client.post(reverse("documentation:interview_edit", args=[world.interview.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "unreasonable size" in body and "does not match its .mp3 name" in body
    after = Interview.objects.values_list("transcript", "audio").get(pk=world.interview.pk)
    assert after == before
    assert Interview.objects.get(pk=world.interview.pk).notes == ""
