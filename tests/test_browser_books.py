"""The demo organization's director opens a story book, renders it, watches the progress bar
finish and downloads the PDF, in headless Chromium."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from organizations.models import User
from publications import services
from publications.models import BookRender, StoryBook

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "lfs-demo-2026"  # noqa: S105 - the demo's printed password


@pytest.fixture
def demo(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0  # one SQLite connection at a time in the test
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return StoryBook.objects.get(title="Hand in Hand: client stories")


def test_the_director_renders_and_downloads_the_demo_book(demo, new_page, tmp_path):
    director = User.objects.get(email="director@demo.lfs")
    page = new_page()
    log_in(page, director, DEMO_PASSWORD)
    page.goto(f"/programs/{demo.program_id}/books/")
    page.get_by_role("link", name=demo.title).click()
    page.get_by_role("heading", name="Stories, in the book's order").wait_for()
    page.get_by_role("button", name="Render the book").click()
    page.get_by_role("link", name="Download the PDF").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    path = tmp_path / "book.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")


def test_the_progress_bar_updates_itself_until_the_book_is_ready(demo, new_page):
    director = User.objects.get(email="director@demo.lfs")
    render = BookRender.objects.create(book=demo, version=1, requested_by=director, stage="…")
    page = new_page(390, 844)
    log_in(page, director, DEMO_PASSWORD)
    page.goto(f"/renders/{render.pk}/")
    bar = page.locator(".progress-bar")
    bar.wait_for(state="attached")
    _outcome, claim = services.render_claim(render_id=render.pk, worker="test")
    claim.progress(40, "Laying out the pages")
    page.get_by_text("40%").wait_for()
    # books.js paints the width on htmx:load, which htmx fires after its settle delay, a moment
    # after the new text is already on the page: wait for the paint, do not read it at once
    page.wait_for_function("document.querySelector('.progress-bar')?.style.width === '40%'")
    BookRender.objects.filter(pk=render.pk).update(status="queued", claimed_by="")
    services.render_execute(render_id=render.pk, worker="test")
    page.get_by_role("link", name="Download the PDF").wait_for()  # no reload: htmx polled it
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
