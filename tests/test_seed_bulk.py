"""`manage.py seed_bulk`: realistic volumes that pass validation and render."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo import bulk
from methods.models import Contribution, LearningLogEntry, LearningPattern, Workshop
from organizations.models import Membership, Organization, Program, Role, User
from publications.models import StoryBook
from stories.models import (
    Answer,
    Assessment,
    CommonPrinciple,
    Consent,
    Interview,
    Principle,
    PrincipleEvidence,
    SelectionDecision,
    StoryApproval,
    StoryDraft,
    SuccessStory,
)
from tests.urlnames import view_name

pytestmark = pytest.mark.django_db


def _seed(organizations: int = 3, stories: int = 30, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "seed_bulk", f"--organizations={organizations}", f"--stories={stories}", *extra, stdout=out
    )
    return out.getvalue()


def test_seed_creates_the_volumes_asked_for_with_every_role_and_stage():
    output = _seed(3, 31)
    assert Organization.objects.filter(slug__startswith="bulk-").count() == 3
    assert SuccessStory.objects.count() == 31
    for org in Organization.objects.filter(slug__startswith="bulk-"):
        roles = set(Membership.objects.filter(organization=org).values_list("role", flat=True))
        assert roles == {r.value for r in Role}, org
        assert org.departments.count() == len(bulk.DEPARTMENTS)
        assert org.programs.count() == 2
    stages = set(Program.objects.values_list("stage", flat=True))
    assert len(stages) == 6  # three organizations: every stage once
    assert User.objects.filter(is_unit=True, email=bulk.UNIT_EMAIL).exists()
    # every interview has the ten answers of the default question set
    assert Interview.objects.exists()
    assert Answer.objects.count() == Interview.objects.count() * 10
    for model in (
        Assessment,
        SelectionDecision,
        Consent,
        StoryDraft,
        StoryApproval,
        Principle,
        PrincipleEvidence,
        CommonPrinciple,
        Workshop,
        Contribution,
        LearningLogEntry,
        LearningPattern,
        StoryBook,
    ):
        assert model.objects.exists(), model
    assert "Seeded" in output and " s (" in output  # the timing is printed
    assert "stories.Answer" in output


def test_seeded_data_passes_model_validation():
    _seed(2, 12)
    from django.apps import apps

    checked = 0
    for model in apps.get_models():
        if model._meta.app_label not in {"organizations", "stories", "methods", "companions",
                                         "publications"}:  # fmt: skip
            continue
        for obj in model.objects.all()[:300]:
            try:
                obj.full_clean(exclude=["password"] if model is User else None)
            except ValidationError as exc:
                pytest.fail(f"{model._meta.label} {obj.pk} is invalid: {exc.message_dict}")
            checked += 1
    assert checked > 1000


def test_the_same_seed_gives_the_same_data_and_a_second_run_is_refused():
    _seed(2, 10, "--seed=7")
    first = list(SuccessStory.objects.order_by("pk").values_list("title", "status", "summary"))
    with pytest.raises(CommandError, match="--clear"):
        _seed(2, 10, "--seed=7")
    assert SuccessStory.objects.count() == 10  # nothing was added
    output = _seed(2, 10, "--seed=7", "--clear")
    assert "Removing" in output
    again = list(SuccessStory.objects.order_by("pk").values_list("title", "status", "summary"))
    assert [(s, t) for _, s, t in again] == [(s, t) for _, s, t in first]
    assert [t.split(" #")[0] for t, _, _ in again] == [t.split(" #")[0] for t, _, _ in first]
    assert Organization.objects.filter(slug__startswith="bulk-").count() == 2


def test_bad_sizes_are_refused_clearly():
    with pytest.raises(CommandError, match="at least 1"):
        _seed(0, 10)
    assert not Organization.objects.filter(slug__startswith="bulk-").exists()


@pytest.mark.parametrize(
    "role, url_name, kind",
    [
        ("director", "home", None),
        ("director", "program_dashboard", "main"),
        ("director", "nominations", "main"),
        ("director", "documentation_overview", "main"),
        ("director", "principle_matrix", "main"),
        ("committee", "story_detail", "story"),
        ("committee", "meeting_detail", "meeting"),
        ("student", "interview_detail", "interview"),
        ("companion", "workshops", "main"),
        ("companion", "workshop_detail", "workshop"),
        ("companion", "learning_log", "main"),
        ("unit", "unit_dashboard", None),
    ],
)
def test_pages_render_on_seeded_data(client, role, url_name, kind):
    _seed(3, 30)
    user = User.objects.get(email=bulk.UNIT_EMAIL if role == "unit" else bulk.email(1, role))
    main = Program.objects.filter(organization__slug=bulk.org_slug(1)).order_by("starts_on")[0]
    student = User.objects.get(email=bulk.email(1, "student"))
    args = {
        None: [],
        "main": [main.pk],
        "story": [main.stories.filter(status="selected").first().pk],
        "meeting": [main.meetings.first().pk],
        "interview": [Interview.objects.filter(interviewer=student).first().pk],
        "workshop": [Workshop.objects.filter(program=main).first().pk],
    }[kind]
    client.force_login(user)
    response = client.get(reverse(view_name(url_name), args=args))
    assert response.status_code == 200
    assert b"Real Name" not in response.content  # the restricted identity never shows


def test_seeded_people_sign_in_with_the_demo_password(client):
    _seed(1, 5)
    response = client.post(
        reverse("login"),
        {"username": bulk.email(1, "director"), "password": bulk.BULK_PASSWORD},
    )
    assert response.status_code == 302


def test_seed_leaves_the_planner_statistics_current(django_db_setup):
    """Without an ANALYZE after the load PostgreSQL plans with empty-table statistics (a
    sequential scan of every answer for every story on a page)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    _seed(2, 20)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'stories_answer'")
        (estimated,) = cursor.fetchone()
    assert estimated == Answer.objects.count() > 0
