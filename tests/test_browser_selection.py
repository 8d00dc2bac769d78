"""The committee selecting stories, in a real browser (headless Chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import log_in
from .factories import StoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECLINE_REASONS = (
    "We chose another employment story that shows the same steps more fully. "
    "Thank you for nominating it: please tell it at the team meeting."
)
SELECT_REASONS = "Both the worker and the client see the change, and the client agreed to talk."


def test_committee_selects_one_story_and_declines_another_and_the_teller_reads_why(world, new_page):
    other = StoryFactory(
        program=world.program,
        department=world.departments[1],
        told_by=world.staff,
        title="Finding a home",
    )
    page = new_page()
    log_in(page, world.committee)

    # A new criterion.
    page.goto(f"/programs/{world.program.pk}/criteria/")
    page.get_by_role("textbox", name=re.compile("^Criterion")).fill(
        "The client's consent can be obtained in writing"
    )
    page.get_by_role("button", name="Add the criterion").click()
    expect(page.locator("#criteria-list")).to_contain_text(
        "The client's consent can be obtained in writing"
    )
    expect(page.locator(".alert-success")).to_contain_text("The criterion has been added.")

    # Assess two nominees against every criterion (one save a nominee, with htmx).
    for story, verdict in ((other, "Met"), (world.story, "Not met")):
        page.goto(f"/stories/{story.pk}/")
        rows = page.locator(".assessment-row")
        expect(rows).to_have_count(4)
        for i in range(4):
            rows.nth(i).get_by_label(verdict, exact=True).check()
        page.get_by_role("button", name="Save my assessment").click()
        for i in range(4):
            expect(rows.nth(i)).to_contain_text("Saved")
        expect(rows.first).to_contain_text(f"{verdict}: 1")

    # A selection meeting that decides on both.
    page.goto(f"/programs/{world.program.pk}/meetings/new/")
    page.get_by_label("Kind").select_option("selection")
    page.get_by_label("Title").fill("December selection meeting")
    page.get_by_label("Date and time").fill("2026-12-01T10:00")
    page.get_by_label("Agenda").fill("Decide on the nominees.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="December selection meeting")).to_be_visible()

    for story, outcome, reasons in (
        (other, "selected", SELECT_REASONS),
        (world.story, "declined", DECLINE_REASONS),
    ):
        card = page.locator(f"#decision-{story.pk}")
        card.get_by_label("Decision").select_option(outcome)
        card.get_by_label("Reasons").fill(reasons)
        card.get_by_role("button", name=re.compile("^Record the decision")).click()
        expect(page.locator(f"#decision-{story.pk}")).to_contain_text("Decision recorded")

    # A decision without reasons is refused on the page.
    world.story.refresh_from_db()
    assert world.story.status == "declined"
    other.refresh_from_db()
    assert other.status == "selected"

    # The staff member who told the declined story reads the reasons.
    teller_page = new_page()
    log_in(teller_page, world.teller)
    expect(teller_page.get_by_text("Successes you told")).to_be_visible()
    teller_page.get_by_role("link", name="Back to work", exact=True).click()
    decision = teller_page.locator(".decision")
    expect(decision).to_contain_text("Declined")
    expect(decision).to_contain_text("We chose another employment story")
    expect(teller_page.get_by_text("Assessment against the criteria")).to_have_count(0)


def test_a_decision_without_reasons_shows_an_error_in_the_page(world, new_page):
    from .factories import MeetingFactory

    meeting = MeetingFactory(program=world.program, title="Short meeting")
    page = new_page()
    log_in(page, world.committee)
    page.goto(f"/meetings/{meeting.pk}/")
    card = page.locator(f"#decision-{world.story.pk}")
    card.get_by_label("Decision").select_option("declined")
    card.get_by_role("button", name=re.compile("^Record the decision")).click()
    expect(page.locator(f"#decision-{world.story.pk}")).to_contain_text("This field is required.")
    world.story.refresh_from_db()
    assert world.story.status == "nominated"


def test_switching_to_hebrew_mirrors_the_layout(world, new_page):
    page = new_page()
    log_in(page, world.committee)
    page.get_by_label("Language").select_option("he")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "he")
    assert page.locator("link[href*='bootstrap.rtl']").count() == 1
    page.goto(f"/programs/{world.program.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_the_site_works_on_a_phone(world, new_page):
    page = new_page(390, 844)
    log_in(page, world.teller)
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="My programs")).to_be_visible()
    page.goto(f"/stories/{world.story.pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"


def test_changing_a_decision_in_the_card_asks_why_and_the_teller_reads_the_correction(
    world, new_page
):
    page = new_page()
    log_in(page, world.committee)
    page.goto(f"/meetings/{world.meeting.pk}/")
    card = page.locator(f"#decision-{world.story.pk}")
    card.get_by_label("Decision").select_option("selected")
    card.get_by_label("Reasons").fill(SELECT_REASONS)
    card.get_by_role("button", name=re.compile("^Record the decision")).click()
    expect(page.locator(f"#decision-{world.story.pk}")).to_contain_text("Decision recorded")

    # A change: the card asks to confirm it, with a reason, before anything is recorded.
    card = page.locator(f"#decision-{world.story.pk}")
    card.get_by_label("Decision").select_option("declined")
    card.get_by_label("Reasons").fill(DECLINE_REASONS)
    card.get_by_role("button", name=re.compile("^Record the decision")).click()
    card = page.locator(f"#decision-{world.story.pk}")
    expect(card).to_contain_text("This changes a recorded decision")
    expect(card).to_contain_text(SELECT_REASONS)
    world.story.refresh_from_db()
    assert world.story.status == "selected"
    card.get_by_role("button", name=re.compile("^Record the correction")).click()
    expect(page.locator(f"#decision-{world.story.pk}")).to_contain_text("This field is required.")
    card = page.locator(f"#decision-{world.story.pk}")
    card.get_by_label("Why is the decision changed?").fill(
        "The client has told us she does not want her story told after all."
    )
    card.get_by_role("button", name=re.compile("^Record the correction")).click()
    expect(page.locator(f"#decision-{world.story.pk}")).to_contain_text("Decision recorded")
    world.story.refresh_from_db()
    assert world.story.status == "declined"

    teller_page = new_page()
    log_in(teller_page, world.teller)
    teller_page.goto(f"/stories/{world.story.pk}/")
    history = teller_page.locator(".decision")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Correction")
    expect(history.first).to_contain_text("does not want her story told")
    expect(history.nth(1)).to_contain_text("Corrected on")
