"""The pure slide-deck renderer: a book's content -> landscape HTML slides -> PDF bytes.

The deck is for presenting a program's successes to managers and partners: one title slide,
one slide per publishable story (its title, a short summary and its principles of action) and
one slide per common principle, in type readable from the back of a room, with the evidence
for it (quotes from the interviews of the stories it draws on). It uses the book's content
(`selectors.book_content`:
approved stories whose publication consent stands, never a real name) and the book renderer's
pipeline: the same restricted URL fetcher, the same real-name guard, the same PDF writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator

from lfs_site import bidi

from . import print_labels
from .renderer import Progress, RenderedBook, RenderRefused, guard_real_names, html_to_pdf
from .renderer import visible_text as _visible_text
from .selectors import BookContent, Chapter, CommonRow, text_direction

SUMMARY_WORDS = 60
EVIDENCE_PER_SLIDE = 3

LABELS = {
    "en": {
        "deck": "Learning from success",
        "stories": "stories",
        "principles": "Principles of action",
        "in_story": "Principles of action",
        "draws_on": "Draws on",
        "further": "Further principles",
        "pseudonyms": "Clients appear under pseudonyms; every story is shown with the consent "
        "of the people interviewed.",
    },
    "he": {
        "deck": "למידה מהצלחות",
        "stories": "סיפורים",
        "principles": "עקרונות פעולה",
        "in_story": "עקרונות פעולה",
        "draws_on": "נשען על",
        "further": "עקרונות נוספים",
        "pseudonyms": "הלקוחות מופיעים בשמות בדויים; כל סיפור מוצג בהסכמת המרואיינים.",
    },
    "ar": {
        "deck": "التعلم من النجاحات",
        "stories": "قصص",
        "principles": "مبادئ العمل",
        "in_story": "مبادئ العمل",
        "draws_on": "يستند إلى",
        "further": "مبادئ أخرى",
        "pseudonyms": "يظهر المستفيدون بأسماء مستعارة؛ تُعرض كل قصة بموافقة من أُجريت معهم "
        "المقابلات.",
    },
}


@dataclass
class StorySlide:
    chapter: Chapter
    summary: str
    #: (sentence, direction) of its first principles (WeasyPrint has no dir="auto")
    principles: list[tuple[str, str]]


@dataclass
class Evidence:
    """A quote from an interview that shows the principle at work, and the story it is from."""

    quote: str
    chapter: Chapter

    @property
    def language(self) -> str:
        return bidi.text_language(self.quote, self.chapter.language)

    @property
    def direction(self) -> str:
        return bidi.language_direction(self.language)

    @property
    def quoted(self) -> str:
        """The quote between its language's quotation marks."""
        opening, closing = QUOTES.get(self.language, QUOTES["en"])
        return f"{opening}{self.quote}{closing}"


#: Quotation marks by language (Arabic guillemets; Hebrew low-high; English curly).
QUOTES = {"en": ("“", "”"), "he": ("„", "”"), "ar": ("«", "»")}


@dataclass
class PrincipleSlide:
    """One common principle per slide, in large type, with the evidence for it: quotes from
    the interviews of the stories it draws on (at most EVIDENCE_PER_SLIDE, one per story)."""

    category: str
    row: CommonRow
    evidence: list[Evidence]
    number: int
    count: int

    @property
    def direction(self) -> str:
        return text_direction(self.row.common.text)


def story_summary(chapter: Chapter) -> str:
    """A few sentences: the story's own summary, or the start of its approved text."""
    text = (chapter.story.summary or "").strip() or _visible_text(chapter.body_html).strip()
    return Truncator(" ".join(text.split())).words(SUMMARY_WORDS, truncate="…")


def principle_slides(content: BookContent) -> list[PrincipleSlide]:
    rows = [(group.name, row) for group in content.groups for row in group.rows]
    slides = []
    for number, (category, row) in enumerate(rows, start=1):
        evidence: list[Evidence] = []
        for chapter in row.chapters:
            quotes = [
                e.quote
                for p in chapter.principles
                if p.common_id == row.common.pk
                for e in p.evidence.all()
            ]
            if quotes:
                evidence.append(Evidence(quote=min(quotes, key=len), chapter=chapter))
            if len(evidence) == EVIDENCE_PER_SLIDE:
                break
        slides.append(PrincipleSlide(category, row, evidence, number, len(rows)))
    return slides


def render_presentation_html(content: BookContent) -> str:
    book = content.book
    with translation.override(book.language):
        return render_to_string(
            "publications/presentation/deck.html",
            {
                "book": book,
                "program": book.program,
                "organization": book.program.organization,
                "stories": [
                    StorySlide(
                        c,
                        story_summary(c),
                        [(p.sentence, text_direction(p.sentence)) for p in c.principles[:4]],
                    )
                    for c in content.chapters
                ],
                "principle_slides": principle_slides(content),
                "labels": {
                    **print_labels.labels_for(book.language),
                    **LABELS.get(book.language, LABELS["en"]),
                },
                "rtl": book.direction == "rtl",
            },
        )


def render_presentation_pdf(
    content: BookContent, *, progress: Progress | None = None
) -> RenderedBook:
    """Book content -> slide deck PDF bytes; raises RenderRefused like the book renderer."""
    if not content.chapters:
        raise RenderRefused(
            translation.gettext(
                "This book has no story that can be published yet: add approved stories whose "
                "publication consent stands."
            )
        )
    if progress:
        progress(15, translation.gettext("Composing the slides"))
    html = render_presentation_html(content)
    guard_real_names(html, content.real_names, content)
    if progress:
        progress(20, translation.gettext("Laying out the slides"))
    return html_to_pdf(html, progress=progress)
