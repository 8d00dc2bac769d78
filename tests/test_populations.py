"""Population tags from the program's vocabulary: named in English, Hebrew and Arabic, counted
once per population in the coverage whatever the language, kept by the committee; and the
migration that put the free-text tags into the vocabulary, row for row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from organizations.models import PopulationTerm
from organizations.selectors import program_access
from organizations.services_populations import population_term_merge
from stories.models import DiversityTag, SuccessStory
from stories.selection.selectors import diversity_coverage, story_list_for_access, with_tag_names
from stories.selection.services import story_nominate

from .factories import StoryFactory

BEFORE = ("stories", "0009_draft_holds_real_name")
AFTER = ("stories", "0010_population_tags")


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_every_free_text_tag_into_the_vocabulary(world):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    story = world.story
    try:
        executor.migrate([BEFORE, ("organizations", "0013_invitations_population_terms")])
        old_apps = executor.loader.project_state([BEFORE]).apps
        OldTag = old_apps.get_model("stories", "DiversityTag")
        OldStory = old_apps.get_model("stories", "SuccessStory")
        assert "term" not in {f.name for f in OldTag._meta.fields}
        names = ["single parents", "הורים יחידים", "آباء وحيدون", "Youth"]
        tags = [OldTag.objects.create(program_id=world.program.pk, name=n) for n in names]
        other = OldTag.objects.create(program_id=world.other_program.pk, name="youth")
        OldStory.objects.get(pk=story.pk).tags.set([t.pk for t in tags])
        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
    finally:
        MigrationExecutor(connection).migrate(latest)
    kept = {t.name: t for t in DiversityTag.objects.select_related("term")}
    assert set(names) | {"youth"} <= set(kept)  # every row kept
    assert kept["single parents"].term.name_en == "single parents"
    assert kept["הורים יחידים"].term.name_he == "הורים יחידים"
    assert kept["آباء وحيدون"].term.name_ar == "آباء وحيدون"
    assert kept["Youth"].term.program_id == world.program.pk
    assert DiversityTag.objects.get(pk=other.pk).term.program_id == world.other_program.pk
    assert DiversityTag.objects.filter(term__isnull=True).count() == 0
    assert sorted(SuccessStory.objects.get(pk=story.pk).tags.values_list("name", flat=True)) == (
        sorted(names)
    )


pytestmark = pytest.mark.django_db


def _nominate(world, title, tags):
    return story_nominate(
        access=program_access(world.teller, world.program),
        told_by=world.teller,
        department=world.departments[0],
        title=title,
        summary="s",
        success_in_worker_eyes="w",
        success_in_client_eyes="c",
        client_pseudonym="P",
        tags=tags,
    )


def test_one_population_tagged_in_two_languages_counts_once_after_merging(world):
    one = _nominate(world, "One", "single parents")
    two = _nominate(world, "Two", "הורים יחידים")
    both = _nominate(world, "Both", "single parents, הורים יחידים")
    SuccessStory.objects.filter(pk__in=[one.pk, two.pk, both.pk]).update(status="selected")
    rows, _total, _untagged = diversity_coverage(world.program)
    assert sorted((r.selected, r.nominated) for r in rows) == [(2, 2), (2, 2)]

    english = PopulationTerm.objects.get(name_en="single parents")
    hebrew = PopulationTerm.objects.get(name_he="הורים יחידים")
    population_term_merge(
        access=program_access(world.director, world.program), source=hebrew, target=english
    )
    english.refresh_from_db()
    assert english.name_he == "הורים יחידים"
    rows, _total, _untagged = diversity_coverage(world.program)
    assert [(r.tag.pk, r.selected, r.nominated) for r in rows] == [(english.pk, 3, 3)]
    with translation.override("he"):
        assert rows[0].tag.label() == "הורים יחידים"
        # Each story shows the population once, in the reader's language.
        listed = with_tag_names(list(SuccessStory.objects.filter(pk=both.pk)))
        assert listed[0].tag_list == ["הורים יחידים"]


def test_a_population_is_found_by_its_name_in_any_language(world, login):
    term = PopulationTerm.objects.create(
        program=world.program, name_en="new immigrants", name_he="עולים חדשים"
    )
    story = _nominate(world, "Arrived", "new immigrants")
    assert story.tags.get().term == term
    access = program_access(world.committee, world.program)
    titles = [row[1] for row in story_list_for_access(access, world.committee, tag="עולים חדשים")]
    assert "Arrived" in titles and "Back to work" not in titles


def test_nominating_with_a_population_of_another_program_is_refused(world, login):
    foreign = PopulationTerm.objects.create(program=world.other_program, name_en="foreign")
    PopulationTerm.objects.create(program=world.program, name_en="ours")
    response = login(world.teller).post(
        reverse("stories:nominate", args=[world.program.pk]),
        {
            "title": "Foreign",
            "department": world.departments[0].pk,
            "client_pseudonym": "F",
            "summary": "A summary kept.",
            "success_in_worker_eyes": "w",
            "success_in_client_eyes": "c",
            "populations": [foreign.pk],
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert "A summary kept." in response.content.decode()
    assert not SuccessStory.objects.filter(title="Foreign").exists()


def test_the_committee_adds_and_names_populations(world, login):
    client = login(world.committee)
    url = reverse("organizations:populations", args=[world.program.pk])
    response = client.post(url, {"name_en": "elderly", "name_he": "", "name_ar": "كبار السن"})
    assert response.status_code == 302
    term = PopulationTerm.objects.get(program=world.program)
    response = client.post(
        reverse("organizations:population_edit", args=[world.program.pk, term.pk]),
        {
            f"t{term.pk}-name_en": "elderly",
            f"t{term.pk}-name_he": "קשישים",
            f"t{term.pk}-name_ar": "كبار السن",
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.names() == {"en": "elderly", "he": "קשישים", "ar": "كبار السن"}
    page = client.get(url).content.decode()
    assert "קשישים" in page and "كبار السن" in page


def test_bad_population_names_are_refused_clearly(world, login):
    client = login(world.director)
    url = reverse("organizations:populations", args=[world.program.pk])
    response = client.post(url, {"name_en": "", "name_he": "", "name_ar": ""})
    assert response.status_code == 400
    assert "Name the population in at least one language." in response.content.decode()
    PopulationTerm.objects.create(program=world.program, name_he="נוער")
    response = client.post(url, {"name_en": "NOAR", "name_he": "", "name_ar": "نوער"})
    assert response.status_code == 302
    response = client.post(url, {"name_en": "youth", "name_he": "נוער", "name_ar": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Another population of this program has this name." in body
    assert 'value="youth"' in body  # what was typed is kept


@pytest.mark.parametrize("who", ["staff", "student", "teller"])
def test_people_outside_the_committee_cannot_see_or_change_the_vocabulary(world, login, who):
    client = login(getattr(world, who))
    url = reverse("organizations:populations", args=[world.program.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name_en": "x"}).status_code == 403
    assert not PopulationTerm.objects.exists()


def test_a_companion_reads_but_does_not_change_the_vocabulary(world, login):
    client = login(world.companion)
    url = reverse("organizations:populations", args=[world.program.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name_en": "x"}).status_code == 403


def test_another_organization_cannot_reach_the_vocabulary_or_merge(world, login):
    a = PopulationTerm.objects.create(program=world.program, name_en="a")
    b = PopulationTerm.objects.create(program=world.program, name_en="b")
    client = login(world.other_director)
    assert (
        client.get(reverse("organizations:populations", args=[world.program.pk])).status_code == 404
    )
    response = client.post(
        reverse("organizations:population_merge", args=[world.other_program.pk, a.pk]),
        {f"m{a.pk}-target": b.pk, "confirmed": "yes"},
    )
    assert response.status_code == 404
    assert PopulationTerm.objects.filter(pk=a.pk).exists()


def test_merging_through_the_page_asks_first(world, login):
    a = PopulationTerm.objects.create(program=world.program, name_en="a")
    b = PopulationTerm.objects.create(program=world.program, name_he="ב")
    StoryFactory(program=world.program, told_by=world.staff, title="Tagged").tags.add(
        DiversityTag.objects.create(program=world.program, name="a", term=a)
    )
    client = login(world.committee)
    url = reverse("organizations:population_merge", args=[world.program.pk, a.pk])
    assert client.post(url, {f"m{a.pk}-target": b.pk}).status_code == 200
    assert PopulationTerm.objects.filter(pk=a.pk).exists()
    assert client.post(url, {f"m{a.pk}-target": b.pk, "confirmed": "yes"}).status_code == 302
    assert not PopulationTerm.objects.filter(pk=a.pk).exists()
    assert DiversityTag.objects.get(name="a").term == b
