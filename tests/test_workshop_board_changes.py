"""A poll answered with what changed: when only contributions were added since the version a
screen shows, a participant's poll gets the new cards alone (swapped in by id), in a constant
number of queries; anything else (a step, a reveal, a vote ended, a group, a removal, a join)
redraws the whole board. The same rules as the whole board decide what each viewer sees:
hidden contributions, anonymous authors, removed ones, breakouts, guests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from methods.models import Contribution, Workshop, WorkshopGuest
from organizations.services import membership_ensure
from workshops import services
from workshops.selectors import _access

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _open(world) -> Workshop:
    access = _access(world.director, world.program)
    workshop = services.workshop_plan(
        access=access,
        by=world.director,
        method="retrospective",
        title="Changes only",
        scheduled_for=timezone.now() + dt.timedelta(hours=1),
        story=world.doc_story,
    )
    services.workshop_open(access=access, workshop=workshop)
    return workshop


def _add(world, workshop, person, text, **kwargs) -> Contribution:
    return services.contribution_add(
        access=_access(person, world.program), workshop=workshop, by=person, text=text, **kwargs
    )


def _version(workshop) -> int:
    return Workshop.objects.values_list("version", flat=True).get(pk=workshop.pk)


def _poll(client, workshop, version):
    return client.get(
        reverse("workshops:workshop_board", args=[workshop.pk]) + f"?v={version}",
        HTTP_HX_REQUEST="true",
    )


def _is_changes(response) -> bool:
    """The answer of new cards alone (nothing in the board's place), not the whole board."""
    return response.status_code == 200 and response.get("HX-Reswap") == "none"


@pytest.fixture
def joined(world):
    """An open workshop that the staff member and the teller have joined, with one card."""
    workshop = _open(world)
    for person in (world.staff, world.teller):
        services.workshop_join(access=_access(person, world.program), workshop=workshop, by=person)
    _add(world, workshop, world.teller, "The first card, before the screen's version")
    return workshop


def test_a_new_contribution_reaches_a_screen_as_its_card_alone(world, login, joined):
    client = login(world.staff)
    seen = _version(joined)
    _add(world, joined, world.teller, "A new card since")
    response = _poll(client, joined, seen)
    assert _is_changes(response)
    page = response.content.decode()
    assert "A new card since" in page
    assert world.teller.full_name in page
    assert "The first card, before the screen's version" not in page  # already on the screen
    # The poller comes back with the new version, so the next poll is a 204.
    assert f'data-version="{_version(joined)}"' in page
    assert 'hx-swap-oob="beforeend:#step-ungrouped"' in page
    assert _poll(client, joined, _version(joined)).status_code == 204


def test_the_whole_board_has_the_places_the_changes_are_swapped_into(world, login, joined):
    client = login(world.staff)
    page = client.get(reverse("workshops:workshop_detail", args=[joined.pk])).content.decode()
    for place in ('id="board-poll"', 'id="step-ungrouped"', 'id="board-hidden-count"'):
        assert place in page


def test_an_anonymous_contribution_never_names_its_author_in_the_changes(world, login, joined):
    client = login(world.teller)
    seen = _version(joined)
    _add(world, joined, world.staff, "Said without my name", anonymous=True)
    page = _poll(client, joined, seen).content.decode()
    assert "Said without my name" in page
    assert "Anonymous" in page
    assert world.staff.full_name not in page


def test_hidden_contributions_send_their_count_never_their_text(world, login, joined):
    services.step_set_revealed(
        access=_access(world.director, world.program), workshop=joined, revealed=False
    )
    client = login(world.staff)
    seen = _version(joined)
    _add(world, joined, world.teller, "Still thinking about it")
    response = _poll(client, joined, seen)
    assert _is_changes(response)
    page = response.content.decode()
    assert "Still thinking about it" not in page
    assert world.teller.full_name not in page
    # Two of the others' are hidden: the one from before the reveal was hidden too.
    assert "2 contributions from the others are hidden" in page
    # The writer's own card comes to their own screen.
    seen = _version(joined)
    _add(world, joined, world.staff, "My own, hidden from the others")
    page = _poll(client, joined, seen).content.decode()
    assert "My own, hidden from the others" in page
    assert "2 contributions from the others are hidden" in page


@pytest.mark.parametrize(
    "change",
    ["reveal", "step", "remove", "merge", "voting", "group", "breakout", "join", "close"],
)
def test_any_other_change_redraws_the_whole_board(world, login, joined, change):
    runner = _access(world.director, world.program)
    client = login(world.staff)
    card = _add(world, joined, world.teller, "A card to act on")
    other = _add(world, joined, world.teller, "Another card")
    seen = _version(joined)
    _add(world, joined, world.teller, "New since the screen's version")
    if change == "reveal":
        services.step_set_revealed(access=runner, workshop=joined, revealed=False)
    elif change == "step":
        services.workshop_go_to_step(access=runner, workshop=joined, position=2)
    elif change == "remove":
        services.contribution_remove(
            access=runner, contribution=card, by=world.director, reason="x"
        )
    elif change == "merge":
        services.contribution_merge(access=runner, contribution=card, into=other)
    elif change == "voting":
        services.step_set_voting(access=runner, workshop=joined, open_=True)
    elif change == "group":
        services.group_create(access=runner, workshop=joined, name="Trust")
    elif change == "breakout":
        services.breakout_start(access=runner, workshop=joined, count=2)
    elif change == "join":
        newcomer = UserFactory()
        membership_ensure(user=newcomer, organization=world.org, role="staff")
        _add(world, joined, newcomer, "My first, so I join with it")
    elif change == "close":
        services.workshop_close(access=runner, workshop=Workshop.objects.get(pk=joined.pk))
    response = _poll(client, joined, seen)
    assert response.status_code == 200
    assert not _is_changes(response), change
    assert 'id="board"' in response.content.decode()


def test_a_removed_contribution_leaves_every_screen_that_had_it(world, login, joined):
    client = login(world.staff)
    seen = _version(joined)
    card = _add(world, joined, world.teller, "Something said in anger")
    assert "Something said in anger" in _poll(client, joined, seen).content.decode()
    seen = _version(joined)
    services.contribution_remove(
        access=_access(world.director, world.program),
        contribution=card,
        by=world.director,
        reason="Not about the work",
    )
    response = _poll(client, joined, seen)
    assert not _is_changes(response)
    assert "Something said in anger" not in response.content.decode()


def test_the_facilitator_always_gets_the_whole_board(world, login, joined):
    client = login(world.director)
    seen = _version(joined)
    _add(world, joined, world.teller, "New for the facilitator")
    response = _poll(client, joined, seen)
    assert not _is_changes(response)
    assert "New for the facilitator" in response.content.decode()
    assert "Merge the duplicate" in response.content.decode()


@pytest.mark.parametrize("version", ["", "abc", "-1", "0", "999999", "1.5"])
def test_a_version_the_server_did_not_give_redraws_the_whole_board(world, login, joined, version):
    client = login(world.staff)
    response = _poll(client, joined, version)
    assert response.status_code == 200
    assert not _is_changes(response)


def test_the_changes_cost_a_constant_number_of_queries(world, login, joined):
    client = login(world.staff)
    _poll(client, joined, _version(joined))  # warm the session
    counts = []
    for batch in (1, 30):
        seen = _version(joined)
        for i in range(batch):
            _add(world, joined, world.teller, f"Batch {batch} card {i}")
        with CaptureQueriesContext(connection) as ctx:
            response = _poll(client, joined, seen)
        assert _is_changes(response)
        assert response.content.decode().count('class="contribution card') == batch
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 7, counts


def test_a_dot_while_the_vote_is_open_redraws_no_other_screen(world, login, joined):
    services.step_set_voting(
        access=_access(world.director, world.program), workshop=joined, open_=True
    )
    card = Contribution.objects.get(text="The first card, before the screen's version")
    seen = _version(joined)
    client = login(world.staff)
    answer = client.post(
        reverse("workshops:contribution_vote", args=[card.pk]),
        {"give": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert "Take back my dot" in answer.content.decode()  # the voter's own card, at once
    assert card.votes.count() == 1
    # Nobody sees counts until the vote ends, so no screen has anything new to draw.
    assert _version(joined) == seen
    assert _poll(login(world.teller), joined, seen).status_code == 204
    # Ending the vote redraws every board, with the count.
    services.step_set_voting(
        access=_access(world.director, world.program), workshop=joined, open_=False
    )
    page = _poll(client, joined, seen).content.decode()
    assert "1 dot" in page


def test_a_guest_gets_the_changes_as_members_do(world, joined):
    runner = _access(world.director, world.program)
    services.guest_link_create(access=runner, workshop=joined)
    joined.refresh_from_db()
    guest_client = Client()
    guest_client.post(
        reverse("workshops:guest_join", args=[joined.guest_token]), {"display_name": "Rana"}
    )
    assert WorkshopGuest.objects.filter(workshop=joined, display_name="Rana").exists()
    seen = _version(joined)
    _add(world, joined, world.teller, "Welcome to our guest", anonymous=True)
    response = guest_client.get(
        reverse("workshops:guest_poll", args=[joined.guest_token]) + f"?v={seen}",
        HTTP_HX_REQUEST="true",
    )
    assert _is_changes(response)
    page = response.content.decode()
    assert "Welcome to our guest" in page
    assert world.teller.full_name not in page
    # The guest's poller and vote links stay on the guest's own addresses.
    assert reverse("workshops:guest_poll", args=[joined.guest_token]) in page
    assert reverse("workshops:workshop_board", args=[joined.pk]) not in page
