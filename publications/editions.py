"""The EPUB 3 and web editions of a book, from the same composition as its PDF.

The print book, the EPUB and the web edition render the same parts (`publications/edition/`:
a story, the principles chapter, the related publications, the foreword) from the same
`BookContent`, so the three never disagree; each adds only its own frame: pages for the PDF,
one XHTML file per chapter for the EPUB, one responsive page for the web edition. Like the
renderer this is pure: book content in, bytes out; nothing is fetched (the editions hold no
remote resource; a cover image is embedded).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from ebooklib import epub

from . import print_labels
from .selectors import BookContent

EPUB_MEDIA_TYPE = "application/epub+zip"


@dataclass
class Editions:
    epub: bytes
    web: bytes  # one UTF-8 HTML document


def book_context(content: BookContent, **extra) -> dict:
    """What every edition's templates are given."""
    book = content.book
    return {
        "book": book,
        "program": book.program,
        "organization": book.program.organization,
        "chapters": content.chapters,
        "groups": content.groups,
        "publications": content.publications,
        "labels": print_labels.labels_for(book.language),
        "rtl": book.direction == "rtl",
        "cover": content.cover,
        **extra,
    }


def render_web_html(content: BookContent) -> str:
    """The web edition: one responsive page, readable on a phone, right to left where the
    book is; no script, no remote resource."""
    with translation.override(content.book.language):
        return render_to_string("publications/edition/web.html", book_context(content))


def _part(content: BookContent, part: str, **extra) -> str:
    return render_to_string(
        "publications/edition/epub_part.html",
        book_context(content, part=part, epub=True, **extra),
    )


def render_epub(content: BookContent) -> bytes:
    """An EPUB 3 of the book: package metadata (identifier, title, language, authors,
    publisher, date, reading direction), a navigation document, an NCX for older readers,
    one XHTML file per chapter and one style sheet."""
    book = content.book
    organization_name = book.printed_organization_name
    rtl = book.direction == "rtl"
    with translation.override(book.language):
        labels = print_labels.labels_for(book.language)
        doc = epub.EpubBook()
        version = content.snapshot.get("book_updated_at", "")
        doc.set_identifier(f"urn:lfs:book:{book.pk}:{version}")
        doc.set_title(book.title)
        doc.set_language(book.language)
        doc.add_author(book.authors or organization_name)
        doc.add_metadata("DC", "publisher", organization_name)
        if book.published_on:
            doc.add_metadata("DC", "date", book.published_on.isoformat())
        if book.subtitle:
            doc.add_metadata("DC", "description", book.subtitle)
        if rtl:
            doc.set_direction("rtl")
        style = epub.EpubItem(
            uid="style",
            file_name="style/book.css",
            media_type="text/css",
            content=render_to_string(
                "publications/edition/edition.css", book_context(content, epub=True)
            ).encode(),
        )
        doc.add_item(style)
        cover = content.cover
        if cover is not None:
            doc.set_cover(f"images/cover{cover.extension}", cover.data, create_page=False)

        def chapter(uid: str, file_name: str, title: str, html: str) -> epub.EpubHtml:
            item = epub.EpubHtml(
                uid=uid,
                file_name=file_name,
                title=title,
                lang=book.language,
                direction=book.direction,
                content=html,
            )
            item.add_item(style)
            doc.add_item(item)
            return item

        front = chapter("title", "title.xhtml", book.title, _part(content, "title"))
        parts = []
        if book.abstract:
            parts.append(
                chapter(
                    "abstract", "abstract.xhtml", labels["abstract"], _part(content, "abstract")
                )
            )
        if book.foreword:
            parts.append(
                chapter(
                    "foreword", "foreword.xhtml", labels["foreword"], _part(content, "foreword")
                )
            )
        for c in content.chapters:
            parts.append(
                chapter(
                    f"story-{c.number}",
                    f"story-{c.number}.xhtml",
                    c.story.title,
                    _part(content, "story", c=c),
                )
            )
        if content.groups:
            parts.append(
                chapter(
                    "principles",
                    "principles.xhtml",
                    labels["principles"],
                    _part(content, "principles"),
                )
            )
        if content.publications:
            parts.append(
                chapter("related", "related.xhtml", labels["related"], _part(content, "related"))
            )
        doc.toc = parts
        doc.add_item(epub.EpubNcx())
        nav = epub.EpubNav(title=labels["contents"], direction=book.direction)
        nav.lang = book.language
        nav.add_item(style)
        doc.add_item(nav)
        doc.spine = [front, "nav", *parts]
        buffer = io.BytesIO()
        epub.write_epub(buffer, doc, {"epub3_pages": False})
        return buffer.getvalue()


def render_editions(content: BookContent, *, epub: bool = True) -> Editions:
    return Editions(
        epub=render_epub(content) if epub else b"", web=render_web_html(content).encode()
    )
