"""A weekly peer reflection planned from a template shared with the learning community, run
live with participants through its four questions to the summary (once on a desktop, once with
the companion on a phone)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from companions import services as companion_services
from companions.models import CompanionProfile
from methods.models import Workshop
from organizations.models import Community
from reflection import services as tservices

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 3000
QUESTIONS = [
    "What did we do?",
    "What happened?",
    "What does this mean?",
    "What will we do next?",
]
ANSWERS = [
    "We called every family back within a day.",
    "Two families came to the second meeting.",
    "A quick call back tells people we mean it.",
    "Keep the call back and write it into the intake routine.",
]


def _shared_template(world):
    profile = CompanionProfile.objects.create(user=world.companion)
    companion_services.companion_assign(by=world.unit, companion=profile, program=world.program)
    community = Community.objects.create(name="Riverside network")
    community.organizations.add(world.org)
    return tservices.template_create(
        by=world.unit,
        name="Weekly peer reflection, Riverside",
        purpose="Our Thursday half hour.",
        method="learning",
        kind="peer_reflection",
        steps=[
            {"title": q, "prompt": f"Prompt {i}", "timer_minutes": 5}
            for i, q in enumerate(QUESTIONS, start=1)
        ],
        communities=[community],
    )


@pytest.mark.parametrize("host_size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_weekly_peer_reflection_from_a_shared_template(world, new_page, host_size):
    template = _shared_template(world)

    # The companion finds the shared template and plans a workshop from it.
    host = new_page(*host_size)
    log_in(host, world.companion)
    host.goto("/reflection-templates/")
    host.get_by_role("link", name=template.name).click()
    expect(host.locator(".template-steps")).to_contain_text("What will we do next?")
    host.get_by_role("link", name=re.compile("Plan it in Learning from success 2026")).click()
    expect(host.get_by_label("Title")).to_have_value(template.name)
    host.get_by_label("Title").fill("Thursday reflection")
    host.get_by_label("Date and time").fill("2030-05-02T09:00")
    host.get_by_role("button", name="Plan the workshop").click()
    expect(host.locator(".alert-success")).to_contain_text("The workshop is planned")
    workshop = Workshop.objects.get(title="Thursday reflection")
    assert workshop.template_id == template.pk and workshop.steps.count() == 4

    host.get_by_role("button", name="Open the workshop").click()
    code = host.locator(".join-code").inner_text().strip()

    # Two colleagues join with the code, one of them on a phone.
    pages = []
    for person, size in ((world.teller, (1280, 900)), (world.staff, (390, 844))):
        page = new_page(*size)
        log_in(page, person)
        page.goto("/workshops/join/")
        page.get_by_label("Workshop code").fill(code)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_role("heading", name=QUESTIONS[0])).to_be_visible()
        pages.append(page)
    expect(host.locator("#board")).to_contain_text("2 participants have joined", timeout=LIVE)

    # Through the four questions: a colleague answers each, everyone sees it, then next.
    for i, (question, answer) in enumerate(zip(QUESTIONS, ANSWERS, strict=True)):
        writer = pages[i % 2]
        expect(writer.get_by_role("heading", name=question)).to_be_visible(timeout=LIVE)
        expect(writer.locator("#board")).to_contain_text(f"Prompt {i + 1}")
        writer.get_by_label("Your contribution", exact=True).fill(answer)
        writer.get_by_role("button", name="Add to this step").click()
        expect(writer.get_by_role("status").filter(has_text="Sent.")).to_be_visible()
        for page in [host, *pages]:
            expect(page.locator(".contribution-text", has_text=answer)).to_be_visible(timeout=LIVE)
        if i < len(QUESTIONS) - 1:
            host.get_by_role("button", name="Next step").click()
            expect(host.get_by_role("heading", name=QUESTIONS[i + 1])).to_be_visible(timeout=LIVE)

    # Close: the summary holds every answer under its question, and the short report.
    host.once("dialog", lambda dialog: dialog.accept())
    host.get_by_role("button", name="Close the workshop").click()
    expect(host.get_by_role("heading", name=re.compile("^Summary:"))).to_be_visible()
    summary = host.locator(".workshop-summary")
    for question, answer in zip(QUESTIONS, ANSWERS, strict=True):
        expect(summary.locator(".summary-step", has_text=question)).to_contain_text(answer)
    expect(host.get_by_role("button", name="Print")).to_be_visible()
    expect(pages[1].locator("#board")).to_contain_text("This workshop is closed", timeout=LIVE)
    assert Workshop.objects.get(pk=workshop.pk).status == "closed"
    # nothing overflows sideways on the phone
    width = host.evaluate("document.documentElement.scrollWidth")
    assert width <= host.viewport_size["width"] + 1, width
