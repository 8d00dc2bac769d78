"""The project as a whole: migrations, production checks, the demo, the health endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from organizations.models import Membership, Program, User
from stories.models import SuccessStory

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECURE": "true",
    "DJANGO_REQUIRE_SECRET": "true",
    "DJANGO_SECRET_KEY": "k" * 20 + "Zq8!vX2@pL5#mN9$rT3%wY7^bH4&jK6*",
    "DJANGO_ALLOWED_HOSTS": "lfs.example.org",
    "DATABASE_URL": "postgres://lfs@db.example.org:5432/lfs",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = "lfs_site.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    env.pop("DJANGO_SECRET_KEY")
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_in_the_environment_fails_loudly():
    result = _manage("check", env={"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_builds_a_program_and_running_it_twice_duplicates_nothing():
    call_command("load_demo", stdout=StringIO())
    counts = (
        User.objects.count(),
        Program.objects.count(),
        SuccessStory.objects.count(),
        Membership.objects.count(),
    )
    call_command("load_demo", stdout=StringIO())
    assert (
        User.objects.count(),
        Program.objects.count(),
        SuccessStory.objects.count(),
        Membership.objects.count(),
    ) == counts
    program = Program.objects.get(title="Learning from success 2026")
    assert program.stage == "selection"
    assert (
        program.departments.count() == 4
    )  # (the organization also has the Hebrew and Arabic ones)
    assert program.stories.count() >= 12
    assert program.stories.filter(title__regex=r"[\u0590-\u05FF]").exists()  # some in Hebrew
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"director", "committee", "staff", "student", "companion"}
    assert User.objects.filter(is_unit=True).exists()
    assert program.committee.chair is not None


@pytest.mark.django_db
def test_load_demo_has_a_program_in_processing_with_documented_stories():
    from stories.models import Answer, Consent, StoryApproval, StoryAssignment
    from stories.rights.selectors import publishability_for

    call_command("load_demo", stdout=StringIO())
    program = Program.objects.get(title="Learning from success 2025")
    assert program.stage == "processing"
    stories = list(program.stories.filter(status="selected"))
    assert len(stories) == 4
    assert StoryAssignment.objects.filter(story__program=program).count() == 4
    assert StoryApproval.objects.filter(story__program=program).count() == 3
    answers = Answer.objects.filter(interview__story__program=program)
    assert answers.filter(text__regex=r"[\u0590-\u05FF]").exists()  # interviews in Hebrew
    assert answers.filter(text__startswith="I ").exists()  # and in English
    assert (
        Consent.objects.filter(interview__story__program=program, scope="publication").count() == 6
    )
    assert sum(p.ok for p in publishability_for(stories).values()) == 3
    pace = program.common_principles.get(text="Working at the client's pace")
    assert pace.story_principles.values("story").distinct().count() == 3


@pytest.mark.django_db
def test_demo_users_can_log_in_with_the_printed_password(client):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "lfs-demo-2026" in out.getvalue()
    assert client.login(username="committee@demo.lfs", password="lfs-demo-2026")


@pytest.mark.django_db
def test_health_endpoint_answers(client):
    assert client.get("/healthz").json() == {"ok": True}


@pytest.mark.django_db
def test_static_assets_are_served_locally(client):
    from django.contrib.staticfiles import finders

    for path in ("vendor/bootstrap-5.3.9/bootstrap.rtl.min.css", "vendor/htmx-2.0.11/htmx.min.js"):
        assert finders.find(path), path
