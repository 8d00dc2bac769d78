"""The demo organization's director opens a story book, renders it, watches the progress bar
finish and downloads the PDF, in headless Chromium."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from organizations.models import Organization, Role, User
from organizations.services import membership_ensure
from publications import services
from publications.models import BookRender, StoryBook

from .conftest import log_in
from .factories import UserFactory

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


def test_the_director_gets_the_pdf_epub_and_web_edition_and_others_are_refused(
    demo, new_page, tmp_path, settings
):
    """The journey of a book's three editions: the director previews the book, renders it (in
    a background thread, as without a broker), downloads the PDF and the EPUB and opens the
    web edition; a staff member, a student and another organization's director are refused
    each of the three."""
    import zipfile

    settings.BOOK_RENDER_IN_THREAD = True
    director = User.objects.get(email="director@demo.lfs")
    page = new_page()
    log_in(page, director, DEMO_PASSWORD)
    page.goto(demo.get_absolute_url())
    with page.context.expect_page() as preview_info:
        page.get_by_role("link", name="Preview the book").click()
    preview = preview_info.value
    preview.get_by_role("heading", name="The kitchen table").wait_for()
    preview.close()
    page.get_by_role("button", name="Render the book").click()
    page.locator(".progress-bar").wait_for(state="attached")  # the page shows progress
    page.get_by_role("link", name="Download the PDF").wait_for(timeout=120_000)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    assert info.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the EPUB").click()
    epub = tmp_path / "book.epub"
    info.value.save_as(epub)
    archive = zipfile.ZipFile(epub)
    assert archive.namelist()[0] == "mimetype" and "EPUB/nav.xhtml" in archive.namelist()
    page.get_by_role("link", name="Open the web edition").click()
    page.get_by_role("heading", name="Hand in Hand: client stories").wait_for()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # readable on a phone
    render = BookRender.objects.get(book=demo)
    urls = [
        f"/renders/{render.pk}/book.pdf",
        f"/renders/{render.pk}/book.epub",
        f"/renders/{render.pk}/web/",
        f"/books/{demo.pk}/preview/",
    ]
    for url in urls:
        assert page.request.get(url).status == 200, url

    outsider = UserFactory(email="outsider@example.org")
    elsewhere = Organization.objects.create(name="Elsewhere", slug="elsewhere")
    membership_ensure(user=outsider, organization=elsewhere, role=Role.DIRECTOR)
    for email, password in (
        ("staff@demo.lfs", DEMO_PASSWORD),
        ("student@demo.lfs", DEMO_PASSWORD),
        ("outsider@example.org", None),
    ):
        other = new_page()
        user = User.objects.get(email=email)
        if password:
            log_in(other, user, password)
        else:
            log_in(other, user)
        for url in urls:
            assert other.request.get(url).status == 404, (email, url)
        other.goto(urls[2])
        assert "Hand in Hand" not in other.content()
