"""The home page says what is waiting for each role, with links, in a constant number of
queries, and explains an empty list."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import DecisionFactory, MeetingFactory, StoryFactory


def _home(client) -> str:
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    return response.content.decode()


def _waiting(body: str) -> str:
    start = body.index('id="waiting-you-heading"')
    return body[start : body.index("</section>", start)]


def test_a_committee_member_sees_assessments_meetings_and_drafts_to_approve(world, login):
    body = _waiting(_home(login(world.committee)))
    # One open nominee x three default criteria, none assessed yet.
    assert "3 assessments to make" in body
    assert reverse("stories:nominations", args=[world.program.pk]) in body
    assert "Meeting: Selection meeting" in body
    assert reverse("meetings:meeting_detail", args=[world.meeting.pk]) in body
    assert "1 story draft waiting for approval" in body
    assert reverse("documentation:documentation_overview", args=[world.program.pk]) in body


def test_a_companion_is_asked_to_review_not_approve(world, login):
    body = _waiting(_home(login(world.companion)))
    assert "1 story draft to review" in body
    assert "waiting for approval" not in body
    assert "assessments to make" not in body


def test_a_student_sees_what_is_left_on_each_assigned_story(world, login):
    body = _waiting(_home(login(world.student)))
    assert "A home at last" in body
    assert reverse("documentation:story_documentation", args=[world.doc_story.pk]) in body
    assert "Meeting:" not in body
    other = _home(login(world.student2))
    assert "Nothing is waiting for you right now." in _waiting(other)
    assert "Stories assigned to you will appear here" in other


def test_staff_are_invited_to_nominate_and_read_decisions_on_their_stories(world, login):
    DecisionFactory(story=world.story, meeting=world.meeting, outcome="selected", reasons="Good.")
    body = _waiting(_home(login(world.teller)))
    assert reverse("stories:nominate", args=[world.program.pk]) in body
    assert "Decision on your story “Back to work”: Selected" in body
    assert "assessments" not in body and "Meeting:" not in body
    sam = _waiting(_home(login(world.staff)))
    assert "Back to work" not in sam


def test_the_director_sees_workshops_to_run_and_books_to_render(world, login):
    from methods.models import Workshop
    from publications.models import StoryBook

    Workshop.objects.create(
        program=world.program,
        method="retrospective",
        title="Looking back together",
        scheduled_for=timezone.now() + dt.timedelta(days=2),
    )
    book = StoryBook.objects.create(program=world.program, title="Stories 2026", language="en")
    body = _waiting(_home(login(world.director)))
    assert "Workshop to run: Looking back together" in body
    assert "Book to render: Stories 2026" in body
    assert reverse("publications:book_detail", args=[book.pk]) in body
    companion = _waiting(_home(login(world.companion)))
    assert "Workshop to run: Looking back together" in companion
    assert "Book to render" not in companion


def test_the_unit_sees_training_sessions_and_no_client_work(world, login):
    from companions.models import TrainingCohort, TrainingSession

    cohort = TrainingCohort.objects.create(name="Cohort 2027")
    TrainingSession.objects.create(
        cohort=cohort, held_on=timezone.localdate() + dt.timedelta(days=7), topic="Interviewing"
    )
    body = _waiting(_home(login(world.unit)))
    assert "Training session: Interviewing (Cohort 2027)" in body
    assert "A home at last" not in body and "Meeting:" not in body


def test_an_empty_list_says_what_it_is_for_and_what_to_do(world, login):
    from organizations.models import Role
    from organizations.services import membership_ensure
    from tests.factories import OrganizationFactory, UserFactory

    director = UserFactory(full_name="New Director", email="new.director@example.org")
    membership_ensure(user=director, organization=OrganizationFactory(), role=Role.DIRECTOR)
    body = _waiting(_home(login(director)))
    assert "Nothing is waiting for you right now." in body
    assert "as the program moves on" in body


def test_the_home_page_runs_a_constant_number_of_queries(world, login):
    from methods.models import Workshop
    from publications.models import StoryBook

    client = login(world.director)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            _home(client)
        return len(ctx.captured_queries)

    small = count()
    for i in range(4):
        MeetingFactory(program=world.program, title=f"Meeting {i}")
        story = StoryFactory(
            program=world.program, department=world.departments[0], told_by=world.director
        )
        DecisionFactory(story=story, meeting=world.meeting, outcome="on_hold", reasons="Later.")
        Workshop.objects.create(
            program=world.program,
            method="retrospective",
            title=f"Workshop {i}",
            scheduled_for=timezone.now() + dt.timedelta(days=i + 1),
        )
        StoryBook.objects.create(program=world.program, title=f"Book {i}", language="en")
    assert count() == small
