"""The presentation export: a book's publishable stories and principles as a landscape slide
deck, rendered through the same pipeline as the book (task, claim, restricted fetcher, private
storage, audited download), and with a real Celery worker."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.models import AuditEvent
from publications.models import BookRender
from publications.presentation import render_presentation_pdf
from publications.renderer import RenderRefused
from publications.selectors import book_content
from stories.models import StoryDraft

from .test_books import PRINCIPLE_TEXT, book_world
from .workers import celery_worker, new_queue, real_stack_or_skip, sending_to, wait_for

TITLES = ("A home at last", "A job at the bakery")
REAL_NAMES = ("Hanna Halabi", "Rami Saleh", "Widad Nassar", "Nadia Omar")


@pytest.fixture(autouse=True)
def _no_heartbeat_thread(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0


def _pages(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages


def _text(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in _pages(data))


def _assert_deck(data: bytes):
    assert data.startswith(b"%PDF-")
    pages = _pages(data)
    # a title slide, one slide per publishable story, one slide of the "Trust" category
    assert len(pages) == 1 + len(TITLES) + 1
    for page in pages:
        box = page.mediabox
        assert float(box.width) > float(box.height) * 1.5, "slides are landscape (16:9)"
    text = _text(data)
    assert "Stories of success 2026" in text
    for title in TITLES:
        assert title in text
    assert PRINCIPLE_TEXT in text and "Trust" in text
    assert "The story she took back" not in text and "Not yet in the book" not in text
    for name in REAL_NAMES:
        assert name not in text


# The access rows for these views are in the one table of tests/test_permissions.py.


EXTRA_POST_DATA = {"book_presentation_request": {}}


def test_the_slides_view_refuses_get(world, login):
    book = book_world(world)
    response = login(world.director).get(
        reverse("publications:book_presentation_request", args=[book.pk])
    )
    assert response.status_code == 405


def test_a_deck_renders_in_process_and_its_download_is_audited(
    world, login, django_capture_on_commit_callbacks
):
    book = book_world(world)
    client = login(world.committee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publications:book_presentation_request", args=[book.pk]))
    render = BookRender.objects.get(book=book, kind="presentation")
    assert render.status == "done", render.error
    assert render.pdf.name.startswith(f"private/books/{book.pk}/")
    before = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED).count()
    response = client.get(reverse("publications:book_render_download", args=[render.pk]))
    assert response.status_code == 200
    assert "-slides-v" in response["Content-Disposition"]
    _assert_deck(b"".join(response.streaming_content))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED).count() == (
        before + 1
    )
    # the book page lists it as a slide deck; a book render can be requested next to it
    page = client.get(reverse("publications:book_detail", args=[book.pk])).content.decode()
    assert "Slide deck" in page and "Render as slides" in page
    # the staff member who told the story may not download it
    assert login(world.teller).get(
        reverse("publications:book_render_download", args=[render.pk])
    ).status_code == (404)


def test_a_book_and_its_deck_render_side_by_side(world, login):
    book = book_world(world)
    client = login(world.director)
    client.post(reverse("publications:book_render_request", args=[book.pk]))
    client.post(reverse("publications:book_presentation_request", args=[book.pk]))
    client.post(
        reverse("publications:book_presentation_request", args=[book.pk])
    )  # the active one is reused
    kinds = sorted(BookRender.objects.filter(book=book).values_list("kind", flat=True))
    assert kinds == ["book", "presentation"]


def test_a_deck_with_no_publishable_story_is_refused_clearly(world, login):
    book = book_world(world)
    book.entries.all().delete()
    client = login(world.director)
    response = client.post(reverse("publications:book_presentation_request", args=[book.pk]))
    assert response.status_code == 302
    assert not BookRender.objects.filter(book=book).exists()
    follow = client.get(response["Location"]).content.decode()
    assert "no story that can be published" in follow
    with pytest.raises(RenderRefused):
        render_presentation_pdf(book_content(book))


def test_a_real_name_in_a_story_stops_the_deck(world):
    book = book_world(world)
    StoryDraft.objects.filter(pk=world.draft.pk).update(body_html="<p>Hanna Halabi found it.</p>")
    world.doc_story.summary = ""
    world.doc_story.save(update_fields=["summary"])
    with pytest.raises(RenderRefused):
        render_presentation_pdf(book_content(book))


def test_a_hebrew_deck_is_right_to_left(world, tmp_path):
    import subprocess

    book = book_world(world)
    book.language = "he"
    book.title = "סיפורי הצלחה"
    book.save()
    result = render_presentation_pdf(book_content(book))
    pdf = tmp_path / "he.pdf"
    pdf.write_bytes(result.pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "עקרונות פעולה" in text and "סיפור" in text
    html = __import__("publications.presentation").presentation.render_presentation_html(
        book_content(book)
    )
    assert 'dir="rtl"' in html[:200]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_deck(world, client, tmp_path):
    broker = real_stack_or_skip()
    book = book_world(world)
    queue = new_queue()
    log = tmp_path / "worker.log"
    env = {
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "BOOK_RENDER_HEARTBEAT_SECONDS": "0.5",
    }
    with celery_worker(queue=queue, extra_env=env, log_path=log), sending_to(queue, broker):
        client.force_login(world.director)
        response = client.post(reverse("publications:book_presentation_request", args=[book.pk]))
        assert response.status_code == 302
        render = BookRender.objects.get(book=book, kind="presentation")
        finished = wait_for(
            lambda: BookRender.objects.filter(pk=render.pk, status__in=["done", "failed"]).first(),
            timeout=120,
        )
    assert finished, log.read_text()
    assert finished.status == "done", finished.error + log.read_text()
    assert finished.pages == 1 + len(TITLES) + 1
    response = client.get(reverse("publications:book_render_download", args=[render.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    _assert_deck(data)
    out = Path(settings.MEDIA_ROOT) / "last-deck.pdf"
    out.write_bytes(data)  # kept for a look with pdftoppm


def test_each_common_principle_gets_a_slide_with_its_evidence_in_large_type(world, tmp_path):
    """One principle per slide, its quotes from the interviews beside it, the principle set
    at 30 pt and the quotes at 17 pt (readable from the back of a room)."""
    from publications.presentation import principle_slides, render_presentation_pdf
    from publications.selectors import book_content
    from stories.models import Answer, Interview, PrincipleEvidence

    book = book_world(world)
    principle = world.doc_story.principles.get(common__text=PRINCIPLE_TEXT)
    interview = Interview.objects.filter(story=world.doc_story).first()
    answer, _created = Answer.objects.update_or_create(
        interview=interview,
        question=interview.question_set.questions.first(),
        defaults={"text": "She said we would go at my pace, and we did."},
    )
    PrincipleEvidence.objects.create(principle=principle, answer=answer, quote="at my pace")
    content = book_content(book)
    slides = principle_slides(content)
    assert len(slides) == 1
    assert [e.quote for e in slides[0].evidence] == ["at my pace"]
    assert slides[0].evidence[0].chapter.story == world.doc_story
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(render_presentation_pdf(content).pdf)
    last = subprocess.run(
        ["pdftotext", "-f", str(len(_pages(pdf.read_bytes()))), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert PRINCIPLE_TEXT in " ".join(last.split()) and "“at my pace”" in last
    fonts = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(len(_pages(pdf.read_bytes()))), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    heights = {
        word: float(y1) - float(y0)
        for y0, y1, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', fonts
        )
    }
    assert heights["client"] >= 28  # 30 pt type
    assert heights["pace”"] >= 15  # 17 pt type
