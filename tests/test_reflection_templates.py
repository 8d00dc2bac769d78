"""Reflection templates: the shipped ones, defining, editing and sharing one, who sees what,
planning a workshop from a template (steps, prompts and timers copied) and the short report of
a workshop whose steps feed insights, questions and recommendations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from companions import services as companion_services
from companions.models import CompanionProfile
from methods.models import ReflectionTemplate, TemplateStep, Workshop, WorkshopStep
from organizations.models import Community
from reflection import services as tservices
from reflection.selectors import template_get_for_user, templates_visible_to
from workshops import services as wservices
from workshops.selectors import _access

from .factories import UserFactory

STEP_KEYS = ("title", "prompt", "timer_minutes", "report_section")


@pytest.fixture(autouse=True)
def _shipped(shipped_templates):
    """Every test here reads the shipped templates (see `shipped_templates`)."""


def _tpl(world) -> dict:
    """The companion assigned to the program, a learning community of the world's organization,
    and two templates of the companion's: one shared with the community, one private."""
    cached = getattr(world, "_tpl", None)
    if cached is not None:
        return cached
    profile, _ = CompanionProfile.objects.get_or_create(user=world.companion)
    companion_services.companion_assign(by=world.unit, companion=profile, program=world.program)
    community = Community.objects.create(name="Riverside network")
    community.organizations.add(world.org)
    shared = tservices.template_create(
        by=world.companion,
        name="Our Friday round",
        purpose="A short round at the end of the week.",
        method="learning",
        kind="peer_reflection",
        steps=[
            {"title": "What went well?", "prompt": "One thing each.", "timer_minutes": 4},
            {"title": "What next?", "prompt": "", "timer_minutes": None},
        ],
        communities=[community],
    )
    private = tservices.template_create(
        by=world.companion,
        name="My private draft",
        purpose="Not ready to share.",
        method="learning",
        kind="other",
        steps=[{"title": "Only step", "prompt": "", "timer_minutes": None}],
    )
    world._tpl = {"community": community, "shared": shared, "private": private}
    return world._tpl


def extra_args(world, kind: str) -> list:
    if kind == "none":
        return []
    return [_tpl(world)[kind].pk]


def _step_data(steps: list[dict], prefix: str = "steps") -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(steps)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }
    for i, step in enumerate(steps):
        for key in STEP_KEYS:
            data[f"{prefix}-{i}-{key}"] = step.get(key, "") or ""
    return data


def _template_post(name: str = "A new template", **extra) -> dict:
    data = {
        "name": name,
        "purpose": "What it is for.",
        "method": "learning",
        "kind": "other",
        **_step_data([{"title": "First step", "prompt": "Think.", "timer_minutes": "5"}]),
    }
    data.update(extra)
    return data


EXTRA_POST_DATA = {
    "reflection_template_new": lambda world: _template_post(),
    "reflection_template_edit": lambda world: _template_post(name="Our Friday round, renamed"),
}


def _state(world):
    return (
        ReflectionTemplate.objects.count(),
        list(ReflectionTemplate.objects.order_by("pk").values_list("name", flat=True)),
        list(TemplateStep.objects.order_by("pk").values_list("title", "timer_minutes")),
    )


# The access rows for these views are in the one table of tests/test_permissions.py.


def test_a_private_template_is_only_its_authors_and_the_units(world, login):
    private = _tpl(world)["private"]
    url = reverse("reflection:reflection_template_detail", args=[private.pk])
    for person, status in (
        (world.companion, 200),
        (world.unit, 200),
        (world.director, 404),
        (world.staff, 404),
        (world.other_director, 404),
    ):
        assert login(person).get(url).status_code == status, person
    listing = login(world.director).get(reverse("reflection:reflection_templates")).content.decode()
    assert "Our Friday round" in listing and "My private draft" not in listing


def test_the_shipped_templates_come_in_three_languages_and_every_companion_sees_them(world):
    slugs = set(ReflectionTemplate.objects.filter(shipped=True).values_list("slug", flat=True))
    assert {"weekly-peer-reflection", "introduction-learning-from-success", "rapid-diagnostic"} <= (
        slugs
    )
    weekly = ReflectionTemplate.objects.get(slug="weekly-peer-reflection")
    titles = list(weekly.steps.order_by("position").values_list("title", flat=True))
    assert titles == [
        "What did we do?",
        "What happened?",
        "What does this mean?",
        "What will we do next?",
    ]
    assert all(
        s.title_he and s.title_ar and s.prompt_he and s.prompt_ar for s in weekly.steps.all()
    )
    with translation.override("he"):
        assert weekly.display_name == "רפלקציה שבועית עם עמיתים"
    stranger_companion = UserFactory()
    CompanionProfile.objects.create(user=stranger_companion)
    assert templates_visible_to(stranger_companion).filter(pk=weekly.pk).exists()
    assert not templates_visible_to(world.staff).filter(pk=weekly.pk).exists()
    assert templates_visible_to(world.director).filter(pk=weekly.pk).exists()


def test_planning_from_a_template_copies_its_steps_prompts_and_timers(world, login):
    shared = _tpl(world)["shared"]
    client = login(world.companion)
    page = client.get(
        reverse("workshops:workshop_plan", args=[world.program.pk]) + f"?template={shared.pk}"
    )
    assert 'value="Our Friday round"' in page.content.decode()
    response = client.post(
        reverse("workshops:workshop_plan", args=[world.program.pk]),
        {
            "template": shared.pk,
            "method": "retrospective",  # the template's method wins
            "title": "Friday round, week 1",
            "scheduled_for": (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    workshop = Workshop.objects.get(title="Friday round, week 1")
    assert workshop.template == shared and workshop.method == "learning"
    steps = list(workshop.steps.order_by("position"))
    assert [(s.label, s.prompt, s.timer_minutes) for s in steps] == [
        ("What went well?", "One thing each.", 4),
        ("What next?", "", None),
    ]
    # a later edit of the template leaves the planned workshop as it was
    tservices.template_update(
        access=template_get_for_user(world.companion, shared.pk)[1],
        by=world.companion,
        name="Changed",
        purpose="Changed",
        method="learning",
        kind="other",
        steps=[{"title": "Something else", "prompt": "", "timer_minutes": None}],
    )
    assert WorkshopStep.objects.filter(workshop=workshop).count() == 2
    # the runner's timer starts from the step's own minutes
    wservices.workshop_open(access=_access(world.companion, world.program), workshop=workshop)
    detail = client.get(reverse("workshops:workshop_detail", args=[workshop.pk])).content.decode()
    assert 'name="minutes" min="0" max="60" value="4"' in detail
    assert "Suggested time: 4 minutes" in detail


def test_planning_from_a_template_the_person_may_not_see_is_refused(world, login):
    _tpl(world)
    other = UserFactory()
    CompanionProfile.objects.create(user=other)
    hidden = tservices.template_create(
        by=other,
        name="Someone else's",
        purpose="Private.",
        method="learning",
        kind="other",
        steps=[{"title": "Hidden step"}],
    )
    before = Workshop.objects.count()
    response = login(world.companion).post(
        reverse("workshops:workshop_plan", args=[world.program.pk]),
        {
            "template": hidden.pk,
            "method": "learning",
            "title": "Should not exist",
            "scheduled_for": "2030-01-01T10:00",
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Workshop.objects.count() == before


def test_a_template_without_steps_is_refused_with_a_clear_message_and_the_input_kept(world, login):
    _tpl(world)
    before = _state(world)
    data = _template_post(name="Half done", **_step_data([{"title": "", "prompt": ""}]))
    response = login(world.companion).post(reverse("reflection:reflection_template_new"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "A template needs at least one step with a title." in body
    assert 'value="Half done"' in body
    assert _state(world) == before


def test_a_step_with_a_prompt_but_no_title_or_a_wrong_timer_is_refused(world, login):
    shared = _tpl(world)["shared"]
    before = _state(world)
    client = login(world.companion)
    data = _template_post(
        **_step_data([{"title": "", "prompt": "A prompt without a title", "timer_minutes": ""}])
    )
    response = client.post(reverse("reflection:reflection_template_edit", args=[shared.pk]), data)
    assert response.status_code == 400
    assert "Step 1 has no title: give it one." in response.content.decode()
    assert "A prompt without a title" in response.content.decode()
    data = _template_post(**_step_data([{"title": "Too long", "timer_minutes": "90"}]))
    response = client.post(reverse("reflection:reflection_template_edit", args=[shared.pk]), data)
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 60." in response.content.decode()
    assert _state(world) == before


def test_sharing_with_a_community_one_does_not_belong_to_is_refused(world, login):
    _tpl(world)
    elsewhere = Community.objects.create(name="Hilltown circle")
    elsewhere.organizations.add(world.other_org)
    with pytest.raises(Exception) as caught:
        tservices.template_create(
            by=world.companion,
            name="Sneaky",
            purpose="x",
            method="learning",
            kind="other",
            steps=[{"title": "A"}],
            communities=[elsewhere],
        )
    assert "learning communities you belong to" in str(caught.value)
    # and the form does not even offer it
    page = (
        login(world.companion).get(reverse("reflection:reflection_template_new")).content.decode()
    )
    assert "Riverside network" in page and "Hilltown circle" not in page


def test_a_shared_template_is_seen_by_the_communitys_members_and_not_by_outsiders(world):
    shared = _tpl(world)["shared"]
    assert templates_visible_to(world.teller).filter(pk=shared.pk).exists()
    assert not templates_visible_to(world.other_director).filter(pk=shared.pk).exists()
    _tpl(world)["community"].organizations.add(world.other_org)
    assert templates_visible_to(world.other_director).filter(pk=shared.pk).exists()


def test_a_diagnostic_workshops_summary_is_a_report_of_insights_questions_recommendations(
    world, login
):
    _tpl(world)
    diagnostic = ReflectionTemplate.objects.get(slug="rapid-diagnostic")
    access = _access(world.companion, world.program)
    workshop = wservices.workshop_plan(
        access=access,
        by=world.companion,
        method="learning",
        title="Diagnostic of the intake desk",
        scheduled_for=timezone.now(),
        template=diagnostic,
    )
    wservices.workshop_open(access=access, workshop=workshop)
    texts = {
        2: "Clients value being called back the same day.",
        3: "Being called back quickly builds trust.",
        4: "Why do referrals from schools stall?",
        5: "Keep the same-day call back.",
    }
    for position, text in texts.items():
        wservices.workshop_go_to_step(access=access, workshop=workshop, position=position)
        wservices.contribution_add(access=access, workshop=workshop, by=world.companion, text=text)
    wservices.workshop_close(access=access, workshop=workshop)
    body = login(world.companion).get(reverse("workshops:workshop_summary", args=[workshop.pk]))
    html = body.content.decode()
    report = html[html.index("workshop-report") : html.index("promoted-heading")]
    insight = report.index("Insights")
    question = report.index("Questions")
    recommendation = report.index("Recommendations")
    assert insight < report.index(texts[3]) < question < report.index(texts[4])
    assert recommendation < report.index(texts[5])
    assert texts[2] not in report  # "what works well" is not one of the report's parts
    assert "data-print" in html
