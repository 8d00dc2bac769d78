"""Accessible names: what a screen reader announces for a field, a card, a code or an arrow.

- a required field is named by its label alone ("Title", not "Title*"): the star is
  aria-hidden (crispy's field templates are overridden in templates/bootstrap5/ to say so),
  and the field's own `required` says it is required;
- each decision card of a selection meeting is a group named by its nominee, its fields
  name the nominee too ("Decision Finding a home"); each decision on a story's page is a
  group named by its date and outcome;
- the workshop's join code is labelled and read out character by character;
- arrows that point along the reading direction turn round in right-to-left pages;
- e-mailed links use the address the site is served at (`PORT=8001 make run`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.template.loader import get_template
from django.urls import reverse

from .a11y import assert_no_axe_violations
from .conftest import log_in
from .factories import StoryFactory
from .test_workshops import _ensure as workshop_world

ROOT = Path(__file__).resolve().parent.parent
STAR = re.compile(r'<span class="asteriskField"(?P<attrs>[^>]*)>\*</span>')
# Arrows that point left or right (up and down mean the same in both directions).
SIDEWAYS = re.compile(r"&larr;|&rarr;|&lsaquo;|&rsaquo;|&laquo;|&raquo;|[←→‹›«»⟵⟶]")
MIRRORED = re.compile(
    r'<span class="icon-(?:back|forward)" aria-hidden="true">(?:&larr;|&rarr;|←|→)</span>'
)


def _templates() -> list[Path]:
    skip = {".venv", "node_modules", "staticfiles"}
    return sorted(
        p for p in ROOT.rglob("*.html") if not skip & set(p.parts) and "templates" in p.parts
    )


# Required-field stars ----------------------------------------------------------------------


def test_crispy_draws_the_projects_field_templates():
    origin = get_template("bootstrap5/field.html").origin.name
    assert Path(origin).is_relative_to(ROOT / "templates"), origin


def test_every_required_star_is_hidden_from_the_accessible_name():
    found = {}
    for path in _templates():
        stars = [m.group(0) for m in STAR.finditer(path.read_text(encoding="utf-8"))]
        bare = [s for s in stars if 'aria-hidden="true"' not in s]
        if bare:
            found[str(path.relative_to(ROOT))] = bare
    assert not found, f"required stars read as part of the label: {found}"


def test_a_rendered_form_names_its_required_field_without_the_star(world, login):
    html = login(world.teller).get(reverse("stories:nominate", args=[world.program.pk]))
    html = html.content.decode()
    stars = STAR.findall(html)
    assert stars, "the nomination form has required fields"
    assert all('aria-hidden="true"' in attrs for attrs in stars)


# Arrows -------------------------------------------------------------------------------------


def test_sideways_arrows_are_marked_to_turn_round_in_right_to_left_pages():
    found = {}
    for path in _templates():
        text = MIRRORED.sub("", path.read_text(encoding="utf-8"))
        text = re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)
        bare = SIDEWAYS.findall(text)
        if bare:
            found[str(path.relative_to(ROOT))] = bare
    assert not found, (
        f'wrap each arrow in <span class="icon-back|icon-forward" aria-hidden="true">: {found}'
    )


# The address in e-mailed links ----------------------------------------------------------------


def _site_url(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="lfs_site.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_site_url_follows_the_port_served_unless_set():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8001") == "http://127.0.0.1:8001"
    assert _site_url(PORT="8001", SITE_URL="https://lfs.example.org/") == "https://lfs.example.org"


def test_make_run_serves_on_the_chosen_port_and_mails_links_to_it():
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "HOST"}}
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8001"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert 'SITE_URL="http://127.0.0.1:8001"' in dry
    assert "runserver 127.0.0.1:8001" in dry
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "PORT=8001 make run" in readme


def test_the_decision_email_links_to_the_address_served(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8104"
    with django_capture_on_commit_callbacks(execute=True):
        login(world.committee).post(
            reverse("stories:decision_save", args=[world.meeting.pk, world.story.pk]),
            {
                f"s{world.story.pk}-outcome": "selected",
                f"s{world.story.pk}-reasons": "The worker and the client both see the change.",
            },
        )
    [message] = mail.outbox
    assert f"http://127.0.0.1:8104/stories/{world.story.pk}/" in message.body


# In the browser --------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_fields_cards_and_codes_have_the_names_people_hear(world, new_page):
    other = StoryFactory(
        program=world.program,
        department=world.departments[1],
        told_by=world.staff,
        title="Finding a home",
    )
    page = new_page()
    log_in(page, world.committee)

    # A required field: named by its label, without the star; required all the same.
    page.goto(f"/programs/{world.program.pk}/meetings/new/")
    title = page.get_by_role("textbox", name="Title", exact=True)
    assert title.get_attribute("required") is not None

    # The decision cards: a group per nominee, its fields naming the nominee.
    page.goto(f"/meetings/{world.meeting.pk}/")
    card = page.get_by_role("group", name="Finding a home", exact=True)
    card.get_by_role("combobox", name="Decision Finding a home", exact=True).select_option(
        "selected"
    )
    card.get_by_role("textbox", name="Reasons Finding a home", exact=True).fill(
        "Both the worker and the client see the change, and the client agreed to talk."
    )
    card.get_by_role("button", name="Record the decision Finding a home").click()
    page.locator(f"#decision-{other.pk}").get_by_text("Decision recorded").wait_for()
    assert_no_axe_violations(page, "meeting with labelled decision cards")

    # On the story's page each decision is a group named by its date and outcome.
    page.goto(f"/stories/{other.pk}/")
    assert page.get_by_role("group", name=re.compile(r"^Decision of .+: Selected$")).count() == 1

    # The workshop's join code, labelled and spelled out.
    live = workshop_world(world)["live"]
    host = new_page()
    log_in(host, world.companion)
    host.goto(f"/workshops/{live.pk}/")
    banner = host.get_by_role("group", name="Join with the code")
    spelled = " ".join(live.code)
    assert spelled in banner.inner_text() or banner.get_by_text(spelled).count() == 1
    assert_no_axe_violations(host, "workshop with its join code")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "he"])
def test_back_arrows_point_back_in_the_readers_direction(world, new_page, live_server, language):
    from publications.models import StoryBook

    book = StoryBook.objects.create(program=world.program, title="Book", created_by=world.director)
    page = new_page()
    log_in(page, world.director)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"/books/{book.pk}/edit/")
    arrow = page.locator(".icon-back").first
    box = arrow.bounding_box()
    text = page.locator("main a", has=arrow).first.locator("bdi").bounding_box()
    transform = arrow.evaluate("el => getComputedStyle(el).transform")
    if language == "he":
        assert transform == "matrix(-1, 0, 0, 1, 0, 0)"
        assert box["x"] > text["x"], "in Hebrew the arrow comes first, on the right"
    else:
        assert transform == "none"
        assert box["x"] < text["x"]
