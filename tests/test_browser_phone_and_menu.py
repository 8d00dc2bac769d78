"""On a phone (390 px): no page of a program scrolls sideways, wide tables read as cards, and
the program's pages are one menu grouped by stage, opened and used from the keyboard; on a
desktop the same groups are shown named. Then a committee member assesses nominee by nominee
and the meeting decides nominee by nominee, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from stories.models import Assessment

from .a11y import assert_no_axe_violations
from .conftest import log_in
from .factories import StoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = (390, 844)
WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
# Boxes that scroll sideways inside the page (a table in .table-responsive): a table that
# does not fit is read as cards instead.
INNER_SCROLL = """[...document.querySelectorAll('main *')].filter(e => {
    const s = getComputedStyle(e);
    return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.className || e.tagName)"""


def _program_pages(world) -> list[str]:
    p = world.program.pk
    return [
        f"/programs/{p}/",
        f"/programs/{p}/timeline/",
        f"/programs/{p}/nominations/",
        f"/programs/{p}/criteria/",
        f"/programs/{p}/committee/",
        f"/programs/{p}/coverage/",
        f"/programs/{p}/documentation/",
        f"/programs/{p}/principles/",
        f"/programs/{p}/questions/",
        f"/programs/{p}/workshops/",
        f"/programs/{p}/learning-questions/",
        f"/programs/{p}/books/",
        f"/meetings/{world.meeting.pk}/",
        f"/stories/{world.story.pk}/",
    ]


@pytest.mark.parametrize("language", ["en", "he"])
def test_no_program_page_scrolls_sideways_on_a_phone(world, new_page, live_server, language):
    for n in range(3):
        StoryFactory(
            program=world.program,
            department=world.departments[0],
            told_by=world.staff,
            title=f"A rather long title for a nominated success that wraps on a phone ({n})",
        )
    page = new_page(*PHONE)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, world.director) if language == "en" else _log_in_by_id(page, world.director)
    wide = {}
    for url in _program_pages(world):
        response = page.goto(url)
        assert response.status == 200, url
        width = page.evaluate(WIDTH)
        inner = page.evaluate(INNER_SCROLL)
        if width > PHONE[0] or inner:
            wide[url] = (width, inner)
    assert not wide, f"pages that scroll sideways at 390 px ({language}): {wide}"

    # The nominations read as cards: no header row to see, each cell under its column's name.
    page.goto(f"/programs/{world.program.pk}/nominations/")
    table = page.locator("table.table-cards")
    assert table.locator("thead").evaluate("el => el.getBoundingClientRect().height") <= 1
    cell = table.locator("td[data-label]").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label.strip('"').endswith(": ") and len(label) > 4
    row = table.locator("tbody tr").first.bounding_box()
    assert row["width"] <= PHONE[0]


def _log_in_by_id(page, user):
    from .factories import PASSWORD

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")


def _focused_text(page) -> str:
    return page.evaluate("(document.activeElement.innerText || '').trim()")


def test_the_grouped_program_menu_opens_and_is_used_from_the_keyboard_on_a_phone(world, new_page):
    page = new_page(*PHONE)
    log_in(page, world.director)
    page.goto(f"/programs/{world.program.pk}/")
    toggle = page.get_by_role("button", name="Program menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("list", name="Selection")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for stage in ("Overview", "Steering", "Selection", "Documentation", "Processing"):
        expect(page.get_by_role("list", name=stage)).to_be_visible()
    # Tab on from the button through the groups to "Nominations", and open it.
    for _ in range(12):
        page.keyboard.press("Tab")
        if _focused_text(page) == "Nominations":
            break
    assert _focused_text(page) == "Nominations"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/programs/{world.program.pk}/nominations/")
    assert_no_axe_violations(page, "nominations on a phone")
    assert page.evaluate(WIDTH) <= PHONE[0]


def test_on_a_desktop_the_groups_are_named_and_the_current_page_marked(world, new_page):
    page = new_page()
    log_in(page, world.director)
    page.goto(f"/programs/{world.program.pk}/criteria/")
    expect(page.get_by_role("button", name="Program menu")).to_be_hidden()
    selection = page.get_by_role("list", name="Selection")
    expect(selection).to_be_visible()
    current = selection.get_by_role("link", name="Criteria")
    expect(current).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("list", name="Publication").get_by_role("link")).to_have_text(
        "Story books"
    )
    # one row of groups: every group's top within the first two lines of the menu
    tops = page.locator(".program-group").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().top)"
    )
    assert len({round(t) for t in tops}) <= 2, tops
    assert_no_axe_violations(page, "grouped program menu")


def test_a_member_assesses_nominee_by_nominee_and_the_meeting_decides_one_by_one(world, new_page):
    newer = StoryFactory(
        program=world.program,
        department=world.departments[1],
        told_by=world.staff,
        title="Finding a home",
    )
    page = new_page(*PHONE)
    log_in(page, world.committee)
    page.goto(f"/stories/{newer.pk}/")
    rows = page.locator(".assessment-row")
    count = rows.count()
    assert count == world.program.criteria.count()
    for i in range(count):
        rows.nth(i).get_by_label("Met", exact=True).check()
    rows.first.get_by_label("Your note").fill("The worker and the client both say so.")
    page.get_by_role("button", name="Save and go to the next nominee").click()
    page.wait_for_url(f"**/stories/{world.story.pk}/")
    assert Assessment.objects.filter(story=newer, assessor=world.committee).count() == count
    assert page.evaluate(WIDTH) <= PHONE[0]

    # A note without a verdict: refused in place, the note kept, the other rows saved.
    rows = page.locator(".assessment-row")
    rows.first.get_by_label("Unsure", exact=True).check()
    rows.nth(1).get_by_label("Your note").fill("Ask the worker first")
    page.get_by_role("button", name="Save my assessment").click()
    expect(page.get_by_role("alert")).to_contain_text("Some verdicts were not saved")
    expect(rows.nth(1).get_by_label("Your note")).to_have_value("Ask the worker first")
    expect(rows.first).to_contain_text("Saved")
    assert Assessment.objects.filter(story=world.story).count() == 1

    # The meeting: k of n decided, nominee by nominee.
    page.goto(f"/meetings/{world.meeting.pk}/")
    expect(page.locator("#meeting-progress")).to_contain_text("0 of 2 decided")
    page.get_by_role("link", name=re.compile("^Take the nominees one by one")).click()
    expect(page.locator(".card[id^=decision-]")).to_have_count(1)
    nav = page.get_by_role("navigation", name="Nominees, one by one")
    expect(nav).to_contain_text("Nominee 1 of 2")
    card = page.locator(".card[id^=decision-]").first
    card.get_by_label("Decision").select_option("selected")
    card.get_by_label("Reasons").fill(
        "Both the worker and the client see the change, and the client agreed to talk."
    )
    card.get_by_role("button", name=re.compile("^Record the decision")).click()
    expect(page.locator("#meeting-progress")).to_contain_text("1 of 2 decided")
    nav.get_by_role("link", name=re.compile("Next nominee")).first.click()
    expect(page.get_by_role("navigation", name="Nominees, one by one")).to_contain_text(
        "Nominee 2 of 2"
    )
    assert page.evaluate(WIDTH) <= PHONE[0]
    assert_no_axe_violations(page, "a meeting nominee by nominee on a phone")


@pytest.mark.parametrize("language", ["en", "he"])
def test_the_unit_dashboard_reads_as_cards_on_a_phone(world, new_page, live_server, language):
    page = new_page(*PHONE)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, world.unit) if language == "en" else _log_in_by_id(page, world.unit)
    page.goto("/unit/")
    table = page.locator("table.unit-dashboard.table-cards")
    expect(table).to_contain_text(world.program.title)
    assert page.evaluate(WIDTH) <= PHONE[0]
    assert page.evaluate(INNER_SCROLL) == []
    assert table.locator("thead").evaluate("el => el.getBoundingClientRect().height") <= 1
    stage = table.locator("tbody tr").first.locator("td[data-label]").nth(1)
    label = stage.evaluate("el => getComputedStyle(el, '::before').content")
    assert label.strip('"').endswith(": ") and len(label) > 4
    if language == "en":
        assert_no_axe_violations(page, "the unit dashboard on a phone")
