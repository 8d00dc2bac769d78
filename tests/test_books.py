"""Story books: composing, rendering (pure renderer and task), the restricted URL fetcher,
staleness, the permission-checked download, who may do what, and query counts."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from methods.selectors import question_set_default
from organizations.models import AuditEvent
from organizations.selectors import program_access
from publications import services
from publications.models import BookEntry, BookRender, RelatedPublication, StoryBook
from publications.renderer import ORIGIN, AppFilesFetcher, RenderRefused, render_book_pdf
from publications.selectors import book_content, render_staleness
from stories.models import (
    ClientIdentity,
    CommonPrinciple,
    Consent,
    Interview,
    Principle,
    PrincipleCategory,
    StoryApproval,
    StoryDraft,
    SuccessStory,
)
from tests.urlnames import view_name

from .factories import StoryFactory

PRINCIPLE_TEXT = "We let the client set the pace of every step"


@pytest.fixture(autouse=True)
def _no_heartbeat_thread(settings):
    """Unit tests run inside one transaction: the render's heartbeat thread (its own database
    connection) stays off here; the integration tests run it for real."""
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0


# Building books ---------------------------------------------------------------------------


def approved_story(world, title: str, *, body: str, real_name: str, withdrawn: bool = False):
    """A selected story with a client interview, publication consent (withdrawn or not), an
    approved draft and a restricted identity record."""
    story = StoryFactory(
        program=world.program,
        department=world.departments[1],
        told_by=world.teller,
        title=title,
        status="selected",
    )
    interview = Interview.objects.create(
        story=story,
        interviewee_role="client",
        interviewee_label=story.client_pseudonym,
        held_on=dt.date(2026, 10, 1),
        interviewer=world.student,
        question_set=question_set_default(),
    )
    Consent.objects.create(
        interview=interview,
        scope="publication",
        given_on=dt.date(2026, 10, 1),
        method="written",
        consent_text_version="Form 1",
        recorded_by=world.student,
        withdrawn_on=dt.date(2026, 10, 20) if withdrawn else None,
    )
    draft = StoryDraft.objects.create(
        story=story, version=1, body=body, body_html=f"<p>{body}</p>", author=world.student
    )
    StoryApproval.objects.create(story=story, draft=draft, approved_by=world.committee)
    ClientIdentity.objects.create(story=story, real_name=real_name, recorded_by=world.student)
    return story


def book_world(world):
    """The world's documented story approved, a second publishable story, one whose consent was
    withdrawn, a common principle they draw on, a catalogue entry, and a book of them all;
    then one more approved story left out of the book. Idempotent."""
    if getattr(world, "_book", None) is not None:
        return world._book
    StoryApproval.objects.get_or_create(
        story=world.doc_story, defaults={"draft": world.draft, "approved_by": world.director}
    )
    bakery = approved_story(
        world,
        "A job at the bakery",
        body="Mr. R. started at the bakery at dawn and kept the job for two years.",
        real_name="Rami Saleh",
    )
    withdrawn = approved_story(
        world,
        "The story she took back",
        body="This text must never be printed.",
        real_name="Widad Nassar",
        withdrawn=True,
    )
    category = PrincipleCategory.objects.create(program=world.program, name="Trust")
    common = CommonPrinciple.objects.create(
        program=world.program, text=PRINCIPLE_TEXT, category=category
    )
    for story in (world.doc_story, bakery):
        Principle.objects.create(
            story=story,
            situation="a client who fears losing control",
            goal="a plan the client owns",
            action="agree each step with the client before taking it",
            common=common,
        )
    publication = RelatedPublication.objects.create(
        organization=world.org,
        authors="Rosen, A. and Levi, D.",
        year=2018,
        title="Learning from success in welfare services",
        series_code="RR-783-18",
    )
    book = services.book_create(
        access=program_access(world.director, world.program),
        by=world.director,
        title="Stories of success 2026",
        subtitle="What worked, in the words of those it worked for",
        authors="The Riverside steering committee",
        foreword="We are proud of these stories.",
    )
    world._book = book
    world._publication = publication
    world._withdrawn = withdrawn
    world._bakery = bakery
    world._candidate = approved_story(
        world, "Not yet in the book", body="A later story.", real_name="Nadia Omar"
    )
    return book


def done_render(world) -> BookRender:
    """A finished render with a stored (tiny) PDF, without running WeasyPrint."""
    book = book_world(world)
    existing = BookRender.objects.filter(book=book, status="done").first()
    if existing:
        return existing
    render = BookRender(book=book, version=1, status="done", requested_by=world.director)
    render.pdf.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    render.epub.save("x.epub", ContentFile(b"PK\x03\x04"), save=False)
    render.web.save("x.html", ContentFile(b"<!DOCTYPE html><title>x</title>"), save=False)
    render.pages, render.bytes, render.sha256 = 1, 15, "0" * 64
    render.save()
    return render


# Helpers for the access table in tests/test_permissions.py ---------------------------------


def extra_args(world, kind: str) -> list[int]:
    book = book_world(world)
    if kind == "book":
        return [book.pk]
    if kind == "entry":
        return [book.pk, book.entries.order_by("position").first().pk]
    if kind == "render":
        return [done_render(world).pk]
    return {"program": [world.program.pk]}[kind]


def _order_post(world) -> dict:
    book = book_world(world)
    ids = list(book.entries.order_by("position").values_list("pk", flat=True))
    return {"order": ",".join(str(i) for i in reversed(ids))}


EXTRA_POST_DATA = {
    "program_books": {"title": "A second book", "subtitle": "", "language": "he", "authors": ""},
    "book_edit": {"title": "Stories of success, revised", "language": "en"},
    "book_entry_add": lambda w: {"story": book_world(w) and w._candidate.pk},
    "book_entries_order": _order_post,
    "book_entry_move": {"direction": "down"},
    "book_entry_remove": {},
    "book_publications": lambda w: {"publications": [book_world(w) and w._publication.pk]},
    "publication_add": {
        "authors": "Cohen, Y.",
        "year": "2021",
        "title": "Principles of action in employment services",
        "series_code": "RR-801-21",
        "language": "en",
        "url": "https://example.org/rr-801-21",
    },
    "book_render_request": {},
    "book_cover": lambda w: {"cover": _Rereadable(cover_upload()), "cover_alt": "Two hands"},
}


class _Rereadable(io.BytesIO):
    """An upload the access table can post once for every role (each post reads it whole)."""

    def __init__(self, upload) -> None:
        super().__init__(upload.read())
        self.name = upload.name
        self.content_type = upload.content_type

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


def cover_upload(size=(800, 600), image_format="PNG", name="cover.png"):
    """A real image file, as a browser uploads it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (29, 58, 86)).save(out, format=image_format)
    content_type = "image/png" if image_format == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def _state(world) -> tuple:
    book_world(world)
    return (
        StoryBook.objects.count(),
        list(StoryBook.objects.order_by("pk").values_list("title", flat=True)),
        list(BookEntry.objects.order_by("pk").values_list("pk", "position")),
        RelatedPublication.objects.count(),
        StoryBook.related_publications.through.objects.count(),
        BookRender.objects.count(),
    )


# The access rows for these views are in the one table of tests/test_permissions.py.


@pytest.mark.parametrize("url_name", ["book_render_status", "book_render_download"])
def test_read_only_render_views_refuse_post(world, login, url_name):
    response = login(world.committee).post(
        reverse(view_name(url_name), args=extra_args(world, "render"))
    )
    assert response.status_code == 405


def test_the_story_books_tab_shows_only_to_those_who_compose(world, login):
    url = reverse("dashboard:program_dashboard", args=[world.program.pk])
    assert "Story books" in login(world.committee).get(url).content.decode()
    assert "Story books" not in login(world.companion).get(url).content.decode()


# Composing -------------------------------------------------------------------------------


def test_a_new_book_starts_with_the_approved_stories_and_shows_why_one_is_left_out(world, login):
    book = book_world(world)
    titles = list(book.entries.order_by("position").values_list("story__title", flat=True))
    assert titles == ["A home at last", "A job at the bakery", "The story she took back"]
    page = (
        login(world.director)
        .get(reverse("publications:book_detail", args=[book.pk]))
        .content.decode()
    )
    assert "Will not be printed" in page
    assert "withdrew publication consent" in page
    assert "Not yet in the book" in page  # an approved story that can still be added
    assert "Back to work" not in page  # not approved: not offered


def test_the_catalogue_ticks_the_publications_the_book_lists(world, login):
    book = book_world(world)
    unlisted = RelatedPublication.objects.create(
        organization=world.org, authors="Cohen, R.", year=2021, title="A second report"
    )
    RelatedPublication.objects.create(
        organization=world.other_org, authors="Other, O.", year=2020, title="Hilltown's report"
    )
    book.related_publications.set([world._publication])
    page = (
        login(world.director)
        .get(reverse("publications:book_detail", args=[book.pk]))
        .content.decode()
    )
    listed = world._publication.pk
    assert f'value="{listed}" id="pub-{listed}" checked>' in page
    assert f'value="{unlisted.pk}" id="pub-{unlisted.pk}">' in page
    assert "Hilltown" not in page


def test_moving_and_dragging_reorders_the_stories(world, login):
    book = book_world(world)
    first, second, third = book.entries.order_by("position")
    client = login(world.committee)
    client.post(
        reverse("publications:book_entry_move", args=[book.pk, first.pk]), {"direction": "down"}
    )
    order = list(book.entries.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk, third.pk]
    response = client.post(
        reverse("publications:book_entries_order", args=[book.pk]),
        {"order": f"{third.pk},{second.pk},{first.pk}"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 204
    order = list(book.entries.order_by("position").values_list("pk", flat=True))
    assert order == [third.pk, second.pk, first.pk]
    bad = client.post(
        reverse("publications:book_entries_order", args=[book.pk]), {"order": f"{third.pk}"}
    )
    assert bad.status_code == 400


def test_an_over_long_title_is_refused_on_the_form(world, login):
    book = book_world(world)
    response = login(world.director).post(
        reverse("publications:book_edit", args=[book.pk]), {"title": "T" * 151, "language": "en"}
    )
    assert response.status_code == 400
    assert "at most 150 characters" in response.content.decode()
    book.refresh_from_db()
    assert book.title == "Stories of success 2026"


def test_a_book_with_no_printable_story_refuses_to_render_with_a_clear_message(world, login):
    access = program_access(world.director, world.program)
    book = services.book_create(access=access, by=world.director, title="Empty book")
    BookEntry.objects.filter(book=book).delete()
    client = login(world.director)
    response = client.post(reverse("publications:book_render_request", args=[book.pk]), follow=True)
    assert "no story that can be published yet" in response.content.decode()
    assert not BookRender.objects.filter(book=book).exists()


# Rendering -------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def rendered(world, login, django_capture_on_commit_callbacks):
    """The world's book rendered through the view, the task running in-process."""
    book = book_world(world)
    book.related_publications.add(world._publication)
    client = login(world.committee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("publications:book_render_request", args=[book.pk]))
    render = BookRender.objects.get(book=book)
    assert response["Location"] == reverse("publications:book_render_status", args=[render.pk])
    return render


def test_a_render_holds_the_publishable_stories_and_principles_and_no_real_name(
    world, rendered, login, mailoutbox
):
    render = rendered
    assert render.status == "done", render.error
    assert render.progress == 100
    assert render.pages >= 7 and render.bytes > 1000 and len(render.sha256) == 64
    assert render.seconds > 0
    data = render.pdf.open("rb").read()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    flat = " ".join(text.split())
    assert "Stories of success 2026" in flat
    assert "A home at last" in flat and "A job at the bakery" in flat
    assert "Mrs. H. found a flat in 2025." in flat
    assert PRINCIPLE_TEXT in flat
    assert "RR-783-18" in flat
    assert "The story she took back" not in flat and "must never be printed" not in flat
    for name in ("Hanna Halabi", "Rami Saleh", "Widad Nassar", "Nadia Omar"):
        assert name not in flat
    assert render.contents["stories"] and render.contents["excluded"] == [world._withdrawn.pk]
    # the requester is told, with a link
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [world.committee.email]
    assert reverse("publications:book_render_status", args=[render.pk]) in mailoutbox[0].body


def test_the_download_is_a_pdf_attachment_and_is_audited(world, rendered, login):
    client = login(world.director)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED).count()
    response = client.get(reverse("publications:book_render_download", args=[rendered.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    events = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED)
    assert events.count() == before + 1
    assert events.first().actor == world.director
    assert (
        "media-not-public"
        not in client.get(
            reverse("publications:book_detail", args=[rendered.book.pk])
        ).content.decode()
    )


def test_the_status_page_and_its_partial(world, rendered, login):
    client = login(world.committee)
    url = reverse("publications:book_render_status", args=[rendered.pk])
    page = client.get(url)
    assert "Download the PDF" in page.content.decode()
    assert "Refresh" not in page  # finished: no self-refresh
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "Download the PDF" in partial
    queued = BookRender.objects.create(book=rendered.book, version=2, stage="Waiting")
    page = client.get(reverse("publications:book_render_status", args=[queued.pk]))
    assert page["Refresh"] == "3"
    assert 'hx-trigger="every 1s"' in page.content.decode()


def test_a_render_goes_stale_when_consent_is_withdrawn_or_a_story_changes(world, rendered, login):
    assert render_staleness(rendered) == []
    Consent.objects.filter(interview__story=world._bakery).update(
        withdrawn_on=dt.date(2026, 11, 30)
    )
    reasons = render_staleness(rendered)
    assert any("can no longer be published" in r for r in reasons)
    page = login(world.director).get(reverse("publications:book_detail", args=[rendered.book.pk]))
    assert "This version is out of date" in page.content.decode()


def test_a_finished_render_is_never_redone_and_a_live_claim_is_left_alone(world, rendered):
    assert services.render_execute(render_id=rendered.pk, worker="w2") == "finished"
    assert BookRender.objects.get(pk=rendered.pk).attempts == 1
    book = rendered.book
    running = BookRender.objects.create(book=book, version=2)
    outcome, claim = services.render_claim(render_id=running.pk, worker="w1")
    assert outcome == "claimed" and claim
    assert services.render_claim(render_id=running.pk, worker="w2") == ("busy", None)


def test_a_dead_workers_render_is_taken_over_and_its_late_result_discarded(world, settings):
    from django.utils import timezone

    book = book_world(world)
    render = BookRender.objects.create(book=book, version=1)
    _outcome, dead = services.render_claim(render_id=render.pk, worker="dead")
    BookRender.objects.filter(pk=render.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.BOOK_RENDER_LEASE_SECONDS + 5)
    )
    assert services.render_execute(render_id=render.pk, worker="alive") == "done"
    render.refresh_from_db()
    assert render.status == "done" and render.attempts == 2
    assert not dead.progress(50)  # the presumed-dead worker can no longer write


def test_a_real_name_in_an_approved_text_stops_the_render(world, login):
    book = book_world(world)
    draft = StoryDraft.objects.create(
        story=world._bakery,
        version=2,
        body="Rami Saleh kept the job.",
        body_html="<p>Rami  Saleh kept the job.</p>",
        author=world.student,
    )
    StoryApproval.objects.filter(story=world._bakery).update(draft=draft)
    render = BookRender.objects.create(book=book, version=1)
    assert services.render_execute(render_id=render.pk, worker="w") == "refused"
    render.refresh_from_db()
    assert render.status == "failed" and not render.pdf
    assert "real name" in render.error and "Rami" not in render.error
    page = login(world.director).get(reverse("publications:book_render_status", args=[render.pk]))
    assert "could not be rendered" in page.content.decode()


def test_the_renderer_never_fetches_files_or_the_network(world):
    book = book_world(world)
    hostile = (
        '<p>Look: <img src="file:///etc/passwd"> <img src="http://127.0.0.1:9/x.png">'
        '<img src="/media-not-public/private/consent/e.pdf"><img src="/static/../../etc/passwd">'
        '<a href="http://127.0.0.1:9/">a link</a></p>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
    )
    StoryDraft.objects.filter(pk=world.draft.pk).update(body_html=hostile)
    result = render_book_pdf(book_content(book))
    refused = " ".join(result.refused_urls)
    assert "file:///etc/passwd" in refused
    assert "http://127.0.0.1:9/x.png" in refused
    assert "private/consent" in refused
    assert "root:x:0" not in pdf_text(result.pdf)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/static/css/lfs.css",
        f"{ORIGIN}/static/../../../etc/passwd",
        f"{ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{ORIGIN}/media-not-public/private/interview/t.pdf",
        f"{ORIGIN}/media-not-public/../settings.py",
        "data:text/plain,hello",
    ],
)
def test_the_url_fetcher_refuses_everything_but_the_apps_own_files(url):
    fetcher = AppFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_url_fetcher_serves_the_apps_static_files():
    response = AppFilesFetcher().fetch(f"{ORIGIN}/static/favicon.svg")
    assert b"<svg" in response.read()


def test_an_empty_book_is_refused_by_the_pure_renderer(world):
    access = program_access(world.director, world.program)
    book = services.book_create(access=access, by=world.director, title="Nothing yet")
    BookEntry.objects.filter(book=book).delete()
    with pytest.raises(RenderRefused, match="no story that can be published"):
        render_book_pdf(book_content(book))


def test_transient_errors_are_retried_then_reported(world, monkeypatch):
    from django.db import OperationalError

    from publications.tasks import render_book

    book = book_world(world)
    render = BookRender.objects.create(book=book, version=1)
    calls = []

    def flaky(*, render_id, worker):
        calls.append(worker)
        BookRender.objects.filter(pk=render_id).update(status="running")
        raise OperationalError("connection reset")

    monkeypatch.setattr(services, "render_execute", flaky)
    conf = render_book.app.conf
    saved, conf.task_eager_propagates = conf.task_eager_propagates, False
    try:
        result = render_book.apply(args=[render.pk], throw=False)
    finally:
        conf.task_eager_propagates = saved
    assert isinstance(result.result, OperationalError)
    render.refresh_from_db()
    assert len(calls) == render_book.max_retries + 1
    assert render.status == "failed"
    assert "several attempts" in render.error


# A Hebrew book ------------------------------------------------------------------------------

HEBREW_SENTENCE = "הצוות הקשיב לה והיא בחרה את הדרך"


def test_a_hebrew_book_is_laid_out_right_to_left(world, tmp_path):
    book = book_world(world)
    StoryDraft.objects.filter(pk=world.draft.pk).update(
        body_html=f"<p>פתיחה קצרה.</p><p>{HEBREW_SENTENCE}.</p>"
    )
    book.language = "he"
    book.title = "סיפורי הצלחה"
    book.save()
    result = render_book_pdf(book_content(book))
    pdf = tmp_path / "he.pdf"
    pdf.write_bytes(result.pdf)
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    import re

    # poppler lists words left to right as they stand on the page, a Hebrew word's letters
    # in visual order: read each word back to logical order
    words = [
        (float(x), w[::-1].strip(".\u202b\u202c"))
        for x, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', xml)
    ]
    sentence = HEBREW_SENTENCE.split()
    visual = sentence[::-1]
    positions = None
    for i in range(len(words) - len(visual) + 1):
        if [w for _x, w in words[i : i + len(visual)]] == visual:
            positions = [x for x, _w in words[i : i + len(visual)]][::-1]
            break
    assert positions, "the Hebrew sentence is not in the PDF"
    assert positions == sorted(positions, reverse=True), positions
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "תוכן העניינים" in text and "עקרונות פעולה" in text


# Operators and query counts -------------------------------------------------------------------


def test_the_render_book_command_renders_and_prints_the_path(world, capsys):
    book = book_world(world)
    out = io.StringIO()
    call_command("render_book", str(book.pk), stdout=out)
    render = BookRender.objects.get(book=book)
    assert render.status == "done"
    assert render.pdf.path in out.getvalue()
    assert "100%" in capsys.readouterr().err


def test_the_book_page_keeps_a_constant_number_of_queries(world, login):
    book = book_world(world)
    BookRender.objects.create(book=book, version=99, status="done", contents={"stories": []})
    client = login(world.director)
    url = reverse("publications:book_detail", args=[book.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(5):
        story = approved_story(world, f"More {i}", body="More.", real_name=f"Person {i}")
        services.entry_add(
            access=program_access(world.director, world.program), book=book, story_id=story.pk
        )
        done = BookRender.objects.create(book=book, version=i + 1, status="done", pages=3)
        done.contents = {"stories": [], "excluded": []}
        done.save()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


def _consent_rows_read() -> int:
    """Rows of the consent ledger PostgreSQL has read in this transaction (the test's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)"
            " FROM pg_stat_xact_user_tables WHERE relname = 'stories_consent'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_composer_reads_the_consents_of_its_own_stories_not_the_whole_ledger(client):
    """Whether each story on the composer may be printed is decided from the consents of those
    stories: the page's cost must not grow with every organization's ledger. (Asked as one
    EXISTS per interview, PostgreSQL hashed the publication consents of the whole database:
    12,834 rows read for the 80 stories of one page at national size.)"""
    from demo import bulk
    from organizations.models import User
    from stories.models import Consent

    if connection.vendor != "postgresql":
        pytest.skip("the planner and its statistics are PostgreSQL's")
    call_command("seed_bulk", "--organizations=8", "--stories=1600", stdout=io.StringIO())
    book = StoryBook.objects.get(program__organization__slug=bulk.org_slug(1))
    client.force_login(User.objects.get(email=bulk.email(1, "director")))
    url = reverse("publications:book_detail", args=[book.pk])
    before = _consent_rows_read()
    response = client.get(url)
    read = _consent_rows_read() - before
    assert response.status_code == 200
    shown = [row.story.pk for row in response.context["composition"].rows] + [
        story.pk for story, _ok in response.context["composition"].candidates
    ]
    own = Consent.objects.filter(interview__story_id__in=shown).count()
    assert len(shown) >= 60 and own > 0
    assert read <= 3 * own, f"{read} consent rows read for the {own} of the page's stories"
    assert read < Consent.objects.count() / 2


def test_the_books_list_keeps_a_constant_number_of_queries(world, login):
    book_world(world)
    client = login(world.director)
    url = reverse("publications:program_books", args=[world.program.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    access = program_access(world.director, world.program)
    for i in range(4):
        services.book_create(access=access, by=world.director, title=f"Book {i}")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_a_story_in_another_program_cannot_be_added(world, login):
    book = book_world(world)
    client = login(world.director)
    client.post(
        reverse("publications:book_entry_add", args=[book.pk]), {"story": world.other_story.pk}
    )
    assert not book.entries.filter(story=world.other_story).exists()
    assert SuccessStory.objects.filter(pk=world.other_story.pk).exists()
