"""A principle that names its story's client (written before names were checked, or before the
name was recorded: a principle or a quote that names the client is refused when saved). It is
marked (`Principle.holds_real_name`) by the migration and whenever the name is recorded or
changed, and the one rule (`Principle.objects.naming_no_client`) keeps it out of every other
road: lists, the CSV, search, the matrix's drill-down, the library, the book, a workshop's
summary and the program export. Only the story's own pages show it, to those who may see the
identity, marked so that they know why nobody else does."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from stories.models import (
    ClientIdentity,
    CommonPrinciple,
    Principle,
    PrincipleEvidence,
    StoryApproval,
    StoryDraft,
)
from stories.rights import services as rights_services
from stories.services import principles_recheck_real_name
from stories.visibility import story_access

pytestmark = pytest.mark.django_db

NAMING = "Hanna's mother keeps the keys"  # the world's client is Hanna Halabi
CLEAN = "the family keeps the keys"


@pytest.fixture
def legacy(world):
    """Two principles of the documented story written before names were checked: one names
    the client in its text, one in its evidence's quote; a third names nobody. All merged into
    a common principle."""
    story = world.doc_story
    common = CommonPrinciple.objects.create(program=world.program, text="Keys stay with family")
    answer = world.interview.answers.create(
        question=world.interview.question_set.questions.order_by("position").first(),
        text="Hanna said the keys stay with her mother.",
    )
    world.named = Principle.objects.create(
        story=story, situation=NAMING, goal="a safe return", action="leave the keys", common=common
    )
    world.quoted = Principle.objects.create(
        story=story, situation="a key handover", goal="trust", action="ask first", common=common
    )
    PrincipleEvidence.objects.create(
        principle=world.quoted, answer=answer, quote="Hanna said the keys stay"
    )
    world.clean = Principle.objects.create(
        story=story, situation=CLEAN, goal="a safe return", action="ask the family"
    )
    world.common = common
    principles_recheck_real_name(story=story)
    return world


def _marked() -> set[int]:
    return set(Principle.objects.filter(holds_real_name=True).values_list("pk", flat=True))


def test_the_migration_marks_the_principles_that_name_the_client(legacy):
    Principle.objects.update(holds_real_name=False)
    migration = importlib.import_module("stories.migrations.0011_principle_holds_real_name")
    migration.mark_principles_naming_the_client(apps, None)
    assert _marked() == {legacy.named.pk, legacy.quoted.pk}


def test_recording_or_changing_the_name_marks_and_clears(legacy):
    assert _marked() == {legacy.named.pk, legacy.quoted.pk}
    access = story_access(legacy.student, legacy.doc_story)
    rights_services.client_identity_save(
        access=access,
        story=legacy.doc_story,
        by=legacy.student,
        real_name="Rivka Dahan",
        contact_details="",
        notes="",
    )
    assert _marked() == set()
    rights_services.client_identity_save(
        access=access,
        story=legacy.doc_story,
        by=legacy.student,
        real_name="Hanna Halabi",
        contact_details="",
        notes="",
    )
    assert _marked() == {legacy.named.pk, legacy.quoted.pk}
    ClientIdentity.objects.filter(story=legacy.doc_story).delete()
    assert principles_recheck_real_name(story=legacy.doc_story) == 0
    assert _marked() == set()


@pytest.mark.parametrize(
    "url_name",
    ["principles:principle_add", "documentation:story_documentation"],
    ids=["form", "story"],
)
def test_the_story_pages_show_it_only_to_those_who_see_the_identity(legacy, login, url_name):
    url = reverse(url_name, args=[legacy.doc_story.pk])
    page = login(legacy.committee).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    # (The interview's answer may name her: interviews may, and this reader sees them.)
    assert "mother keeps the keys" not in body
    assert "a key handover" not in body  # its quote names her
    assert CLEAN in body
    body = login(legacy.director).get(url).content.decode()
    assert "Hanna&#x27;s mother keeps the keys" in body or NAMING in body
    assert body.count("principle-names-client") == 2


def test_no_list_csv_or_search_holds_it(legacy, login):
    for person in (legacy.committee, legacy.director):
        client = login(person)
        overview = client.get(reverse("principles:program_principles", args=[legacy.program.pk]))
        assert "Hanna" not in overview.content.decode()
        csv_text = client.get(
            reverse("principles:principles_csv", args=[legacy.program.pk])
        ).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(csv_text)))
        assert not any("Hanna" in cell for row in rows for cell in row)
        assert any(CLEAN in cell for row in rows for cell in row)
        found = client.get(reverse("search:search"), {"q": "keys"}).content.decode()
        assert "mother keeps the keys" not in found and "a key handover" not in found
        assert CLEAN in found


def test_the_matrix_drill_down_leaves_it_out(legacy, login):
    from analysis.selectors import matrix_cell

    for person in (legacy.committee, legacy.director):
        _common, _story, items = matrix_cell(
            person, legacy.program.pk, legacy.common.pk, legacy.doc_story.pk
        )
        assert items == []


def test_the_book_leaves_it_out(legacy):
    from organizations.selectors import program_access
    from publications import services as book_services
    from publications.selectors import book_content

    legacy.program.stage = "publication"
    legacy.program.save(update_fields=["stage"])
    draft = StoryDraft.objects.filter(story=legacy.doc_story).order_by("-version").first()
    StoryApproval.objects.create(story=legacy.doc_story, draft=draft, approved_by=legacy.committee)
    book = book_services.book_create(
        access=program_access(legacy.director, legacy.program), by=legacy.director, title="Keys"
    )
    content = book_content(book)
    shown = [p.pk for chapter in content.chapters for p in chapter.principles]
    assert shown == [legacy.clean.pk]


def test_the_library_neither_shows_nor_finds_it(legacy):
    from library.selectors import library_stories
    from organizations.models import Community
    from stories.models import StoryShare

    draft = StoryDraft.objects.filter(story=legacy.doc_story).order_by("-version").first()
    StoryApproval.objects.create(story=legacy.doc_story, draft=draft, approved_by=legacy.committee)
    StoryShare.objects.create(story=legacy.doc_story, shared_by=legacy.director)
    community = Community.objects.create(name="Valley")
    community.organizations.add(legacy.org, legacy.other_org)
    ids = {legacy.org.pk, legacy.other_org.pk}
    [entry] = library_stories(ids)
    assert [p.pk for p in entry.principles] == [legacy.clean.pk]
    assert library_stories(ids, query="mother") == []
    assert [e.story.pk for e in library_stories(ids, query="family")] == [legacy.doc_story.pk]


def test_a_workshop_summary_does_not_show_it(legacy, login):
    from methods.models import Contribution
    from workshops import services
    from workshops.selectors import _access

    runner = _access(legacy.director, legacy.program)
    workshop = services.workshop_plan(
        access=runner,
        by=legacy.director,
        method="retrospective",
        title="Keys",
        scheduled_for=timezone.now() + dt.timedelta(hours=1),
        story=legacy.doc_story,
    )
    services.workshop_open(access=runner, workshop=workshop)
    note = services.contribution_add(
        access=runner, workshop=workshop, by=legacy.director, text="The keys"
    )
    Contribution.objects.filter(pk=note.pk).update(promoted_to="principle", principle=legacy.named)
    services.workshop_close(access=runner, workshop=workshop)
    page = login(legacy.director).get(reverse("workshops:workshop_summary", args=[workshop.pk]))
    body = page.content.decode()
    assert "Hanna" not in body
    assert "The keys" in body


def test_the_program_export_withholds_it_and_its_evidence(legacy):
    from transfer import services as transfer_services

    data = transfer_services.program_export_data(program=legacy.program)
    principles = data["tables"]["stories.Principle"]
    assert [p["situation"] for p in principles] == [CLEAN]
    assert data["tables"].get("stories.PrincipleEvidence", []) == []
    assert data["omitted"]["withheld"]["principles of action that name the client"] == 2
    assert "Hanna's mother" not in str(data)


def test_a_common_principle_that_names_a_client_of_the_program_is_refused(world, login):
    """A common principle is shown to everyone in the program and printed in the book: it is
    refused while it names any client of the program's stories, with the field named (never
    the name), what was typed kept, and the refusal audit-logged."""
    from organizations.models import AuditEvent

    client = login(world.committee)
    url = reverse("principles:program_principles", args=[world.program.pk])
    typed = "Like Hanna, families keep the keys"
    response = client.post(url, {"text": typed, "category_name": "Trust"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "contains the real name, or a part of it, of a client of this program" in body
    assert typed in body  # kept in the form, to be corrected
    assert not CommonPrinciple.objects.filter(program=world.program).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REAL_NAME_REFUSED).exists()
    response = client.post(url, {"text": "Families keep the keys", "category_name": "Trust"})
    assert response.status_code == 302
    assert CommonPrinciple.objects.filter(program=world.program).count() == 1
