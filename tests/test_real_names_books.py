"""Real names never pass the gate, in the books: a book is composed from its program's stories,
so its own fields (title, abstract, foreword, credits...) and the related publications it lists
are refused while they reveal the real name of any client of the program; an approved text
found to hold a name keeps its story out of the book, with the reason; the renderer refuses
what still reveals one, saying where and never the name (also in the htmx status answer)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from publications.models import BookRender, RelatedPublication, StoryBook
from stories import services
from stories.models import StoryApproval, StoryDraft

from . import test_real_names_gate as gate
from .test_real_names_gate import LANGUAGES, _identity, _outside_inputs, _refusals

documented = gate.documented  # the same fixture: the story assigned, with a client interview

# Book fields --------------------------------------------------------------------------------

BOOK = {
    "title": "Stories of success",
    "subtitle": "",
    "language": "en",
    "authors": "Dana Director",
    "editor": "",
    "translator": "",
    "graphic_design": "",
    "publisher": "",
    "place": "",
    "published_on": "",
    "abstract": "",
    "foreword": "",
    "include_principles": "on",
}


@LANGUAGES
@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("title", "title"),
        ("subtitle", "subtitle"),
        ("abstract", "abstract"),
        ("foreword", "foreword"),
        ("authors", "authors"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("graphic_design", "graphic design"),
        ("publisher", "publisher"),
        ("place", "place of publication"),
    ],
)
def test_a_book_field_that_reveals_a_clients_real_name_is_refused(
    documented, login, real_name, text, part, field, label
):
    _identity(documented, real_name)
    typed = text[:100] if field in ("title", "place") else text
    book = StoryBook.objects.create(program=documented.program, title="Stories")
    response = login(documented.committee).post(
        reverse("publications:book_edit", args=[book.pk]), {**BOOK, field: typed}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"“{label}”" in page and "of a client of this program" in page
    assert escape(typed) in page, "the typed text is kept in the form"
    assert part not in _outside_inputs(page, typed)
    book.refresh_from_db()
    assert getattr(book, field) != typed
    assert _refusals() == 1


@LANGUAGES
@pytest.mark.parametrize(("field", "label"), [("title", "title"), ("authors", "authors")])
def test_a_new_book_whose_details_reveal_a_clients_real_name_is_not_created(
    documented, login, real_name, text, part, field, label
):
    _identity(documented, real_name)
    typed = text[:100]
    response = login(documented.director).post(
        reverse("publications:program_books", args=[documented.program.pk]), {**BOOK, field: typed}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"“{label}”" in page and escape(typed) in page
    assert part not in _outside_inputs(page, typed)
    assert not StoryBook.objects.exists()


def test_a_book_is_checked_against_every_client_of_its_program(documented, login):
    _identity(documented, "Rivka Azulay")  # the other story of the program is Hanna Halabi's
    response = login(documented.director).post(
        reverse("publications:program_books", args=[documented.program.pk]),
        {**BOOK, "foreword": "We thank Hanna for her courage."},
    )
    assert response.status_code == 400
    assert not StoryBook.objects.exists()


def test_a_related_publication_that_names_a_client_is_refused(documented, login):
    _identity(documented, "Rivka Azulay")
    book = StoryBook.objects.create(program=documented.program, title="Stories")
    data = {
        "authors": "R. Azulay and others",
        "year": 2025,
        "title": "A study",
        "series_code": "",
        "language": "en",
        "url": "",
    }
    response = login(documented.committee).post(
        reverse("publications:publication_add", args=[book.pk]), data
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“authors”" in page
    assert "Azulay" not in _outside_inputs(page, "R. Azulay and others")
    assert not RelatedPublication.objects.exists()


def test_a_clean_book_is_saved(documented, login):
    _identity(documented, "Rivka Azulay")
    response = login(documented.committee).post(
        reverse("publications:program_books", args=[documented.program.pk]),
        {**BOOK, "foreword": "With thanks to R. and to the Azulaya family bakery."},
    )
    assert response.status_code == 302
    assert StoryBook.objects.count() == 1


# The book renderer ------------------------------------------------------------------------------


def test_the_render_refuses_a_disguised_name_and_its_status_never_shows_it(world, login):
    from .test_books import book_world

    book = book_world(world)
    StoryDraft.objects.filter(pk=world.draft.pk).update(body_html="<p>Ha<em>nn</em>a came.</p>")
    render = BookRender.objects.create(book=book, version=1)
    from publications import services as book_services

    assert book_services.render_execute(render_id=render.pk, worker="w") == "refused"
    render.refresh_from_db()
    assert "real name" in render.error and "Hanna" not in render.error
    client = login(world.director)
    url = reverse("publications:book_render_status", args=[render.pk])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        page = client.get(url, **headers).content.decode()
        assert "Hanna" not in page and "Halabi" not in page


def test_an_approved_text_found_to_hold_the_name_keeps_its_story_out_of_the_book(world, login):
    """Approved before the name was recorded: the story stays out, with the reason, and the
    book still renders from the others."""
    from publications import services as book_services
    from publications.selectors import book_composition, book_content

    from .test_books import book_world

    book = book_world(world)
    draft = StoryDraft.objects.create(
        story=world._bakery,
        version=2,
        body="Mr. R. started at dawn.\n\nSa&#108;eh kept the job.",
        body_html="<p>Mr. R. started at dawn.</p><p>Sa&#108;eh kept the job.</p>",
        author=world.student,
    )
    StoryApproval.objects.filter(story=world._bakery).update(draft=draft)
    services.drafts_recheck_real_name(story=world._bakery)
    row = next(r for r in book_composition(book).rows if r.story.pk == world._bakery.pk)
    assert not row.included
    assert any("contains the client's real name" in reason for reason in row.reasons)
    assert world._bakery.pk not in [c.story.pk for c in book_content(book).chapters]
    page = (
        login(world.committee)
        .get(reverse("publications:book_detail", args=[book.pk]))
        .content.decode()
    )
    assert "contains the client&#x27;s real name" in page or "real name" in page
    assert "Saleh" not in page and "Sa&amp;#108;eh" not in page
    render = BookRender.objects.create(book=book, version=1)
    assert book_services.render_execute(render_id=render.pk, worker="w") == "done"


def test_the_render_names_where_the_name_is_never_the_name(world):
    from publications import services as book_services

    from .test_books import book_world

    book = book_world(world)
    # a foreword saved before books were checked
    StoryBook.objects.filter(pk=book.pk).update(foreword="With thanks to HAL\u00adABI.")
    render = BookRender.objects.create(book=book, version=1)
    assert book_services.render_execute(render_id=render.pk, worker="w") == "refused"
    render.refresh_from_db()
    assert "“foreword”" in render.error
    assert "HALABI" not in render.error.upper().replace("\u00ad", "")
