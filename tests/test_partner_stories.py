"""A partner organization's stories stay the partner's, by every road.

In a learning community a program can take in a team of another organization (`ProgramTeam`).
The stories that team tells belong to that organization (`SuccessStory.organization`, set once
when the story is told): the host organization never lists, counts, exports, publishes, shares
or picks them, and never reaches their client data, not even after the team has left. One rule
(`SuccessStory.objects.usable(program)`) decides which of a program's stories an organization
may use; these tests walk the roads an attacker in the host organization would try.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from organizations.models import ProgramTeam, Role
from organizations.services import membership_ensure
from publications.models import BookEntry, StoryBook
from stories.models import ClientIdentity, Principle, SuccessStory

from .factories import StoryFactory, UserFactory
from .test_communities import community_world, documented_story

MARK = "Zircon"  # in every field of the partner's stories, and nowhere in the host's
PARTNER_REAL_NAME = f"{MARK} Realname-Partner"
HOST_REAL_NAME = "Hanna Halabi"  # world.doc_story's identity record


def partner_world(world):
    """world.program with Eastside's team: its director, a staff member who told two stories
    (one documented, approved and with a principle, about a client with the same pseudonym as
    the host's documented story; one nominated) and a committee member of the team."""
    if getattr(world, "_p_story", None) is not None:
        return world
    community_world(world)
    eastside = world._eastside
    world._p_director = UserFactory(full_name="Eden East", email="eden@example.org")
    membership_ensure(user=world._p_director, organization=eastside, role=Role.DIRECTOR)
    world._p_staff = UserFactory(full_name="Ezra East", email="ezra@example.org")
    membership_ensure(user=world._p_staff, organization=eastside, role=Role.STAFF)
    world._p_story = documented_story(
        program=world.program,
        teller=world._p_staff,
        interviewer=world._p_director,
        title=f"{MARK} pupil returns",
        body=f"{MARK} body: the pupil came back to class.",
        pseudonym=world.doc_story.client_pseudonym,
        real_name=PARTNER_REAL_NAME,
        principle=(f"{MARK} situation", f"{MARK} goal", f"{MARK} action"),
        shared=False,
    )
    world._p_nominee = StoryFactory(
        program=world.program,
        department=world.departments[0],
        told_by=world._p_staff,
        title=f"{MARK} nominee",
        client_pseudonym=f"{MARK} client",
    )
    return world


def test_a_partner_teams_story_belongs_to_the_partner(world):
    partner_world(world)
    assert world._p_story.organization_id == world._eastside.pk
    assert world._p_nominee.organization_id == world._eastside.pk
    assert world.doc_story.organization_id == world.org.pk
    assert set(SuccessStory.objects.usable(world.program)) >= {world.story, world.doc_story}
    assert world._p_story not in SuccessStory.objects.usable(world.program)
    assert list(SuccessStory.objects.usable(world.program, world._eastside.pk).order_by("pk")) == [
        world._p_story,
        world._p_nominee,
    ]


# Client data: export and erasure -----------------------------------------------------------


def test_the_hosts_client_export_never_matches_a_partner_story_by_pseudonym(world, login):
    partner_world(world)
    client = login(world.director)
    response = client.get(reverse("rights:client_export_json", args=[world.doc_story.pk]))
    assert response.status_code == 200
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert [s["id"] for s in data["stories"]] == [world.doc_story.pk]
    assert PARTNER_REAL_NAME not in json.dumps(data) and MARK not in json.dumps(data)
    page = client.get(reverse("rights:client_data", args=[world.doc_story.pk])).content.decode()
    assert MARK not in page
    pdf = client.get(reverse("rights:client_export_pdf", args=[world.doc_story.pk]))
    assert pdf.status_code == 200


def test_the_hosts_erasure_never_touches_a_partner_story(world, login):
    partner_world(world)
    response = login(world.director).post(
        reverse("rights:client_erase", args=[world.doc_story.pk]),
        {"confirmation": world.doc_story.client_pseudonym, "reason": "client_request"},
    )
    assert response.status_code == 302
    assert not ClientIdentity.objects.filter(story=world.doc_story).exists()
    assert ClientIdentity.objects.get(story=world._p_story).real_name == PARTNER_REAL_NAME
    assert world._p_story.interviews.get().answers.exists()


def test_the_partners_director_exports_and_erases_their_own_client(world, login):
    partner_world(world)
    client = login(world._p_director)
    response = client.get(reverse("rights:client_export_json", args=[world._p_story.pk]))
    assert response.status_code == 200
    text = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    assert PARTNER_REAL_NAME in text and HOST_REAL_NAME not in text
    data = json.loads(text)
    assert data["organization"] == world._eastside.name
    assert [s["id"] for s in data["stories"]] == [world._p_story.pk]
    response = client.post(
        reverse("rights:client_erase", args=[world._p_story.pk]),
        {"confirmation": world._p_story.client_pseudonym, "reason": "client_request"},
    )
    assert response.status_code == 302
    assert not ClientIdentity.objects.filter(story=world._p_story).exists()
    assert ClientIdentity.objects.get(story=world.doc_story).real_name == HOST_REAL_NAME


# Removing the team ------------------------------------------------------------------------


def _client_data_urls(story) -> list[str]:
    return [
        reverse("stories:story_detail", args=[story.pk]),
        reverse("documentation:story_documentation", args=[story.pk]),
        reverse("documentation:client_identity", args=[story.pk]),
        reverse("rights:client_data", args=[story.pk]),
        reverse("documentation:interview_detail", args=[story.interviews.get().pk]),
        reverse("documentation:draft_detail", args=[story.drafts.get().pk]),
    ]


def test_removing_a_partner_team_never_hands_its_stories_to_the_host(world, login):
    partner_world(world)
    team = ProgramTeam.objects.get(program=world.program, organization=world._eastside)
    response = login(world.unit).post(
        reverse("communities:community_team_remove", args=[world._community.pk, team.pk])
    )
    assert response.status_code == 302
    assert not ProgramTeam.objects.filter(pk=team.pk).exists()
    world._p_story.refresh_from_db()
    assert world._p_story.organization_id == world._eastside.pk
    for host in (world.director, world.committee, world.companion, world.student):
        client = login(host)
        for url in _client_data_urls(world._p_story):
            assert client.get(url).status_code == 404, (host, url)
        nominations = client.get(reverse("stories:nominations", args=[world.program.pk]))
        assert MARK not in nominations.content.decode()
    # The partner keeps its stories and their client data.
    client = login(world._p_director)
    for url in _client_data_urls(world._p_story):
        assert client.get(url).status_code == 200, url


def test_leaving_the_community_never_hands_the_partners_stories_to_the_host(world, login):
    partner_world(world)
    login(world.unit).post(
        reverse(
            "communities:community_organization_remove",
            args=[world._community.pk, world._eastside.pk],
        )
    )
    assert not ProgramTeam.objects.filter(organization=world._eastside).exists()
    client = login(world.director)
    for url in _client_data_urls(world._p_story):
        assert client.get(url).status_code == 404, url
    assert login(world._p_director).get(_client_data_urls(world._p_story)[2]).status_code == 200


# Every host list, page, export and picker ----------------------------------------------------


def _host_pages(world) -> list[str]:
    program = world.program.pk
    return [
        reverse("dashboard:home"),
        reverse("dashboard:program_dashboard", args=[program]),
        reverse("stories:nominations", args=[program]),
        reverse("stories:coverage", args=[program]),
        reverse("organizations:committee", args=[program]),
        reverse("meetings:meeting_detail", args=[world.meeting.pk]),
        reverse("documentation:documentation_overview", args=[program]),
        reverse("principles:program_principles", args=[program]),
        reverse("principles:principle_matrix", args=[program]),
        reverse("principles:principle_matrix_csv", args=[program]),
        reverse("principles:principles_csv", args=[program]),
        reverse("transfer:program_export_json", args=[program]),
        reverse("library:program_library_sharing", args=[program]),
        reverse("publications:program_books", args=[program]),
        reverse("workshops:workshops", args=[program]),
        reverse("workshops:workshop_plan", args=[program]),
        reverse("events:event_new"),
        reverse("timeline:program_timeline", args=[program]),
        reverse("search:search") + "?q=pupil",
        reverse("library:library") + "?q=pupil",
    ]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("role", ["director", "committee", "companion"])
def test_no_host_page_export_or_picker_shows_a_partner_story(world, login, role):
    partner_world(world)
    client = login(getattr(world, role))
    opened = 0
    for url in _host_pages(world):
        response = client.get(url)
        assert response.status_code in (200, 403), (role, url, response.status_code)
        if response.status_code == 200:
            opened += 1
            assert MARK not in _body(response), (role, url)
    assert opened >= 12, role


def test_a_new_book_holds_only_the_hosts_own_approved_stories(world, login):
    partner_world(world)
    client = login(world.director)
    response = client.post(
        reverse("publications:program_books", args=[world.program.pk]),
        {"title": "Our stories", "subtitle": "", "language": "en", "authors": ""},
    )
    assert response.status_code == 302
    book = StoryBook.objects.get(title="Our stories")
    stories = set(BookEntry.objects.filter(book=book).values_list("story_id", flat=True))
    assert world._p_story.pk not in stories
    page = client.get(reverse("publications:book_detail", args=[book.pk]))
    assert MARK not in _body(page)
    # Nor can it be added by its id.
    response = client.post(
        reverse("publications:book_entry_add", args=[book.pk]), {"story": world._p_story.pk}
    )
    assert not BookEntry.objects.filter(book=book, story=world._p_story).exists()
    assert MARK not in _body(response)


def test_an_entry_of_a_partner_story_made_before_the_rule_is_neither_shown_nor_rendered(
    world, login
):
    from publications.selectors import book_composition

    partner_world(world)
    client = login(world.director)
    client.post(
        reverse("publications:program_books", args=[world.program.pk]),
        {"title": "Older book", "subtitle": "", "language": "en", "authors": ""},
    )
    book = StoryBook.objects.get(title="Older book")
    BookEntry.objects.create(book=book, story=world._p_story, position=99)
    composition = book_composition(book)
    assert world._p_story.pk not in {row.story.pk for row in composition.rows}
    assert MARK not in _body(client.get(reverse("publications:book_detail", args=[book.pk])))


def test_the_host_cannot_pick_merge_share_or_plan_with_a_partner_story(world, login):
    partner_world(world)
    client = login(world.director)
    principle = Principle.objects.get(story=world._p_story)
    response = client.post(
        reverse("principles:principles_merge", args=[world.program.pk]),
        {"principles": [principle.pk], "text": "A merged principle", "common": ""},
    )
    principle.refresh_from_db()
    assert principle.common_id is None
    assert MARK not in _body(response)
    response = client.post(
        reverse("library:story_share", args=[world._p_story.pk]), {"action": "share"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("workshops:workshop_plan", args=[world.program.pk]),
        {
            "method": "retrospective",
            "title": "About their story",
            "story": world._p_story.pk,
            "scheduled_for": "2026-12-20T10:00",
        },
    )
    from methods.models import Workshop

    assert not Workshop.objects.filter(story=world._p_story).exists()
    assert MARK not in _body(response)


def test_the_partner_sees_its_own_stories_and_none_of_the_hosts(world, login):
    partner_world(world)
    page = _body(
        login(world._p_director).get(
            reverse("communities:program_team_stories", args=[world.program.pk])
        )
    )
    assert world._p_story.title in page and world._p_nominee.title in page
    assert world.story.title not in page and world.doc_story.title not in page
