"""Progress without a broker: with no CELERY_BROKER_URL (the demo) a render runs in a thread of
the web process, outside the request, and the status page shows its progress bar until the
file is ready."""

from __future__ import annotations

import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from publications.models import BookRender

from .test_books import book_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def in_thread(settings):
    settings.BOOK_RENDER_IN_THREAD = True
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0.2
    yield
    for thread in threading.enumerate():
        if thread.name.startswith("book-render-"):
            thread.join(timeout=60)


def _thread_of(render_pk: int) -> threading.Thread | None:
    return next((t for t in threading.enumerate() if t.name == f"book-render-{render_pk}"), None)


def _wait_done(render_pk: int, seconds: float = 60) -> BookRender:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        render = BookRender.objects.get(pk=render_pk)
        if not render.is_active:
            return render
        time.sleep(0.1)
    raise AssertionError("the render did not finish")


def test_without_a_broker_the_request_returns_at_once_and_the_page_shows_progress(
    world, login, in_thread
):
    book = book_world(world)
    client = login(world.director)
    started = time.monotonic()
    response = client.post(reverse("publications:book_render_request", args=[book.pk]))
    answered = time.monotonic() - started
    render = BookRender.objects.get(book=book)
    assert response.status_code == 302 and response["Location"] == render.get_absolute_url()
    thread = _thread_of(render.pk)
    assert thread is not None and thread.is_alive(), "the render runs outside the request"
    # the request did not wait for the render: the status page shows the progress bar
    page = client.get(render.get_absolute_url())
    assert page.status_code == 200
    assert BookRender.objects.get(pk=render.pk).is_active
    assert b'class="progress"' in page.content and page["Refresh"] == "3"
    thread.join(timeout=60)
    done = _wait_done(render.pk)
    assert done.status == BookRender.Status.DONE and done.pages and done.pdf
    assert answered < done.seconds, (answered, done.seconds)
    page = client.get(render.get_absolute_url())
    assert b"Download the PDF" in page.content


def test_a_render_whose_thread_died_is_taken_over_by_its_status_page(world, login, in_thread):
    book = book_world(world)
    long_ago = timezone.now() - timezone.timedelta(minutes=10)
    render = BookRender.objects.create(
        book=book,
        version=1,
        requested_by=world.director,
        status=BookRender.Status.RUNNING,
        claimed_by="a thread of a web process that was restarted",
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    login(world.director).get(render.get_absolute_url())
    done = _wait_done(render.pk)
    assert done.status == BookRender.Status.DONE
    assert done.attempts == 1
