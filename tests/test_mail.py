"""E-mails are plain text (nothing HTML-escaped, the subject one line) and written in the
language of the person who receives them, the one they last chose with the language switcher."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from lfs_site.mail import language_of, send_to_user
from organizations.models import User
from publications.models import BookRender, StoryBook
from publications.services import render_notify

from .factories import StoryFactory

TRICKY = 'Tal\'s garden & <the> "fence"'
REASONS = 'The client\'s family & the worker agree: <it worked> and "it lasted" for a year.'
ESCAPES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")


def _hebrew(text: str) -> bool:
    return re.search("[\u0590-\u05ff]", text) is not None


def _decide(client, world, story, outcome="selected", reasons=REASONS):
    return client.post(
        reverse("stories:decision_save", args=[world.meeting.pk, story.pk]),
        {f"s{story.pk}-outcome": outcome, f"s{story.pk}-reasons": reasons},
    )


def test_the_decision_email_arrives_verbatim(world, login, django_capture_on_commit_callbacks):
    story = StoryFactory(
        program=world.program, department=world.departments[0], told_by=world.teller, title=TRICKY
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _decide(login(world.committee), world, story).status_code == 302
    [message] = mail.outbox
    assert TRICKY in message.subject
    assert TRICKY in message.body and REASONS in message.body
    for escaped in ESCAPES:
        assert escaped not in message.subject and escaped not in message.body


def test_the_render_ready_email_arrives_verbatim(world):
    book = StoryBook.objects.create(program=world.program, title=TRICKY, created_by=world.director)
    render = BookRender.objects.create(
        book=book, version=3, status=BookRender.Status.DONE, pages=12, requested_by=world.director
    )
    assert render_notify(render_id=render.pk) is True
    [message] = mail.outbox
    assert message.to == [world.director.email]
    assert TRICKY in message.subject and TRICKY in message.body
    for escaped in ESCAPES:
        assert escaped not in message.subject and escaped not in message.body


def test_a_hebrew_speaking_teller_gets_a_hebrew_email_while_the_committee_works_in_english(
    world, login, django_capture_on_commit_callbacks
):
    world.teller.language = "he"
    world.teller.save(update_fields=["language"])
    client = login(world.committee)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, world, world.story)
    assert response.status_code == 302
    [message] = mail.outbox
    with translation.override("he"):
        outcome = str(world.story.decisions.get().get_outcome_display())
    assert _hebrew(message.subject) and _hebrew(message.body)
    assert outcome in message.subject
    assert "Your story" not in message.subject and "Dear" not in message.body
    assert REASONS in message.body  # the committee's own words, as written
    # The committee member's own page stays English.
    page = client.get(response["Location"]).content.decode()
    assert 'lang="en"' in page
    assert "has been recorded" in page


def test_a_render_ready_email_is_in_the_requesters_language(world):
    world.director.language = "ar"
    world.director.save(update_fields=["language"])
    book = StoryBook.objects.create(program=world.program, title="Book", created_by=world.director)
    render = BookRender.objects.create(
        book=book, version=1, status=BookRender.Status.DONE, pages=3, requested_by=world.director
    )
    with translation.override("en"):
        render_notify(render_id=render.pk)
    [message] = mail.outbox
    assert re.search("[\u0600-\u06ff]", message.subject)
    assert "is ready" not in message.subject


def test_the_password_reset_email_is_plain_in_the_recipients_language_with_the_sites_address(
    world, client
):
    world.teller.language = "he"
    world.teller.full_name = "O'Hara & <Sons>"
    world.teller.save(update_fields=["language", "full_name"])
    response = client.post(
        reverse("password_reset"), {"email": world.teller.email}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert _hebrew(message.subject) and _hebrew(message.body)
    assert "O'Hara" in message.body
    assert f"{settings.SITE_URL}/accounts/password/reset/" in message.body
    assert "&#x27;" not in message.body


def test_a_subject_is_one_line_whatever_the_values_in_it_hold(world):
    story = SimpleNamespace(title="Home\r\nBcc: someone@example.org\nX", pk=world.story.pk)
    decision = SimpleNamespace(get_outcome_display="Selected", is_correction=False)
    send_to_user(
        world.teller,
        subject_template="stories/email/decision_subject.txt",
        body_template="stories/email/decision_subject.txt",
        context={"story": story, "decision": decision},
    )
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Home Bcc: someone@example.org X" in message.subject
    headers = message.message()
    assert headers["Bcc"] is None and message.bcc == []


def test_nobody_without_an_address_is_written_to(world):
    world.teller.email = ""
    assert (
        send_to_user(
            world.teller,
            subject_template="stories/email/decision_subject.txt",
            body_template="stories/email/decision_body.txt",
            context={},
        )
        is False
    )
    assert mail.outbox == []


def test_the_language_of_a_person_who_never_chose_is_the_sites_default(settings):
    settings.LANGUAGE_CODE = "ar"
    assert language_of(User(language="")) == "ar"
    assert language_of(User(language="he")) == "he"
    assert language_of(User(language="fr")) == "ar"  # no longer offered


# The language switcher remembers a signed-in person's choice ------------------------------


def test_switching_language_while_signed_in_is_remembered(world, login):
    client = login(world.teller)
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    world.teller.refresh_from_db()
    assert world.teller.language == "ar"


@pytest.mark.parametrize("language", ["fr", "xx", ""])
def test_a_language_the_site_does_not_offer_is_not_remembered(world, login, language):
    world.teller.language = "he"
    world.teller.save(update_fields=["language"])
    response = login(world.teller).post(reverse("set_language"), {"language": language})
    assert response.status_code == 302
    world.teller.refresh_from_db()
    assert world.teller.language == "he"


def test_switching_language_signed_out_stores_nothing_and_still_works(world, client):
    response = client.post(reverse("set_language"), {"language": "he", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "he"
    assert not User.objects.exclude(language="").exists()


def test_a_get_to_the_switcher_changes_nothing(world, login):
    response = login(world.teller).get(reverse("set_language"), {"language": "he"})
    assert response.status_code == 302
    world.teller.refresh_from_db()
    assert world.teller.language == ""


# One helper sends every e-mail --------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SENDING = re.compile(
    r"from django\.core\.mail import|import django\.core\.mail|\bsend_mail\(|\bsend_mass_mail\(|"
    r"\bEmailMessage\b|\bEmailMultiAlternatives\b|\bmail_admins\(|\bmail_managers\(|\.email_user\("
)


def test_every_email_is_sent_through_the_one_helper():
    """An e-mail sent some other way would be escaped as HTML or in the sender's language."""
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"tests", ".venv", "node_modules"} or relative == Path(
            "lfs_site/mail.py"
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SENDING.search(line) and "def send_mail(" not in line:
                found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "e-mail sent without lfs_site.mail.send_to_user:\n" + "\n".join(found)
