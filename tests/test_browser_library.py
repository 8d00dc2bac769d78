"""Two organizations in one learning community share stories through the library, in a real
browser (headless Chromium): a story one shares appears in the other's library with its
principles and without any client data; an unshared or unconsented story never appears, not in
search results and not in the public library."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stories.models import Principle

from .conftest import log_in
from .test_books import approved_story
from .test_communities import ANSWER_TEXT, CONSENT_FORM, PSEUDONYM, REAL_NAME, community_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shared_story_reaches_the_other_organization_and_nothing_else_does(world, new_page):
    community_world(world)
    bakery = approved_story(
        world,
        "A job at the bakery",
        body="He started at the bakery at dawn and kept the job for two years.",
        real_name="Rami Saleh",
    )
    Principle.objects.create(
        story=bakery,
        situation="a client out of work for years",
        goal="a job that lasts",
        action="plan small steps with the employer",
    )
    approved_story(
        world, "The story she took back", body="Never to be read.", real_name="Widad Nassar",
        withdrawn=True,
    )  # fmt: skip
    approved_story(world, "Kept at home", body="Not shared at all.", real_name="Nadia Omar")

    # Riverside's director shares the bakery story; sharing the withdrawn one is refused.
    page = new_page()
    log_in(page, world.director)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
    page.get_by_role("link", name="Learning from success 2026").click()
    page.get_by_role("button", name="Share A job at the bakery").click()
    expect(page.locator(".alert-success")).to_contain_text("shared with your communities")
    page.get_by_role("button", name="Share The story she took back").click()
    expect(page.locator(".alert-danger").first).to_contain_text("cannot be shared")

    # Northside's director reads it in their library, with its principle, no client data.
    other = new_page()
    log_in(other, world._n_director)
    other.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
    stories = other.locator(".library-story")
    expect(stories.filter(has_text="A job at the bakery")).to_have_count(1)
    expect(stories.filter(has_text="A job at the bakery")).to_contain_text(
        "plan small steps with the employer"
    )
    expect(stories.filter(has_text="The story she took back")).to_have_count(0)
    expect(stories.filter(has_text="Kept at home")).to_have_count(0)
    other.get_by_role("link", name="A job at the bakery").click()
    expect(other.get_by_role("heading", name="A job at the bakery")).to_be_visible()
    expect(other.locator("main")).to_contain_text("kept the job for two years")
    text = other.locator("body").inner_text()
    for secret in ("Rami Saleh", bakery.client_pseudonym, "Form 1", REAL_NAME, ANSWER_TEXT):
        assert secret not in text, secret

    # Search: the shared story is found; the withdrawn and unshared ones never are.
    other.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
    other.get_by_label("Search the stories and principles").fill("BAKERY")
    other.locator("main").get_by_role("button", name="Search", exact=True).click()
    expect(stories.filter(has_text="A job at the bakery")).to_have_count(1)
    for query in ("took back", "Never to be read", "Kept at home", "Not shared"):
        other.get_by_label("Search the stories and principles").fill(query)
        other.locator("main").get_by_role("button", name="Search", exact=True).click()
        expect(other.get_by_text("No shared story matches your search.")).to_be_visible()

    # The public library, on a phone, without login: only Northside's public stories.
    phone = new_page(width=390, height=844)
    phone.goto("/library/public/")
    expect(phone.locator(".library-story").filter(has_text=world._n_story.title)).to_have_count(1)
    body = phone.locator("body").inner_text()
    for hidden in ("A job at the bakery", "The story she took back", "Kept at home"):
        assert hidden not in body, hidden
    for secret in (PSEUDONYM, REAL_NAME, ANSWER_TEXT, CONSENT_FORM):
        assert secret not in body, secret
    phone.get_by_label("Search the stories and principles").fill("took back")
    phone.locator("main").get_by_role("button", name="Search", exact=True).click()
    expect(phone.get_by_text("No public story matches your search.")).to_be_visible()
    phone.get_by_label("Search the stories and principles").fill("stairwell")
    phone.locator("main").get_by_role("button", name="Search", exact=True).click()
    phone.get_by_role("link", name=world._n_story.title).click()
    expect(phone.locator("main")).to_contain_text("let them lead")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the public story page scrolls sideways on a phone"
