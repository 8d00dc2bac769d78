"""Accessible PDFs: books, slide decks and client exports are tagged PDF/UA-1 with the document's
language and title, and a structure tree holding the headings in reading order."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from publications.presentation import render_presentation_pdf
from publications.renderer import render_book_pdf
from publications.selectors import book_content

from .test_books import book_world


@pytest.fixture(autouse=True)
def _no_heartbeat_thread(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0


def _pdfinfo(path, *args) -> str:
    return subprocess.run(
        ["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True
    ).stdout


def _catalog(pdf: bytes) -> dict:
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def _check_tagged(pdf: bytes, tmp_path, *, title: str, language: str) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    info = _pdfinfo(path)
    assert "Tagged:          yes" in info
    assert f"Title:           {title}" in info
    catalog = _catalog(pdf)
    assert catalog["/Lang"] == language
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp is not None and b"pdfuaid" in xmp.stream.get_data()
    # the structure tree, as poppler reads it, one element a line in reading order
    return [line.strip().split(" ")[0] for line in _pdfinfo(path, "-struct").splitlines()]


def test_a_book_is_tagged_pdf_ua_with_its_language_title_and_headings(world, tmp_path):
    book = book_world(world)
    book.language = "he"
    book.title = "סיפורי הצלחה"
    book.subtitle = ""
    book.save()
    pdf = render_book_pdf(book_content(book)).pdf
    tree = _check_tagged(pdf, tmp_path, title="סיפורי הצלחה", language="he")
    assert tree[0] == "Document"
    assert tree.count("H1") >= 4  # cover, title page, the foreword and each story
    assert "H2" in tree and "L" in tree and "LI" in tree and "P" in tree
    # reading order: the book's title heading comes before the stories' paragraphs
    assert tree.index("H1") < tree.index("L")  # reading order: the title before the lists


def test_a_slide_deck_is_tagged_pdf_ua(world, tmp_path):
    book = book_world(world)
    pdf = render_presentation_pdf(book_content(book)).pdf
    tree = _check_tagged(pdf, tmp_path, title=book.title, language="en")
    assert "H1" in tree and "H2" in tree


def test_the_client_export_is_tagged_pdf_ua_in_the_readers_language(world, login, tmp_path):
    response = login(world.director).get(
        reverse("rights:client_export_pdf", args=[world.doc_story.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    tree = _check_tagged(
        response.content, tmp_path, title="Data held about a client", language="en"
    )
    assert "H1" in tree and "H2" in tree
