"""Learning sessions and dissemination events: who sees and organizes them, registering and
cancelling (with a capacity), the organizer's attendance, what was presented (titles only),
and the community selector another page uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from companions.models import EventRegistration, LearningEvent
from events import services
from events.selectors import event_get_for_user, upcoming_events_for_community
from organizations.models import Community

from .factories import UserFactory
from .test_books import book_world

SOON = dt.timedelta(days=7)


def _ev(world) -> dict:
    """A community of the world's organization coordinated by an outside coordinator, an
    upcoming lecture open to the community (organized by the director, presenting a story and
    a book) and an intro session held today in the other organization."""
    cached = getattr(world, "_ev", None)
    if cached is not None:
        return cached
    book = book_world(world)
    coordinator = UserFactory(full_name="Coco Coordinator")
    community = Community.objects.create(name="Riverside network")
    community.organizations.add(world.org)
    community.coordinators.add(coordinator)
    lecture = services.event_create(
        by=world.director,
        kind="lecture",
        title="What our successes teach",
        description="An evening for partners.",
        starts_at=timezone.now() + SOON,
        place="Town hall",
        community=community,
        capacity=2,
        books=[book],
        stories=[world._bakery],
    )
    today = services.event_create(
        by=world.other_director,
        kind="intro_session",
        title="Hilltown introduction",
        starts_at=timezone.now() + dt.timedelta(hours=1),
        place="Hilltown",
        organization=world.other_org,
    )
    world._ev = {
        "community": community,
        "coordinator": coordinator,
        "lecture": lecture,
        "today": today,
        "book": book,
    }
    return world._ev


def extra_args(world, kind: str) -> list:
    if kind == "none":
        _ev(world)
        return []
    return [_ev(world)[kind].pk]


def _event_post(world, **extra) -> dict:
    data = {
        "kind": "intro_session",
        "title": "Introduction for new staff",
        "description": "",
        "starts_at": (timezone.now() + SOON).strftime("%Y-%m-%dT%H:%M"),
        "place": "Meeting room 2",
        "organization": world.org.pk,
        "capacity": "",
    }
    data.update(extra)
    return data


def _edit_post(world) -> dict:
    ev = _ev(world)
    return _event_post(
        world,
        kind="lecture",
        title="What our successes teach, revised",
        organization="",
        community=ev["community"].pk,
        capacity="2",
    )


EXTRA_POST_DATA = {
    "event_new": lambda w: _event_post(w),
    "event_edit": _edit_post,
    "event_register": {},
    "event_unregister": {},
    "event_attendance": lambda w: {"present": [w.director.pk]},
}


def _state(world):
    return (
        list(LearningEvent.objects.order_by("pk").values_list("title", "capacity")),
        list(
            EventRegistration.objects.order_by("pk").values_list(
                "user_id", "cancelled_at", "attended"
            )
        ),
    )


# The access rows for these views are in the one table of tests/test_permissions.py.


def _registered(world, person):
    """Before each person's request: the person to unregister is registered; someone is
    registered for the event whose attendance is taken."""
    ev = _ev(world)
    if person is not None:
        EventRegistration.objects.get_or_create(event=ev["lecture"], user=person)
    EventRegistration.objects.get_or_create(event=ev["today"], user=world.director)


#: Run before each person's request (inside the savepoint) in tests/test_permissions.py.
EXTRA_PREPARE = {"event_unregister": _registered, "event_attendance": _registered}


def test_a_director_of_another_organization_cannot_hold_an_event_for_ours(world, login):
    _ev(world)
    before = _state(world)
    response = login(world.other_director).post(reverse("events:event_new"), _event_post(world))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert _state(world) == before


def test_registration_respects_the_capacity_and_can_be_cancelled(world, login):
    lecture = _ev(world)["lecture"]
    url = reverse("events:event_register", args=[lecture.pk])
    login(world.teller).post(url)
    login(world.staff).post(url)
    client = login(world.student)
    response = client.post(url, follow=True)
    assert "The event is full: no places are left." in response.content.decode()
    assert not EventRegistration.objects.filter(event=lecture, user=world.student).exists()
    login(world.staff).post(reverse("events:event_unregister", args=[lecture.pk]))
    client = login(world.student)
    response = client.post(url, follow=True)
    assert "You are registered." in response.content.decode()
    assert EventRegistration.objects.filter(event=lecture, cancelled_at__isnull=True).count() == 2


def test_an_event_without_community_or_organization_is_refused_and_the_input_kept(world, login):
    _ev(world)
    before = _state(world)
    data = _event_post(world, organization="", title="Nowhere in particular")
    response = login(world.director).post(reverse("events:event_new"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the learning community or the organization the event is open to." in body
    assert 'value="Nowhere in particular"' in body
    assert _state(world) == before


def test_capacity_below_the_registrations_is_refused(world, login):
    ev = _ev(world)
    for person in (world.teller, world.staff):
        EventRegistration.objects.create(event=ev["lecture"], user=person)
    before = _state(world)
    data = _edit_post(world)
    data["capacity"] = "1"
    response = login(world.director).post(
        reverse("events:event_edit", args=[ev["lecture"].pk]), data
    )
    assert response.status_code == 400
    assert "2 people have already registered" in response.content.decode()
    assert _state(world) == before


def test_the_organizer_takes_attendance_of_registered_people_only(world, login):
    ev = _ev(world)
    EventRegistration.objects.create(event=ev["today"], user=world.other_director)
    client = login(world.other_director)
    client.post(
        reverse("events:event_attendance", args=[ev["today"].pk]), {"present": [world.teller.pk]}
    )
    assert EventRegistration.objects.get(event=ev["today"]).attended is None
    client.post(
        reverse("events:event_attendance", args=[ev["today"].pk]),
        {"present": [world.other_director.pk]},
    )
    assert EventRegistration.objects.get(event=ev["today"]).attended is True
    # a week ahead, attendance is not taken yet
    EventRegistration.objects.create(event=ev["lecture"], user=world.teller)
    response = login(world.director).post(
        reverse("events:event_attendance", args=[ev["lecture"].pk]),
        {"present": [world.teller.pk]},
        follow=True,
    )
    assert "Attendance is taken on the day of the event." in response.content.decode()


def test_presented_stories_show_by_title_only_and_never_client_data(world, login):
    ev = _ev(world)
    html = login(world.teller).get(reverse("events:event_detail", args=[ev["lecture"].pk])).content
    html = html.decode()
    assert "A job at the bakery" in html and "Stories of success 2026" in html
    assert world._bakery.client_pseudonym not in html
    for secret in ("Rami Saleh", "kept the job for two years"):
        assert secret not in html


def test_an_unpublishable_story_cannot_be_presented(world):
    ev = _ev(world)
    with pytest.raises(Exception) as caught:
        services.event_update(
            access=event_get_for_user(world.director, ev["lecture"].pk)[1],
            by=world.director,
            community=ev["community"],
            kind="lecture",
            title="x",
            starts_at=timezone.now() + SOON,
            place="x",
            stories=[world._withdrawn],
        )
    assert "Choose only from the list." in str(caught.value)


def test_the_community_coordinator_manages_the_communitys_events(world, login):
    ev = _ev(world)
    client = login(ev["coordinator"])
    assert client.get(reverse("events:event_edit", args=[ev["lecture"].pk])).status_code == 200
    assert client.get(reverse("events:event_edit", args=[ev["today"].pk])).status_code == 404


def test_upcoming_events_for_community_are_scoped_to_the_viewer(world):
    ev = _ev(world)
    community = ev["community"]
    assert [e.title for e in upcoming_events_for_community(community, world.teller)] == [
        "What our successes teach"
    ]
    assert list(upcoming_events_for_community(community, world.other_director)) == []
    past = LearningEvent.objects.create(
        title="Last year",
        starts_at=timezone.now() - dt.timedelta(days=30),
        place="x",
        community=community,
    )
    assert past not in upcoming_events_for_community(community, world.teller)
