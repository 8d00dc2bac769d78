"""The committee names a common principle, merges the stories' principles into it and reads
the matrix, in a real browser (headless Chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from stories.models import Principle, SuccessStory

from .conftest import log_in
from .factories import StoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_committee_merges_two_story_principles_and_the_matrix_shows_them_common_to_all(
    world, new_page
):
    # The selected stories: the world's documented story and one more.
    other = StoryFactory(
        program=world.program,
        department=world.departments[1],
        told_by=world.staff,
        title="Finding a home",
        status=SuccessStory.Status.SELECTED,
    )
    selected = SuccessStory.objects.filter(program=world.program, status="selected")
    assert set(selected) == {world.doc_story, other}
    Principle.objects.create(
        story=world.doc_story,
        situation="a client who distrusts the office",
        goal="a first real conversation",
        action="meet in a place the client chooses",
    )
    Principle.objects.create(
        story=other,
        situation="a family about to be evicted",
        goal="a plan the family owns",
        action="let the family set the agenda of the first meeting",
    )

    page = new_page()
    log_in(page, world.committee)
    page.goto(f"/programs/{world.program.pk}/")
    page.get_by_role("link", name="Principles", exact=True).click()
    expect(page.get_by_role("heading", name="Principles of action", exact=True)).to_be_visible()

    # A new common principle, in a new category.
    page.get_by_role("textbox", name=re.compile("^Common principle")).fill(
        "We follow the client's lead"
    )
    page.get_by_label("Category", exact=True).fill("Trust")
    page.get_by_role("button", name="Create the common principle").click()
    expect(page.locator(".alert-success")).to_contain_text("has been created")
    expect(page.locator(".common-principle")).to_contain_text("We follow the client's lead")

    # Merge both story principles into it.
    page.get_by_label(re.compile("^In a client who distrusts the office")).check()
    page.get_by_label(re.compile("^In a family about to be evicted")).check()
    page.get_by_label("Merge into the common principle").select_option(
        label="We follow the client's lead"
    )
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("2 story principles merged")
    common = page.locator(".common-principle", has_text="We follow the client's lead")
    expect(common).to_contain_text("Finding a home")
    expect(common).to_contain_text("A home at last")

    # The matrix marks it common to all the selected stories.
    page.get_by_role("link", name="Open the matrix").click()
    row = page.locator("tr.matrix-row", has_text="We follow the client's lead")
    expect(row).to_have_attribute("data-level", "all")
    expect(row.locator(".level-badge")).to_have_text("Common to all")
    expect(row.locator("td.matrix-yes")).to_have_count(2)
    expect(page.get_by_role("columnheader", name="Finding a home")).to_be_visible()
    expect(page.get_by_role("columnheader", name="A home at last")).to_be_visible()

    # On a phone, the table scrolls inside its own box, not the page.
    phone = new_page(390, 844)
    log_in(phone, world.committee)
    phone.goto(f"/programs/{world.program.pk}/principles/matrix/")
    expect(phone.locator(".principle-matrix")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
