"""Assessing a nominee in one save and moving on to the next; a selection meeting that shows
how many nominees are decided and is taken nominee by nominee."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stories.models import Assessment, SelectionDecision

from .factories import StoryFactory

REASONS = "Both the worker and the client see the change, and the client agreed to talk."


def _criteria(world):
    return list(world.program.criteria.order_by("position", "pk"))


def _assessment(world, verdicts: dict, notes: dict | None = None) -> dict:
    data = {}
    for criterion in _criteria(world):
        if criterion.pk in verdicts:
            data[f"c{criterion.pk}-verdict"] = verdicts[criterion.pk]
        data[f"c{criterion.pk}-note"] = (notes or {}).get(criterion.pk, "")
    return data


def test_one_save_records_every_criterion_of_the_nominee(world, login):
    criteria = _criteria(world)
    url = reverse("stories:assessments_save", args=[world.story.pk])
    response = login(world.committee).post(
        url, _assessment(world, {c.pk: "met" for c in criteria}, {criteria[0].pk: "Clear"})
    )
    assert response.status_code == 302
    mine = Assessment.objects.filter(story=world.story, assessor=world.committee)
    assert sorted(mine.values_list("criterion_id", "verdict")) == [(c.pk, "met") for c in criteria]
    assert mine.get(criterion=criteria[0]).note == "Clear"


def test_criteria_left_blank_wait_and_the_others_are_saved(world, login):
    first, *rest = _criteria(world)
    response = login(world.committee).post(
        reverse("stories:assessments_save", args=[world.story.pk]),
        _assessment(world, {first.pk: "unsure"}),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Your assessment has been saved." in body
    assert list(Assessment.objects.values_list("criterion_id", flat=True)) == [first.pk]


@pytest.mark.parametrize("htmx", [True, False])
def test_a_note_without_a_verdict_is_refused_the_note_kept_and_the_rest_saved(world, login, htmx):
    first, second, *_ = _criteria(world)
    data = _assessment(world, {first.pk: "met"}, {second.pk: "Ask the worker, שאלו את העובדת"})
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = login(world.committee).post(
        reverse("stories:assessments_save", args=[world.story.pk]), data, **extra
    )
    body = response.content.decode()
    assert response.status_code == (200 if htmx else 400)
    row = body.split(f'id="criterion-{second.pk}"')[1].split('class="list-group-item')[0]
    assert "This field is required." in row
    assert 'value="Ask the worker, שאלו את העובדת"' in row
    assert "Some verdicts were not saved" in body
    assert list(Assessment.objects.values_list("criterion_id", flat=True)) == [first.pk]


def test_save_and_next_opens_the_next_nominee_to_assess(world, login):
    older = world.story
    newer = StoryFactory(
        program=world.program, department=world.departments[0], told_by=world.staff
    )  # nominated later: first on the nominations page, so `older` comes after it
    client = login(world.committee)
    page = client.get(reverse("stories:story_detail", args=[newer.pk])).content.decode()
    assert f'name="next" value="{older.pk}"' in page
    response = client.post(
        reverse("stories:assessments_save", args=[newer.pk]),
        {**_assessment(world, {c.pk: "met" for c in _criteria(world)}), "next": str(older.pk)},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == reverse("stories:story_detail", args=[older.pk])
    assert Assessment.objects.filter(story=newer).count() == len(_criteria(world))
    # the last nominee has no next one
    last = client.get(reverse("stories:story_detail", args=[older.pk])).content.decode()
    assert 'type="submit" name="next"' not in last


def test_people_who_may_not_assess_are_refused(world, login):
    data = _assessment(world, {c.pk: "met" for c in _criteria(world)})
    url = reverse("stories:assessments_save", args=[world.story.pk])
    assert login(world.staff).post(url, data).status_code in (403, 404)
    assert login(world.other_director).post(url, data).status_code == 404
    assert not Assessment.objects.exists()


# The selection meeting ---------------------------------------------------------------------


def test_the_meeting_shows_how_many_nominees_are_decided(world, login):
    StoryFactory(program=world.program, department=world.departments[0], told_by=world.staff)
    client = login(world.committee)
    url = reverse("meetings:meeting_detail", args=[world.meeting.pk])
    assert "0 of 2 decided" in client.get(url).content.decode()
    card = client.post(
        reverse("stories:decision_save", args=[world.meeting.pk, world.story.pk]),
        {f"s{world.story.pk}-outcome": "selected", f"s{world.story.pk}-reasons": REASONS},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="meeting-progress"' in card and 'hx-swap-oob="true"' in card
    assert "1 of 2 decided" in card
    assert "1 of 2 decided" in client.get(url).content.decode()


def test_the_meeting_is_taken_nominee_by_nominee(world, login):
    second = StoryFactory(
        program=world.program, department=world.departments[0], told_by=world.staff, title="Zz"
    )
    world.story.title = "Aa"
    world.story.save(update_fields=["title"])
    client = login(world.committee)
    url = reverse("meetings:meeting_detail", args=[world.meeting.pk])
    page = client.get(url).content.decode()
    assert f"?nominee={world.story.pk}" in page  # "take the nominees one by one" starts here
    alone = client.get(url, {"nominee": world.story.pk}).content.decode()
    assert f'id="decision-{world.story.pk}"' in alone and f'id="decision-{second.pk}"' not in alone
    assert "Nominee 1 of 2" in alone and f"?nominee={second.pk}" in alone
    # Deciding without JavaScript stays on the nominee.
    response = client.post(
        reverse("stories:decision_save", args=[world.meeting.pk, world.story.pk]),
        {
            f"s{world.story.pk}-outcome": "selected",
            f"s{world.story.pk}-reasons": REASONS,
            "alone": "1",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"?nominee={world.story.pk}"
    )
    assert SelectionDecision.objects.filter(story=world.story).exists()
    last = client.get(url, {"nominee": second.pk}).content.decode()
    assert "Nominee 2 of 2" in last and "1 of 2 decided" in last
    assert f"?nominee={world.story.pk}" in last  # the previous one


def test_a_nominee_of_another_program_is_not_shown_alone(world, login):
    url = reverse("meetings:meeting_detail", args=[world.meeting.pk])
    client = login(world.committee)
    assert client.get(url, {"nominee": world.other_story.pk}).status_code == 404
    for not_a_number in ("x", "²", "1" * 40):  # the list of all nominees
        assert client.get(url, {"nominee": not_a_number}).status_code == 200
