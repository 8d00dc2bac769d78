"""People management in a real browser: a director invites someone by e-mail, the person
accepts on a phone (keyboard only) and signs in; the people page, the invitation page, the
populations page and the audit log pass axe in English and Hebrew and do not scroll sideways
on a phone.

With PEOPLE_SCREENSHOTS=<folder> the pages are photographed (desktop and phone, en/he/ar)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from organizations.models import Membership, PopulationTerm, User

from .a11y import assert_no_axe_violations
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PEOPLE_SCREENSHOTS", "")
NEW_PASSWORD = "a long new secret 42"  # noqa: S105 - a test account's password


def _check(page, label: str, *, phone: bool = False) -> None:
    """axe in the page's language now and in Hebrew and Arabic; no sideways scroll on a phone."""
    url = page.url
    origin = re.match(r"https?://[^/]+", url).group(0) + "/"
    for language in ("en", "he", "ar"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": origin}])
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_no_axe_violations(page, f"{label} ({language})")
        if phone:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{label} ({language}) scrolls sideways by {overflow}px"
        if SHOTS:
            folder = Path(SHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            size = "phone" if phone else "desktop"
            page.screenshot(path=str(folder / f"{label}-{size}-{language}.png"), full_page=True)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": origin}])
    page.goto(url)


def test_director_invites_and_the_person_accepts_on_a_phone_and_signs_in(world, new_page):
    page = new_page()
    log_in(page, world.director)
    page.get_by_role("link", name="People of Riverside Social Services").click()
    expect(page.get_by_role("heading", name="People of Riverside Social Services")).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Send the invitation"))
    form.get_by_label("E-mail address").fill("nora.new@example.org")
    form.get_by_label("Full name").fill("Nora New")
    form.get_by_label("Role").select_option("committee")
    # A committee member is invited to a program: without one the form says so, keeping input.
    form.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Choose the program for this role.")).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Send the invitation"))
    expect(form.get_by_label("E-mail address")).to_have_value("nora.new@example.org")
    form.get_by_label("Program").select_option(label="Learning from success 2026")
    form.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".alert-success")).to_contain_text("nora.new@example.org")
    expect(page.locator(".invitation")).to_contain_text("nora.new@example.org")
    _check(page, "people")

    link = re.search(r"https?://\S+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)

    phone = new_page(390, 844)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Accept the invitation")).to_be_visible()
    _check(phone, "invitation", phone=True)
    phone.get_by_label("Full name").fill("Nora New")
    phone.get_by_label("Password").first.fill(NEW_PASSWORD)  # then "Password again"
    phone.get_by_label("Password again").fill(NEW_PASSWORD)
    phone.get_by_label("Password again").press("Enter")  # keyboard only
    expect(phone.locator(".alert-success")).to_contain_text("Your account is ready")
    expect(phone).to_have_url(re.compile(r"/accounts/login/$"))
    user = User.objects.get(email="nora.new@example.org")
    log_in(phone, user, NEW_PASSWORD)
    expect(phone.get_by_role("link", name="Learning from success 2026").first).to_be_visible()
    assert Membership.objects.filter(user=user, program=world.program, role="committee").exists()

    # The link works once.
    phone.goto(link)
    expect(
        phone.get_by_role("heading", name="This invitation can no longer be used")
    ).to_be_visible()

    # The director reads it in the audit log, the person named and linked.
    page.goto("/audit/")
    row = page.locator("tr", has_text="Invitation accepted").first
    expect(row).to_contain_text("Committee member")
    expect(page.locator("tr", has_text="Role given").first.get_by_role("link")).to_contain_text(
        "Nora New"
    )
    _check(page, "audit-log")


def test_the_populations_and_the_people_pages_work_on_a_phone(world, new_page):
    PopulationTerm.objects.create(
        program=world.program,
        name_en="single parents",
        name_he="הורים יחידים",
        name_ar="آباء وأمهات وحيدون",
    )
    PopulationTerm.objects.create(program=world.program, name_he="עולים חדשים")
    page = new_page(390, 844)
    log_in(page, world.director)
    page.goto(f"/programs/{world.program.pk}/populations/")
    # Keyboard: open a term's names with Enter, change one, save.
    summary = page.locator("summary", has_text="Edit the names").first
    summary.focus()
    summary.press("Enter")
    english = page.locator("details[open] input[lang=en]")
    english.fill("new immigrants")
    english.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text(
        "The population's names have been saved."
    )
    _check(page, "populations", phone=True)
    page.goto(f"/organizations/{world.org.pk}/people/")
    _check(page, "people", phone=True)


def test_a_coordinator_goes_from_home_to_the_communitys_coming_events(world, new_page):
    import datetime as dt

    from django.utils import timezone

    from companions.models import LearningEvent
    from organizations.models import Community

    from .factories import UserFactory

    coordinator = UserFactory(full_name="Coco Coordinator")
    community = Community.objects.create(name="Riverside network")
    community.organizations.add(world.org)
    community.coordinators.add(coordinator)
    LearningEvent.objects.create(
        kind="lecture",
        title="What our successes teach",
        starts_at=timezone.now() + dt.timedelta(days=5),
        place="Town hall",
        community=community,
    )
    page = new_page(390, 844)
    log_in(page, coordinator)
    _check(page, "coordinator-home", phone=True)
    page.get_by_role("link", name="Riverside network").click()
    expect(page.get_by_role("heading", name="Upcoming learning events")).to_be_visible()
    expect(page.locator(".community-events")).to_contain_text("What our successes teach")
    _check(page, "community", phone=True)


def test_staff_nominate_with_the_programs_populations_and_coverage_counts_them(world, new_page):
    PopulationTerm.objects.create(
        program=world.program,
        name_en="single parents",
        name_he="הורים יחידים",
        name_ar="آباء وأمهات وحيدون",
    )
    page = new_page(390, 844)
    log_in(page, world.teller)
    page.goto(f"/programs/{world.program.pk}/nominate/")
    page.get_by_label("Title").fill("A new start")
    page.get_by_label("Department").select_option(label="Families")
    page.get_by_label("Client pseudonym").fill("Ms. A.")
    page.get_by_label("Summary").fill("A mother found work and childcare.")
    page.get_by_label(re.compile("worker")).fill("She has kept the job for a year.")
    page.get_by_label(re.compile("client's eyes")).fill("She says she is free again.")
    page.get_by_label("single parents").check()
    page.get_by_role("button", name="Nominate").click()
    expect(page.locator(".alert-success")).to_be_visible()
    origin = re.match(r"https?://[^/]+", page.url).group(0) + "/"
    page.context.add_cookies([{"name": "django_language", "value": "he", "url": origin}])
    page.reload()
    expect(page.locator("main")).to_contain_text("הורים יחידים")
    page = new_page(390, 844)
    log_in(page, world.committee)
    page.goto(f"/programs/{world.program.pk}/coverage/")
    expect(page.locator("main")).to_contain_text("single parents")
    _check(page, "coverage", phone=True)
