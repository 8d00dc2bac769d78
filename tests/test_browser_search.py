"""Search from the navigation and open a result; the progress chart on the dashboard; at a
desktop and a phone-sized viewport, in a real browser (headless Chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def _open_menu_on_a_phone(page, width):
    if width < 768:
        page.get_by_role("button", name="Menu").click()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_search_from_the_nav_and_open_a_result(world, new_page, viewport):
    world.doc_story.summary = "The turning point came when the landlord answered the phone."
    world.doc_story.save(update_fields=["summary"])
    width, height = VIEWPORTS[viewport]
    page = new_page(width, height)
    log_in(page, world.committee)

    _open_menu_on_a_phone(page, width)
    search = page.get_by_role("search").get_by_label("Search stories, interviews and principles")
    search.fill("landlord")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=landlord"))
    stories = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Stories")))
    expect(stories.locator("mark").first).to_have_text("landlord")
    stories.get_by_role("link", name="A home at last").click()
    page.wait_for_url(f"**/stories/{world.doc_story.pk}/")
    expect(page.get_by_role("heading", name="A home at last").first).to_be_visible()

    # The other organization's story is never found.
    page.goto("/search/?q=Hilltown")
    expect(page.get_by_text("No story you may see holds these words.")).to_be_visible()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_progress_chart_is_visible_on_the_dashboard(world, new_page, viewport):
    width, height = VIEWPORTS[viewport]
    page = new_page(width, height)
    log_in(page, world.director)
    page.goto(f"/programs/{world.program.pk}/")
    chart = page.get_by_role("img", name="Stories by step")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] <= width and box["height"] > 50
    # Nothing overflows the phone's width.
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1
    # The numbers are also a table.
    page.get_by_text("Show the numbers as a table").click()
    expect(page.get_by_role("row", name=re.compile("^Nominated 2$"))).to_be_visible()


def test_the_chart_is_mirrored_in_hebrew(world, new_page):
    page = new_page(1280, 900)
    log_in(page, world.director)
    page.context.add_cookies(
        [{"name": "django_language", "value": "he", "url": page.url.split("/accounts")[0]}]
    )
    page.goto(f"/programs/{world.program.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    svg = page.locator("#progress-chart svg")
    expect(svg).to_be_visible()
    first_bar = svg.locator("rect").first.bounding_box()
    first_label = svg.locator("text").first.bounding_box()
    # Bars grow from the right edge, where their labels are aligned too.
    svg_box = svg.bounding_box()
    bar_right = first_bar["x"] + first_bar["width"]
    assert abs(bar_right - (svg_box["x"] + svg_box["width"])) < 2
    assert abs(first_label["x"] + first_label["width"] - bar_right) < 3
    assert first_bar["x"] > svg_box["x"] + 10  # the value sits left of the bar
