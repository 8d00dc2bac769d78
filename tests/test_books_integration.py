"""Story books with the real stack: PostgreSQL, Redis and Celery worker processes.

1. A render requested through the page is done by a real worker, downloaded, and its PDF holds
   the title, the included stories and the principles, never the withdrawn story or a real name.
2. A worker killed (SIGKILL) in the middle of a render: its message comes back after the
   broker's visibility timeout, a new worker takes the render over, and it finishes exactly
   once (one PDF, one finished BookRender).
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.selectors import program_access
from publications import services
from publications.models import BookRender

from .test_books import PRINCIPLE_TEXT, approved_story, book_world
from .workers import celery_worker, new_queue, real_stack_or_skip, sending_to, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

VISIBILITY = 6  # seconds before Redis hands an unacknowledged task to another worker
LEASE = 3  # seconds without a heartbeat before a running render counts as abandoned


def _worker_env(tmp_path: Path) -> dict[str, str]:
    outbox = tmp_path / "mail"
    outbox.mkdir(exist_ok=True)
    return {
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(outbox),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "BOOK_RENDER_LEASE_SECONDS": str(LEASE),
        "BOOK_RENDER_HEARTBEAT_SECONDS": "0.5",
    }


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


def _pdfs_of(book) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "private" / "books" / str(book.pk)
    return sorted(folder.glob("*.pdf")) if folder.exists() else []


def test_a_real_worker_renders_the_book_and_the_director_downloads_it(world, client, tmp_path):
    broker = real_stack_or_skip()
    book = book_world(world)
    book.related_publications.add(world._publication)
    queue = new_queue()
    log = tmp_path / "worker.log"
    with (
        celery_worker(queue=queue, extra_env=_worker_env(tmp_path), log_path=log),
        sending_to(queue, broker),
    ):
        client.force_login(world.director)
        response = client.post(reverse("publications:book_render_request", args=[book.pk]))
        assert response.status_code == 302
        render = BookRender.objects.get(book=book)
        finished = wait_for(
            lambda: BookRender.objects.filter(pk=render.pk, status__in=["done", "failed"]).first(),
            timeout=120,
        )
    assert finished, log.read_text()
    assert finished.status == "done", finished.error + log.read_text()
    response = client.get(reverse("publications:book_render_download", args=[render.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    text = _pdf_text(data)
    assert "Stories of success 2026" in text
    assert "A home at last" in text and "A job at the bakery" in text
    assert PRINCIPLE_TEXT in text
    assert "The story she took back" not in text
    for name in ("Hanna Halabi", "Rami Saleh", "Widad Nassar", "Nadia Omar"):
        assert name not in text
    assert list((tmp_path / "mail").glob("*.log")), "the requester got no e-mail"


def test_a_render_survives_its_worker_being_killed_and_finishes_exactly_once(
    world, client, tmp_path
):
    broker = real_stack_or_skip()
    book = book_world(world)
    access = program_access(world.director, world.program)
    paragraph = (
        "The social worker came back every week, and every week the plan was written again "
        "together, in words the family chose. "
    ) * 12
    # long enough for the worker to be killed while it lays the pages out (progress 20-85)
    for i in range(30):
        story = approved_story(
            world,
            f"Long story {i:02d}",
            body="\n\n".join([paragraph] * 6),
            real_name=f"Zohar Ketzef{i}",
        )
        services.entry_add(access=access, book=book, story_id=story.pk)
    queue = new_queue()
    env = _worker_env(tmp_path)
    with sending_to(queue, broker) as app:
        saved = app.conf.broker_transport_options
        app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY}
        try:
            with celery_worker(queue=queue, extra_env=env, log_path=tmp_path / "a.log") as first:
                client.force_login(world.director)
                client.post(reverse("publications:book_render_request", args=[book.pk]))
                render = BookRender.objects.get(book=book)
                running = wait_for(
                    lambda: BookRender.objects.filter(
                        pk=render.pk, status="running", progress__gte=20
                    ).exists(),
                    timeout=60,
                    interval=0.05,
                )
                assert running, (tmp_path / "a.log").read_text()
                first.kill()  # SIGKILL, in the middle of laying out the pages
                first.wait(10)
            render.refresh_from_db()
            assert render.status == "running" and not render.pdf
            killed_at = time.monotonic()
            with celery_worker(queue=queue, extra_env=env, log_path=tmp_path / "b.log"):
                done = wait_for(
                    lambda: BookRender.objects.filter(
                        pk=render.pk, status__in=["done", "failed"]
                    ).first(),
                    timeout=180,
                )
                assert done, (tmp_path / "b.log").read_text()
                # let any duplicate delivery of the message arrive and be turned away
                time.sleep(max(0, VISIBILITY + 4 - (time.monotonic() - killed_at)))
                time.sleep(2)
        finally:
            app.conf.broker_transport_options = saved
    render.refresh_from_db()
    assert render.status == "done", render.error + (tmp_path / "b.log").read_text()
    assert render.attempts == 2
    assert BookRender.objects.filter(book=book).count() == 1
    assert BookRender.objects.filter(book=book, status="done").count() == 1
    assert _pdfs_of(book) == [Path(render.pdf.path)]
    assert render.pages > 30
