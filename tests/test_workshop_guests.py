"""Workshops beyond the board (issue 19): guests without an account, private dots, moderation,
input ahead of the session, the room screen, and the summary taken away (PDF, CSV, e-mail,
.ics). Each rule is tested from the side of whoever must be refused as well."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from methods.models import Contribution, Vote, Workshop, WorkshopGuest
from organizations.services import membership_ensure
from tests.urlnames import view_name
from workshops import services
from workshops.selectors import GuestAccess, _access, workshop_board

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _plan(world, *, title="Guests welcome", open_=True) -> Workshop:
    access = _access(world.director, world.program)
    workshop = services.workshop_plan(
        access=access,
        by=world.director,
        method="retrospective",
        title=title,
        scheduled_for=timezone.now() + dt.timedelta(hours=1),
        story=world.doc_story,
    )
    if open_:
        services.workshop_open(access=access, workshop=workshop)
    return workshop


def _runner(world):
    return _access(world.director, world.program)


def _guest_client(workshop, name="Rana Guest") -> tuple[Client, WorkshopGuest]:
    """A browser without an account that joined through the guest link."""
    client = Client()
    response = client.post(
        reverse("workshops:guest_join", args=[workshop.guest_token]), {"display_name": name}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:guest_board", args=[workshop.guest_token])
    return client, WorkshopGuest.objects.get(workshop=workshop, display_name=name)


# Guests ------------------------------------------------------------------------------------


def test_the_facilitator_creates_a_guest_link_with_its_qr_code(world, login):
    workshop = _plan(world)
    client = login(world.director)
    response = client.post(reverse("workshops:workshop_guest_link", args=[workshop.pk]))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert len(workshop.guest_token) >= 32
    page = client.get(reverse("workshops:workshop_detail", args=[workshop.pk])).content.decode()
    assert reverse("workshops:guest_join", args=[workshop.guest_token]) in page
    assert 'src="data:image/svg+xml' in page  # drawn here by segno, no outside service
    # Replaced: the old link stops working.
    old = workshop.guest_token
    client.post(reverse("workshops:workshop_guest_link", args=[workshop.pk]))
    assert Client().get(reverse("workshops:guest_join", args=[old])).status_code == 404


def test_a_participant_cannot_create_a_guest_link(world, login):
    workshop = _plan(world)
    response = login(world.staff).post(reverse("workshops:workshop_guest_link", args=[workshop.pk]))
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.guest_token == ""


def test_a_guest_joins_with_a_name_and_is_counted_and_listed_for_the_facilitator(world, login):
    workshop = _plan(world)
    services.guest_link_create(access=_runner(world), workshop=workshop)
    guest_client, guest = _guest_client(workshop, "Rana Guest")
    page = guest_client.get(
        reverse("workshops:guest_board", args=[workshop.guest_token])
    ).content.decode()
    assert "What is the success" in page or workshop.steps.first().label in page
    assert "Rana Guest" in page
    detail = login(world.director).get(reverse("workshops:workshop_detail", args=[workshop.pk]))
    body = detail.content.decode()
    assert "1 guest has joined" in body
    assert "Rana Guest" in body
    # The same browser coming back to the link goes straight to the board (no second guest).
    again = guest_client.get(reverse("workshops:guest_join", args=[workshop.guest_token]))
    assert again.status_code == 302
    assert WorkshopGuest.objects.filter(workshop=workshop).count() == 1
    assert workshop_board(workshop, _runner(world)).guests == 1


@pytest.mark.parametrize(
    "name, error",
    [("   ", "Write the name the others will see."), ("x" * 61, "At most 60 characters.")],
)
def test_a_guest_without_a_proper_name_is_told_why_and_keeps_what_was_typed(world, name, error):
    workshop = _plan(world)
    services.guest_link_create(access=_runner(world), workshop=workshop)
    response = Client().post(
        reverse("workshops:guest_join", args=[workshop.guest_token]), {"display_name": name}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert error in body
    if name.strip():
        assert name in body
    assert not WorkshopGuest.objects.exists()


def test_a_guest_reaches_only_that_workshops_board(world, login):
    """The guest's session opens the board of its workshop and nothing else: not a story, an
    interview, the home page, another workshop (by its own page or its guest link), the
    admin. Nothing of theirs leaks into the answers."""
    workshop = _plan(world)
    other = _plan(world, title="Another workshop")
    services.guest_link_create(access=_runner(world), workshop=workshop)
    services.guest_link_create(access=_runner(world), workshop=other)
    guest_client, _guest = _guest_client(workshop)
    allowed = guest_client.get(reverse("workshops:guest_board", args=[workshop.guest_token]))
    assert allowed.status_code == 200
    refused = [
        reverse(view_name("story_detail"), args=[world.doc_story.pk]),
        reverse(view_name("interview_detail"), args=[world.interview.pk]),
        reverse(view_name("home")),
        reverse("workshops:workshop_detail", args=[other.pk]),
        reverse("workshops:workshop_board", args=[other.pk]),
        reverse("workshops:workshop_detail", args=[workshop.pk]),  # the members' page too
        reverse("workshops:workshop_summary", args=[workshop.pk]),
        reverse("workshops:summary_csv", args=[workshop.pk]),
        reverse("workshops:guest_board", args=[other.guest_token]),
        reverse("workshops:guest_poll", args=[other.guest_token]),
        reverse(view_name("program_dashboard"), args=[world.program.pk]),
        "/admin/",
    ]
    for url in refused:
        response = guest_client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "login" in response["Location"], url
        assert world.doc_story.title.encode() not in response.content, url
    # Nor can it write to another workshop's board.
    response = guest_client.post(
        reverse("workshops:guest_contribute", args=[other.guest_token]), {"text": "Hello"}
    )
    assert response.status_code == 403
    assert not Contribution.objects.filter(workshop=other).exists()


def test_the_guest_link_stops_when_revoked_or_when_the_workshop_closes(world):
    workshop = _plan(world)
    access = _runner(world)
    services.guest_link_create(access=access, workshop=workshop)
    guest_client, _guest = _guest_client(workshop)
    token = workshop.guest_token
    services.guest_link_revoke(access=access, workshop=workshop)
    assert guest_client.get(reverse("workshops:guest_board", args=[token])).status_code == 404
    services.guest_link_create(access=access, workshop=workshop)
    token = workshop.guest_token
    guest_client, _guest = _guest_client(workshop, "Second guest")
    services.workshop_close(access=access, workshop=workshop)
    assert guest_client.get(reverse("workshops:guest_board", args=[token])).status_code == 404
    response = guest_client.post(
        reverse("workshops:guest_contribute", args=[token]), {"text": "Too late"}
    )
    assert response.status_code == 404
    with pytest.raises(Exception, match="no longer works"):
        services.guest_join(workshop=workshop, display_name="Late")


def test_guest_contributions_follow_the_anonymity_rules(world, login):
    workshop = _plan(world)
    services.guest_link_create(access=_runner(world), workshop=workshop)
    guest_client, guest = _guest_client(workshop, "Rana Guest")
    url = reverse("workshops:guest_contribute", args=[workshop.guest_token])
    assert guest_client.post(url, {"text": "Named by a guest"}).status_code == 302
    assert guest_client.post(url, {"text": "Secret of a guest", "anonymous": "on"}).status_code == (
        302
    )
    named = Contribution.objects.get(text="Named by a guest")
    assert named.guest == guest and named.author is None
    for viewer in (world.director, world.staff):
        body = (
            login(viewer)
            .get(reverse("workshops:workshop_board", args=[workshop.pk]))
            .content.decode()
        )
        assert "Rana Guest (guest)" in body
        assert "Secret of a guest" in body
        assert body.count("Rana Guest") == 1  # beside the named one only
    mine = guest_client.get(
        reverse("workshops:guest_board", args=[workshop.guest_token])
    ).content.decode()
    assert "you (anonymous to the others)" in mine
    # A guest's empty contribution is refused clearly, nothing saved.
    response = guest_client.post(url, {"text": "   "})
    assert response.status_code == 400
    assert "Write something before you send it." in response.content.decode()
    assert Contribution.objects.filter(workshop=workshop).count() == 2


def test_a_guest_votes_and_sees_the_dot_at_once(world):
    workshop = _plan(world)
    access = _runner(world)
    services.guest_link_create(access=access, workshop=workshop)
    c = services.contribution_add(access=access, workshop=workshop, by=world.director, text="A")
    services.step_set_voting(access=access, workshop=workshop, open_=True)
    guest_client, guest = _guest_client(workshop)
    url = reverse("workshops:guest_vote", args=[workshop.guest_token, c.pk])
    response = guest_client.post(url, {"give": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-pressed="true"' in body and "Take back my dot" in body
    assert "you have 2 dots left" in body
    assert Vote.objects.filter(guest=guest, contribution=c).count() == 1


# Votes -------------------------------------------------------------------------------------


def _voting(world):
    workshop = _plan(world)
    access = _runner(world)
    c = services.contribution_add(
        access=access, workshop=workshop, by=world.director, text="Trust first"
    )
    services.step_set_voting(access=access, workshop=workshop, open_=True)
    return workshop, c


def test_dots_are_private_until_the_facilitator_ends_the_vote(world, login):
    workshop, c = _voting(world)
    for person in (world.staff, world.teller):
        services.vote_set(
            access=_access(person, world.program), contribution=c, by=person, give=True
        )
    board_url = reverse("workshops:workshop_board", args=[workshop.pk])
    for viewer in (world.student, world.director, world.staff):
        body = login(viewer).get(board_url).content.decode()
        assert "vote-count" not in body, viewer
        assert ">2 dots</span>" not in body
    assert workshop_board(workshop, _runner(world)).groups[-1]["items"][0].votes == 0
    services.step_set_voting(access=_runner(world), workshop=workshop, open_=False)
    body = login(world.student).get(board_url).content.decode()
    assert "vote-count" in body and ">2 dots</span>" in body


def test_the_voters_own_dot_shows_at_once_without_the_poll(world, login):
    workshop, c = _voting(world)
    client = login(world.staff)
    response = client.post(
        reverse("workshops:contribution_vote", args=[c.pk]),
        {"give": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="contribution-{c.pk}"' in body
    assert "Take back my dot" in body and 'aria-pressed="true"' in body
    assert 'id="dots-left" hx-swap-oob="true"' in body and "2 dots left" in body
    assert "1 dot<" not in body  # still no count while the vote is open


def test_rapid_clicks_never_double_or_lose_a_dot(world, login):
    """Each button says what it does (give or take back), so a double click repeats the same
    request: the second "give" finds the dot there, the second "take back" finds none."""
    workshop, c = _voting(world)
    client = login(world.staff)
    url = reverse("workshops:contribution_vote", args=[c.pk])
    for _ in range(3):
        client.post(url, {"give": "1"}, headers={"HX-Request": "true"})
    assert Vote.objects.filter(contribution=c, voter=world.staff).count() == 1
    for _ in range(2):
        client.post(url, {"give": "0"}, headers={"HX-Request": "true"})
    assert Vote.objects.filter(contribution=c, voter=world.staff).count() == 0
    client.post(url, {"give": "1"}, headers={"HX-Request": "true"})
    assert Vote.objects.filter(contribution=c, voter=world.staff).count() == 1


def test_the_database_refuses_a_second_dot_and_a_dot_of_nobody(world):
    workshop, c = _voting(world)
    guest = WorkshopGuest.objects.create(workshop=workshop, display_name="G")
    Vote.objects.create(contribution=c, voter=world.staff)
    Vote.objects.create(contribution=c, guest=guest)
    for kwargs in (
        {"voter": world.staff},
        {"guest": guest},
        {},
        {"voter": world.staff, "guest": guest},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Vote.objects.create(contribution=c, **kwargs)
    assert Vote.objects.filter(contribution=c).count() == 2


# Moderation --------------------------------------------------------------------------------


def test_the_facilitator_reads_hidden_contributions_before_the_reveal_never_an_anonymous_author(
    world, login
):
    workshop = _plan(world)
    access = _runner(world)
    services.step_set_revealed(access=access, workshop=workshop, revealed=False)
    services.contribution_add(
        access=_access(world.staff, world.program),
        workshop=workshop,
        by=world.staff,
        text="I nearly quit",
        anonymous=True,
    )
    url = reverse("workshops:workshop_board", args=[workshop.pk])
    facilitator = login(world.director).get(url).content.decode()
    assert "I nearly quit" in facilitator
    assert "Hidden from the others" in facilitator
    assert world.staff.full_name not in facilitator
    participant = login(world.student).get(url).content.decode()
    assert "I nearly quit" not in participant
    assert "1 contribution from the others is hidden" in participant


def test_merging_a_duplicate_moves_its_dots_without_doubling(world, login):
    workshop = _plan(world)
    access = _runner(world)
    a = services.contribution_add(access=access, workshop=workshop, by=world.director, text="A")
    b = services.contribution_add(access=access, workshop=workshop, by=world.director, text="A!")
    services.step_set_voting(access=access, workshop=workshop, open_=True)
    for person in (world.staff, world.teller):
        services.vote_set(
            access=_access(person, world.program), contribution=b, by=person, give=True
        )
    services.vote_set(
        access=_access(world.staff, world.program), contribution=a, by=world.staff, give=True
    )
    response = login(world.director).post(
        reverse("workshops:contribution_merge", args=[workshop.pk]),
        {"duplicate": b.pk, "into": a.pk},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.merged_into == a
    assert Vote.objects.filter(contribution=a).count() == 2  # staff's once, teller's moved
    assert not Vote.objects.filter(contribution=b).exists()
    board = workshop_board(workshop, access)
    assert [v.pk for row in board.groups for v in row["items"]] == [a.pk]
    # Merging into itself, or a participant merging, is refused.
    response = login(world.director).post(
        reverse("workshops:contribution_merge", args=[workshop.pk]),
        {"duplicate": a.pk, "into": a.pk},
        follow=True,
    )
    assert "Choose another contribution of the same step." in response.content.decode()
    response = login(world.staff).post(
        reverse("workshops:contribution_merge", args=[workshop.pk]),
        {"duplicate": a.pk, "into": b.pk},
    )
    assert response.status_code == 403


def test_removing_a_contribution_needs_a_reason_and_keeps_it_for_the_record(world, login):
    workshop = _plan(world)
    c = services.contribution_add(
        access=_access(world.staff, world.program),
        workshop=workshop,
        by=world.staff,
        text="The client Moshe Levi said so",
    )
    client = login(world.director)
    url = reverse("workshops:contribution_remove", args=[c.pk])
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "Say why the contribution is removed." in response.content.decode()
    c.refresh_from_db()
    assert c.removed_at is None
    client.post(url, {"reason": "Names a client"})
    c.refresh_from_db()
    assert c.removed_at is not None and c.removed_reason == "Names a client"
    assert c.removed_by == world.director
    board = login(world.staff).get(reverse("workshops:workshop_board", args=[workshop.pk]))
    assert "Moshe Levi" not in board.content.decode()
    detail = login(world.director).get(reverse("workshops:workshop_detail", args=[workshop.pk]))
    assert "Names a client" in detail.content.decode()  # the facilitator's record


# Input ahead of the session ----------------------------------------------------------------


def test_a_workshop_takes_input_days_ahead_then_runs_live(world, login):
    workshop = _plan(world, open_=False)
    access = _runner(world)
    services.workshop_open_ahead(access=access, workshop=workshop)
    services.guest_link_create(access=access, workshop=workshop)
    client = login(world.staff)
    response = client.post(
        reverse("workshops:workshop_contribute", args=[workshop.pk]),
        {"text": "Ahead on step three", "position": "3"},
    )
    assert response.status_code == 302
    c = Contribution.objects.get(text="Ahead on step three")
    assert c.step.position == 3
    guest_client, _guest = _guest_client(workshop)
    guest_client.post(
        reverse("workshops:guest_contribute", args=[workshop.guest_token]),
        {"text": "A guest ahead", "position": "2"},
    )
    # The others do not see it ahead; the facilitator does.
    url = reverse("workshops:workshop_board", args=[workshop.pk])
    assert "Ahead on step three" not in login(world.student).get(url).content.decode()
    assert "Ahead on step three" in login(world.staff).get(url).content.decode()
    facilitator = login(world.director).get(url).content.decode()
    assert "Ahead on step three" in facilitator and "A guest ahead" in facilitator
    # Live: what was written ahead stays hidden until revealed step by step.
    services.workshop_open(access=access, workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.OPEN
    assert not workshop.steps.get(position=3).revealed
    services.workshop_go_to_step(access=access, workshop=workshop, position=3)
    assert "Ahead on step three" not in login(world.student).get(url).content.decode()
    services.step_set_revealed(access=access, workshop=workshop, revealed=True)
    assert "Ahead on step three" in login(world.student).get(url).content.decode()


def test_only_a_planned_workshop_opens_ahead(world):
    workshop = _plan(world)
    with pytest.raises(Exception, match="Only a planned workshop"):
        services.workshop_open_ahead(access=_runner(world), workshop=workshop)


# Room screen -------------------------------------------------------------------------------


def test_the_room_screen_shows_the_step_code_qr_and_revealed_contributions_only(world, login):
    workshop = _plan(world)
    access = _runner(world)
    services.guest_link_create(access=access, workshop=workshop)
    services.contribution_add(
        access=_access(world.staff, world.program),
        workshop=workshop,
        by=world.staff,
        text="Visible on the wall",
        anonymous=True,
    )
    body = (
        login(world.director)
        .get(reverse("workshops:workshop_room", args=[workshop.pk]))
        .content.decode()
    )
    assert workshop.code in body
    assert body.count('src="data:image/svg+xml') == 2  # members' and guests' QR codes
    assert "Visible on the wall" in body
    assert world.staff.full_name not in body
    services.step_set_revealed(access=access, workshop=workshop, revealed=False)
    services.contribution_add(
        access=access, workshop=workshop, by=world.director, text="Not on the wall yet"
    )
    board = login(world.director).get(reverse("workshops:room_board", args=[workshop.pk]))
    text = board.content.decode()
    assert "Not on the wall yet" not in text and "Visible on the wall" not in text
    assert "Thinking time: 2 contributions so far" in text
    assert (
        login(world.staff).get(reverse("workshops:workshop_room", args=[workshop.pk])).status_code
        == 403
    )


# The summary taken away --------------------------------------------------------------------


def _closed_with_contributions(world):
    workshop = _plan(world)
    access = _runner(world)
    services.contribution_add(
        access=_access(world.staff, world.program),
        workshop=workshop,
        by=world.staff,
        text='=HYPERLINK("http://x")',
        anonymous=True,
    )
    services.contribution_add(
        access=access, workshop=workshop, by=world.director, text="הצלחה – نجاح"
    )
    services.workshop_close(access=access, workshop=workshop)
    return workshop


def test_the_summary_csv_keeps_anonymity_and_defuses_formulas(world, login):
    workshop = _closed_with_contributions(world)
    response = login(world.student).get(reverse("workshops:summary_csv", args=[workshop.pk]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Step", "Question", "Group", "Contribution"]
    cells = [r[3] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "הצלחה – نجاح" in cells
    assert world.staff.full_name not in text
    assert "Anonymous" in text
    assert response["Cache-Control"] == "no-store"  # a private summary: kept by no cache


def test_the_summary_pdf_is_rendered_by_the_books_pipeline(world, login):
    workshop = _closed_with_contributions(world)
    response = login(world.student).get(reverse("workshops:summary_pdf", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"


def test_the_summary_is_e_mailed_to_each_participant_in_their_language(world, login):
    workshop = _plan(world)
    access = _runner(world)
    reader = UserFactory(full_name="Noa Reader", language="he")
    membership_ensure(user=reader, organization=world.org, role="staff")
    services.contribution_add(
        access=_access(reader, world.program),
        workshop=workshop,
        by=reader,
        text="What I said",
        anonymous=True,
    )
    services.contribution_add(
        access=access, workshop=workshop, by=world.director, text="What the director said"
    )
    services.workshop_close(access=access, workshop=workshop)
    mail.outbox.clear()
    response = login(world.director).post(reverse("workshops:summary_send", args=[workshop.pk]))
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {reader.email, world.director.email}
    hebrew = by_address[reader.email]
    assert "Guests welcome" in hebrew.subject and "סיכום" in hebrew.subject
    assert "What I said" in hebrew.body
    english = by_address[world.director.email]
    assert "Summary of the workshop" in english.subject
    assert reader.full_name not in english.body  # the anonymous one names nobody
    assert "<" not in english.body  # plain text
    workshop.refresh_from_db()
    assert workshop.summary_sent_at is not None
    assert (
        login(world.staff).post(reverse("workshops:summary_send", args=[workshop.pk])).status_code
        == 403
    )


def test_the_workshop_invitation_is_an_ics_calendar_event(world, login):
    workshop = _plan(world, open_=False)
    response = login(world.staff).get(reverse("workshops:workshop_ics", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Guests welcome"
    assert event.decoded("DTSTART") == workshop.scheduled_for.astimezone(dt.UTC).replace(
        microsecond=0
    ) or event.decoded("DTSTART") == workshop.scheduled_for.astimezone(dt.UTC)
    assert str(event["UID"]) == f"workshop-{workshop.pk}@lfs"
    assert (
        login(world.other_director)
        .get(reverse("workshops:workshop_ics", args=[workshop.pk]))
        .status_code
        == 404
    )


def test_a_guest_action_with_a_guest_access_of_another_workshop_is_refused(world):
    workshop = _plan(world)
    other = _plan(world, title="Other")
    guest = WorkshopGuest.objects.create(workshop=other, display_name="G")
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.contribution_add(
            access=GuestAccess(guest), workshop=workshop, by=None, text="Sneaking in"
        )
    assert not Contribution.objects.filter(workshop=workshop).exists()


def test_committee_meetings_and_learning_events_have_ics_invitations(world, login):
    from companions.models import LearningEvent

    response = login(world.director).get(reverse(view_name("meeting_ics"), args=[world.meeting.pk]))
    assert response.status_code == 200
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == world.meeting.title
    assert str(event["UID"]) == f"meeting-{world.meeting.pk}@lfs"
    # Another organization's meeting: not even its existence.
    assert (
        login(world.director)
        .get(reverse(view_name("meeting_ics"), args=[world.other_meeting.pk]))
        .status_code
        == 404
    )
    lecture = LearningEvent.objects.create(
        title="Lecture on success",
        kind="lecture",
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Haifa",
        organization=world.org,
        organizer=world.director,
        cancelled_at=timezone.now(),
    )
    response = login(world.staff).get(reverse("events:event_ics", args=[lecture.pk]))
    assert response.status_code == 200
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Haifa"
    assert str(event["STATUS"]) == "CANCELLED"
    assert (
        login(world.other_director).get(reverse("events:event_ics", args=[lecture.pk])).status_code
        == 404
    )


# Breakout groups ---------------------------------------------------------------------------


def test_breakout_groups_work_apart_and_report_back(world, login):
    workshop = _plan(world)
    access = _runner(world)
    services.guest_link_create(access=access, workshop=workshop)
    people = [world.staff, world.teller, world.student]
    for person in people:
        services.workshop_join(access=_access(person, world.program), workshop=workshop, by=person)
    guest_client, guest = _guest_client(workshop)
    response = login(world.director).post(
        reverse("workshops:workshop_breakout", args=[workshop.pk]), {"count": "2"}
    )
    assert response.status_code == 302
    step = workshop.steps.get(position=1)
    groups = list(step.groups.filter(breakout=True))
    assert len(groups) == 2
    sizes = sorted(g.members.count() for g in groups)
    assert sizes == [2, 2]  # three members and the guest, dealt evenly; not the facilitator
    # Each writes in their group; the others' group is not seen while apart.
    for person in people:
        services.contribution_add(
            access=_access(person, world.program),
            workshop=workshop,
            by=person,
            text=f"Idea of {person.full_name}",
        )
    guest_client.post(
        reverse("workshops:guest_contribute", args=[workshop.guest_token]),
        {"text": "Idea of the guest"},
    )
    url = reverse("workshops:workshop_board", args=[workshop.pk])
    for person in people:
        mine = services.breakout_group_of(step, user=person)
        body = login(person).get(url).content.decode()
        for other in people:
            same = services.breakout_group_of(step, user=other) == mine
            assert (f"Idea of {other.full_name}" in body) == same, (person, other)
        assert ("Idea of the guest" in body) == (
            services.breakout_group_of(step, guest=guest) == mine
        )
        assert "Your group&#x27;s report back" in body or "Your group's report back" in body
    facilitator = login(world.director).get(url).content.decode()
    assert all(f"Idea of {p.full_name}" in facilitator for p in people)
    # The guest reports back for the group; the facilitator brings everyone back.
    response = guest_client.post(
        reverse("workshops:guest_breakout_report", args=[workshop.guest_token]),
        {"report": "We want weekly calls"},
    )
    assert response.status_code == 302
    assert services.breakout_group_of(step, guest=guest).report == "We want weekly calls"
    # A member in no group cannot report; bad counts are refused clearly.
    services.breakout_end(access=access, workshop=workshop)
    for person in people:
        body = login(person).get(url).content.decode()
        assert all(f"Idea of {p.full_name}" in body for p in people)
        assert "We want weekly calls" in body
    room = login(world.director).get(reverse("workshops:room_board", args=[workshop.pk]))
    assert "We want weekly calls" in room.content.decode()
    with pytest.raises(Exception, match="not in a breakout group"):
        services.breakout_report(
            access=_access(world.staff, world.program),
            workshop=workshop,
            by=world.staff,
            text="late",
        )


@pytest.mark.parametrize("count", ["1", "9", "", "4"])
def test_a_breakout_with_a_bad_number_of_groups_is_refused_clearly(world, login, count):
    workshop = _plan(world)
    services.workshop_join(
        access=_access(world.staff, world.program), workshop=workshop, by=world.staff
    )
    services.workshop_join(
        access=_access(world.teller, world.program), workshop=workshop, by=world.teller
    )
    response = login(world.director).post(
        reverse("workshops:workshop_breakout", args=[workshop.pk]),
        {"count": count},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Choose between 2 and 8 groups." in body or "Fewer people have joined" in body
    assert not workshop.steps.get(position=1).breakout_active


def test_a_participant_cannot_split_the_room(world, login):
    workshop = _plan(world)
    response = login(world.staff).post(
        reverse("workshops:workshop_breakout", args=[workshop.pk]), {"count": "2"}
    )
    assert response.status_code == 403


def test_a_workshop_takes_a_bounded_number_of_guests(world):
    workshop = _plan(world)
    services.guest_link_create(access=_runner(world), workshop=workshop)
    WorkshopGuest.objects.bulk_create(
        [
            WorkshopGuest(workshop=workshop, display_name=f"Guest {i}")
            for i in range(services.MAX_GUESTS)
        ]
    )
    response = Client().post(
        reverse("workshops:guest_join", args=[workshop.guest_token]), {"display_name": "One more"}
    )
    assert response.status_code == 400
    assert "all the guests it can take" in response.content.decode()
    assert WorkshopGuest.objects.filter(workshop=workshop).count() == services.MAX_GUESTS
