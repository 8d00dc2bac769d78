"""Keyboard use, visible focus, and mixed right-to-left text in a real browser.

axe-core runs on every page of the user journeys (tests/test_browser_journeys.py); this module
covers what axe cannot see: that the keyboard reaches the navigation and completes a form with a
focus ring one can see, and that a Hebrew title with a number and a Latin name is laid out in the
right visual order in Hebrew and English pages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from stories.models import SelectionCriterion

from .a11y import assert_no_axe_violations
from .conftest import log_in
from .factories import PASSWORD, StoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim().slice(0, 40),
        nav: !!el.closest('nav'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
        color: s.outlineColor, shadow: s.boxShadow,
        visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight,
    };
}"""


def _focused(page) -> dict:
    info = page.evaluate(FOCUS_STYLE)
    assert info is not None, "the focus left the page's elements"
    return info


def _assert_ring(info: dict) -> None:
    assert info["visible"], f"the focused element is off screen: {info}"
    assert info["style"] not in ("none", "hidden") and info["width"] >= 2, (
        f"no visible focus ring on {info}"
    )


def test_the_keyboard_reaches_the_skip_link_the_navigation_and_completes_a_form(world, new_page):
    page = new_page()
    log_in(page, world.committee)
    page.goto(f"/programs/{world.program.pk}/criteria/")

    # First Tab: the skip link, shown when focused; Enter moves to the main content.
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["text"] == "Skip to content"
    _assert_ring(first)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab from the top through the main navigation: every stop shows the ring.
    page.goto(f"/programs/{world.program.pk}/criteria/")
    seen = []
    while "Criteria" not in seen and len(seen) < 40:
        page.keyboard.press("Tab")
        info = _focused(page)
        _assert_ring(info)
        seen.append(info["text"])
    assert "My programs" in seen and "Language" not in seen, seen
    assert "Nominations" in seen and "Criteria" in seen, seen

    # A form, keyboard only: focus the field, type, Tab to the button, press Enter.
    field = page.get_by_role("textbox", name=re.compile("^Criterion"))
    field.focus()
    _assert_ring(_focused(page))
    page.keyboard.type("The client's consent can be obtained in writing")
    for _ in range(10):
        page.keyboard.press("Tab")
        if _focused(page)["text"] == "Add the criterion":
            break
    info = _focused(page)
    assert info["text"] == "Add the criterion"
    _assert_ring(info)
    page.keyboard.press("Enter")
    expect(page.locator("#criteria-list")).to_contain_text("obtained in writing")
    assert SelectionCriterion.objects.filter(
        program=world.program, text="The client's consent can be obtained in writing"
    ).exists()


def test_the_phone_menu_opens_from_the_keyboard(world, new_page):
    page = new_page(390, 844)
    log_in(page, world.teller)
    page.get_by_role("button", name="Menu").focus()
    _assert_ring(_focused(page))
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="My programs")).to_be_visible()
    page.keyboard.press("Tab")
    _assert_ring(_focused(page))
    assert_no_axe_violations(page, "open phone menu")


# Mixed right-to-left text -------------------------------------------------------------------

# "Dana Levi's family came home after 12 years": Hebrew words, a Latin name and a number.
MIXED_TITLE = "המשפחה של Dana Levi חזרה הביתה אחרי 12 שנים"
# In reading order; each must appear further left than the one before (right to left), the
# Latin name keeping its own left-to-right order and the number its digits.
READING_ORDER = ["המשפחה", "של", "Levi", "Dana", "חזרה", "הביתה", "אחרי", "12", "שנים"]

WORD_BOXES = """([selector, words]) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const boxes = {};
    let node;
    while ((node = walker.nextNode())) {
        for (const word of words) {
            const at = node.data.indexOf(word);
            if (at < 0 || boxes[word]) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const rects = Array.from(range.getClientRects());
            boxes[word] = rects.map(r => ({left: r.left, right: r.right, top: r.top}));
            if (word === '12') {
                const one = document.createRange();
                one.setStart(node, at); one.setEnd(node, at + 1);
                const two = document.createRange();
                two.setStart(node, at + 1); two.setEnd(node, at + 2);
                boxes['1'] = [one.getBoundingClientRect().left];
                boxes['2'] = [two.getBoundingClientRect().left];
            }
        }
    }
    return boxes;
}"""


def _assert_right_to_left(page, selector: str) -> None:
    boxes = page.evaluate(WORD_BOXES, [selector, READING_ORDER])
    missing = [w for w in READING_ORDER if not boxes.get(w)]
    assert not missing, f"not found in {selector}: {missing}"
    for word in READING_ORDER:
        assert len(boxes[word]) == 1, f"{word!r} is split over {len(boxes[word])} boxes"
    tops = {round(boxes[w][0]["top"]) for w in READING_ORDER}
    assert len(tops) == 1, "the title wrapped; widen the test page"
    lefts = [boxes[w][0]["left"] for w in READING_ORDER]
    order = sorted(READING_ORDER, key=lambda w: -boxes[w][0]["left"])
    assert lefts == sorted(lefts, reverse=True), (
        f"visual order from the right is {order}, expected {READING_ORDER}"
    )
    assert boxes["1"][0] < boxes["2"][0], "the number's digits are reversed"


@pytest.mark.parametrize("language", ["he", "en"])
def test_a_hebrew_title_with_a_number_and_a_latin_name_reads_right_to_left(
    world, new_page, live_server, language
):
    story = StoryFactory(
        program=world.program,
        department=world.departments[0],
        told_by=world.teller,
        title=MIXED_TITLE,
    )
    page = new_page()
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/accounts/login/")  # in the chosen language, so by field id, not label
    page.locator("#id_username").fill(world.committee.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
    expect(page.locator("html")).to_have_attribute("lang", language)

    # In the list of nominations (a link in a table cell) and as the story's heading.
    page.goto(f"/programs/{world.program.pk}/nominations/")
    link = page.locator(f"a[href='/stories/{story.pk}/']")
    expect(link).to_contain_text("Dana Levi")
    _assert_right_to_left(page, f"a[href='/stories/{story.pk}/']")
    page.goto(f"/stories/{story.pk}/")
    _assert_right_to_left(page, "main article h2")
