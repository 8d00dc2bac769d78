"""The real-name gate in a real browser (headless Chromium, with the page's scripts): a student
who types the client's real name into the story is told which field holds it, never the name,
and keeps every word typed; the committee member opening the version written before the name
was recorded is told it is withheld, and the comparison does not show it either."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stories.documentation import services
from stories.models import StoryAssignment, StoryDraft
from stories.rights import services as rights_services
from stories.selectors import story_get_for_user

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_name_is_refused_with_the_text_kept_and_an_old_version_is_withheld(world, new_page):
    story = world.story
    story.status = "selected"
    story.save(update_fields=["status"])
    StoryAssignment.objects.create(story=story, student=world.student, assigned_by=world.committee)
    access = story_get_for_user(world.student, story.pk)[1]
    old = services.draft_save(
        access=access, story=story, by=world.student, body="R. came.\n\nAzulay found a flat."
    )
    rights_services.client_identity_save(
        access=access,
        story=story,
        by=world.student,
        real_name="Rivka Azulay",
        contact_details="",
        notes="",
    )

    page = new_page()
    log_in(page, world.student)
    page.goto(f"/stories/{story.pk}/drafts/new/")
    typed = "R. came to us in 2019.\n\nLater A&#122;ulay said the group changed everything."
    page.get_by_label("The story").fill(typed)
    page.get_by_role("button", name="Save this version").click()
    field = page.locator("#id_body")
    expect(page.locator(".invalid-feedback, .invalid-feedback *").first).to_contain_text(
        "contains the client's real name"
    )
    assert field.input_value() == typed
    errors = " ".join(page.locator(".invalid-feedback").all_inner_texts())
    assert "Rivka" not in errors and "Azulay" not in errors and "&#122;" not in errors
    assert StoryDraft.objects.filter(story=story).count() == 1

    committee = new_page()
    log_in(committee, world.committee)
    committee.goto(f"/drafts/{old.pk}/")
    expect(committee.locator("#version-withheld")).to_contain_text("withheld from you")
    expect(committee.locator("main")).not_to_contain_text("Azulay")
