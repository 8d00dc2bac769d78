"""The demo's "Hand in Hand" books: ten client stories across four departments in each of
English, Hebrew and Arabic, each a few pages from two interviews, each book wholly in its
language, and a principles chapter with the seven principles common to all or most stories."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from demo.hand_in_hand import EDITIONS, compose_draft
from lfs_site import bidi
from publications.models import StoryBook
from publications.renderer import render_html, visible_text
from publications.selectors import book_content
from stories.models import Interview

pytestmark = pytest.mark.django_db

SCRIPT = {"en": r"[A-Za-z]", "he": r"[\u0590-\u05FF]", "ar": r"[\u0600-\u06FF]"}


@pytest.fixture(scope="module")
def demo_books(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())  # idempotent
        books = {e["language"]: StoryBook.objects.get(title=e["book"]["title"]) for e in EDITIONS}
        contents = {language: book_content(book) for language, book in books.items()}
        yield books, contents
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_each_edition_has_ten_stories_across_four_departments_from_two_interviews(
    demo_books, language
):
    books, contents = demo_books
    content = contents[language]
    assert StoryBook.objects.filter(title=books[language].title).count() == 1
    assert len(content.chapters) == 10 and not content.excluded
    assert len({c.story.department_id for c in content.chapters}) == 4
    for chapter in content.chapters:
        roles = set(
            Interview.objects.filter(story=chapter.story).values_list("interviewee_role", flat=True)
        )
        assert "client" in roles and len(roles) == 2, roles
        words = len(visible_text(chapter.body_html).split())
        assert words > 250, (chapter.story.title, words)  # pages, not a paragraph
        assert len(chapter.principles) >= 2


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_the_principles_chapter_holds_the_seven_common_principles(demo_books, language):
    _books, contents = demo_books
    rows = [row for group in contents[language].groups for row in group.rows]
    edition = next(e for e in EDITIONS if e["language"] == language)
    assert {row.common.text for row in rows} == {t for t, _c in edition["principles"].values()}
    # common to all or most: each draws on at least three of the ten stories
    assert all(len(row.chapters) >= 3 for row in rows), [
        (row.common.text, len(row.chapters)) for row in rows
    ]


@pytest.mark.parametrize("language", ["he", "ar"])
def test_each_book_is_wholly_in_its_language(demo_books, language):
    books, contents = demo_books
    html = render_html(contents[language])
    # everything printed of the book, the organization's name included (in the book's language)
    text = visible_text(html.split("<body>", 1)[1])
    assert books[language].printed_organization_name in text
    assert books[language].program.organization.name not in text
    other = {lang: pattern for lang, pattern in SCRIPT.items() if lang != language}
    for lang, pattern in other.items():
        assert not re.search(pattern, text), (lang, re.findall(rf"\S*{pattern}\S*", text)[:10])
    for chapter in contents[language].chapters:
        assert chapter.language == language == bidi.text_language(chapter.story.title)


def test_the_english_book_is_wholly_in_english(demo_books):
    _books, contents = demo_books
    text = visible_text(render_html(contents["en"]))
    assert not re.search(SCRIPT["he"], text) and not re.search(SCRIPT["ar"], text)


def test_a_story_is_written_up_from_both_interviews():
    edition = EDITIONS[0]
    story = edition["stories"][0]
    draft = compose_draft(edition, story)
    client, professional = story["interviews"][0][2], story["interviews"][1][2]
    assert draft.startswith(story["opening"]) and draft.endswith(story["closing"])
    for position in (2, 3, 4, 5, 6, 7, 8):
        assert f"> {client[position - 1]}" in draft
        assert professional[position - 1] in draft
    assert "## Where it began" in draft


def test_each_edition_has_its_own_tellers_and_the_demo_staff_keep_their_departments(demo_books):
    from demo.management.commands.load_demo import DEPARTMENTS, PEOPLE
    from organizations.models import Membership

    books, _contents = demo_books
    for email, _name, role, department in PEOPLE:
        if role != "staff":
            continue
        membership = Membership.objects.get(user__email=email, role="staff")
        assert membership.department.name == DEPARTMENTS[department], email
    for language, book in books.items():
        tellers = {s.told_by.email for s in book.program.stories.select_related("told_by")}
        assert tellers == {f"hand-in-hand-{language}-{n}@demo.lfs" for n in (1, 2, 3)}
