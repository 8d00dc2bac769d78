"""The student's journey on the demo data, in a real browser: from an assigned story to a
principle common to every story of the program."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from organizations.models import User
from stories.models import Answer, StoryApproval, SuccessStory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "lfs-demo-2026"


def _fill_interview(page, role: str, label: str, answers_prefix: str) -> None:
    page.get_by_role("link", name="New interview").click()
    page.locator("#id_interviewee_role").select_option(role)
    page.get_by_label("Interviewee's name or description").fill(label)
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Place").fill("Community centre")
    page.get_by_role("button", name="Create the interview").click()
    _record_consent(page, "interview")  # before the answers are written down
    expect(page.get_by_text("The ten guiding questions")).to_be_visible()
    page.wait_for_load_state("load")
    areas = page.locator("textarea[data-autosave-key]")
    expect(areas).to_have_count(10)
    for i in range(10):
        areas.nth(i).fill(f"{answers_prefix} answer {i + 1}: we took it one meeting at a time.")
    # the last answer was autosaved while typing, before the form is sent
    expect(page.locator("[id$='_status']").nth(9)).to_contain_text("Saved at")
    page.get_by_role("button", name="Save the interview").click()
    expect(page.locator(".alert-success")).to_contain_text("The interview has been saved.")
    page.get_by_role("link", name="Record consent").click()
    _record_consent(page, "publication")
    expect(page.locator(".consent-entry").last).to_contain_text("Publication")


def _record_consent(page, scope: str) -> None:
    page.get_by_label("Consent to").select_option(scope)
    page.get_by_label("How").select_option("written")
    page.get_by_label("Language of the wording").select_option("en")
    page.get_by_role("button", name="Record the consent").click()


def test_a_student_documents_a_story_and_the_committee_approves_it(live_server, new_page):
    call_command("load_demo", stdout=StringIO())
    story = SuccessStory.objects.get(title="A neighbours' feud resolved")
    student = User.objects.get(email="student@demo.lfs")

    page = new_page()
    log_in(page, student, DEMO_PASSWORD)
    assigned = page.locator(".assigned-story", has_text="A neighbours' feud resolved")
    expect(assigned).to_contain_text("Interview the client")
    assigned.get_by_role("link", name="A neighbours' feud resolved").click()
    expect(page.locator("#publishable")).to_contain_text("Not yet")

    _fill_interview(page, "client", "The families of building 4", "Client")
    page.get_by_role("link", name="Documentation").last.click()
    _fill_interview(page, "other", "Community worker", "Worker")
    page.get_by_role("link", name="Documentation").last.click()
    expect(page.locator("#publishable")).to_contain_text(
        "every interviewee's publication consent stands"
    )
    assert Answer.objects.filter(interview__story=story).exclude(text="").count() == 20

    # A draft, then a revision.
    page.get_by_role("link", name="Write the story").click()
    page.get_by_label("The story").fill(
        "Two families had fought for two years.\n\nA community worker met them."
    )
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_role("heading", name=re.compile("Version 1"))).to_be_visible()
    page.get_by_role("link", name="Documentation").last.click()
    page.get_by_role("link", name="Revise the story").click()
    page.get_by_label("The story").fill(
        "Two families had fought for two years.\n\nA community worker met them four times."
    )
    page.get_by_label("What changed").fill("How many meetings")
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_role("heading", name=re.compile("Version 2"))).to_be_visible()

    # A principle with evidence, linked to the program's common principle.
    page.get_by_role("link", name="Documentation").last.click()
    page.get_by_role("link", name="Principles and evidence").click()
    page.get_by_label("In situation…").fill("a conflict that has gone on for years")
    page.get_by_label("to achieve…").fill("an agreement both sides keep")
    page.get_by_label("we…").fill("meet each side at its own pace before a joint meeting")
    page.get_by_label("Common principle (optional)").select_option(
        label="Working at the client's pace"
    )
    page.get_by_role("button", name="Add the principle").click()
    card = page.locator(".principle-card").first
    answer_select = card.get_by_label("From the answer")
    answer_select.select_option(index=1)
    chosen = answer_select.evaluate("el => el.options[el.selectedIndex].value")
    text = Answer.objects.get(pk=int(chosen)).text
    card.get_by_label("Quote").fill(text.split(":")[1].strip())
    card.get_by_role("button", name="Add the evidence").click()
    expect(page.locator(".principle-card").first).to_contain_text(
        "we took it one meeting at a time"
    )

    # The committee compares the versions and approves.
    committee = new_page()
    log_in(committee, User.objects.get(email="committee@demo.lfs"), DEMO_PASSWORD)
    committee.goto(f"/stories/{story.pk}/documentation/")
    committee.get_by_role("link", name="Compare versions").click()
    expect(committee.locator(".diff-table ins").first).to_contain_text("four times")
    committee.get_by_role("link", name="Open version 2").click()
    committee.once("dialog", lambda dialog: dialog.accept())
    committee.get_by_role("button", name="Approve this version").click()
    expect(committee.locator(".alert-success")).to_contain_text("Version 2 has been approved")
    assert StoryApproval.objects.get(story=story).draft.version == 2

    # The matrix: the principle is now common to all the program's stories.
    committee.goto(f"/programs/{story.program_id}/principles/matrix/")
    row = committee.locator("tr.matrix-row", has_text="Working at the client's pace")
    expect(row).to_have_attribute("data-level", "all")
    expect(row.locator(".matrix-no")).to_have_count(0)


def test_text_typed_after_the_session_expired_is_restored(live_server, new_page):
    call_command("load_demo", stdout=StringIO())
    story = SuccessStory.objects.get(title="A neighbours' feud resolved")
    page = new_page()
    log_in(page, User.objects.get(email="student@demo.lfs"), DEMO_PASSWORD)
    page.goto(f"/stories/{story.pk}/interviews/new/")
    page.locator("#id_interviewee_role").select_option("client")
    page.get_by_role("button", name="Create the interview").click()
    _record_consent(page, "interview")
    expect(page.get_by_text("The ten guiding questions")).to_be_visible()
    page.wait_for_load_state("load")
    url = page.url
    first = page.locator("textarea[data-autosave-key]").first
    first.fill("Saved while the session was alive.")
    expect(page.locator("[id$='_status']").first).to_contain_text("Saved at")

    page.context.clear_cookies()  # the session expires
    second = page.locator("textarea[data-autosave-key]").nth(1)
    second.fill("Typed after the session expired: must not be lost.")
    expect(page.locator("#autosave-problem")).to_contain_text("your session has expired")

    log_in(page, User.objects.get(email="student@demo.lfs"), DEMO_PASSWORD)
    page.goto(url)
    page.wait_for_load_state("load")
    expect(page.locator("#autosave-restored")).to_be_visible()
    expect(page.locator("textarea[data-autosave-key]").nth(1)).to_have_value(
        "Typed after the session expired: must not be lost."
    )
    # and it reaches the server once the person is back
    expect(page.locator("[id$='_status']").nth(1)).to_contain_text("Saved at")
    assert Answer.objects.filter(text="Typed after the session expired: must not be lost.").exists()


# Copies kept in the browser belong to the person who typed them --------------------------------

COPIES = "() => Object.keys(localStorage).filter((k) => k.startsWith('lfs-'))"
COPIED_TEXT = "() => Object.values(localStorage).join(' ')"


def _new_interview(page, story) -> str:
    page.goto(f"/stories/{story.pk}/interviews/new/")
    page.locator("#id_interviewee_role").select_option("client")
    page.get_by_role("button", name="Create the interview").click()
    _record_consent(page, "interview")  # before the answers are written down
    expect(page.get_by_text("The ten guiding questions")).to_be_visible()
    page.wait_for_load_state("load")
    return page.url


def _sign_out(page) -> None:
    page.locator(".navbar .dropdown-toggle").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def test_a_copy_kept_in_the_browser_goes_with_its_author_on_sign_out(live_server, new_page):
    """A types an answer the server never receives: the copy is kept, under A's key (not their
    e-mail address). A signs out: no copy is left. B signs in on the same browser, opens the
    same interview: none of A's text."""
    call_command("load_demo", stdout=StringIO())
    story = SuccessStory.objects.get(title="A neighbours' feud resolved")
    student = User.objects.get(email="student@demo.lfs")
    director = User.objects.get(email="director@demo.lfs")
    page = new_page()
    log_in(page, student, DEMO_PASSWORD)
    url = _new_interview(page, story)

    page.route("**/answers/**", lambda route: route.abort())  # the server never gets it
    text = "What Mrs. K. told me about her son, typed by the student."
    page.locator("textarea[data-autosave-key]").nth(1).fill(text)
    expect(page.locator("#autosave-problem")).to_be_visible()
    copies = page.evaluate(COPIES)
    assert len(copies) == 1 and copies[0].startswith("lfs-copy:")
    owner = copies[0].split(":")[1]
    assert student.email not in copies[0] and owner != str(student.pk)
    assert len(owner) >= 16  # a keyed digest of the person, not their id
    assert text in page.evaluate(COPIED_TEXT)
    page.unroute("**/answers/**")

    _sign_out(page)
    assert page.evaluate(COPIES) == []

    log_in(page, director, DEMO_PASSWORD)
    page.goto(url)
    page.wait_for_load_state("load")
    expect(page.locator("#autosave-restored")).to_be_hidden()
    for i in range(10):
        expect(page.locator("textarea[data-autosave-key]").nth(i)).not_to_have_value(text)
    assert text not in page.content()
    assert page.evaluate(COPIES) == []


def test_someone_else_signing_in_removes_the_copies_left_by_an_expired_session(
    live_server, new_page
):
    """A's session expires while A types: the copy stays in the browser for A. B signs in on
    the same browser before A comes back: A's copy is removed on B's first page, and the
    interview page does not show it to B."""
    call_command("load_demo", stdout=StringIO())
    story = SuccessStory.objects.get(title="A neighbours' feud resolved")
    page = new_page()
    log_in(page, User.objects.get(email="student@demo.lfs"), DEMO_PASSWORD)
    url = _new_interview(page, story)

    page.context.clear_cookies()  # the session expires
    text = "Typed after the session expired, by the student."
    page.locator("textarea[data-autosave-key]").nth(2).fill(text)
    expect(page.locator("#autosave-problem")).to_contain_text("your session has expired")
    assert text in page.evaluate(COPIED_TEXT)

    log_in(page, User.objects.get(email="director@demo.lfs"), DEMO_PASSWORD)
    assert page.evaluate(COPIES) == []
    page.goto(url)
    page.wait_for_load_state("load")
    expect(page.locator("#autosave-restored")).to_be_hidden()
    assert text not in page.content()
    assert not Answer.objects.filter(text=text).exists()


def test_the_sign_out_answer_itself_clears_the_copies(live_server, new_page):
    """Without the sign-out form's script (data-sign-out removed), the sign-out answer's
    Clear-Site-Data header still leaves no copy behind."""
    call_command("load_demo", stdout=StringIO())
    page = new_page()
    log_in(page, User.objects.get(email="student@demo.lfs"), DEMO_PASSWORD)
    page.evaluate(
        """() => {
          const owner = document.body.dataset.browserCopiesOwner;
          localStorage.setItem(`lfs-copy:${owner}:draft-1`, JSON.stringify({text: "kept"}));
          document.querySelectorAll("form[data-sign-out]").forEach(
            (form) => form.removeAttribute("data-sign-out"));
        }"""
    )
    assert page.evaluate(COPIES) != []
    _sign_out(page)
    assert page.evaluate(COPIES) == []
