"""The pure book renderer: book content -> HTML -> PDF bytes.

No database writes, no storage, no Celery: the task (`publications.tasks`) claims the render,
calls this, and stores what it returns. WeasyPrint fetches resources only through
`AppFilesFetcher`, which serves the app's own static files and public media files from disk and
refuses everything else (file:, http:, data:, private media), so a story holding
``<img src="file:///etc/passwd">`` or ``<img src="http://127.0.0.1/">`` cannot make the renderer
read it.
"""

from __future__ import annotations

import html as html_lib
import logging
import mimetypes
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from stories.realnames import reveals_real_name

from .editions import Editions, book_context, render_editions
from .selectors import BookContent, Cover
from .services import BOOK_TEXT_FIELDS, PUBLICATION_TEXT_FIELDS

#: The (unreachable) origin the print HTML is given as its base URL; only URLs under it, in the
#: static or media folders, are ever read, and only from disk.
ORIGIN = "https://book.lfs.invalid"

# WeasyPrint logs every step and page at INFO; the render reports its own progress.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

Progress = Callable[[int, str], object]  # what it returns is not read

#: Every PDF the app writes is tagged PDF/UA-1: a structure tree (headings, paragraphs, lists,
#: in reading order), the document's language (``<html lang>``) and its title (``<title>``)
#: shown as the window title, so that screen readers can read it.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class RenderRefused(Exception):  # noqa: N818 - a refusal, not a bug
    """The book cannot be rendered as it stands; the message says why, for the editor."""


@dataclass
class RenderedBook:
    pdf: bytes
    pages: int
    refused_urls: list[str] = field(default_factory=list)


class AppFilesFetcher(URLFetcher):
    """Serve the app's static files and non-private media files; refuse every other URL."""

    def __init__(self, resources: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(allowed_protocols={"https"}, allow_redirects=False)
        self.refused: list[str] = []
        #: Files the caller hands over by URL (the book's private cover image, already read
        #: by the selector that checked it may be printed): served from memory, nothing else.
        self.resources = resources or {}

    def _local_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "https" or f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            return None
        path = unquote(parts.path)
        if "\x00" in path or ".." in path.split("/"):
            return None
        path = posixpath.normpath(path)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
        try:
            if path.startswith(static_prefix):
                relative = path[len(static_prefix) :]
                found = finders.find(relative)
                if found:
                    return Path(found if isinstance(found, str) else found[0])
                candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
                return candidate if candidate.is_file() else None
            if path.startswith(media_prefix):
                relative = path[len(media_prefix) :]
                if relative.startswith("private/"):
                    return None
                candidate = Path(safe_join(str(settings.MEDIA_ROOT), relative))
                return candidate if candidate.is_file() else None
        except Exception:  # safe_join raises on a path outside the root
            return None
        return None

    def fetch(self, url, headers=None):
        if url in self.resources:
            data, content_type = self.resources[url]
            return URLFetcherResponse(url, data, {"Content-Type": content_type})
        local = self._local_path(url)
        if local is None:
            self.refused.append(url)
            raise ValueError(f"The book renderer does not fetch {url[:200]}")
        content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, local.read_bytes(), {"Content-Type": content_type})


def render_html(content: BookContent) -> str:
    """The print HTML of a book, in the book's own language and direction."""
    with translation.override(content.book.language):
        return render_to_string("publications/print/book.html", book_context(content))


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def visible_text(html: str) -> str:
    return _SPACE.sub(" ", html_lib.unescape(_TAG.sub(" ", html)))


def _where_real_names(content: BookContent, real_names: list[str]) -> list[str]:
    """Which parts of the book reveal a real name, named without it (a story by its number
    when its title is what reveals it)."""
    _ = translation.gettext
    book = content.book
    where = []
    for name in BOOK_TEXT_FIELDS:
        if reveals_real_name(str(getattr(book, name) or ""), real_names):
            label = book._meta.get_field(name).verbose_name
            where.append(_("the book's “%(field)s”") % {"field": label})
    for publication in content.publications:
        texts = " · ".join(str(getattr(publication, n) or "") for n in PUBLICATION_TEXT_FIELDS)
        if reveals_real_name(texts, real_names):
            where.append(_("a related publication"))
    for chapter in content.chapters:
        if reveals_real_name(chapter.story.title, real_names):
            where.append(_("the title of story %(n)d") % {"n": chapter.number})
            continue
        if reveals_real_name(chapter.body_html, real_names):
            where.append(_("the text of “%(title)s”") % {"title": chapter.story.title})
        if any(reveals_real_name(p.sentence, real_names) for p in chapter.principles):
            where.append(_("a principle of “%(title)s”") % {"title": chapter.story.title})
    return where


def guard_real_names(html: str, real_names: list[str], content: BookContent | None = None) -> None:
    """Refuse to render when a client's real name would reach the page: the one decision of
    `stories.realnames`, on the whole print HTML (and, to say where, on the book's parts)."""
    if not reveals_real_name(html, real_names):
        return
    where = _where_real_names(content, real_names) if content is not None else []
    if where:
        raise RenderRefused(
            translation.gettext(
                "A client's real name appears in the book's text, in %(where)s. Remove it "
                "and render again."
            )
            % {"where": "; ".join(where)}
        )
    raise RenderRefused(
        translation.gettext(
            "A client's real name appears in the book's text. Remove it from the story "
            "or the book's details and render again."
        )
    )


def html_to_pdf(
    html: str, *, progress: Progress | None = None, cover: Cover | None = None
) -> RenderedBook:
    """Lay out and write the PDF with WeasyPrint, through the restricted URL fetcher."""
    resources = {}
    if cover is not None:
        resources[f"{ORIGIN}/{cover.print_url}"] = (cover.data, cover.mime)
    fetcher = AppFilesFetcher(resources)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=ORIGIN + "/", url_fetcher=fetcher).render(
        font_config=font_config
    )
    if progress:
        progress(85, translation.gettext("Writing the PDF"))
    pdf = document.write_pdf(**PDF_OPTIONS)
    return RenderedBook(pdf=pdf, pages=len(document.pages), refused_urls=fetcher.refused)


def render_book_editions(content: BookContent, *, epub: bool = True) -> Editions:
    """The EPUB and the web edition of the book, from the same composition as its PDF, under
    the same real-name guard (the EPUB left out, empty, for a preview)."""
    editions = render_editions(content, epub=epub)
    guard_real_names(editions.web.decode(), content.real_names, content)
    return editions


def render_book_pdf(content: BookContent, *, progress: Progress | None = None) -> RenderedBook:
    """Book content -> PDF bytes; raises RenderRefused when the book cannot be printed."""
    if not content.chapters:
        raise RenderRefused(
            translation.gettext(
                "This book has no story that can be published yet: add approved stories whose "
                "publication consent stands."
            )
        )
    if progress:
        progress(15, translation.gettext("Composing the pages"))
    html = render_html(content)
    guard_real_names(html, content.real_names, content)
    if progress:
        progress(20, translation.gettext("Laying out the pages"))
    return html_to_pdf(html, progress=progress, cover=content.cover)
