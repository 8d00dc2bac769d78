"""The organization's name as a book prints it: in the book's language where the committee
gives it (a Hebrew or Arabic book would otherwise print the name recorded in English on its
cover), in every edition; checked for real names like the book's other texts."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from organizations.selectors import program_access
from publications import services
from publications.models import StoryBook
from publications.renderer import render_book_editions, render_html
from publications.selectors import book_content

pytestmark = pytest.mark.django_db

HEBREW_NAME = "השירותים החברתיים של ריברסייד"


def _book(world, **fields) -> StoryBook:
    return services.book_create(
        access=program_access(world.director, world.program),
        by=world.director,
        title="יד ביד",
        language="he",
        **fields,
    )


def test_a_hebrew_book_prints_the_name_given_in_hebrew_in_every_edition(world):
    book = _book(world, organization_name=HEBREW_NAME)
    content = book_content(book)
    html = render_html(content)
    assert HEBREW_NAME in html
    assert world.org.name not in html
    editions = render_book_editions(content)
    assert HEBREW_NAME in editions.web.decode() and world.org.name not in editions.web.decode()
    epub = zipfile.ZipFile(BytesIO(editions.epub))
    everything = "".join(epub.read(n).decode("utf-8", "replace") for n in epub.namelist())
    assert HEBREW_NAME in everything and world.org.name not in everything


def test_without_it_the_book_prints_the_name_as_recorded(world):
    book = _book(world)
    assert book.printed_organization_name == world.org.name
    assert world.org.name in render_html(book_content(book))


def test_the_composer_sets_it_and_a_real_name_in_it_is_refused(world, login):
    book = _book(world)
    client = login(world.director)
    url = reverse("publications:book_edit", args=[book.pk])
    page = client.get(url).content.decode()
    assert 'name="organization_name"' in page
    data = {"title": "יד ביד", "language": "he", "organization_name": HEBREW_NAME}
    assert client.post(url, data).status_code == 302
    book.refresh_from_db()
    assert book.organization_name == HEBREW_NAME
    refused = client.post(url, {**data, "organization_name": "Hanna Halabi's friends"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "real name" in body
    assert "Hanna Halabi&#x27;s friends" in body  # what was typed is kept, to be corrected
    book.refresh_from_db()
    assert book.organization_name == HEBREW_NAME
