"""A student codes a passage of a Hebrew answer, finds it under its code and drafts a principle
from it; a committee member drills down from the matrix to the passage, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from analysis.models import CodedPassage
from stories.models import CommonPrinciple, Principle, PrincipleEvidence

from .conftest import log_in
from .test_analysis import HEBREW, answer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "האמון נבנה לאט"

SELECT = """([selector, words]) => {
  const box = document.querySelector(selector);
  const node = box.firstChild;
  const at = node.textContent.indexOf(words);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + words.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_a_student_codes_a_hebrew_passage_and_drafts_a_principle_the_committee_drills_down(
    world, new_page
):
    answer = answer_of(world, 3, HEBREW)

    page = new_page()
    log_in(page, world.student)
    # A code for the codebook.
    page.goto(f"/programs/{world.program.pk}/codebook/")
    page.get_by_role("textbox", name=re.compile("^Code")).fill("אמון")
    page.get_by_label("What it means").fill("איך נבנה אמון בין העובדת ללקוחה.")
    page.get_by_role("button", name="Add the code").click()
    expect(page.locator(".alert-success")).to_contain_text("has been added")

    # From the interview's page to coding it.
    page.goto(f"/interviews/{world.interview.pk}/")
    page.get_by_role("link", name="Code passages").click()
    expect(page.get_by_role("heading", name=re.compile("^Code the interview"))).to_be_visible()

    # Selecting the words fills the form: the answer, the words, the code-point offsets (once
    # the page's deferred coding script listens: a selection made before it is not seen).
    page.wait_for_load_state("domcontentloaded")
    page.evaluate(SELECT, [f'.coding-text[data-answer="{answer.pk}"]', WORDS])
    start = HEBREW.index(WORDS)
    expect(page.get_by_label("From character")).to_have_value(str(start))
    expect(page.get_by_label("To character")).to_have_value(str(start + len(WORDS)))
    expect(page.get_by_label("The words to code")).to_have_value(WORDS)
    expect(page.locator("#coding-selection")).to_contain_text("14 characters")
    page.locator("#coding-form").get_by_label("אמון").check()
    page.get_by_role("button", name="Code the passage").click()
    expect(page.locator(".alert-success")).to_contain_text("The passage has been coded")
    expect(page.locator(f'.coding-text[data-answer="{answer.pk}"] mark')).to_have_text(WORDS)
    passage = CodedPassage.objects.get()
    assert HEBREW[passage.start : passage.end] == WORDS

    # Listed under its code.
    page.get_by_role("link", name="Codebook").click()
    page.get_by_role("link", name="אמון").click()
    expect(page.locator(".coded-passage")).to_contain_text(WORDS)

    # A principle drafted from the code, its evidence the passage.
    page.get_by_role("link", name=re.compile("Draft for")).click()
    page.get_by_role("textbox", name=re.compile("^to achieve")).fill("a first real conversation")
    page.get_by_role("textbox", name=re.compile("^we do")).fill(
        "meet in a place the client chooses"
    )
    expect(page.get_by_label(WORDS)).to_be_checked()
    page.get_by_role("button", name="Draft the principle").click()
    expect(page.locator(".alert-success")).to_contain_text("drafted with 1 pieces of evidence")
    expect(page.locator(".evidence-quote")).to_contain_text(WORDS)
    principle = Principle.objects.get(story=world.doc_story)
    assert PrincipleEvidence.objects.get(principle=principle).answer == answer

    # The committee merged it into a common principle; the matrix cell opens the passage.
    common = CommonPrinciple.objects.create(program=world.program, text="We let the client lead")
    Principle.objects.filter(pk=principle.pk).update(common=common)
    page = new_page(390, 844)
    log_in(page, world.committee)
    page.goto(f"/programs/{world.program.pk}/principles/matrix/")
    page.locator("td.matrix-yes a").click()
    expect(
        page.get_by_role("heading", name="What the story shows of the principle")
    ).to_be_visible()
    expect(page.locator(".cell-passage")).to_contain_text(WORDS)
    expect(page.locator(".cell-passage")).to_contain_text(world.interview.interviewee_label)
    expect(page.locator(".cell-passage")).to_contain_text("אמון")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_coding_page_works_right_to_left_on_a_phone(world, new_page):
    answer_of(world, 3, HEBREW)
    page = new_page(390, 844)
    log_in(page, world.student)
    page.context.add_cookies([{"name": "django_language", "value": "he", "url": page.url}])
    page.goto(f"/interviews/{world.interview.pk}/coding/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name=re.compile("^קידוד הראיון"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_analysis_pages_have_no_accessibility_violations(world, new_page):
    from analysis.models import Code

    from .a11y import assert_no_axe_violations
    from .test_analysis import coded

    answer = answer_of(world, 3, HEBREW)
    parent = Code.objects.create(program=world.program, name="יחסים")
    trust = Code.objects.create(program=world.program, name="אמון", parent=parent)
    coded(world, answer, WORDS, trust)
    page = new_page()
    log_in(page, world.committee)
    for url in (
        f"/programs/{world.program.pk}/codebook/",
        f"/interviews/{world.interview.pk}/coding/",
        f"/codes/{trust.pk}/",
        f"/codes/{trust.pk}/stories/{world.doc_story.pk}/principle/",
    ):
        page.goto(url)
        assert_no_axe_violations(page, url)
