"""Pages render from templates on every request: a change shows on the next request, whatever
road wrote it (a save, an UPDATE, a bulk write); each person sees what their own roles and
rows give them; and nothing of a page (interview answers, drafts, consent) is kept anywhere
after it is served."""

from __future__ import annotations

import re

from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from organizations.selectors import program_access
from organizations.services import membership_ensure
from publications import services as book_services
from publications.models import BookEntry
from stories.models import Answer, Assessment, Principle, SelectionCriterion, StoryAssignment
from stories.principles import services as story_services
from workshops import services as methods_services
from workshops.selectors import _access as methods_access

from .factories import StoryFactory, UserFactory
from .test_books import book_world
from .test_workshops import _ensure as workshop_world

MAIN = re.compile(r'<main id="main".*</main>', re.S)


def test_the_coverage_page_is_drawn_in_the_readers_language(world, login):
    client = login(world.committee)
    url = reverse("stories:coverage", args=[world.program.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hebrew = client.get(url, HTTP_ACCEPT_LANGUAGE="he").content.decode()
    assert 'dir="rtl"' in hebrew and 'dir="rtl"' not in english
    assert MAIN.search(english).group() != MAIN.search(hebrew).group()


def test_a_saved_row_shows_on_the_next_request(world, login):
    client = login(world.director)
    url = reverse("documentation:documentation_overview", args=[world.program.pk])
    assert world.doc_story.title in client.get(url).content.decode()
    world.doc_story.title = "A new title for the documented story"
    world.doc_story.save(update_fields=["title"])
    assert "A new title for the documented story" in client.get(url).content.decode()


def test_a_new_story_changes_the_dashboard_counts(world, login):
    client = login(world.director)
    url = reverse("dashboard:program_dashboard", args=[world.program.pk])
    before = client.get(url).context["data"].counts["total"]
    StoryFactory(program=world.program, told_by=world.teller, title="One more")
    assert client.get(url).context["data"].counts["total"] == before + 1


def test_writes_that_send_no_signal_show_on_the_next_request(world, login):
    """entry_move (a bulk_update) on the book's page; principles_merge (an UPDATE) on the
    principles page."""
    book = book_world(world)
    access = program_access(world.director, world.program)
    client = login(world.director)
    book_url = reverse("publications:book_detail", args=[book.pk])
    client.get(book_url)
    first, second = BookEntry.objects.filter(book=book).order_by("position")[:2]
    book_services.entry_move(access=access, entry=second, direction="up")
    page = client.get(book_url).content.decode()
    assert page.index(second.story.title) < page.index(first.story.title)

    principles_url = reverse("principles:program_principles", args=[world.program.pk])
    loose = Principle.objects.create(
        story=world.doc_story, situation="s", goal="g", action="call the family every week"
    )
    unmerged = client.get(principles_url).context["unmerged_page"].object_list
    assert loose.pk in [row.pk for row in unmerged]
    common = Principle.objects.filter(common__isnull=False).first().common
    story_services.principles_merge(access=access, common=common, principles=[loose])
    unmerged = client.get(principles_url).context["unmerged_page"].object_list
    assert loose.pk not in [row.pk for row in unmerged]


def test_only_the_director_sees_the_stage_buttons(world, login):
    url = reverse("dashboard:program_dashboard", args=[world.program.pk])
    assert 'name="direction"' in login(world.director).get(url).content.decode()
    assert 'name="direction"' not in login(world.committee).get(url).content.decode()


def test_each_committee_member_sees_their_own_assessments_to_do(world, login):
    criterion, _ = SelectionCriterion.objects.get_or_create(
        program=world.program, text="Meaningful", defaults={"position": 9}
    )
    url = reverse("dashboard:program_dashboard", args=[world.program.pk])
    to_do = login(world.committee).get(url).context["data"].my_pending_assessments
    assert to_do > 0
    Assessment.objects.create(
        story=world.story, criterion=criterion, assessor=world.committee, verdict="met"
    )
    assert login(world.committee).get(url).context["data"].my_pending_assessments == to_do - 1
    assert login(world.committee2).get(url).context["data"].my_pending_assessments == to_do


def test_a_wrong_role_is_refused_the_documentation_overview(world, login):
    url = reverse("documentation:documentation_overview", args=[world.program.pk])
    assert login(world.director).get(url).status_code == 200
    assert login(world.staff).get(url).status_code == 403
    assert login(world.other_director).get(url).status_code == 404


def test_a_form_posts_with_the_readers_own_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.committee)
    url = reverse("principles:program_principles", args=[world.program.pk])
    html = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        url, {"csrfmiddlewaretoken": token, "text": "Listen before acting", "category_name": ""}
    )
    assert response.status_code == 302
    assert "Listen before acting" in client.get(url).content.decode()


def test_a_newly_assigned_student_sees_the_documentation_and_an_unassigned_one_does_not(
    world, login
):
    url = reverse("documentation:story_documentation", args=[world.doc_story.pk])
    assert login(world.student2).get(url).status_code == 404
    StoryAssignment.objects.create(
        story=world.doc_story, student=world.student2, assigned_by=world.committee
    )
    assert login(world.student2).get(url).status_code == 200
    assert login(world.other_student).get(url).status_code == 404


def test_nothing_of_a_sensitive_page_is_kept_after_it_is_served(world, login):
    """The attacker's road to interview answers through a second store: there is none. The
    pages ask browsers and proxies to keep nothing, and the server's cache holds nothing."""
    question = world.interview.question_set.questions.order_by("position").first()
    Answer.objects.update_or_create(
        interview=world.interview,
        question=question,
        defaults={"text": "She called the landlord every single morning"},
    )
    cache = caches["default"]
    cache.clear()
    client = login(world.student)
    for url in (
        reverse("documentation:story_documentation", args=[world.doc_story.pk]),
        reverse("documentation:interview_detail", args=[world.interview.pk]),
        reverse("documentation:draft_detail", args=[world.draft.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    assert (
        "She called the landlord"
        in client.get(
            reverse("documentation:interview_detail", args=[world.interview.pk])
        ).content.decode()
    )
    assert not cache._cache, "a page left something in the server's cache"


# The workshop board: drawn for each reader -----------------------------------------------


def _participant(world, name: str):
    person = UserFactory(full_name=name)
    membership_ensure(user=person, organization=world.org, role="staff")
    return person


def _note(page: str, text: str) -> str:
    found = re.search(rf"<li[^>]*>(?:(?!</li>).)*{text}(?:(?!</li>).)*</li>", page, re.S)
    assert found, f"{text!r} is not on the board"
    return found.group(0)


def _board(client, workshop) -> str:
    response = client.get(reverse("workshops:workshop_board", args=[workshop.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_reader_sees_their_own_notes_and_dots_and_a_change_on_the_next_poll(world, login):
    live = workshop_world(world)["live"]
    ada, ben = _participant(world, "Ada First"), _participant(world, "Ben Second")
    note = methods_services.contribution_add(
        access=methods_access(ada, world.program), workshop=live, by=ada, text="Ada wrote this"
    )
    methods_services.vote_toggle(
        access=methods_access(ben, world.program), contribution=note, by=ben
    )
    bens = _note(_board(login(ben), live), "Ada wrote this")
    assert " mine" not in bens and "Ada First" in bens
    assert 'aria-pressed="true"' in bens  # Ben's dot
    adas = _note(_board(login(ada), live), "Ada wrote this")
    assert " mine" in adas and "you" in adas
    assert 'aria-pressed="false"' in adas  # not Ada's dot

    methods_services.contribution_add(
        access=methods_access(ben, world.program), workshop=live, by=ben, text="Ben answers"
    )
    assert "Ben answers" in _board(login(ada), live)


def test_hidden_contributions_stay_hidden_from_the_other_readers(world, login):
    live = workshop_world(world)["live"]
    methods_services.step_set_revealed(
        access=methods_access(world.director, world.program), workshop=live, revealed=False
    )
    ada, ben = _participant(world, "Ada First"), _participant(world, "Ben Second")
    methods_services.contribution_add(
        access=methods_access(ada, world.program),
        workshop=live,
        by=ada,
        text="Ada keeps this hidden",
    )
    assert "Ada keeps this hidden" in _board(login(ada), live)
    page = _board(login(ben), live)
    assert "Ada keeps this hidden" not in page
    assert "hidden" in page
