"""The book's cover image (uploaded, checked, re-encoded, placed on the cover of every edition)
and the preview of the book in the browser before rendering."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organizations.models import AuditEvent
from publications.editions import render_epub, render_web_html
from publications.models import StoryBook
from publications.renderer import render_book_pdf
from publications.selectors import book_content

from .test_books import book_world, cover_upload


@pytest.fixture(autouse=True)
def _no_heartbeat_thread(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0


def _post_cover(client, book, **data):
    return client.post(reverse("publications:book_cover", args=[book.pk]), data)


def test_a_cover_image_is_checked_stripped_of_metadata_and_placed_on_every_edition(
    world, login, tmp_path
):
    book = book_world(world)
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x9003] = "2026:01:02 03:04:05"
    Image.new("RGB", (900, 700), (200, 120, 40)).save(photo, format="JPEG", exif=exif)
    assert b"CameraMaker" in photo.getvalue()
    upload = SimpleUploadedFile("photo.jpg", photo.getvalue(), content_type="image/jpeg")
    response = _post_cover(login(world.director), book, cover=upload, cover_alt="Two hands")
    assert response.status_code == 302
    book.refresh_from_db()
    assert book.cover.name.startswith(f"private/books/{book.pk}/cover-")
    assert book.cover.name.endswith(".jpg") and book.cover_alt == "Two hands"
    stored = book.cover.open("rb").read()
    assert b"CameraMaker" not in stored and Image.open(io.BytesIO(stored)).size == (900, 700)

    content = book_content(book)
    assert content.cover is not None and content.cover.alt == "Two hands"
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(render_book_pdf(content).pdf)
    images = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert " 900   700 " in images, images  # on the cover page, at its full resolution
    epub = zipfile.ZipFile(io.BytesIO(render_epub(content)))
    assert epub.read("EPUB/images/cover.jpg") == stored
    assert b'src="images/cover.jpg"' in epub.read("EPUB/title.xhtml")
    assert b'properties="cover-image"' in epub.read("EPUB/content.opf")
    web = render_web_html(content)
    assert 'src="data:image/jpeg;base64,' in web and 'alt="Two hands"' in web


@pytest.mark.parametrize(
    ("upload", "alt", "message"),
    [
        (
            lambda: SimpleUploadedFile("notes.jpg", b"not an image at all", "image/jpeg"),
            "A photo",
            "This file is not an image that can be read",
        ),
        (lambda: cover_upload(size=(200, 150)), "A photo", "too small to print"),
        (lambda: cover_upload(image_format="GIF", name="c.gif"), "A photo", "JPEG or PNG"),
        (lambda: cover_upload(), "", "Describe what the image shows"),
    ],
)
def test_a_bad_cover_is_refused_with_a_clear_message_and_nothing_is_lost(
    world, login, upload, alt, message
):
    book = book_world(world)
    client = login(world.director)
    response = _post_cover(client, book, cover=upload(), cover_alt=alt)
    assert response.status_code == 400
    assert message in response.content.decode()
    book.refresh_from_db()
    assert not book.cover and book.title == "Stories of success 2026"
    assert alt in response.content.decode()  # what was typed is still in the form


def test_a_cover_over_five_megabytes_is_refused(world, login, settings):
    book = book_world(world)
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1), "image/png")
    response = _post_cover(login(world.director), book, cover=big, cover_alt="Big")
    assert response.status_code == 400 and "larger than 5 MB" in response.content.decode()


def test_only_those_who_compose_may_change_the_cover(world, login):
    book = book_world(world)
    for user in (world.teller, world.staff, world.student, world.companion, world.other_director):
        response = _post_cover(login(user), book, cover=cover_upload(), cover_alt="A photo")
        assert response.status_code == 404, user
    assert not StoryBook.objects.get(pk=book.pk).cover


def test_the_cover_can_be_removed(world, login):
    book = book_world(world)
    client = login(world.committee)
    _post_cover(client, book, cover=cover_upload(), cover_alt="A drawing")
    assert StoryBook.objects.get(pk=book.pk).cover
    _post_cover(client, book, remove="1")
    book.refresh_from_db()
    assert not book.cover and book.cover_alt == ""


def test_the_preview_shows_the_book_as_it_stands_before_rendering(world, login):
    book = book_world(world)
    client = login(world.director)
    response = client.get(reverse("publications:book_preview", args=[book.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A job at the bakery" in html and "Stories of success 2026" in html
    assert "This text must never be printed." not in html  # consent withdrawn: left out
    assert "<script" not in html
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED).first()
    assert event.actor == world.director and "preview" in event.summary
    assert not book.renders.exists()  # nothing was rendered or stored


def test_the_preview_is_refused_to_other_roles_and_organizations(world, login):
    book = book_world(world)
    url = reverse("publications:book_preview", args=[book.pk])
    for user in (world.teller, world.staff, world.student, world.unit, world.other_director):
        assert login(user).get(url).status_code == 404, user
