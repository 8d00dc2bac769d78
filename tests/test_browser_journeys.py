"""Every user journey in a real browser, from logging in to the outcome, on the demo data.

Each journey runs twice: on a desktop screen and on a phone (390x844). At every page it reaches,
`Journey.check` runs axe-core (WCAG 2.1 A and AA, tests/a11y.py) in English, then reloads the
same address in Hebrew and runs it again, and on the phone it also checks that the page does
not scroll sideways in either language.

With LFS_SCREENSHOTS=<folder> (`make screenshots`), every checked page is also photographed
in both languages and both sizes, and the folder's README.md index is rewritten: that is how
docs/screenshots/ is regenerated.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from companions.models import SupportSession
from methods.models_workshops import Contribution, Workshop
from organizations.models import Program, User
from publications.models import BookRender, StoryBook
from stories.models import Consent, SelectionDecision, StoryDraft, SuccessStory

from .a11y import assert_no_axe_violations
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "lfs-demo-2026"  # noqa: S105 - the demo's printed password
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
LANGUAGES = ("en", "he")
SCREENSHOTS = os.environ.get("LFS_SCREENSHOTS", "")

# The gallery: file stem -> what the page is (in the order of the index).
GALLERY = {
    "login": "Logging in",
    "home-committee": "Home of a committee member",
    "home-student": "Home of a student documenter",
    "home-companion": "Home of a learning companion",
    "home-director": "Home of a director",
    "home-unit": "Home of the LFS unit",
    "program-dashboard": "Program dashboard",
    "nominations": "Nominations",
    "story-assessment": "A nominee assessed against the criteria",
    "committee": "Steering committee and meetings",
    "selection-meeting": "Selection meeting: decisions with reasons",
    "story-documentation": "Documenting a story",
    "interview-new": "A new interview",
    "interview": "Interview: the ten guiding questions",
    "consent": "Recording consent",
    "draft": "A story draft",
    "draft-compare": "Comparing draft versions",
    "principles": "Principles of action",
    "principles-matrix": "Principles matrix",
    "workshops": "Workshops of a program",
    "workshop-plan": "Planning a workshop",
    "workshop-runner": "Workshop runner (the facilitator's screen)",
    "workshop-join": "Joining a workshop with its code",
    "workshop-participant": "A participant's screen",
    "workshop-summary": "Workshop summary",
    "books": "Story books of a program",
    "book-composer": "Book composer",
    "render-status": "A rendered book, ready to download",
    "unit-dashboard": "Unit dashboard: programs' progress",
    "companions": "Learning companions",
    "companion-detail": "A companion: assignments, support sessions, training",
    "support-error": "A support session with a missing field",
    "cohort": "A training cohort with attendance",
}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def demo(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0  # one SQLite connection at a time in the test
    call_command("load_demo", stdout=StringIO())


class Journey:
    """Pages of one journey at one viewport, with the checks every page must pass."""

    def __init__(self, new_page, viewport: str, base_url: str):
        self.new_page = new_page
        self.viewport = viewport
        self.size = VIEWPORTS[viewport]
        self.base_url = base_url
        self.visited: list[str] = []

    def open(self, email: str | None = None):
        page = self.new_page(*self.size)
        if email:
            log_in(page, User.objects.get(email=email), DEMO_PASSWORD)
        return page

    def _set_language(self, page, language: str) -> None:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": self.base_url}]
        )

    def _page_checks(self, page, name: str, language: str) -> None:
        label = f"{name} ({language}, {self.viewport})"
        assert_no_axe_violations(page, label)
        if self.viewport == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= self.size[0], f"{label} scrolls sideways on a phone ({width}px)"
        if SCREENSHOTS:
            _screenshot(page, name, language, self.viewport)

    def check(self, page, name: str) -> None:
        """axe (and the phone's width) in English here, then in Hebrew at the same address."""
        page.wait_for_load_state("load")
        self.visited.append(page.url)
        self._page_checks(page, name, "en")
        url = page.url
        self._set_language(page, "he")
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        self._page_checks(page, name, "he")
        self._set_language(page, "en")
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.fixture
def journey(new_page, viewport, live_server) -> Journey:
    return Journey(new_page, viewport, live_server.url)


def _program_link(page, name: str):
    """A link of the program's menu: on a phone the menu opens from its button first."""
    toggle = page.get_by_role("button", name="Program menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    link = page.locator(".program-nav").get_by_role("link", name=name)
    link.wait_for(state="visible")
    return link


def _screenshot(page, name: str, language: str, viewport: str) -> None:
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    path = folder / f"{name}.{language}.{viewport}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    _shrink(path)
    _write_index(folder)


def _shrink(path: Path) -> None:
    """Keep the gallery small: at most 2400 px tall, 256 colours (plenty for a UI)."""
    from PIL import Image

    with Image.open(path) as image:
        image.load()
    if image.height > 2400:
        image = image.crop((0, 0, image.width, 2400))
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        path, optimize=True
    )


def _write_index(folder: Path) -> None:
    lines = [
        "# Screenshots",
        "",
        "The main pages of LFS on the demo data, in English and Hebrew, on a desktop screen",
        "(1280 px) and a phone (390 px). Regenerate them with `make screenshots`, which runs the",
        "journey browser tests (`tests/test_browser_journeys.py`) with `LFS_SCREENSHOTS` set:",
        "every page a journey checks is photographed there, after axe-core found no WCAG 2.1",
        "A/AA violation on it.",
        "",
        "| page | English | Hebrew | English, phone | Hebrew, phone |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, title in GALLERY.items():
        cells = []
        for viewport in VIEWPORTS:
            for language in LANGUAGES:
                file = f"{name}.{language}.{viewport}.png"
                cells.append(
                    f"[<img src='{file}' width='160' alt='{title} ({language}, {viewport})'>]"
                    f"({file})"
                    if (folder / file).exists()
                    else "–"
                )
        if any(cell != "–" for cell in cells):
            lines.append(f"| {title} | {' | '.join(cells)} |")
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _program(title: str) -> Program:
    return Program.objects.get(title=title)


def _open_program(page, title: str) -> None:
    page.goto("/")
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()


# The journeys -----------------------------------------------------------------------------


def test_the_committee_selects_a_story_with_its_reasons(demo, journey):
    program = _program("Learning from success 2026")
    story = SuccessStory.objects.get(program=program, title="Debt plan that held")
    page = journey.open()
    page.goto("/accounts/login/")
    journey.check(page, "login")
    log_in(page, User.objects.get(email="committee@demo.lfs"), DEMO_PASSWORD)
    journey.check(page, "home-committee")

    _open_program(page, program.title)
    journey.check(page, "program-dashboard")
    _program_link(page, "Nominations").click()
    expect(page.locator("main")).to_contain_text("Debt plan that held")
    journey.check(page, "nominations")

    # Assess the nominee against every criterion.
    page.get_by_role("link", name="Debt plan that held").click()
    rows = page.locator(".assessment-row")
    expect(rows.first).to_be_visible()
    for i in range(rows.count()):
        rows.nth(i).get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save my assessment").click()
    for i in range(rows.count()):
        expect(rows.nth(i)).to_contain_text("Saved")
    journey.check(page, "story-assessment")

    # The selection meeting decides, with reasons; without reasons it is refused in place.
    _program_link(page, "Committee and meetings").click()
    journey.check(page, "committee")
    page.get_by_role("link", name="Selection meeting", exact=True).click()
    card = page.locator(f"#decision-{story.pk}")
    card.get_by_label("Decision").select_option("selected")
    card.get_by_role("button", name=re.compile("^Record the decision")).click()
    expect(page.locator(f"#decision-{story.pk}")).to_contain_text("This field is required.")
    assert_no_axe_violations(page, f"decision without reasons ({journey.viewport})")
    card = page.locator(f"#decision-{story.pk}")
    card.get_by_label("Reasons").fill(
        "The worker and the client both see the change, and the plan held for a year."
    )
    card.get_by_role("button", name=re.compile("^Record the decision")).click()
    expect(page.locator(f"#decision-{story.pk}")).to_contain_text("Decision recorded")
    journey.check(page, "selection-meeting")

    story.refresh_from_db()
    assert story.status == SuccessStory.Status.SELECTED
    assert SelectionDecision.objects.get(story=story).reasons.startswith("The worker and")


def test_a_student_documents_an_assigned_story(demo, journey):
    story = SuccessStory.objects.get(title="A neighbours' feud resolved")
    page = journey.open("student@demo.lfs")
    journey.check(page, "home-student")
    page.get_by_role("link", name="A neighbours' feud resolved").first.click()
    expect(page.locator("#publishable")).to_contain_text("Not yet")
    journey.check(page, "story-documentation")

    # An interview with the client: a few answers, saved as typed and with the form.
    page.get_by_role("link", name="New interview").click()
    journey.check(page, "interview-new")
    page.locator("#id_interviewee_role").select_option("client")
    page.get_by_label("Interviewee's name or description").fill("The families of building 4")
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_role("button", name="Create the interview").click()

    # Consent to the interview comes first: a missing field is an error tied to its field,
    # then the entry is recorded, with the wording shown as it will be kept.
    expect(page.get_by_label("Consent to")).to_have_value("interview")
    expect(page.locator("#consent-wording")).to_contain_text("I agree to be interviewed")
    page.get_by_role("button", name="Record the consent").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    assert_no_axe_violations(page, f"consent with errors ({journey.viewport})")
    invalid = page.locator("[aria-invalid='true'], .is-invalid").first
    described = invalid.get_attribute("aria-describedby") or ""
    assert described and page.locator(f"#{described.split()[0]}").count() == 1
    journey.check(page, "consent")
    page.get_by_label("Consent to").select_option("interview")
    page.get_by_label("How").select_option("written")
    page.get_by_label("Language of the wording").select_option("en")
    page.get_by_role("button", name="Record the consent").click()

    # Then the interview's answers, saved as typed and with the form.
    expect(page.get_by_text("The ten guiding questions")).to_be_visible()
    page.wait_for_load_state("load")
    areas = page.locator("textarea[data-autosave-key]")
    for i in range(3):
        areas.nth(i).fill(f"Answer {i + 1}: we met each family at home, one at a time.")
    expect(page.locator("[id$='_status']").nth(2)).to_contain_text("Saved at")
    page.get_by_role("button", name="Save the interview").click()
    expect(page.locator(".alert-success")).to_contain_text("The interview has been saved.")
    journey.check(page, "interview")

    # Consent to publication; changing the language shows the wording in that language.
    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Consent to").select_option("publication")
    page.get_by_label("Language of the wording").select_option("he")
    expect(page.locator("#consent-wording blockquote")).to_have_attribute("dir", "rtl")
    page.get_by_label("Language of the wording").select_option("en")
    page.get_by_label("How").select_option("written")
    page.get_by_role("button", name="Record the consent").click()
    expect(page.locator(".consent-entry").last).to_contain_text("Publication")

    # Two versions of the story, compared.
    page.get_by_role("link", name="Documentation").last.click()
    for text in (
        "Two families had fought for two years.\n\nA community worker met them.",
        "Two families had fought for two years.\n\nA community worker met them four times.",
    ):
        page.get_by_role("link", name=re.compile("^(Write|Revise) the story")).click()
        page.get_by_label("The story").fill(text)
        page.get_by_role("button", name="Save this version").click()
        expect(page.get_by_role("heading", name=re.compile(r"^Version \d"))).to_be_visible()
        page.get_by_role("link", name="Documentation").last.click()
    page.get_by_role("link", name="Version 2").click()
    journey.check(page, "draft")
    page.get_by_role("link", name="Documentation").last.click()
    page.get_by_role("link", name="Compare versions").click()
    expect(page.locator(".diff-table ins").first).to_contain_text("four times")
    journey.check(page, "draft-compare")

    assert StoryDraft.objects.filter(story=story).count() == 2
    assert Consent.objects.filter(interview__story=story, scope="publication").exists()


def test_a_companion_runs_a_workshop_with_participants(demo, journey):
    program = _program("Learning from success 2025")
    host = journey.open("companion@demo.lfs")
    journey.check(host, "home-companion")
    _open_program(host, program.title)
    _program_link(host, "Workshops").click()
    journey.check(host, "workshops")
    host.get_by_role("link", name="Plan a workshop").click()
    journey.check(host, "workshop-plan")
    host.get_by_label("Method").select_option("retrospective")
    host.get_by_label("Title").fill("What made the bakery job last")
    when = timezone.localtime(timezone.now() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    host.get_by_label("Date and time").fill(when)
    host.get_by_label("The success it is about").select_option(label="A job in the bakery")
    host.get_by_role("button", name=re.compile("^Plan")).click()
    expect(host.get_by_role("heading", name="What made the bakery job last")).to_be_visible()
    host.get_by_role("button", name="Open the workshop").click()
    code = host.locator(".join-code").inner_text().strip()
    journey.check(host, "workshop-runner")

    # A participant joins from their own device with the code and contributes.
    guest = journey.open("committee@demo.lfs")
    guest.goto("/workshops/join/")
    journey.check(guest, "workshop-join")
    guest.get_by_label("Workshop code").fill(code.lower())
    guest.get_by_role("button", name="Join").click()
    expect(guest.get_by_role("heading", name=re.compile("What is the success"))).to_be_visible()
    text = "The employer met the coordinator before the first day."
    guest.get_by_label("Your contribution", exact=True).fill(text)
    guest.get_by_role("button", name="Add to this step").click()
    expect(guest.get_by_role("status").filter(has_text="Sent.")).to_be_visible()
    journey.check(guest, "workshop-participant")
    expect(host.locator(".contribution-text", has_text=text)).to_be_visible()

    # The facilitator closes it: the summary keeps the contribution.
    host.once("dialog", lambda dialog: dialog.accept())
    host.get_by_role("button", name="Close the workshop").click()
    expect(host.get_by_role("heading", name=re.compile("^Summary:"))).to_be_visible()
    expect(host.locator(".workshop-summary")).to_contain_text(text)
    journey.check(host, "workshop-summary")

    workshop = Workshop.objects.get(title="What made the bakery job last")
    assert workshop.status == "closed"
    assert Contribution.objects.filter(step__workshop=workshop, text=text).exists()


def test_the_director_renders_and_downloads_a_book(demo, journey, tmp_path):
    program = _program("Learning from success 2025")
    book = StoryBook.objects.get(program=program, language="he")
    page = journey.open("director@demo.lfs")
    journey.check(page, "home-director")
    _open_program(page, program.title)
    _program_link(page, "Principles").click()
    journey.check(page, "principles")
    page.get_by_role("link", name="Open the matrix").click()
    journey.check(page, "principles-matrix")

    _program_link(page, "Story books").click()
    journey.check(page, "books")
    page.get_by_role("link", name=book.title).click()
    page.get_by_role("heading", name="Stories, in the book's order").wait_for()
    journey.check(page, "book-composer")
    page.get_by_role("button", name="Render the book").click()
    page.get_by_role("link", name="Download the PDF").wait_for()
    journey.check(page, "render-status")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    path = tmp_path / "book.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert BookRender.objects.get(book=book).status == "done"


def test_the_unit_follows_its_companions(demo, journey):
    page = journey.open("unit@demo.lfs")
    journey.check(page, "home-unit")
    page.goto("/")
    if journey.viewport == "phone":
        page.get_by_role("button", name="Menu").click()
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Companions and progress").click()
    expect(page.locator(".unit-dashboard")).to_contain_text("Learning from success 2025")
    journey.check(page, "unit-dashboard")

    page.get_by_role("link", name="Avi Shapiro").first.click()
    expect(page.get_by_role("heading", name="Avi Shapiro")).to_be_visible()
    journey.check(page, "companion-detail")

    # A support session: without topics it is refused next to the field, nothing lost.
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Notes on the learning process").fill("They now ask better questions.")
    page.get_by_role("button", name="Record the support session").click()
    expect(page.locator("#id_topics")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Notes on the learning process")).to_have_value(
        "They now ask better questions."
    )
    assert_no_axe_violations(page, f"support session with an error ({journey.viewport})")
    if SCREENSHOTS:
        _screenshot(page, "support-error", "en", journey.viewport)
    page.get_by_label("Topics").fill("Learning goals, not performance goals")
    page.get_by_role("button", name="Record the support session").click()
    expect(page.locator("main")).to_contain_text("Learning goals, not performance goals")
    assert SupportSession.objects.filter(topics="Learning goals, not performance goals").exists()

    page.get_by_role("link", name="Companions 2025").first.click()
    journey.check(page, "cohort")
