"""Coordinators and communities: a coordinator's home leads to their communities; a community's
page lists its coming learning events and workshops (not closed, past or cancelled ones); the
sign-in page links to the public library."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from companions.models import LearningEvent
from methods.models_workshops import Workshop
from organizations.models import Community

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(world):
    coordinator = UserFactory(full_name="Coco Coordinator")
    community = Community.objects.create(name="Riverside network")
    community.organizations.add(world.org)
    community.coordinators.add(coordinator)
    other = Community.objects.create(name="Hilltown network")
    other.organizations.add(world.other_org)
    return coordinator, community, other


def test_a_coordinators_home_leads_to_the_communities_they_coordinate(world, login, network):
    coordinator, community, other = network
    html = login(coordinator).get(reverse("dashboard:home")).content.decode()
    assert reverse("communities:community_detail", args=[community.pk]) in html
    assert "Riverside network" in html
    assert "Hilltown network" not in html
    assert "Communities you coordinate" in html
    # Someone who coordinates nothing sees no such list.
    html = login(world.director).get(reverse("dashboard:home")).content.decode()
    assert "Communities you coordinate" not in html


def test_a_community_page_lists_its_upcoming_learning_events_only(world, login, network):
    coordinator, community, other = network
    now = timezone.now()

    def event(title, when, **extra):
        return LearningEvent.objects.create(
            kind="lecture", title=title, starts_at=when, place="Town hall", **extra
        )

    event("Coming lecture", now + dt.timedelta(days=3), community=community)
    event("Past lecture", now - dt.timedelta(days=3), community=community)
    event("Cancelled lecture", now + dt.timedelta(days=4), community=community, cancelled_at=now)
    event("Other network's lecture", now + dt.timedelta(days=3), community=other)
    html = (
        login(coordinator)
        .get(reverse("communities:community_detail", args=[community.pk]))
        .content.decode()
    )
    assert "Upcoming learning events" in html
    assert "Coming lecture" in html
    for absent in ("Past lecture", "Cancelled lecture", "Other network&#x27;s lecture"):
        assert absent not in html


def test_a_closed_workshop_is_not_upcoming(world, login, network):
    coordinator, community, other = network
    soon = timezone.now() + dt.timedelta(days=2)
    Workshop.objects.create(
        program=world.program, method="retrospective", title="Still planned", scheduled_for=soon
    )
    Workshop.objects.create(
        program=world.program,
        method="retrospective",
        title="Closed early",
        scheduled_for=soon,
        status=Workshop.Status.CLOSED,
        closed_at=timezone.now(),
    )
    html = (
        login(coordinator)
        .get(reverse("communities:community_detail", args=[community.pk]))
        .content.decode()
    )
    assert "Still planned" in html and "Closed early" not in html
    # Nor on the home page of those who run workshops.
    html = login(world.companion).get(reverse("dashboard:home")).content.decode()
    assert "Closed early" not in html


def test_the_sign_in_page_links_to_the_public_library(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("library:library_public")}"' in html
    assert client.get(reverse("library:library_public")).status_code == 200
