"""A live retrospective workshop in four browsers: the companion and three participants."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from companions import services as companion_services
from companions.models import CompanionProfile
from methods.models import Workshop
from stories.models import Principle
from workshops import services
from workshops.selectors import _access

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 2000  # ms: everyone sees a new contribution within two seconds


def test_a_retrospective_workshop_live_from_opening_to_summary(world, new_page):
    profile = CompanionProfile.objects.create(user=world.companion)
    companion_services.companion_assign(by=world.unit, companion=profile, program=world.program)
    import datetime as dt

    from django.utils import timezone

    workshop = services.workshop_plan(
        access=_access(world.companion, world.program),
        by=world.companion,
        method="retrospective",
        title="What made 'A home at last' work",
        scheduled_for=timezone.now() + dt.timedelta(minutes=5),
        story=world.doc_story,
    )

    # The companion opens the workshop and shows the code.
    host = new_page()
    log_in(host, world.companion)
    host.goto(f"/programs/{world.program.pk}/")
    host.get_by_role("link", name="Workshops", exact=True).click()
    host.get_by_role("link", name="What made 'A home at last' work").click()
    host.get_by_role("button", name="Open the workshop").click()
    code = host.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)

    # Three participants join from their own devices with the code.
    people = [world.teller, world.staff, world.student]
    pages = []
    for person in people:
        page = new_page(390, 844)
        log_in(page, person)
        page.goto("/workshops/join/")
        page.get_by_label("Workshop code").fill(code.lower())
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_role("heading", name=re.compile("What is the success"))).to_be_visible()
        pages.append(page)
    expect(host.locator("#board")).to_contain_text("3 participants have joined", timeout=LIVE)

    # Each adds a contribution (the staff member anonymously); all see the others' in 2 s.
    texts = [
        "She found a flat after two years in a shelter.",
        "I almost gave up after the third refusal.",
        "The landlord trusted the social worker, not the paperwork.",
    ]
    for page, text in zip(pages, texts, strict=True):
        page.get_by_label("Your contribution", exact=True).fill(text)
        if text.startswith("I almost"):
            page.get_by_label("Anonymous to the others").check()
        page.get_by_role("button", name="Add to this step").click()
        expect(page.get_by_role("status").filter(has_text="Sent.")).to_be_visible()
    for page in [host, *pages]:
        for text in texts:
            expect(page.locator(".contribution-text", has_text=text)).to_be_visible(timeout=LIVE)

    # The anonymous one shows no author to anyone but its writer.
    anonymous = "I almost gave up after the third refusal."
    for page in [host, pages[0], pages[2]]:
        item = page.locator(".contribution", has_text=anonymous)
        expect(item.locator(".contribution-author")).to_have_text("Anonymous")
        assert world.staff.full_name not in item.inner_html()
    expect(
        pages[1].locator(".contribution", has_text=anonymous).locator(".contribution-author")
    ).to_have_text("you (anonymous to the others)")
    named = host.locator(".contribution", has_text=texts[0]).locator(".contribution-author")
    expect(named).to_have_text(world.teller.full_name)

    # The companion groups two contributions.
    host.get_by_label("New group on this step").fill("Trust")
    host.get_by_role("button", name="Add the group").click()
    expect(host.locator(".group-name", has_text="Trust")).to_be_visible(timeout=LIVE)
    select = host.locator(".contribution", has_text=texts[2]).get_by_label("Group")
    expect(select.locator("option", has_text="Trust")).to_be_attached()
    host.wait_for_timeout(300)  # let the board settle after the group's own refresh
    select.select_option(label="Trust")
    expect(
        host.locator(".contribution-group", has=host.locator(".group-name", has_text="Trust"))
    ).to_contain_text(texts[2], timeout=5000)
    for page in pages:
        expect(
            page.locator(".contribution-group", has=page.locator(".group-name", has_text="Trust"))
        ).to_contain_text(texts[2], timeout=LIVE)

    # A dot vote: everyone gives the landlord's trust a dot.
    host.get_by_role("button", name="Start a dot vote").click()
    for page in pages:
        item = page.locator(".contribution", has_text=texts[2])
        item.get_by_role("button", name="Give a dot").click(timeout=LIVE + 3000)
        expect(item.get_by_role("button", name="Take back my dot")).to_be_visible(timeout=LIVE)
    # The dots stay private while the vote is open; ending it shows the count.
    expect(host.locator(".vote-count")).to_have_count(0)
    host.get_by_role("button", name="End the vote").click()
    expect(host.locator(".contribution", has_text=texts[2]).locator(".vote-count")).to_have_text(
        "3 dots", timeout=LIVE
    )

    # It becomes a principle of action of the story.
    host.locator(".contribution", has_text=texts[2]).get_by_role("link", name="Promote").click()
    host.get_by_label("Principle of action").check()
    host.get_by_label("In situation…").fill("a landlord who distrusts welfare clients")
    host.get_by_label("to achieve…").fill("a lease the client can keep")
    host.get_by_label("we…").fill("vouch for the client in person and stay reachable")
    host.get_by_role("button", name="Promote").click()
    expect(host.locator(".alert-success")).to_contain_text("promoted")
    expect(host.locator(".contribution", has_text=texts[2])).to_contain_text("Promoted")

    # Close: the summary shows every contribution and what was promoted.
    host.once("dialog", lambda dialog: dialog.accept())
    host.get_by_role("button", name="Close the workshop").click()
    expect(host.get_by_role("heading", name=re.compile("^Summary:"))).to_be_visible()
    summary = host.locator(".workshop-summary")
    expect(summary).to_contain_text("vouch for the client in person and stay reachable")
    for text in texts:
        expect(summary).to_contain_text(text)
    assert world.staff.full_name not in summary.inner_html()
    assert Workshop.objects.get(pk=workshop.pk).status == "closed"
    assert Principle.objects.filter(
        story=world.doc_story, action="vouch for the client in person and stay reachable"
    ).exists()

    # The participants' screens say it is closed, and the program's principles show it.
    expect(pages[0].locator("#board")).to_contain_text("This workshop is closed", timeout=LIVE)
    host.goto(f"/programs/{world.program.pk}/principles/")
    expect(host.locator("main")).to_contain_text("vouch for the client in person")


def test_a_screen_follows_new_contributions_through_the_changes_alone(world, new_page):
    """A participant's screen (on a phone) gets each new card as it is added, in the
    answer that carries the new cards alone; the poll goes on after each; a reveal, which is
    not a new card, redraws the whole board; a removed card leaves the screen."""
    from django.utils import timezone

    runner = _access(world.director, world.program)
    workshop = services.workshop_plan(
        access=runner,
        by=world.director,
        method="retrospective",
        title="Cards as they come",
        scheduled_for=timezone.now(),
        story=world.doc_story,
    )
    services.workshop_open(access=runner, workshop=workshop)
    services.workshop_join(
        access=_access(world.teller, world.program), workshop=workshop, by=world.teller
    )
    page = new_page(390, 844)
    log_in(page, world.staff)
    page.goto(f"/workshops/{workshop.pk}/")
    changes_only = []
    page.on(
        "response",
        lambda r: (
            changes_only.append(r.url)
            if "/board/" in r.url and r.headers.get("hx-reswap") == "none"
            else None
        ),
    )
    expect(page.locator("#board-poll")).to_have_count(1)
    written = []
    for i in range(3):
        text = f"Card number {i + 1} from the teller"
        written.append(
            services.contribution_add(
                access=_access(world.teller, world.program),
                workshop=workshop,
                by=world.teller,
                text=text,
            )
        )
        expect(page.locator(".contribution-text", has_text=text)).to_be_visible(timeout=LIVE)
    assert changes_only, "no poll was answered with the changes alone"
    texts = page.locator("#step-ungrouped .contribution-text").all_inner_texts()
    assert texts == [f"Card number {i + 1} from the teller" for i in range(3)]
    expect(page.locator("#board-poll")).to_have_count(1)  # one poller, still polling
    expect(page.locator("#board-empty")).to_be_hidden()

    # A reveal toggle is not a new card: the whole board is drawn again.
    services.step_set_revealed(access=runner, workshop=workshop, revealed=False)
    expect(page.locator(".contribution-text")).to_have_count(0, timeout=LIVE)
    expect(page.locator("#board-hidden-count")).to_contain_text("3 contributions", timeout=LIVE)
    region = page.locator("#board-hidden-count").element_handle()
    services.contribution_add(
        access=_access(world.teller, world.program), workshop=workshop, by=world.teller, text="4"
    )
    expect(page.locator("#board-hidden-count")).to_contain_text("4 contributions", timeout=LIVE)
    # The same live region, its words replaced (a screen reader announces the new count).
    assert region.evaluate("el => el.isConnected")
    services.step_set_revealed(access=runner, workshop=workshop, revealed=True)
    expect(page.locator(".contribution-text")).to_have_count(4, timeout=LIVE)
    services.contribution_remove(
        access=runner, contribution=written[0], by=world.director, reason="A duplicate"
    )
    expect(page.locator(".contribution-text", has_text="Card number 1")).to_have_count(
        0, timeout=LIVE
    )
