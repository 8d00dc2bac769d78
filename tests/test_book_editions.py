"""The EPUB 3 and the web edition of a book: made with its PDF from the same composition,
valid by structure, right to left where the book is, given out only to those who may download
the PDF, audited, and refused once a story's consent is withdrawn."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree  # noqa: S405 - parses what the app itself wrote

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import AuditEvent
from publications.editions import render_epub, render_web_html
from publications.models import BookRender
from publications.selectors import book_content
from stories.models import Consent, StoryDraft

from .test_books import book_world

NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}


@pytest.fixture(autouse=True)
def _no_heartbeat_thread(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0


@pytest.fixture
def rendered(world, login, django_capture_on_commit_callbacks):
    book = book_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        login(world.director).post(reverse("publications:book_render_request", args=[book.pk]))
    return BookRender.objects.get(book=book)


def check_epub(data: bytes) -> dict:
    """Structural validation of an EPUB 3 (what epubcheck looks at first): the mimetype entry
    first and stored, the container pointing at a package document, the package's required
    metadata, every manifest file present, a navigation document, every spine item and nav
    link resolving, and each content document well-formed XHTML. Returns what it read."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    assert data[30:38] == b"mimetype"  # at offset 30 of the file, as readers sniff it
    container = ElementTree.fromstring(  # noqa: S314
        archive.read("META-INF/container.xml")
    )
    rootfile = container.find("c:rootfiles/c:rootfile", NS)
    assert rootfile is not None
    assert rootfile.get("media-type") == "application/oebps-package+xml"
    opf_path = rootfile.get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    package = ElementTree.fromstring(  # noqa: S314
        archive.read(opf_path)
    )
    assert package.tag == "{http://www.idpf.org/2007/opf}package"
    assert package.get("version") == "3.0"
    metadata = package.find("opf:metadata", NS)
    identifier = metadata.find("dc:identifier", NS)
    assert identifier is not None and identifier.get("id") == package.get("unique-identifier")
    title = metadata.find("dc:title", NS).text
    language = metadata.find("dc:language", NS).text
    assert title and language
    modified = [
        m for m in metadata.findall("opf:meta", NS) if m.get("property") == "dcterms:modified"
    ]
    assert len(modified) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified[0].text)
    names = set(archive.namelist())
    manifest = {}
    for item in package.find("opf:manifest", NS):
        href = base + item.get("href")
        assert href in names, href
        manifest[item.get("id")] = (href, item.get("media-type"), item.get("properties") or "")
    navs = [v for v in manifest.values() if "nav" in v[2].split()]
    assert len(navs) == 1, "exactly one navigation document"
    spine = package.find("opf:spine", NS)
    spine_files = []
    for itemref in spine:
        assert itemref.get("idref") in manifest
        spine_files.append(manifest[itemref.get("idref")][0])
    documents = {}
    for href, media_type, _props in manifest.values():
        if media_type == "application/xhtml+xml":
            documents[href] = ElementTree.fromstring(  # noqa: S314
                archive.read(href)
            )  # well-formed
    nav = documents[navs[0][0]]
    toc = [n for n in nav.iter(f"{{{NS['x']}}}nav") if n.get(f"{{{NS['epub']}}}type") == "toc"]
    assert len(toc) == 1
    links = [a.get("href") for a in toc[0].iter(f"{{{NS['x']}}}a")]
    for link in links:
        assert base + link.split("#")[0] in spine_files, link
    return {
        "title": title,
        "language": language,
        "direction": spine.get("page-progression-direction"),
        "documents": documents,
        "spine": spine_files,
        "links": links,
    }


def test_the_epub_is_valid_by_structure_and_holds_every_story(world):
    book = book_world(world)
    content = book_content(book)
    epub = check_epub(render_epub(content))
    assert epub["title"] == book.title and epub["language"] == "en"
    assert epub["direction"] is None  # left to right: the reader's default
    assert len(epub["links"]) == len(content.chapters) + 1 + 1  # stories, foreword, principles
    text = " ".join("".join(doc.itertext()) for doc in epub["documents"].values())
    for chapter in content.chapters:
        assert chapter.story.title in text
    assert "This text must never be printed." not in text  # the withdrawn story is left out
    assert not any(name in text for name in content.real_names)


def test_a_hebrew_epub_and_web_edition_read_right_to_left(world):
    book = book_world(world)
    StoryDraft.objects.filter(pk=world.draft.pk).update(body_html="<p>היא בחרה את הדרך.</p>")
    book.language = "he"
    book.title = "סיפורי הצלחה"
    book.save()
    content = book_content(book)
    epub = check_epub(render_epub(content))
    assert epub["language"] == "he" and epub["direction"] == "rtl"
    for href, doc in epub["documents"].items():
        body = doc.find("x:body", NS)
        direction = doc.get("dir") or body.get("dir")  # ebooklib sets the nav's on its body
        assert (direction, doc.get("lang")) == ("rtl", "he"), href
    story = next(d for h, d in epub["documents"].items() if h.endswith("story-1.xhtml"))
    xml = ElementTree.tostring(story, encoding="unicode")
    assert re.search(r'<html:p [^>]*dir="rtl" lang="he"[^>]*>היא בחרה', xml) or re.search(
        r'<p [^>]*dir="rtl" lang="he"[^>]*>היא בחרה', xml
    )
    web = render_web_html(content)
    assert web.startswith("<!DOCTYPE html>")
    assert '<html lang="he" dir="rtl">' in web
    assert '<p dir="rtl" lang="he">היא בחרה את הדרך.</p>' in web


def test_the_web_edition_is_one_responsive_page_with_nothing_to_fetch(world):
    book = book_world(world)
    content = book_content(book)
    web = render_web_html(content)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in web
    assert "<script" not in web.lower()
    assert not re.search(r'(src|href)="(https?:|//|file:)', web)
    for chapter in content.chapters:
        assert f'id="story-{chapter.number}"' in web and chapter.story.title in web
    assert "This text must never be printed." not in web


def test_a_render_makes_the_pdf_epub_and_web_edition_together(world, rendered):
    assert rendered.status == "done"
    assert rendered.pdf.name.endswith(".pdf")
    assert rendered.epub.name.endswith(".epub") and rendered.epub.name.startswith("private/")
    assert rendered.web.name.endswith(".html") and rendered.web.name.startswith("private/")
    with rendered.epub.open("rb") as handle:
        check_epub(handle.read())


@pytest.mark.parametrize(
    ("url_name", "content_type", "attachment", "summary"),
    [
        ("book_render_epub", "application/epub+zip", True, "EPUB of book"),
        ("book_render_web", "text/html; charset=utf-8", False, "web edition of book"),
    ],
)
def test_the_director_and_committee_get_the_editions_audited(
    world, rendered, login, url_name, content_type, attachment, summary
):
    url = reverse(f"publications:{url_name}", args=[rendered.pk])
    for user in (world.director, world.committee):
        before = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED).count()
        response = login(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert ("attachment" in response.get("Content-Disposition", "")) is attachment
        assert response["Cache-Control"] == "no-store"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"PK") if attachment else body.startswith(b"<!DOCTYPE html>")
        events = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED)
        assert events.count() == before + 1
        assert events.first().actor == user and summary in events.first().summary
    if not attachment:
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp


@pytest.mark.parametrize("url_name", ["book_render_epub", "book_render_web"])
def test_other_roles_and_organizations_never_get_the_editions(world, rendered, login, url_name):
    url = reverse(f"publications:{url_name}", args=[rendered.pk])
    before = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED).count()
    for user in (world.teller, world.staff, world.student, world.companion, world.unit):
        assert login(user).get(url).status_code == 404, user
    assert login(world.other_director).get(url).status_code == 404
    login(None)
    assert login(None).get(url).status_code == 302  # to the login page
    after = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOADED).count()
    assert after == before


@pytest.mark.parametrize("url_name", ["book_render_epub", "book_render_web"])
def test_an_edition_is_refused_once_a_storys_consent_is_withdrawn(world, rendered, login, url_name):
    Consent.objects.filter(interview__story=world.doc_story, scope="publication").update(
        withdrawn_on=timezone.localdate(), withdrawal_recorded_at=timezone.now()
    )
    response = login(world.director).get(reverse(f"publications:{url_name}", args=[rendered.pk]))
    assert response.status_code == 410
    event = AuditEvent.objects.filter(action=AuditEvent.Action.BOOK_DOWNLOAD_REFUSED).first()
    assert event is not None and "refused" in event.summary


def test_a_slide_deck_has_no_epub_or_web_edition(world, rendered, login):
    rendered.kind = BookRender.Kind.PRESENTATION
    rendered.epub = rendered.web = ""
    rendered.save()
    for name in ("book_render_epub", "book_render_web"):
        url = reverse(f"publications:{name}", args=[rendered.pk])
        assert login(world.director).get(url).status_code == 404
