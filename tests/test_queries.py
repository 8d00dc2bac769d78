"""Pages keep a constant number of SQL queries whatever the number of stories."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stories.models import Assessment
from tests.urlnames import view_name

from .factories import DecisionFactory, StoryFactory


def _grow(world, n: int) -> None:
    """Add n stories with tags, assessments and some decisions."""
    criteria = list(world.program.criteria.all())
    tag = world.program.tags.get_or_create(name="youth")[0]
    for i in range(n):
        story = StoryFactory(
            program=world.program, department=world.departments[i % 2], told_by=world.teller
        )
        story.tags.add(tag)
        Assessment.objects.create(
            story=story, criterion=criteria[i % 3], assessor=world.committee, verdict="met"
        )
        if i % 5 == 0:
            DecisionFactory(story=story, meeting=world.meeting, decided_by=world.committee)
            story.status = "selected"
            story.save(update_fields=["status"])


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), "\n".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name, who, kind",
    [
        ("program_dashboard", "committee", "program"),
        ("nominations", "committee", "program"),
        ("nominations", "teller", "program"),
        ("coverage", "committee", "program"),
        ("meeting_detail", "committee", "meeting"),
        ("home", "teller", "none"),
        ("criteria", "committee", "program"),
    ],
)
def test_page_query_count_is_the_same_with_5_and_200_stories(world, client, url_name, who, kind):
    args = {"program": [world.program.pk], "meeting": [world.meeting.pk], "none": []}[kind]
    url = reverse(view_name(url_name), args=args)
    client.force_login(getattr(world, who))
    _grow(world, 4)  # 5 stories with the world's own
    small, small_sql = _count(client, url)
    _grow(world, 195)  # 200 stories
    large, large_sql = _count(client, url)
    assert small == large, f"{small} queries with 5 stories, {large} with 200:\n{large_sql}"


def test_story_page_query_count_does_not_grow_with_assessments(world, client):
    client.force_login(world.committee)
    url = reverse("stories:story_detail", args=[world.story.pk])
    first, _ = _count(client, url)
    for criterion in world.program.criteria.all():
        Assessment.objects.create(
            story=world.story, criterion=criterion, assessor=world.committee2, verdict="unsure"
        )
    second, sql = _count(client, url)
    assert first == second, sql


def _documented_story(world, n_interviews: int):
    import datetime as dt

    from methods.selectors import question_set_default
    from stories.models import Answer, Consent, Interview, StoryAssignment, StoryDraft

    story = StoryFactory(program=world.program, department=world.departments[0], status="selected")
    StoryAssignment.objects.create(story=story, student=world.student)
    qs = question_set_default()
    questions = list(qs.questions.all())
    for i in range(n_interviews):
        interview = Interview.objects.create(
            story=story,
            interviewee_role="client",
            interviewee_label=f"I{i}",
            held_on=dt.date(2026, 1, 1),
            interviewer=world.student,
            question_set=qs,
        )
        Answer.objects.bulk_create(
            Answer(interview=interview, question=q, text="x") for q in questions
        )
        Consent.objects.create(
            interview=interview,
            scope="publication",
            given_on=dt.date(2026, 1, 1),
            method="written",
            consent_text_version="1",
            recorded_by=world.student,
        )
        StoryDraft.objects.create(
            story=story, version=i + 1, body="b", body_html="<p>b</p>", author=world.student
        )
    return story


def test_student_home_and_overview_query_counts_do_not_grow_with_stories(world, client):
    client.force_login(world.student)
    for _ in range(2):
        _documented_story(world, 2)
    home_small, _ = _count(client, reverse("dashboard:home"))
    client.force_login(world.director)
    overview_small, _ = _count(
        client, reverse("documentation:documentation_overview", args=[world.program.pk])
    )
    for _ in range(20):
        _documented_story(world, 2)
    overview_large, sql = _count(
        client, reverse("documentation:documentation_overview", args=[world.program.pk])
    )
    assert overview_small == overview_large, sql
    client.force_login(world.student)
    home_large, sql = _count(client, reverse("dashboard:home"))
    assert home_small == home_large, sql


def test_story_documentation_page_query_count_does_not_grow_with_interviews(world, client):
    client.force_login(world.student)
    small_story = _documented_story(world, 1)
    large_story = _documented_story(world, 8)
    small, _ = _count(client, reverse("documentation:story_documentation", args=[small_story.pk]))
    large, sql = _count(client, reverse("documentation:story_documentation", args=[large_story.pk]))
    assert small == large, sql
