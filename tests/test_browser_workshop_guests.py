"""A whole workshop in three browser contexts: the facilitator (with the room screen on the
projector), a member on a phone, and a guest without an account on a phone, in Arabic."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from methods.models import Contribution, Vote, Workshop, WorkshopGuest
from workshops import services
from workshops.selectors import _access

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 3000  # ms: a contribution is on every screen within a second or so (loaded CI: margin)


def test_a_workshop_with_a_guest_a_member_and_the_room_screen(world, new_page, live_server):
    workshop = services.workshop_plan(
        access=_access(world.director, world.program),
        by=world.director,
        method="retrospective",
        title="Guests and members",
        scheduled_for=timezone.now() + dt.timedelta(days=2),
        story=world.doc_story,
    )

    # The facilitator opens the workshop for input ahead and creates the guest link.
    host = new_page()
    log_in(host, world.director)
    host.goto(f"/workshops/{workshop.pk}/")
    host.get_by_role("button", name="Open for input ahead").click()
    expect(host.locator(".alert-success")).to_contain_text("open for input ahead")
    host.get_by_role("button", name="Create a guest link").click()
    guest_link = host.locator("a.guest-link").get_attribute("href")
    assert re.search(r"/guest/[\w-]{20,}/$", guest_link)
    expect(host.get_by_alt_text("QR code of the guest link")).to_be_visible()

    # Days ahead, a member writes on step 2 from a phone, by keyboard.
    member = new_page(390, 844)
    log_in(member, world.staff)
    member.goto(f"/workshops/{workshop.pk}/")
    member.get_by_label("Step", exact=True).select_option("2")
    member.get_by_label("Your contribution", exact=True).fill("We called every week, ahead.")
    member.get_by_label("Your contribution", exact=True).press("Tab")
    member.keyboard.press("Tab")  # past "Anonymous to the others"
    member.keyboard.press("Enter")
    expect(member.get_by_role("status").filter(has_text="Sent.")).to_be_visible()
    expect(member.locator(".contribution-text", has_text="ahead.")).to_be_visible(timeout=LIVE)

    # A guest joins with the link on a phone, in Arabic, with no account.
    guest = new_page(390, 844)
    guest.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    guest.goto(guest_link)
    expect(guest.locator("html")).to_have_attribute("dir", "rtl")
    guest.locator("#id_display_name").fill("رنا")
    guest.locator("main form button[type=submit]").click()
    expect(guest.locator("#board")).to_be_visible()
    assert WorkshopGuest.objects.filter(workshop=workshop, display_name="رنا").exists()
    # The guest reaches nothing else: the home page asks for a sign-in.
    guest.goto("/")
    assert "/accounts/login/" in guest.url
    guest.go_back()

    # The facilitator runs it live and puts the room screen on the projector.
    host.reload()
    expect(host.locator(".guest-count")).to_contain_text("1 guest has joined")
    expect(host.locator(".guest-list")).to_contain_text("رنا")
    host.get_by_role("button", name="Run it live now").click()
    room = host.context.new_page()
    room.set_viewport_size({"width": 1600, "height": 900})
    room.goto(f"/workshops/{workshop.pk}/room/")
    code = Workshop.objects.get(pk=workshop.pk).code
    expect(room.locator(".join-code")).to_have_text(code)
    expect(room.locator("img.room-qr")).to_have_count(2)

    # Step 2: what was written ahead is hidden until the facilitator has read it.
    host.locator("#board").get_by_role("button", name="Next step").click()
    expect(room.locator(".room-step")).to_contain_text("2/", timeout=LIVE)
    expect(room.locator(".room-board")).to_contain_text(
        "Thinking time: 1 contribution", timeout=LIVE
    )
    hidden = host.locator(".contribution", has_text="We called every week")
    expect(hidden).to_contain_text("Hidden from the others", timeout=LIVE)
    expect(room.locator(".room-card")).to_have_count(0)
    host.get_by_role("button", name="Reveal all").click()
    expect(room.locator(".room-card", has_text="We called every week")).to_be_visible(timeout=LIVE)
    expect(guest.locator(".contribution-text", has_text="We called every week")).to_be_visible(
        timeout=LIVE
    )

    # The guest adds a contribution (in Arabic): on the room screen and the member's phone.
    guest.locator("#id_text").fill("الثقة أولًا")
    guest.locator("#contribute-form button[type=submit]").click()
    for page in (room, member, host):
        expect(page.locator(".contribution-text", has_text="الثقة أولًا")).to_be_visible(
            timeout=LIVE
        )
    expect(
        member.locator(".contribution", has_text="الثقة أولًا").locator(".contribution-author")
    ).to_contain_text("(guest)")

    # A dot vote: the guest gives a dot by keyboard and sees it at once; counts stay private.
    host.get_by_role("button", name="Start a dot vote").click()
    guest_card = guest.locator(".contribution", has_text="We called every week")
    dot = guest_card.locator(".vote-button")
    expect(dot).to_be_visible(timeout=LIVE)
    dot.focus()
    guest.keyboard.press("Enter")
    expect(guest_card.locator(".vote-button")).to_have_attribute("aria-pressed", "true")
    member_card = member.locator(".contribution", has_text="We called every week")
    member_card.get_by_role("button", name="Give a dot").click(timeout=LIVE)
    expect(member_card.get_by_role("button", name="Take back my dot")).to_be_visible()
    assert Vote.objects.filter(contribution__text__startswith="We called").count() == 2
    expect(member.locator(".vote-count")).to_have_count(0)
    expect(room.locator(".room-card .badge")).to_have_count(0)
    host.get_by_role("button", name="End the vote").click()
    expect(room.locator(".room-card", has_text="We called every week")).to_contain_text(
        "2 dots", timeout=LIVE
    )

    # Close: the guest's link stops, the summary is there for the members.
    host.once("dialog", lambda dialog: dialog.accept())
    host.get_by_role("button", name="Close the workshop").click()
    expect(host.get_by_role("heading", name=re.compile("^Summary:"))).to_be_visible()
    expect(host.locator(".workshop-summary")).to_contain_text("الثقة أولًا")
    response = guest.goto(guest_link)
    assert response.status == 404
    assert Contribution.objects.filter(workshop=workshop, guest__isnull=False).count() == 1


def test_the_facilitator_groups_by_drag_and_drop_or_by_keyboard(world, new_page):
    access = _access(world.director, world.program)
    workshop = services.workshop_plan(
        access=access,
        by=world.director,
        method="retrospective",
        title="Grouping",
        scheduled_for=timezone.now(),
        story=world.doc_story,
    )
    services.workshop_open(access=access, workshop=workshop)
    first = services.contribution_add(
        access=access, workshop=workshop, by=world.director, text="Dragged into Trust"
    )
    second = services.contribution_add(
        access=access, workshop=workshop, by=world.director, text="Moved by keyboard"
    )
    services.group_create(access=access, workshop=workshop, name="Trust")
    host = new_page()
    log_in(host, world.director)
    host.goto(f"/workshops/{workshop.pk}/")
    trust = host.locator(".sortable-group[data-group]:not([data-group=''])")
    card = host.locator(f"#contribution-{first.pk} .contribution-text")
    card.drag_to(trust)
    expect(trust).to_contain_text("Dragged into Trust", timeout=LIVE)
    # The card moves in the page at once; the save it sends is answered a moment later.
    first = _saved_in_a_group(first)
    assert first.group is not None and first.group.name == "Trust"
    # The keyboard path: the card's own group list.
    select = host.locator(f"#contribution-{second.pk}").get_by_label("Group")
    select.focus()
    select.select_option(label="Trust")
    expect(trust).to_contain_text("Moved by keyboard", timeout=LIVE)
    second = _saved_in_a_group(second)
    assert second.group_id == first.group_id


def _saved_in_a_group(contribution, seconds: float = 10.0):
    """The contribution as saved once its group is set (the drop's request may still be on its
    way when the page already shows the card moved); as it is after `seconds` otherwise."""
    deadline = time.monotonic() + seconds
    while True:
        contribution.refresh_from_db()
        if contribution.group_id is not None or time.monotonic() > deadline:
            return contribution
        time.sleep(0.1)
