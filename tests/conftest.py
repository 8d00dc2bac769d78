"""Shared fixtures: a program with one person in every role, and a second organization."""

from __future__ import annotations

import os
import shutil
import socket
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from django.utils import translation

from organizations.models import Department, Meeting, Organization, Program, Role, User
from organizations.services import membership_ensure, program_create
from stories.models import SuccessStory

from .factories import PASSWORD, MeetingFactory, OrganizationFactory, StoryFactory, UserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 3
        ):
            return True
    except OSError:
        return False


def pytest_configure(config):
    """Under CI the real services are required: a missing one fails the run, never skips."""
    if not os.environ.get("CI"):
        return
    problems = []
    db_url = os.environ.get("DATABASE_URL", "")
    if not db_url.startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must point at PostgreSQL under CI")
    elif not _reachable(db_url, 5432):
        problems.append(f"PostgreSQL is not reachable at {db_url}")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        problems.append("CELERY_BROKER_URL must point at Redis under CI")
    elif not _reachable(broker, 6379):
        problems.append(f"Redis is not reachable at {broker}")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        problems.append(f"Chromium is missing at {CHROMIUM}")
    if problems:
        raise pytest.UsageError("CI needs the real services: " + "; ".join(problems))


@dataclass
class World:
    org: Organization
    program: Program
    departments: list[Department]
    director: User
    committee: User
    committee2: User
    teller: User
    staff: User
    student: User
    companion: User
    unit: User
    story: SuccessStory
    meeting: Meeting
    other_org: Organization
    other_program: Program
    other_director: User
    other_story: SuccessStory
    other_meeting: Meeting
    student2: User = None
    doc_story: SuccessStory = None
    interview: object = None
    consent: object = None
    draft: object = None
    # the other organization's people, one per role (its director is other_director)
    other_committee: User = None
    other_staff: User = None
    other_student: User = None
    other_companion: User = None

    def people(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "director": self.director,
            "committee": self.committee,
            "teller": self.teller,
            "staff": self.staff,
            "student": self.student,
            "student2": self.student2,
            "companion": self.companion,
            "unit": self.unit,
            "other_director": self.other_director,
            "other_committee": self.other_committee,
            "other_staff": self.other_staff,
            "other_student": self.other_student,
            "other_companion": self.other_companion,
        }


def build_world() -> World:
    org = OrganizationFactory(name="Riverside Social Services")
    departments = [
        Department.objects.create(organization=org, name=n) for n in ("Families", "Employment")
    ]
    program = program_create(organization=org, title="Learning from success 2026")
    program.stage = "selection"
    program.save(update_fields=["stage"])
    program.departments.set(departments)

    def person(name: str, role: str, department=None, prog=program, organization=org) -> User:
        user = UserFactory(full_name=name, email=f"{name.lower().replace(' ', '.')}@example.org")
        membership_ensure(
            user=user, organization=organization, role=role, program=prog, department=department
        )
        return user

    director = person("Dana Director", Role.DIRECTOR)
    committee = person("Cora Committee", Role.COMMITTEE)
    committee2 = person("Carl Committee", Role.COMMITTEE)
    teller = person("Tal Teller", Role.STAFF, departments[0])
    staff = person("Sam Staff", Role.STAFF, departments[1])
    student = person("Stu Student", Role.STUDENT)
    companion = person("Cam Companion", Role.COMPANION)
    unit = UserFactory(full_name="Uma Unit", email="uma.unit@example.org", is_unit=True)
    story = StoryFactory(
        program=program, department=departments[0], told_by=teller, title="Back to work"
    )
    meeting = MeetingFactory(program=program, title="Selection meeting")

    other_org = OrganizationFactory(name="Hilltown Welfare")
    other_program = program_create(organization=other_org, title="Hilltown program")
    other_director = person("Otto Other", Role.DIRECTOR, prog=other_program, organization=other_org)
    other_staff = person("Olga Other", Role.STAFF, prog=other_program, organization=other_org)
    other_story = StoryFactory(program=other_program, told_by=other_staff, title="Hilltown story")
    other_meeting = MeetingFactory(program=other_program, title="Hilltown selection")
    world = World(
        org=org,
        program=program,
        departments=departments,
        director=director,
        committee=committee,
        committee2=committee2,
        teller=teller,
        staff=staff,
        student=student,
        companion=companion,
        unit=unit,
        story=story,
        meeting=meeting,
        other_org=other_org,
        other_program=other_program,
        other_director=other_director,
        other_story=other_story,
        other_meeting=other_meeting,
    )
    world.other_staff = other_staff
    for attr, name, role in (
        ("other_committee", "Omar Other", Role.COMMITTEE),
        ("other_student", "Orly Other", Role.STUDENT),
        ("other_companion", "Oded Other", Role.COMPANION),
    ):
        setattr(world, attr, person(name, role, prog=other_program, organization=other_org))
    add_documentation(world, person("Sara Student", Role.STUDENT))
    return world


PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


def add_documentation(world: World, student2: User) -> None:
    """A selected story told by the teller, assigned to the student (not to student2), with an
    interview (transcript attached), consent to the interview, a publication consent with
    evidence, two draft versions and a restricted identity record."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from methods.selectors import question_set_default
    from stories.models import ClientIdentity, Consent, Interview, StoryAssignment, StoryDraft

    world.student2 = student2
    story = StoryFactory(
        program=world.program,
        department=world.departments[0],
        told_by=world.teller,
        title="A home at last",
        status="selected",
        client_pseudonym="Mrs. H.",
    )
    StoryAssignment.objects.create(story=story, student=world.student, assigned_by=world.committee)
    interview = Interview.objects.create(
        story=story,
        interviewee_role="client",
        interviewee_label="Mrs. H.",
        held_on=dt.date(2026, 11, 1),
        interviewer=world.student,
        question_set=question_set_default(),
    )
    interview.transcript.save("t.pdf", ContentFile(PDF_BYTES), save=True)
    Consent.objects.create(
        interview=interview,
        scope="interview",
        given_on=dt.date(2026, 11, 1),
        method="written",
        consent_text="I agree to be interviewed.",
        consent_language="en",
        consent_text_version="Form 1",
        recorded_by=world.student,
    )
    consent = Consent.objects.create(
        interview=interview,
        scope="publication",
        given_on=dt.date(2026, 11, 1),
        method="written",
        consent_text_version="Form 1",
        recorded_by=world.student,
    )
    consent.evidence.save("e.pdf", ContentFile(PDF_BYTES), save=True)
    for version, body in ((1, "Mrs. H. found a flat."), (2, "Mrs. H. found a flat in 2025.")):
        StoryDraft.objects.create(
            story=story,
            version=version,
            body=body,
            body_html=f"<p>{body}</p>",
            author=world.student,
        )
    ClientIdentity.objects.create(story=story, real_name="Hanna Halabi", recorded_by=world.student)
    world.doc_story = story
    world.interview = interview
    world.consent = consent
    world.draft = StoryDraft.objects.get(story=story, version=2)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def login(client):
    def _login(user: User | None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English on its thread: a request of an earlier test leaves the
    language it asked for active, and text drawn outside a request (validation messages, mail)
    follows the active language. (Order-dependent failures seen in CI: a Hebrew request in an
    earlier test on the same worker turned the upload checks' messages Hebrew.)"""
    with translation.override("en"):
        yield


# Browser tests ---------------------------------------------------------------------------

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped outside CI when it is not installed."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required under CI ({CHROMIUM})")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import expect, sync_playwright

    # A loaded 2-core CI machine can take more than Playwright's default 5 s for an htmx
    # round trip; the tests still fail on anything that never happens.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) at a given viewport."""
    contexts = []

    def _open(width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def log_in(page, user: User, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


@pytest.fixture
def shipped_templates(db):
    """The shipped reflection templates as their data migration makes them (idempotent): a
    browser test (a transactional test) run earlier on the same worker empties every table,
    the rows migrations made included, so a test that needs them asks for this."""
    from methods.models import ReflectionTemplate, TemplateStep
    from methods.reflection_template_defaults import create_shipped_templates

    create_shipped_templates(ReflectionTemplate, TemplateStep)
