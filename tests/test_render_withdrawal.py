"""A render that contains a story whose publication consent was withdrawn is never given out
again, by any road: the download (book and slide deck), the status page the e-mail links to,
the book's page, the shared library's list and the admin. A new render leaves the story out;
consent given again lets the story into new renders but never re-opens the old file.

The rule (publications.selectors.renders_withdrawn): a finished render is closed for good once,
after it began, a withdrawal of publication consent is recorded for a story it contains (or the
story's data is erased, or the story deleted). Its file is kept for the audit trail only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import AuditEvent, Community
from publications import services
from publications.models import BookRender
from stories.models import Consent
from stories.rights.services import consent_record
from stories.selectors import story_get_for_user
from tests.urlnames import view_name

from .factories import UserFactory
from .test_books import book_world, pdf_text

REFUSED = AuditEvent.Action.BOOK_DOWNLOAD_REFUSED
DOWNLOADED = AuditEvent.Action.BOOK_DOWNLOADED


@pytest.fixture(autouse=True)
def _no_heartbeat_thread(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0  # one transaction per test (see test_books)


def _render(world, client, kind: str, capture) -> BookRender:
    """Render the book (or its slide deck) through the view, the task running in-process."""
    book = book_world(world)
    url_name = (
        "publications:book_render_request"
        if kind == "book"
        else "publications:book_presentation_request"
    )
    with capture(execute=True):
        response = client.post(reverse(view_name(url_name), args=[book.pk]))
    render = BookRender.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert render.status == "done", render.error
    return render


@pytest.fixture
def published(world, login, django_capture_on_commit_callbacks):
    """The world's book rendered as a book and as slides, both containing "A job at the
    bakery" (whose client's consent stands)."""
    client = login(world.committee)
    book = _render(world, client, "book", django_capture_on_commit_callbacks)
    slides = _render(world, client, "slides", django_capture_on_commit_callbacks)
    assert world._bakery.pk in [s["id"] for s in book.contents["stories"]]
    return book, slides


def _withdraw_bakery(world, login):
    consent = Consent.objects.get(interview__story=world._bakery, scope="publication")
    response = login(world.director).post(
        reverse("documentation:consent_withdraw", args=[consent.pk]),
        {
            "withdrawn_on": timezone.localdate().isoformat(),
            "withdrawal_reason": "Changed his mind.",
        },
    )
    assert response.status_code == 302


def _download(client, render):
    return client.get(reverse("publications:book_render_download", args=[render.pk]))


def test_every_road_to_the_old_files_is_refused_after_a_withdrawal(
    world, published, login, mailoutbox
):
    book, slides = published
    community = Community.objects.create(name="Valley network")
    community.organizations.add(world.org)
    library_before = login(world.director).get(reverse("library:library")).content.decode()
    assert (
        reverse("publications:book_render_download", args=[slides.pk]) in library_before
    )  # the latest
    for render in (book, slides):
        assert _download(login(world.director), render).status_code == 200

    _withdraw_bakery(world, login)
    downloads = AuditEvent.objects.filter(action=DOWNLOADED).count()

    # The download itself, as everyone who could download it before.
    for person in (world.director, world.committee):
        for render, again in ((book, "book_render_request"), (slides, "book_presentation_request")):
            response = _download(login(person), render)
            assert response.status_code == 410
            assert response["Content-Type"].startswith("text/html")
            html = response.content.decode()
            assert "is no longer given out" in html
            assert "A job at the bakery" in html and "publication consent was withdrawn" in html
            assert (
                reverse(view_name(again), args=[render.book_id]) in html
            )  # a new render is offered
    assert AuditEvent.objects.filter(action=REFUSED).count() == 4
    assert AuditEvent.objects.filter(action=DOWNLOADED).count() == downloads
    refusal = AuditEvent.objects.filter(action=REFUSED).first()
    assert refusal.object_id == str(slides.pk) and "bakery" not in refusal.summary

    # Those who could never download it still learn nothing.
    for person in (world.student, world.other_director):
        assert _download(login(person), book).status_code == 404

    client = login(world.committee)
    for render in (book, slides):
        # the status page (where the e-mail's link leads), and the partial it polls
        status_url = reverse("publications:book_render_status", args=[render.pk])
        for html in (
            client.get(status_url).content.decode(),
            client.get(status_url, HTTP_HX_REQUEST="true").content.decode(),
        ):
            assert reverse("publications:book_render_download", args=[render.pk]) not in html
            assert "no longer given out" in html
    [mail] = [
        m
        for m in mailoutbox
        if reverse("publications:book_render_status", args=[book.pk]) in m.body
    ]
    link = mail.body[mail.body.index("http") :].split()[0]
    assert (
        reverse("publications:book_render_download", args=[book.pk])
        not in client.get(link).content.decode()
    )

    # The book's page lists both versions without a link to their files.
    page = client.get(reverse("publications:book_detail", args=[book.book_id])).content.decode()
    for render in (book, slides):
        assert reverse("publications:book_render_download", args=[render.pk]) not in page
    assert "Withdrawn" in page

    # The shared library's book list.
    library = login(world.director).get(reverse("library:library")).content.decode()
    assert "/book.pdf" not in library
    assert "This version is no longer given out." in library

    # The admin shows the render, never its file.
    admin = UserFactory(is_staff=True, is_superuser=True, is_unit=True)
    html = (
        login(admin)
        .get(reverse("admin:publications_bookrender_change", args=[book.pk]))
        .content.decode()
    )
    assert "kept for the audit trail only" in html
    assert "media-not-public" not in html and "/book.pdf" not in html
    assert _download(login(admin), book).status_code == 404

    # The file itself is kept, for the audit trail.
    book.refresh_from_db()
    assert book.pdf.storage.exists(book.pdf.name)


def test_a_new_render_leaves_the_story_out_and_downloads(
    world, published, login, django_capture_on_commit_callbacks
):
    old, _slides = published
    _withdraw_bakery(world, login)
    client = login(world.director)
    refusal = _download(client, old).content.decode()
    assert reverse("publications:book_render_request", args=[old.book_id]) in refusal
    new = _render(world, client, "book", django_capture_on_commit_callbacks)
    assert world._bakery.pk not in [s["id"] for s in new.contents["stories"]]
    assert world._bakery.pk in new.contents["excluded"]
    response = _download(client, new)
    assert response.status_code == 200
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert "A home at last" in text and "A job at the bakery" not in text
    assert _download(client, old).status_code == 410


def test_consent_given_again_never_reopens_the_old_file(
    world, published, login, django_capture_on_commit_callbacks
):
    old, slides = published
    _withdraw_bakery(world, login)
    interview = world._bakery.interviews.get()
    consent_record(
        access=story_get_for_user(world.director, world._bakery.pk)[1],
        interview=interview,
        by=world.director,
        scope="publication",
        given_on=timezone.localdate() + dt.timedelta(days=1),
        method="written",
        language="en",
    )
    client = login(world.director)
    assert _download(client, old).status_code == 410
    assert _download(client, slides).status_code == 410
    new = _render(world, client, "book", django_capture_on_commit_callbacks)
    assert world._bakery.pk in [s["id"] for s in new.contents["stories"]]
    assert _download(client, new).status_code == 200


def test_an_erasure_closes_the_renders_that_contain_the_story(world, published, login):
    book, _slides = published
    assert world.doc_story.pk in [s["id"] for s in book.contents["stories"]]
    response = login(world.director).post(
        reverse("rights:client_erase", args=[world.doc_story.pk]),
        {"confirmation": world.doc_story.client_pseudonym, "reason": "client_request"},
    )
    assert response.status_code == 302
    response = _download(login(world.director), book)
    assert response.status_code == 410
    assert "erased at their request" in response.content.decode()


def test_a_withdrawal_recorded_while_the_book_is_rendered_discards_the_file(
    world, login, monkeypatch, mailoutbox
):
    """The withdrawal's transaction began before the render did, so its time is earlier than
    the render's start, but it commits while the pages are laid out: the file is discarded."""
    from publications import renderer

    book = book_world(world)
    render = BookRender.objects.create(book=book, version=1, requested_by=world.committee)
    real = renderer.render_book_pdf

    def withdrawn_meanwhile(content, **kwargs):
        result = real(content, **kwargs)
        Consent.objects.filter(interview__story=world._bakery, scope="publication").update(
            withdrawn_on=timezone.localdate(),
            withdrawal_reason="Changed his mind.",
            withdrawal_recorded_at=timezone.now() - dt.timedelta(minutes=5),
        )
        return result

    monkeypatch.setattr(renderer, "render_book_pdf", withdrawn_meanwhile)
    assert services.render_execute(render_id=render.pk, worker="w") == "refused"
    render.refresh_from_db()
    assert render.status == "failed" and not render.pdf
    assert "withdrawn while this version was being rendered" in render.error
    assert not mailoutbox


def test_no_ready_mail_for_a_render_withdrawn_before_it_is_sent(
    world, published, login, mailoutbox
):
    book, _slides = published
    mailoutbox.clear()
    _withdraw_bakery(world, login)
    assert services.render_notify(render_id=book.pk) is False
    assert not mailoutbox
