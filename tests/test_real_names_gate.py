"""Real names never pass the gate: every text typed about a story (a draft and its note, a
comment, a principle, an evidence quote) and every book field is refused while it reveals a
client's real name, with an error naming the field and never the name, the typed text kept,
nothing saved and the refusal audit-logged; approval still refuses; earlier versions that hold
the name are withheld from everyone who may not see the identity, on every road to them."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from methods.selectors import question_set_default
from organizations.models import AuditEvent
from publications.models import RelatedPublication, StoryBook
from stories import services as story_services
from stories.documentation import services
from stories.models import (
    Answer,
    ClientIdentity,
    Consent,
    DraftComment,
    Interview,
    Principle,
    PrincipleEvidence,
    StoryApproval,
    StoryAssignment,
    StoryDraft,
    StoryShare,
)
from stories.principles import services as principles_services
from stories.rights import services as rights_services
from stories.selectors import story_get_for_user
from transfer import services as transfer_services

from .test_real_names import HARAKAT, NIQQUD, sentence_with

ENGLISH = ("Rivka Azulay", "Later A&#122;ulay said the group changed everything.", "Azulay")
HEBREW = ("רבקה אזולאי", "אחר כך סיפרה ו**רבקה** שהקבוצה שינתה הכול.", "רבקה")
ARABIC = ("وداد نصار", "ثم قالت ونص\u200cار إن المجموعة غيرت كل شيء.", "نصار")
LANGUAGES = pytest.mark.parametrize(
    ("real_name", "text", "part"), [ENGLISH, HEBREW, ARABIC], ids=["en", "he", "ar"]
)


@pytest.fixture
def documented(world):
    """The world's story selected and assigned to the student, with a client interview whose
    answer names the client (interviews may), and its identity recorded."""
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


def _access(world, user):
    return story_get_for_user(user, world.story.pk)[1]


def _identity(world, real_name: str) -> ClientIdentity:
    """Record the client's real name as the student does (the service: it rechecks versions)."""
    return rights_services.client_identity_save(
        access=_access(world, world.student),
        story=world.story,
        by=world.student,
        real_name=real_name,
        contact_details="",
        notes="",
    )


def _refusals() -> int:
    return AuditEvent.objects.filter(action=AuditEvent.Action.REAL_NAME_REFUSED).count()


def _outside_inputs(page: str, typed: str, *shown: str) -> str:
    """The page without the text the person typed (kept in the form, escaped) and what else it
    shows by design (`shown`): what the page itself says."""

    for text in (typed, *shown):
        page = page.replace(escape(text), "").replace(text, "")
    return page


def _assert_refused_with_text_kept(
    response, typed: str, label: str, part: str, shown: tuple[str, ...] = ()
) -> None:

    page = response.content.decode()
    assert response.status_code == 400
    assert escape(typed) in page, "the typed text is kept in the form"
    assert "contains the client&#x27;s real name" in page or "contains the client's real name" in (
        page
    )
    assert f"“{label}”" in page, "the error names the field"
    assert part not in _outside_inputs(page, typed, *shown), "the page never shows the name"


# Drafts ------------------------------------------------------------------------------------


@LANGUAGES
def test_saving_a_draft_that_reveals_the_real_name_is_refused_and_the_text_kept(
    documented, login, real_name, text, part
):
    _identity(documented, real_name)
    body = f"R. came to us in 2019.\n\n{text}"
    response = login(documented.student).post(
        reverse("documentation:draft_write", args=[documented.story.pk]),
        {"body": body, "note": "first"},
    )
    _assert_refused_with_text_kept(response, body, "the story", part)
    assert not StoryDraft.objects.filter(story=documented.story).exists()
    assert _refusals() == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.REAL_NAME_REFUSED)
    assert event.actor == documented.student and "body" in event.summary
    assert part not in event.summary


def test_a_draft_note_that_names_the_client_is_refused(documented, login):
    _identity(documented, "Rivka Azulay")
    response = login(documented.student).post(
        reverse("documentation:draft_write", args=[documented.story.pk]),
        {"body": "R. came to us.", "note": "Rivka's dates fixed"},
    )
    _assert_refused_with_text_kept(response, "Rivka's dates fixed", "what changed", "Rivka")
    assert not StoryDraft.objects.filter(story=documented.story).exists()


def test_a_clean_draft_is_saved(documented, login):
    _identity(documented, "Rivka Azulay")
    response = login(documented.student).post(
        reverse("documentation:draft_write", args=[documented.story.pk]),
        {"body": "R. came to us. Her daughter Rivkah-Lee and the Azulaya bakery helped."},
    )
    assert response.status_code == 302
    assert StoryDraft.objects.get(story=documented.story).holds_real_name is False


# Comments ----------------------------------------------------------------------------------


@LANGUAGES
def test_a_comment_that_reveals_the_real_name_is_refused_whoever_writes_it(
    documented, login, real_name, text, part
):
    draft = services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. came to us.",
    )
    _identity(documented, real_name)
    for user in (documented.committee, documented.teller, documented.student):
        response = login(user).post(
            reverse("documentation:draft_comment", args=[draft.pk]), {"body": text}
        )
        _assert_refused_with_text_kept(response, text, "comment", part)
    assert not DraftComment.objects.filter(draft=draft).exists()
    assert _refusals() == 3


# Principles and evidence -------------------------------------------------------------------


@LANGUAGES
@pytest.mark.parametrize(
    ("field", "label"), [("situation", "in situation"), ("goal", "to achieve"), ("action", "we do")]
)
def test_a_principle_that_reveals_the_real_name_is_refused(
    documented, login, real_name, text, part, field, label
):
    _identity(documented, real_name)
    data = {"situation": "a family in crisis", "goal": "trust", "action": "visit daily"}
    data[field] = text
    response = login(documented.committee).post(
        reverse("principles:principle_add", args=[documented.story.pk]), data
    )
    _assert_refused_with_text_kept(response, text, label, part)
    assert not Principle.objects.filter(story=documented.story).exists()


@LANGUAGES
def test_an_evidence_quote_that_reveals_the_real_name_is_refused(
    documented, login, real_name, text, part
):
    question = documented.interview.question_set.questions.order_by("position").first()
    answer = Answer.objects.create(
        interview=documented.interview,
        question=question,
        text=story_services._clean_text(f"She said: {text} Then more."),
    )
    _identity(documented, real_name)
    principle = principles_services.principle_add(
        access=_access(documented, documented.committee),
        story=documented.story,
        by=documented.committee,
        situation="a family in crisis",
        goal="trust",
        action="visit daily",
    )
    prefix = f"e{principle.pk}"
    response = login(documented.committee).post(
        reverse("principles:evidence_add", args=[principle.pk]),
        {f"{prefix}-answer": answer.pk, f"{prefix}-quote": text},
    )
    # The answers to quote from are on the page, for those who may read the interviews.
    _assert_refused_with_text_kept(response, text, "quote", part, shown=(answer.text,))
    assert not PrincipleEvidence.objects.filter(principle=principle).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.REAL_NAME_REFUSED)
    assert event.actor == documented.committee


def test_promoting_a_workshop_contribution_to_a_principle_with_the_name_is_refused(world, login):
    from methods.models import Contribution

    from .test_workshops import _ensure

    contribution = _ensure(world)["contribution"]  # of a workshop on the story of Hanna Halabi
    typed = "a client like Halabi who distrusts the office"
    response = login(world.companion).post(
        reverse("workshops:contribution_promote", args=[contribution.pk]),
        {"target": "principle", "situation": typed, "goal": "trust", "action": "meet"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“in situation”" in page
    assert "Halabi" not in _outside_inputs(page, typed)
    assert not Principle.objects.filter(story=world.doc_story).exists()
    assert not Contribution.objects.get(pk=contribution.pk).promoted_to


# Approval (kept) -----------------------------------------------------------------------------


def _old_version(world, body: str, real_name: str, *, note: str = "") -> StoryDraft:
    """A version written before the name was recorded (the check could not know it then),
    then the name recorded: the version now holds it."""
    draft = services.draft_save(
        access=_access(world, world.student),
        story=world.story,
        by=world.student,
        body=body,
        note=note,
    )
    _identity(world, real_name)
    draft.refresh_from_db()
    return draft


def test_recording_the_name_marks_the_versions_that_hold_it(documented):
    clean = services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. came.",
    )
    held = _old_version(documented, "R. came.\n\nMo**sh**e said so.", "Moshe Cohen")
    clean.refresh_from_db()
    assert held.holds_real_name and not clean.holds_real_name
    _identity(documented, "Dalia Peretz")  # the name corrected: the mark follows it
    held.refresh_from_db()
    assert not held.holds_real_name


def test_approving_a_version_with_the_name_is_refused_and_says_where_without_it(documented, login):
    draft = _old_version(
        documented, "R. came to us in 2019.\n\nLater A&#122;ulay said so.", "Rivka Azulay"
    )
    response = login(documented.committee).post(
        reverse("documentation:draft_approve", args=[draft.pk])
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Paragraph 2." in page
    assert "Later" not in page, "those who may not see the identity get no words of the version"
    assert "Azulay" not in page and "A&amp;#122;ulay" not in page
    response = login(documented.director).post(
        reverse("documentation:draft_approve", args=[draft.pk])
    )
    page = response.content.decode()
    assert response.status_code == 400
    blockers = page.split('id="approval-blockers"')[1].split("</div>")[0]
    assert "Later █████ said so." in blockers
    assert "Azulay" not in page.split("<article")[0]
    assert not StoryApproval.objects.exists()


# Earlier versions are withheld --------------------------------------------------------------

SECRET = "the flat on Moshav street"  # words of the withheld version, not the name


@pytest.fixture
def withheld(documented):
    """Version 1 holds the name (written before it was recorded); version 2 is clean."""
    first = _old_version(
        documented,
        f"R. lost her job.\n\nAzulay found {SECRET}.",
        "Rivka Azulay",
        note="first notes",
    )
    second = services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. lost her job.\n\nShe found a flat.",
        note="name taken out",
    )
    documented.held, documented.clean = first, second
    return documented


def _readers(world):
    return {"committee": world.committee, "companion": world.companion, "teller": world.teller}


def test_a_withheld_version_is_not_shown_to_those_who_may_not_see_the_identity(withheld, login):
    url = reverse("documentation:draft_detail", args=[withheld.held.pk])
    for who, user in _readers(withheld).items():
        response = login(user).get(url)
        page = response.content.decode()
        assert response.status_code == 200, who
        assert SECRET not in page and "Azulay" not in page and "first notes" not in page, who
        assert "withheld" in page, who
        assert "Approve this version" not in page, who


def test_the_director_and_the_assigned_student_still_read_it_with_a_warning(withheld, login):
    url = reverse("documentation:draft_detail", args=[withheld.held.pk])
    for user in (withheld.director, withheld.student):
        page = login(user).get(url).content.decode()
        assert SECRET in page
        assert "contains the client" in page


def test_the_version_lists_mark_it_withheld_without_its_note(withheld, login):
    for user in _readers(withheld).values():
        client = login(user)
        for url in (
            reverse("documentation:story_documentation", args=[withheld.story.pk]),
            reverse("documentation:draft_detail", args=[withheld.clean.pk]),
        ):
            page = client.get(url).content.decode()
            assert "first notes" not in page and SECRET not in page
            assert "withheld" in page


def test_the_comparison_never_shows_a_withheld_version(withheld, login):
    url = reverse("documentation:draft_compare", args=[withheld.story.pk])
    for user in _readers(withheld).values():
        response = login(user).get(url, {"a": 1, "b": 2})
        page = response.content.decode()
        assert response.status_code == 200
        assert SECRET not in page and "Azulay" not in page
        assert "withheld" in page
    page = login(withheld.director).get(url, {"a": 1, "b": 2}).content.decode()
    assert "Moshav" in page and "compare-withheld" not in page


def test_comments_written_before_the_check_that_name_the_client_are_withheld(withheld, login):
    DraftComment.objects.create(
        draft=withheld.clean, author=withheld.director, body="Ask Azulay about 2019."
    )
    url = reverse("documentation:draft_detail", args=[withheld.clean.pk])
    page = login(withheld.committee).get(url).content.decode()
    assert "Azulay" not in page and "about 2019" not in page
    assert "withheld" in page
    assert "about 2019" in login(withheld.director).get(url).content.decode()


def test_search_never_finds_a_withheld_version(withheld, login):
    from dashboard.search import search_for_user

    for user in [*_readers(withheld).values(), withheld.director]:
        for query in ("Moshav", "Azulay", "first notes"):
            assert search_for_user(user, query).total == 0, (user, query)
    page = login(withheld.committee).get(reverse("search:search"), {"q": "Moshav"}).content.decode()
    assert SECRET not in page


def test_the_program_export_leaves_withheld_versions_out(withheld, login):
    response = login(withheld.director).get(
        reverse("transfer:program_export_json", args=[withheld.program.pk])
    )
    data = json.loads(response.content)
    drafts = data["tables"]["stories.StoryDraft"]
    assert [d["version"] for d in drafts if d["body"].startswith("R. lost her job.")] == [2]
    assert not [d for d in drafts if "first notes" in d["body"] or "first notes" in d["note"]]
    assert data["omitted"]["withheld"]["story versions that hold the client's real name"] == 1
    assert (
        SECRET not in response.content.decode() and "first notes" not in response.content.decode()
    )


def test_an_import_leaves_out_what_the_export_withheld(withheld):
    from organizations.models import Organization

    StoryApproval.objects.create(
        story=withheld.story, draft=withheld.held, approved_by=withheld.committee
    )
    DraftComment.objects.create(
        draft=withheld.clean, author=withheld.director, body="Ask Azulay about 2019."
    )
    data = transfer_services.program_export_data(program=withheld.program)
    assert "Azulay" not in json.dumps(data, ensure_ascii=False)
    assert data["omitted"]["withheld"]["comments that reveal the client's real name"] == 1
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    program = transfer_services.program_import(data=data, organization=fresh)
    story = program.stories.get(title=withheld.story.title)
    assert list(story.drafts.values_list("version", flat=True)) == [2]
    assert not StoryApproval.objects.filter(story=story).exists()
    assert not DraftComment.objects.filter(draft__story=story).exists()


def test_the_directors_client_data_export_keeps_every_version(withheld, login):
    response = login(withheld.director).get(
        reverse("rights:client_export_json", args=[withheld.story.pk])
    )
    assert SECRET in response.content.decode()


def test_an_approved_text_found_to_hold_the_name_leaves_the_library(withheld, login):
    """Approved before the name was recorded; shared with the community's library."""
    from library.selectors import library_stories
    from organizations.models import Community

    Consent.objects.create(
        interview=withheld.interview,
        scope="publication",
        given_on=dt.date(2026, 11, 1),
        method="written",
        consent_text_version="Form 1",
        recorded_by=withheld.student,
    )
    approval = StoryApproval.objects.create(
        story=withheld.story, draft=withheld.clean, approved_by=withheld.committee
    )
    StoryShare.objects.create(story=withheld.story, shared_by=withheld.director)
    community = Community.objects.create(name="Valley")
    community.organizations.add(withheld.org, withheld.other_org)
    ids = {withheld.other_org.pk, withheld.org.pk}
    assert [e.story.pk for e in library_stories(ids)] == [withheld.story.pk]
    approval.draft = withheld.held
    approval.save()
    assert library_stories(ids) == []
    assert library_stories(ids, query="Moshav") == []
    other = login(withheld.other_director)
    assert other.get(reverse("library:library_story", args=[withheld.story.pk])).status_code == 404


# The migration marks what was written before ---------------------------------------------------


def test_the_migration_marks_old_versions_that_hold_the_name(documented):
    ClientIdentity.objects.create(story=documented.story, real_name="Rivka Azulay")
    old = StoryDraft.objects.create(
        story=documented.story,
        version=1,
        body="R. came.\n\nAzu\u00adlay said so.",
        body_html="<p>R. came.</p><p>Azu\u00adlay said so.</p>",
        author=documented.student,
    )
    clean = StoryDraft.objects.create(
        story=documented.story,
        version=2,
        body="R. came.",
        body_html="<p>R.</p>",
        author=documented.student,
    )
    migration = importlib.import_module("stories.migrations.0009_draft_holds_real_name")
    migration.mark_versions_holding_the_real_name(apps, None)
    old.refresh_from_db()
    clean.refresh_from_db()
    assert old.holds_real_name and not clean.holds_real_name


# Every place, many spellings -----------------------------------------------------------------

#: The name as the identity record holds it, in the three scripts it is written in.
TRILINGUAL = "Rivka Azulay / רבקה אזולאי / وداد نصار"
PLACES = ["draft", "note", "comment", "situation", "goal", "action", "quote", "book", "publication"]
SPELLINGS = st.one_of(
    sentence_with("Azulay", [], []),
    sentence_with("אזולאי", NIQQUD, ["", "ו", "ה", "ש", "ב", "כ", "ל", "מ", "וכש"]),
    sentence_with("نصار", HARAKAT, ["", "و", "ف", "ب", "ل", "ك", "وب"]),
)
#: The field each place refuses.
FIELD = {"draft": "body", "comment": "body", "book": "abstract", "publication": "authors"}


def _attempt(world, place: str, text: str, *, answer, principle, draft, book) -> None:
    """Save `text` in `place` through its service, as a role that may."""
    from organizations.selectors import program_access
    from publications import services as book_services

    committee = _access(world, world.committee)
    student = _access(world, world.student)
    program = program_access(world.committee, world.program)
    if place in ("draft", "note"):
        body, note = ("R. came.", text) if place == "note" else (text, "")
        services.draft_save(
            access=student, story=world.story, by=world.student, body=body, note=note
        )
    elif place == "comment":
        services.draft_comment(access=committee, draft=draft, by=world.committee, body=text)
    elif place in ("situation", "goal", "action"):
        parts = {"situation": "a crisis", "goal": "trust", "action": "visit", place: text}
        principles_services.principle_add(
            access=committee, story=world.story, by=world.committee, **parts
        )
    elif place == "quote":
        answer.text = story_services._clean_text(f"She said {text} today.")
        answer.save(update_fields=["text"])
        principles_services.evidence_add(
            access=committee, principle=principle, answer=answer, quote=answer.text
        )
    elif place == "book":
        book_services.book_update(access=program, book=book, by=world.committee, abstract=text)
    else:
        book_services.publication_create(
            access=program, book=book, authors=text[:300], year=2025, title="A study"
        )


def test_every_place_refuses_many_spellings_in_three_languages(documented):
    question = documented.interview.question_set.questions.order_by("position").first()
    answer = Answer.objects.create(interview=documented.interview, question=question, text="-")
    draft = services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. came to us.",
    )
    principle = principles_services.principle_add(
        access=_access(documented, documented.committee),
        story=documented.story,
        by=documented.committee,
        situation="a crisis",
        goal="trust",
        action="visit",
    )
    book = StoryBook.objects.create(program=documented.program, title="Stories")
    _identity(documented, TRILINGUAL)

    def counts():
        return [
            m.objects.count()
            for m in (StoryDraft, DraftComment, Principle, PrincipleEvidence, RelatedPublication)
        ]

    kept = counts()

    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(place=st.sampled_from(PLACES), text=SPELLINGS)
    def check(place, text):
        with pytest.raises(ValidationError) as refused:
            _attempt(
                documented, place, text, answer=answer, principle=principle, draft=draft, book=book
            )
        errors = refused.value.message_dict
        assert list(errors) == [FIELD.get(place, place)], (place, text, errors)
        for message in errors[FIELD.get(place, place)]:
            assert "real name" in message
            for word in ("Rivka", "Azulay", "רבקה", "אזולאי", "وداد", "نصار"):
                assert word not in message

    check()
    assert counts() == kept, "something was saved"
    book.refresh_from_db()
    assert book.abstract == ""


def test_recording_a_name_that_earlier_versions_hold_warns_who_records_it(documented, login):
    services.draft_save(
        access=_access(documented, documented.student),
        story=documented.story,
        by=documented.student,
        body="R. came.\n\nAzulay said so.",
    )
    response = login(documented.student).post(
        reverse("documentation:client_identity", args=[documented.story.pk]),
        {"real_name": "Rivka Azulay", "contact_details": "", "notes": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "1 version of the story contains this name" in page
    assert StoryDraft.objects.get(story=documented.story).holds_real_name


def test_another_organization_never_reads_or_finds_an_old_principle_naming_the_client(world, login):
    """A principle saved before names were checked, of a story shared with the community's
    library: the other organizations do not see it, cannot find the story by its words, and
    the principle links leave it out; the story and its clean text stay."""
    from library.selectors import library_organization_ids, library_stories

    from .test_communities import community_world

    community_world(world)
    Principle.objects.filter(pk=world._ours.pk).update(situation="Hanna fears losing control")
    reader = world._n_director
    ids = library_organization_ids(reader)
    entry = next(e for e in library_stories(ids) if e.story.pk == world.doc_story.pk)
    assert world._ours.pk not in [p.pk for p in entry.principles]
    assert library_stories(ids, query="Hanna") == []
    assert library_stories(ids, query="fears") == []
    assert [e.story.pk for e in library_stories(ids, query="flat")] == [world.doc_story.pk]
    page = login(reader).get(reverse("library:library")).content.decode()
    assert "Hanna" not in page and "fears losing control" not in page
    found = login(reader).get(reverse("library:library"), {"q": "Hanna"}).content.decode()
    assert world.doc_story.title not in found  # the query is echoed; the story is not found
    story_page = login(reader).get(reverse("library:library_story", args=[world.doc_story.pk]))
    assert "Hanna" not in story_page.content.decode()
