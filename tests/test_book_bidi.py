"""Mixed directions in books: the server decides each block's direction and language (the
first strong character), and a real WeasyPrint render puts Hebrew, Arabic, Latin and digit
runs in the right order; Hebrew and Arabic are never slanted into a fake italic."""

from __future__ import annotations

import re
import subprocess

import pytest

from lfs_site import bidi
from publications.renderer import render_book_pdf, render_html
from publications.selectors import book_content
from stories.models import Principle, StoryDraft

from .test_books import approved_story, book_world

ENGLISH_PRINCIPLE = ("a crisis at work", "trust", "visit the employer together")
ENGLISH_SENTENCE = "In a crisis at work, to achieve trust, we visit the employer together."
HEBREW_PRINCIPLE = ("משבר בבית", "אמון", "מבקרים במשפחה יחד")
HEBREW_BODY = "בשנת 2026 חזרה לעבודה"
ARABIC_BODY = "عادت إلى العمل في 2025 بعد غياب"


@pytest.fixture(autouse=True)
def _no_heartbeat_thread(settings):
    settings.BOOK_RENDER_HEARTBEAT_SECONDS = 0


# The helper -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction", "language"),
    [
        ("Hello", "ltr", "en"),
        ("שלום", "rtl", "he"),
        ("مرحبا", "rtl", "ar"),
        ("2026. “שלום” world", "rtl", "he"),  # digits and punctuation decide nothing
        ("<em>12</em> <b>Hello</b> שלום", "ltr", "en"),  # markup is skipped
        ("(3) مرحبا 2025", "rtl", "ar"),
        ("", "rtl", "he"),  # nothing strong: the fallback
        ("42.", "rtl", "he"),
    ],
)
def test_the_direction_and_language_come_from_the_first_strong_character(text, direction, language):
    assert bidi.text_direction(text, "rtl") == direction
    assert bidi.text_language(text, "he") == language


def test_every_block_of_a_fragment_gets_its_own_direction_and_language():
    html = (
        "<p>שלום <em>world</em></p><ul><li>Hello</li><li>123</li></ul>"
        '<blockquote><p>مرحبا</p></blockquote><p dir="auto" class="x">1. ok</p><p>42</p>'
    )
    marked = bidi.mark_blocks(html, "he")
    assert marked == (
        '<p dir="rtl" lang="he">שלום <em>world</em></p>'
        '<ul dir="ltr" lang="en"><li dir="ltr" lang="en">Hello</li>'
        '<li dir="ltr" lang="en">123</li></ul>'  # no letters: the list's language
        '<blockquote dir="rtl" lang="ar"><p dir="rtl" lang="ar">مرحبا</p></blockquote>'
        '<p class="x" dir="ltr" lang="en">1. ok</p>'
        '<p dir="rtl" lang="he">42</p>'  # no letters, no enclosing block: the fallback
    )
    # only attributes are added: the text is untouched
    assert re.sub(r' (dir|lang)="[^"]*"', "", marked) == html.replace(' dir="auto"', "")


# A mixed book, rendered ----------------------------------------------------------------------


def _words(pdf_path) -> list[tuple[int, float, float, str]]:
    """(page, y, x, text) of every word as poppler places it on the page."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for page, body in enumerate(xml.split("<page ")[1:], start=1):
        for x, y, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', body
        ):
            words.append((page, round(float(y)), float(x), text))
    return words


def _logical(word: str) -> str:
    """Poppler writes a right-to-left word's letters in visual order: read it back."""
    if bidi.first_strong(word) in ("R", "AL"):
        return word[::-1]
    return word


def _find_line(words, wanted: list[str]) -> list[tuple[float, str]]:
    """The (x, word as printed) of each wanted word (logical order), all on one line."""
    lines: list[tuple[int, int, list[tuple[float, str]]]] = []  # words within 5pt are one line
    for page, y, x, text in sorted(words):
        if lines and lines[-1][0] == page and y - lines[-1][1] <= 5:
            lines[-1][2].append((x, text))
        else:
            lines.append((page, y, [(x, text)]))
    for _page, _y, line in lines:
        found = []
        for want in wanted:
            hit = [(x, t) for x, t in line if _logical(t).strip(".,") == want]
            if not hit:
                break
            found.append(hit[0])
        else:
            return found
    raise AssertionError(f"{wanted} not found on one line")


def _mixed_book(world, language: str):
    book = book_world(world)
    StoryDraft.objects.filter(pk=world.draft.pk).update(
        body_html=f"<p>{HEBREW_BODY}.</p><p>{ARABIC_BODY}.</p>"
    )
    english = approved_story(
        world,
        "A job that held",
        body="He kept the job for 18 months.",
        real_name="Shimon Peretz",
    )
    Principle.objects.create(
        story=english,
        situation=ENGLISH_PRINCIPLE[0],
        goal=ENGLISH_PRINCIPLE[1],
        action=ENGLISH_PRINCIPLE[2],
    )
    Principle.objects.create(
        story=world.doc_story,
        situation=HEBREW_PRINCIPLE[0],
        goal=HEBREW_PRINCIPLE[1],
        action=HEBREW_PRINCIPLE[2],
    )
    book.entries.create(story=english, position=99)
    book.language = language
    book.title = "סיפורי הצלחה" if language == "he" else "Stories of success"
    book.save()
    return book


def test_each_story_paragraph_and_principle_carries_its_own_direction(world):
    book = _mixed_book(world, "he")
    html = render_html(book_content(book))
    assert '<html lang="he" dir="rtl">' in html
    assert f'<li dir="ltr" lang="en">{ENGLISH_SENTENCE}</li>' in html
    assert f'<p dir="rtl" lang="he">{HEBREW_BODY}.</p>' in html
    assert f'<p dir="rtl" lang="ar">{ARABIC_BODY}.</p>' in html
    assert 'dir="auto"' not in html
    # the English story's title and text are left to right inside the Hebrew book
    assert re.search(r'<h1 class="chapter-title" dir="ltr" lang="en">A job that held</h1>', html)
    assert re.search(r'<div class="prose story-body" dir="ltr" lang="en">', html)


def test_a_hebrew_book_keeps_an_english_principle_left_to_right_with_its_full_stop_at_the_end(
    world, tmp_path
):
    book = _mixed_book(world, "he")
    pdf = tmp_path / "he.pdf"
    pdf.write_bytes(render_book_pdf(book_content(book)).pdf)
    words = _words(pdf)
    english = ENGLISH_SENTENCE.rstrip(".").replace(",", "").split()[:4]  # its first line
    found = _find_line(words, english)
    xs = [x for x, _t in found]
    assert xs == sorted(xs), f"English runs left to right: {found}"
    last = [t for _p, _y, _x, t in words if t.rstrip(".") == "together"]
    assert last and all(t == "together." for t in last), f"the full stop ends it: {last}"
    # no Latin word with a full stop at its start (".employer" in the old layout)
    assert not any(re.match(r"\.[A-Za-z]", t) for _p, _y, _x, t in words)

    # Hebrew with a year in it: right to left, the digits kept in their own order
    he_words = _find_line(words, HEBREW_BODY.split())
    he_x = [x for x, _t in he_words]
    assert he_x == sorted(he_x, reverse=True), he_words
    assert ("2026" in [t for _x, t in he_words]) and "6202" not in [t for _x, t in he_words]
    # Arabic likewise
    ar_words = _find_line(words, ARABIC_BODY.split())
    ar_x = [x for x, _t in ar_words]
    assert ar_x == sorted(ar_x, reverse=True), ar_words


def test_an_english_book_lays_out_a_hebrew_storys_principles_right_to_left(world, tmp_path):
    book = _mixed_book(world, "en")
    content = book_content(book)
    html = render_html(content)
    assert re.search(r'<aside class="story-principles" dir="rtl" lang="he">', html)
    pdf = tmp_path / "en.pdf"
    pdf.write_bytes(render_book_pdf(content).pdf)
    words = _words(pdf)
    sentence = Principle.objects.filter(story=world.doc_story, situation=HEBREW_PRINCIPLE[0])
    hebrew = sentence.get().sentence.rstrip(".").replace(",", "").split()[:3]
    found = _find_line(words, hebrew)
    xs = [x for x, _t in found]
    assert xs == sorted(xs, reverse=True), f"the Hebrew principle runs right to left: {found}"
    # and the English principle of the English book reads left to right as ever
    english = _find_line(words, ENGLISH_SENTENCE.replace(",", "").split()[:4])
    assert [x for x, _t in english] == sorted(x for x, _t in english)


# No fake italics ---------------------------------------------------------------------------


def _text_boxes(document):
    def walk(box):
        if hasattr(box, "text"):
            yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    for page in document.pages:
        yield from walk(page._page_box)


def test_hebrew_and_arabic_emphasis_is_bold_not_a_synthesised_italic(world):
    from weasyprint import HTML

    from publications.renderer import ORIGIN, AppFilesFetcher

    book = _mixed_book(world, "he")
    StoryDraft.objects.filter(pk=world.draft.pk).update(
        body_html="<p>היא <em>בחרה</em> בעצמה.</p><p>هي <em>اختارت</em> بنفسها.</p>"
        "<blockquote><p>ציטוט מהראיון</p></blockquote><p>An <em>English</em> word.</p>"
    )
    html = render_html(book_content(book))
    document = HTML(string=html, base_url=ORIGIN + "/", url_fetcher=AppFilesFetcher()).render()
    styles = {box.text.strip(): box.style for box in _text_boxes(document)}
    for word in ("בחרה", "اختارت"):
        assert styles[word]["font_style"] == "normal", word
        assert styles[word]["font_weight"] == 700, word
    assert styles["ציטוט מהראיון"]["font_style"] == "normal"
    assert styles["English"]["font_style"] == "italic"  # Latin keeps its true italic


def test_the_client_data_pdf_gives_each_answer_its_own_direction(world, english):
    from django.template.loader import render_to_string

    from stories.models import Answer, Interview
    from stories.rights import services as data_rights

    interview = Interview.objects.filter(story=world.doc_story).first()
    Answer.objects.update_or_create(
        interview=interview,
        question=interview.question_set.questions.first(),
        defaults={"text": HEBREW_BODY},
    )
    data = data_rights.client_export_data(stories=[world.doc_story])
    html = render_to_string("stories/rights/export_pdf.html", {"data": data})
    assert '<html lang="en" dir="ltr">' in html
    assert f'<dd dir="rtl" lang="he">{HEBREW_BODY}</dd>' in html
    assert "plaintext" not in html and 'dir="auto"' not in html
