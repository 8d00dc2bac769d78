"""The selection process: criteria, nominations, assessments and decisions, with bad input."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations.selectors import program_access
from stories.models import Assessment, SelectionCriterion, SelectionDecision, SuccessStory
from stories.selection import services
from stories.selection.selectors import diversity_coverage

from .factories import StoryFactory

# Criteria -------------------------------------------------------------------------------


def test_a_new_program_starts_with_the_three_default_criteria(world):
    texts = list(world.program.criteria.values_list("text", flat=True))
    assert texts[0].startswith("Both the staff member and the client")
    assert len(texts) == 3


def test_committee_adds_a_criterion_at_the_end(world, login):
    client = login(world.committee)
    response = client.post(
        reverse("stories:criteria", args=[world.program.pk]),
        {"text": "The story can be told without identifying the client", "description": ""},
    )
    assert response.status_code == 302
    assert world.program.criteria.order_by("position").last().text.startswith("The story can")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "This field is required."),
        ("x" * 301, "Ensure this value has at most 300 characters"),
        (
            "both the staff member and the client deem the handling successful",
            "already has a criterion with that text",
        ),
    ],
    ids=["empty", "too-long", "duplicate"],
)
def test_bad_criterion_is_refused_and_the_text_kept(world, login, text, message):
    client = login(world.committee)
    response = client.post(
        reverse("stories:criteria", args=[world.program.pk]),
        {"text": text, "description": "What the committee typed stays here"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "What the committee typed stays here" in body
    assert world.program.criteria.count() == 3


def test_criteria_can_be_reordered(world, login):
    first, second, third = world.program.criteria.order_by("position")
    login(world.committee).post(
        reverse("stories:criterion_move", args=[world.program.pk, third.pk]), {"direction": "up"}
    )
    assert list(world.program.criteria.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        third.pk,
        second.pk,
    ]


def test_reordering_by_htmx_returns_the_list_only(world, login):
    first = world.program.criteria.order_by("position").first()
    response = login(world.committee).post(
        reverse("stories:criterion_move", args=[world.program.pk, first.pk]),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert world.program.criteria.order_by("position").last().pk != first.pk


def test_a_criterion_already_used_cannot_be_deleted(world, login):
    criterion = world.program.criteria.first()
    Assessment.objects.create(
        story=world.story, criterion=criterion, assessor=world.committee, verdict="met"
    )
    login(world.committee).post(
        reverse("stories:criterion_delete", args=[world.program.pk, criterion.pk]),
        {"confirmed": "yes"},
    )
    assert SelectionCriterion.objects.filter(pk=criterion.pk).exists()


def test_editing_a_criterion_to_a_duplicate_is_refused(world, login):
    first, second, _third = world.program.criteria.order_by("position")
    response = login(world.committee).post(
        reverse("stories:criterion_edit", args=[world.program.pk, second.pk]),
        {"text": first.text.upper(), "description": ""},
    )
    assert response.status_code == 400
    assert "already has a criterion with that text" in response.content.decode()


# Nominations ----------------------------------------------------------------------------


def nomination(world, **overrides):
    data = {
        "title": "From shelter to a home",
        "department": world.departments[0].pk,
        "client_pseudonym": "Mr. K.",
        "summary": "A man living in a shelter moved into his own flat.",
        "success_in_worker_eyes": "He has paid rent for a year.",
        "success_in_client_eyes": "He says he has a door to close.",
        "tags": "homeless, men 50+, Homeless",
    }
    data.update(overrides)
    return data


def test_staff_nominates_a_success_with_tags(world, login):
    response = login(world.teller).post(
        reverse("stories:nominate", args=[world.program.pk]), nomination(world)
    )
    story = SuccessStory.objects.get(title="From shelter to a home")
    assert response.status_code == 302
    assert story.told_by == world.teller
    assert sorted(t.name for t in story.tags.all()) == ["homeless", "men 50+"]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", "This field is required."),
        ("title", "T" * 201, "Ensure this value has at most 200 characters"),
        ("title", "back to work", "already been nominated in this program"),
        ("summary", "", "This field is required."),
        ("client_pseudonym", "", "This field is required."),
        ("tags", ",".join(f"tag{i}" for i in range(13)), "Use at most 12 tags."),
    ],
    ids=[
        "empty-title",
        "long-title",
        "duplicate-title",
        "empty-summary",
        "no-pseudonym",
        "too-many-tags",
    ],
)
def test_bad_nomination_is_refused_and_what_was_typed_is_kept(world, login, field, value, message):
    data = nomination(world, **{field: value})
    response = login(world.teller).post(reverse("stories:nominate", args=[world.program.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "He says he has a door to close." in body  # nothing typed is lost
    assert SuccessStory.objects.filter(program=world.program).count() == 2


def test_a_department_of_another_organization_is_refused(world, login):
    from organizations.models import Department

    foreign = Department.objects.create(organization=world.other_org, name="Foreign")
    response = login(world.teller).post(
        reverse("stories:nominate", args=[world.program.pk]),
        nomination(world, department=foreign.pk),
    )
    assert response.status_code == 400
    assert not SuccessStory.objects.filter(title="From shelter to a home").exists()


# Assessments ----------------------------------------------------------------------------


def test_committee_member_assesses_and_can_change_their_mind(world, login):
    criterion = world.program.criteria.first()
    client = login(world.committee)
    url = reverse("stories:assessment_save", args=[world.story.pk, criterion.pk])
    client.post(
        url, {f"c{criterion.pk}-verdict": "unsure", f"c{criterion.pk}-note": "Ask the worker"}
    )
    client.post(url, {f"c{criterion.pk}-verdict": "met", f"c{criterion.pk}-note": "Confirmed"})
    assessment = Assessment.objects.get(story=world.story, assessor=world.committee)
    assert (assessment.verdict, assessment.note) == ("met", "Confirmed")


def test_assessment_without_a_verdict_is_refused_and_the_note_kept(world, login):
    criterion = world.program.criteria.first()
    response = login(world.committee).post(
        reverse("stories:assessment_save", args=[world.story.pk, criterion.pk]),
        {f"c{criterion.pk}-note": "My careful note"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "This field is required." in body
    assert "My careful note" in body
    assert not Assessment.objects.exists()


def test_assessment_refused_without_javascript_comes_back_with_the_note(world, login):
    """Posted as a plain form (no htmx): the story page again, the note as typed in its row,
    the error as text (it was a redirect, the note lost, the error list shown as markup)."""
    criterion = world.program.criteria.first()
    response = login(world.committee).post(
        reverse("stories:assessment_save", args=[world.story.pk, criterion.pk]),
        {f"c{criterion.pk}-note": "My careful note, כתבתי בזהירות"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    row = body.split(f'id="criterion-{criterion.pk}"')[1].split('class="list-group-item')[0]
    assert "This field is required." in row
    assert 'value="My careful note, כתבתי בזהירות"' in row
    assert "&lt;" not in body
    assert not Assessment.objects.exists()


def test_a_too_long_note_without_javascript_says_so_and_keeps_the_note(world, login):
    criterion = world.program.criteria.first()
    note = "n" * 2001
    response = login(world.committee).post(
        reverse("stories:assessment_save", args=[world.story.pk, criterion.pk]),
        {f"c{criterion.pk}-verdict": "met", f"c{criterion.pk}-note": note},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2001)." in body
    assert note in body
    assert not Assessment.objects.exists()


def test_a_decided_story_can_no_longer_be_assessed(world):
    world.story.status = "selected"
    world.story.save()
    with pytest.raises(ValidationError):
        services.assessment_record(
            access=program_access(world.committee, world.program),
            story=world.story,
            criterion=world.program.criteria.first(),
            assessor=world.committee,
            verdict="met",
        )


# Decisions ------------------------------------------------------------------------------


def decide(client, world, outcome, reasons, story=None):
    story = story or world.story
    return client.post(
        reverse("stories:decision_save", args=[world.meeting.pk, story.pk]),
        {f"s{story.pk}-outcome": outcome, f"s{story.pk}-reasons": reasons},
    )


def test_selection_meeting_decides_and_the_teller_is_told_why(
    world, login, django_capture_on_commit_callbacks
):
    reasons = "The story shows how trust was rebuilt step by step, and the client agrees."
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(login(world.committee), world, "selected", reasons)
    assert response.status_code == 302
    world.story.refresh_from_db()
    assert world.story.status == "selected"
    assert SelectionDecision.objects.get().reasons == reasons
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.teller.email]
    assert reasons in mail.outbox[0].body


@pytest.mark.parametrize(
    "reasons",
    ["", "   ", "No.", "Not this time, sorry"],
    ids=["empty", "blank", "one-word", "four-words"],
)
def test_a_decision_without_reasons_in_full_sentences_is_refused(world, login, reasons):
    response = decide(login(world.committee), world, "declined", reasons)
    assert response.status_code == 400
    assert not SelectionDecision.objects.exists()
    world.story.refresh_from_db()
    assert world.story.status == "nominated"
    assert len(mail.outbox) == 0


def test_decisions_are_taken_only_in_selection_meetings(world):
    world.meeting.kind = "steering"
    world.meeting.save()
    with pytest.raises(ValidationError):
        services.decision_record(
            access=program_access(world.committee, world.program),
            story=world.story,
            meeting=world.meeting,
            outcome="selected",
            reasons="A perfectly good reason written in a full sentence.",
            by=world.committee,
        )


def test_coverage_counts_selected_stories_per_tag(world):
    access = program_access(world.teller, world.program)
    services.story_nominate(
        access=access,
        told_by=world.teller,
        department=world.departments[0],
        title="One",
        summary="s",
        success_in_worker_eyes="w",
        success_in_client_eyes="c",
        client_pseudonym="A",
        tags="youth, single parents",
    )
    two = services.story_nominate(
        access=access,
        told_by=world.teller,
        department=world.departments[0],
        title="Two",
        summary="s",
        success_in_worker_eyes="w",
        success_in_client_eyes="c",
        client_pseudonym="B",
        tags="Youth",
    )
    two.status = "selected"
    two.save()
    rows, selected_total, _untagged = diversity_coverage(world.program)
    by_name = {r.tag.name: (r.selected, r.nominated) for r in rows}
    assert by_name == {"youth": (1, 2), "single parents": (0, 1)}
    assert selected_total == 2  # with the world's documented story, which has no tag


# Meetings and stage ----------------------------------------------------------------------


def test_committee_schedules_a_meeting_and_records_minutes(world, login):
    client = login(world.committee)
    response = client.post(
        reverse("meetings:meeting_create", args=[world.program.pk]),
        {
            "kind": "steering",
            "title": "Kick-off",
            "held_at": "2026-12-01T10:00",
            "location": "Room 3",
            "agenda": "1. Criteria",
            "attendees": [world.committee.pk],
        },
    )
    assert response.status_code == 302
    meeting = world.program.meetings.get(title="Kick-off")
    response = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        {
            "kind": "steering",
            "title": "Kick-off",
            "held_at": "2026-12-01T10:00",
            "location": "Room 3",
            "agenda": "1. Criteria",
            "minutes": "We adopted the criteria.",
            "attendees": [world.committee.pk, world.committee2.pk],
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "We adopted the criteria."
    assert meeting.attendees.count() == 2


def test_a_meeting_without_a_title_or_date_is_refused_and_the_agenda_kept(world, login):
    response = login(world.committee).post(
        reverse("meetings:meeting_create", args=[world.program.pk]),
        {"kind": "selection", "title": "", "held_at": "not a date", "agenda": "Keep this agenda"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required." in body and "Enter a valid date/time." in body
    assert "Keep this agenda" in body


def test_program_cannot_leave_selection_before_a_story_is_selected(world, login):
    world.program.stories.update(status="nominated")
    client = login(world.director)
    client.post(reverse("organizations:program_stage", args=[world.program.pk]), {"direction": "1"})
    world.program.refresh_from_db()
    assert world.program.stage == "selection"
    world.story.status = "selected"
    world.story.save()
    client.post(reverse("organizations:program_stage", args=[world.program.pk]), {"direction": "1"})
    world.program.refresh_from_db()
    assert world.program.stage == "training"


def test_nominations_filter_by_status_and_tag(world, login):
    StoryFactory(
        program=world.program, told_by=world.staff, title="Selected one", status="selected"
    )
    response = login(world.committee).get(
        reverse("stories:nominations", args=[world.program.pk]), {"status": "selected"}
    )
    body = response.content.decode()
    assert "Selected one" in body and "Back to work" not in body
