"""The program timeline: everything dated, in date order, scoped to what each role may see."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.selectors_timeline import Kind, program_timeline
from organizations.models import MeetingDecision
from organizations.selectors import program_access
from stories.models import Interview, StoryApproval
from tests.factories import DecisionFactory, MeetingFactory, StoryFactory


def _events(world):
    """A meeting decision, a selection decision on the teller's story, an approval of the
    documented story, an interview of another (unassigned) story and a rendered book."""
    from methods.selectors import question_set_default
    from publications.models import BookRender, StoryBook

    MeetingDecision.objects.create(
        meeting=world.meeting, text="Invite the heads of department", recorded_by=world.director
    )
    DecisionFactory(
        story=world.story,
        meeting=world.meeting,
        outcome="declined",
        reasons="Another story of the same department was chosen this year.",
    )
    StoryApproval.objects.create(
        story=world.doc_story, draft=world.draft, approved_by=world.director
    )
    unassigned = StoryFactory(
        program=world.program,
        department=world.departments[1],
        told_by=world.staff,
        title="Sam's unassigned story",
        status="selected",
    )
    Interview.objects.create(
        story=unassigned,
        interviewee_role="social_worker",
        interviewee_label="Rina",
        held_on=dt.date(2026, 11, 5),
        interviewer=world.director,
        question_set=question_set_default(),
    )
    book = StoryBook.objects.create(program=world.program, title="Stories 2026", language="en")
    BookRender.objects.create(
        book=book, version=1, status=BookRender.Status.DONE, finished_at=timezone.now()
    )
    return unassigned


def _timeline(world, user):
    return program_timeline(program_access(user, world.program), user)


def _kinds(events):
    return {e.kind for e in events}


def test_the_director_sees_everything_in_date_order(world):
    _events(world)
    events = _timeline(world, world.director)
    assert {
        Kind.PROGRAM,
        Kind.MEETING,
        Kind.DECISION,
        Kind.SELECTION,
        Kind.INTERVIEW,
        Kind.APPROVAL,
        Kind.RENDER,
    } <= _kinds(events)
    times = [e.at for e in events]
    assert times == sorted(times)
    titles = [e.title for e in events]
    assert "Sam's unassigned story" in titles and "Stories 2026" in titles


def test_the_teller_sees_their_own_decision_and_approval_but_no_meeting_or_interview(world):
    _events(world)
    events = _timeline(world, world.teller)
    kinds = _kinds(events)
    assert Kind.SELECTION in kinds and Kind.APPROVAL in kinds
    assert not kinds & {Kind.MEETING, Kind.DECISION, Kind.INTERVIEW, Kind.RENDER}
    sam = _timeline(world, world.staff)
    assert Kind.SELECTION not in _kinds(sam)  # Tal's decision is Tal's


def test_a_student_sees_only_the_interviews_of_their_assigned_stories(world):
    _events(world)
    student = _timeline(world, world.student)
    interviews = [e for e in student if e.kind == Kind.INTERVIEW]
    assert [e.title for e in interviews] == ["A home at last"]
    assert Kind.MEETING not in _kinds(student)
    other = _timeline(world, world.student2)
    assert not [e for e in other if e.kind in (Kind.INTERVIEW, Kind.APPROVAL)]


def test_the_unit_sees_the_programs_milestones_without_stories(world):
    _events(world)
    events = _timeline(world, world.unit)
    assert _kinds(events) <= {Kind.PROGRAM, Kind.STAGE}


def test_upcoming_events_are_marked(world):
    MeetingFactory(
        program=world.program,
        title="Next selection",
        held_at=timezone.now() + dt.timedelta(days=30),
    )
    events = _timeline(world, world.committee)
    upcoming = [e.title for e in events if e.upcoming]
    assert "Next selection" in upcoming
    assert all(not e.upcoming for e in events if e.kind == Kind.PROGRAM)
    assert events[-1].title == "Next selection"


def test_the_page_links_each_event_and_is_in_the_program_nav(world, login):
    _events(world)
    client = login(world.director)
    body = client.get(
        reverse("timeline:program_timeline", args=[world.program.pk])
    ).content.decode()
    assert reverse("meetings:meeting_detail", args=[world.meeting.pk]) in body
    assert reverse("stories:story_detail", args=[world.story.pk]) in body
    assert reverse("documentation:draft_detail", args=[world.draft.pk]) in body
    assert "<time datetime=" in body
    dashboard = client.get(
        reverse("dashboard:program_dashboard", args=[world.program.pk])
    ).content.decode()
    assert reverse("timeline:program_timeline", args=[world.program.pk]) in dashboard


def test_a_new_program_explains_what_will_appear(world, login):
    from organizations.services import program_create

    program = program_create(organization=world.org, title="Empty program")
    program.stage_changed_at = None
    program.save(update_fields=["stage_changed_at"])
    body = login(world.director).get(reverse("timeline:program_timeline", args=[program.pk]))
    assert "Meetings, decisions, interviews, approvals" in body.content.decode()


def test_the_timeline_runs_a_constant_number_of_queries(world, login):
    _events(world)
    client = login(world.director)
    url = reverse("timeline:program_timeline", args=[world.program.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(5):
        meeting = MeetingFactory(program=world.program, title=f"Meeting {i}")
        MeetingDecision.objects.create(meeting=meeting, text=f"Decision {i}")
        story = StoryFactory(
            program=world.program, department=world.departments[0], told_by=world.teller
        )
        DecisionFactory(story=story, meeting=meeting, outcome="selected", reasons="Good reasons.")
    assert count() == small


# Access table --------------------------------------------------------------------------

# The access rows for these views are in the one table of tests/test_permissions.py.


def test_the_timeline_refuses_post(world, login):
    url = reverse("timeline:program_timeline", args=[world.program.pk])
    assert login(world.director).post(url).status_code == 405


def test_a_partner_teams_story_stays_off_the_host_organizations_timeline(world):
    from organizations.models import ProgramTeam, Role
    from organizations.services import membership_ensure
    from tests.factories import OrganizationFactory, UserFactory

    partner = OrganizationFactory(name="Valley Youth Service")
    ProgramTeam.objects.create(program=world.program, organization=partner)
    teller = UserFactory(full_name="Pia Partner", email="pia.partner@example.org")
    membership_ensure(user=teller, organization=partner, role=Role.STAFF)
    story = StoryFactory(
        program=world.program, department=world.departments[0], told_by=teller, title="Valley"
    )
    DecisionFactory(story=story, meeting=world.meeting, outcome="selected", reasons="Strong.")
    host = [e.title for e in _timeline(world, world.director) if e.kind == Kind.SELECTION]
    assert "Valley" not in host
