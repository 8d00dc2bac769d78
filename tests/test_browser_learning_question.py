"""The prospective method in a browser: a learning question, two cycles, a shared log entry."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learning_question_with_two_cycles_and_a_shared_log_entry(world, new_page):
    page = new_page()
    log_in(page, world.director)
    page.goto(f"/programs/{world.program.pk}/")
    page.get_by_role("link", name="Learning question", exact=True).click()
    page.locator("#id_question").fill(
        "How do we keep young people engaged after the first meeting?"
    )
    page.get_by_label("Why it matters").fill("Half of them never come back.")
    page.get_by_label(world.staff.full_name).check()
    page.get_by_role("button", name="Save the question").click()
    expect(
        page.get_by_role("heading", name=re.compile("keep young people engaged"))
    ).to_be_visible()

    cycles = [
        ("Call within a week", "2026-03-01", "2026-03-07", "done", "Calls worked for half."),
        ("Meet at the youth club", "2026-03-08", "2026-03-21", "running", ""),
    ]
    for goal, start, end, status, learned in cycles:
        form = page.locator("form.cycle-form")
        form.locator("#id_goal").fill(goal)
        form.locator("#id_theory_of_action").fill("If we reach out fast, they feel wanted.")
        form.locator("#id_status").select_option(status)
        form.locator("#id_planned_start").fill(start)
        form.locator("#id_planned_end").fill(end)
        form.locator("#id_actual_start").fill(start)
        if learned:
            form.locator("#id_learned").fill(learned)
        form.get_by_role("button", name="Add the cycle").click()
        expect(page.locator(".alert-success")).to_contain_text("has been added")

    board = page.locator(".cycle-board")
    expect(board.locator(".cycle-card")).to_have_count(2)
    expect(board).to_contain_text("Calls worked for half.")
    expect(page.locator(".cycle-timeline .timeline-row")).to_have_count(2)
    expect(page.locator(".cycle-timeline .bar.planned")).to_have_count(2)

    # A log entry, shared with the team; another member reads it, and no private one.
    page.goto(f"/programs/{world.program.pk}/log/")
    page.locator("#id_learnt").fill("Young people answer messages, not calls.")
    page.locator("#id_share").check()
    page.get_by_role("button", name="Save the entry").click()
    expect(page.locator(".alert-success")).to_contain_text("Shared with the team")
    page.locator("#id_learnt").fill("I was impatient today.")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.locator(".alert-success")).to_contain_text("private log")

    other = new_page(390, 844)
    log_in(other, world.staff)
    other.goto(f"/programs/{world.program.pk}/log/")
    expect(other.locator(".shared-entry")).to_contain_text("Young people answer messages")
    expect(other.locator("main")).not_to_contain_text("I was impatient today.")
    assert other.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
