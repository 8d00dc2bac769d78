"""Live workshops, the prospective method and learning patterns: services, access (as every
role), bad input, anonymity, and the constant query count of the polling endpoint."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companions import services as companion_services
from companions.models import (
    Attendance,
    CompanionAssignment,
    CompanionProfile,
    SupportSession,
    TrainingCohort,
    TrainingSession,
)
from methods.models import (
    ActionItem,
    Contribution,
    ContributionGroup,
    InquiryCycle,
    LearningLogEntry,
    LearningPattern,
    LearningQuestion,
    Participation,
    PatternEvidence,
    Vote,
    Workshop,
    WorkshopStep,
)
from stories.models import Principle
from tests.urlnames import view_name
from workshops import services
from workshops.selectors import _access, workshop_board

from .factories import UserFactory

# Fixtures shared with the access table ------------------------------------------------------


def _ensure(world) -> dict:
    """Everything the access table needs, made once per world (idempotent): the world's
    companion assigned to the program, a planned and an open workshop (voting open on its first
    step, a contribution by another staff member, an action item owned by the student), a learning
    question whose team is the staff member, a cycle, the teller's private log entry, a
    learning pattern, and a training cohort with a session."""
    cached = getattr(world, "_workshops", None)
    if cached is not None:
        return cached
    profile, _ = CompanionProfile.objects.get_or_create(user=world.companion)
    if not CompanionAssignment.objects.filter(companion=profile, program=world.program).exists():
        companion_services.companion_assign(by=world.unit, companion=profile, program=world.program)
    access = _access(world.director, world.program)
    when = timezone.now() + dt.timedelta(hours=1)
    planned = services.workshop_plan(
        access=access,
        by=world.director,
        method="retrospective",
        title="Planned workshop",
        scheduled_for=when,
        story=world.doc_story,
    )
    live = services.workshop_plan(
        access=access,
        by=world.director,
        method="retrospective",
        title="Live workshop",
        scheduled_for=when,
        story=world.doc_story,
    )
    services.workshop_open(access=access, workshop=live)
    services.step_set_voting(access=access, workshop=live, open_=True)
    from organizations.services import membership_ensure

    writer = UserFactory(full_name="Pia Participant")
    membership_ensure(user=writer, organization=world.org, role="staff")
    contribution = services.contribution_add(
        access=_access(writer, world.program),
        workshop=live,
        by=writer,
        text="We met her where she felt safe.",
    )
    item = services.action_item_add(
        access=access,
        workshop=live,
        text="Write up the turning points",
        owner=world.student,
        due_on=dt.date(2027, 1, 15),
    )
    lq = services.learning_question_create(
        access=access,
        by=world.director,
        question="How do we keep young people engaged after the first meeting?",
        team=[world.staff],
    )
    cycle = services.cycle_add(
        access=access, learning_question=lq, by=world.director, goal="Call within a week"
    )
    entry = services.log_entry_add(
        access=_access(world.teller, world.program),
        by=world.teller,
        written_on=dt.date(2026, 12, 1),
        learnt="Silence after a question gives people room.",
    )
    pattern = services.pattern_create(
        access=access, by=world.director, kind="dialogue", name="A round of silence"
    )
    cohort = companion_services.cohort_create(by=world.unit, name="Cohort 2026", members=[profile])
    session = companion_services.training_session_add(
        by=world.unit, cohort=cohort, held_on=dt.date(2026, 10, 1), topic="The ten questions"
    )
    world._workshops = {
        "profile": profile,
        "assignment": CompanionAssignment.objects.get(companion=profile, program=world.program),
        "planned": planned,
        "live": live,
        "contribution": contribution,
        "item": item,
        "lq": lq,
        "cycle": cycle,
        "entry": entry,
        "pattern": pattern,
        "cohort": cohort,
        "session": session,
    }
    return world._workshops


def extra_args(world, kind: str) -> list:
    if kind == "none":
        return []
    w = _ensure(world)
    return {
        "wprogram": lambda: [world.program.pk],
        "workshop": lambda: [w["live"].pk],
        "wplanned": lambda: [w["planned"].pk],
        "contribution": lambda: [w["contribution"].pk],
        "action_item": lambda: [w["item"].pk],
        "lq": lambda: [w["lq"].pk],
        "cycle": lambda: [w["cycle"].pk],
        "log": lambda: [w["entry"].pk],
        "pattern": lambda: [w["pattern"].pk],
        "companion": lambda: [w["profile"].pk],
        "assignment": lambda: [w["assignment"].pk],
        "cohort": lambda: [w["cohort"].pk],
        "tsession": lambda: [w["session"].pk],
        "wguest": lambda: [_guest_token(w)],
        "wguestc": lambda: [_guest_token(w), w["contribution"].pk],
    }[kind]()


def _in_a_breakout(world, user) -> None:
    """The live workshop's current step in breakout groups, the person in one of them."""
    from methods.models import BreakoutMember

    if user is None:
        return
    step = _ensure(world)["live"].steps.get(position=1)
    group = ContributionGroup.objects.create(step=step, name="Group 1", breakout=True)
    BreakoutMember.objects.create(group=group, user=user)
    step.breakout_active = True
    step.save(update_fields=["breakout_active"])


#: Set-up before each person's request (tests/test_permissions.py runs it in the savepoint).
EXTRA_PREPARE = {"breakout_report": _in_a_breakout}


def _guest_token(w) -> str:
    """The live workshop's guest link (made once)."""
    live = w["live"]
    if not live.guest_token:
        director = live.facilitator
        services.guest_link_create(access=_access(director, live.program), workshop=live)
    return live.guest_token


def _with(fn):
    """POST data made after the fixtures exist (so that the snapshot sees them)."""

    def make(world):
        w = _ensure(world)
        return fn(world, w)

    return make


EXTRA_POST_DATA = {
    "workshop_plan": _with(
        lambda world, w: {
            "method": "retrospective",
            "title": "Second look at the story",
            "scheduled_for": "2027-01-10T10:00",
            "story": world.doc_story.pk,
            "participants": [world.staff.pk],
        }
    ),
    "workshop_join": _with(lambda world, w: {"code": w["live"].code}),
    "workshop_join_here": _with(lambda world, w: {}),
    "workshop_open": _with(lambda world, w: {}),
    "workshop_step": _with(lambda world, w: {"position": "2"}),
    "workshop_contribute": _with(lambda world, w: {"text": "She chose the place."}),
    "workshop_reveal": _with(lambda world, w: {"revealed": "0"}),
    "workshop_timer": _with(lambda world, w: {"minutes": "3"}),
    "workshop_group": _with(lambda world, w: {"name": "Trust"}),
    "workshop_voting": _with(lambda world, w: {"open": "0"}),
    "workshop_action": _with(
        lambda world, w: {"text": "Ask the client", "owner": world.staff.pk, "due_on": "2027-02-01"}
    ),
    "workshop_close": _with(lambda world, w: {"confirmed": "yes"}),
    "contribution_group": _with(
        lambda world, w: {
            "group": ContributionGroup.objects.get_or_create(
                step=w["contribution"].step, name="Safety"
            )[0].pk
        }
    ),
    "contribution_vote": _with(lambda world, w: {}),
    "contribution_remove": _with(lambda world, w: {"reason": "Names a client"}),
    "contribution_merge": _with(
        lambda world, w: {
            "duplicate": services.contribution_add(
                access=_access(world.director, world.program),
                workshop=w["live"],
                by=world.director,
                text="We met her where she felt safe (again).",
            ).pk,
            "into": w["contribution"].pk,
        }
    ),
    "workshop_guest_link": _with(lambda world, w: {}),
    "workshop_breakout": _with(lambda world, w: {"end": "1"}),
    "breakout_report": _with(lambda world, w: {"report": "We will call weekly"}),
    "guest_breakout_report": _with(lambda world, w: {"report": "As a guest"}),
    "workshop_open_ahead": _with(lambda world, w: {}),
    "summary_send": _with(lambda world, w: {}),
    "guest_join": _with(lambda world, w: {"display_name": "Rana"}),
    "guest_contribute": _with(lambda world, w: {"text": "As a guest"}),
    "guest_vote": _with(lambda world, w: {"give": "1"}),
    "contribution_promote": _with(
        lambda world, w: {
            "target": "principle",
            "situation": "a client who distrusts the office",
            "goal": "a first real conversation",
            "action": "meet where she feels safe",
        }
    ),
    "action_item_done": _with(lambda world, w: {}),
    "learning_questions": _with(
        lambda world, w: {"question": "How do we reach fathers?", "team": [world.staff.pk]}
    ),
    "learning_question_stage": _with(lambda world, w: {"stage": "plan"}),
    "cycle_add": _with(lambda world, w: {"goal": "Try evening visits", "status": "planned"}),
    "cycle_edit": _with(
        lambda world, w: {"goal": "Call within three days", "status": "running", "learned": ""}
    ),
    "learning_log": _with(
        lambda world, w: {"written_on": "2026-12-02", "learnt": "Ask, then wait.", "share": "on"}
    ),
    "log_entry_share": _with(lambda world, w: {"shared": "1"}),
    "learning_patterns": _with(
        lambda world, w: {"kind": "activity", "name": "Story circles", "description": ""}
    ),
    "pattern_evidence_add": _with(
        lambda world, w: {"source": f"w{w['live'].pk}", "note": "Used in the live workshop"}
    ),
    "companion_list": _with(lambda world, w: {"user": world.student2.email, "languages": "Arabic"}),
    "companion_detail": _with(
        lambda world, w: {"languages": "Hebrew, English", "background": "", "active": "on"}
    ),
    "companion_assign": _with(lambda world, w: {"program": world.other_program.pk}),
    "support_session_add": _with(
        lambda world, w: {"held_on": "2026-12-05", "topics": "Holding silence", "notes": ""}
    ),
    "assignment_end": _with(lambda world, w: {"confirmed": "yes"}),
    "cohort_list": _with(lambda world, w: {"name": "Cohort 2027"}),
    "cohort_detail": _with(
        lambda world, w: {"held_on": "2026-11-01", "topic": "Inquiry cycles", "notes": ""}
    ),
    "attendance_save": _with(lambda world, w: {"present": [w["profile"].pk]}),
}


def _state(world) -> tuple:
    return (
        list(Workshop.objects.order_by("pk").values_list("pk", "version", "status")),
        Participation.objects.filter(joined_at__isnull=False).count(),
        Contribution.objects.count(),
        list(Contribution.objects.order_by("pk").values_list("group_id", "promoted_to")),
        ContributionGroup.objects.count(),
        Vote.objects.count(),
        list(ActionItem.objects.order_by("pk").values_list("pk", "done_at")),
        Principle.objects.count(),
        list(LearningQuestion.objects.order_by("pk").values_list("pk", "stage")),
        list(InquiryCycle.objects.order_by("pk").values_list("pk", "goal", "status")),
        list(LearningLogEntry.objects.order_by("pk").values_list("pk", "shared_at")),
        LearningPattern.objects.count(),
        PatternEvidence.objects.count(),
        list(CompanionProfile.objects.order_by("pk").values_list("pk", "languages")),
        list(CompanionAssignment.objects.order_by("pk").values_list("pk", "ended_on")),
        SupportSession.objects.count(),
        TrainingCohort.objects.count(),
        TrainingSession.objects.count(),
        list(Attendance.objects.values_list("companion_id", "present")),
    )


# The access rows for these views are in the one table of tests/test_permissions.py.


# Who runs workshops ------------------------------------------------------------------------


def test_a_companion_of_the_program_without_an_assignment_cannot_run_its_workshops(world, login):
    w = _ensure(world)
    helper = UserFactory(full_name="Una Unassigned")
    from organizations.services import membership_ensure

    membership_ensure(user=helper, organization=world.org, role="companion", program=world.program)
    client = login(helper)
    assert client.get(reverse("workshops:workshop_detail", args=[w["live"].pk])).status_code == 200
    assert (
        client.get(reverse("workshops:workshop_plan", args=[world.program.pk])).status_code == 403
    )
    assert client.post(reverse("workshops:workshop_close", args=[w["live"].pk])).status_code == 403


def test_ending_an_assignment_ends_the_companions_role_in_the_program(world, login):
    w = _ensure(world)
    companion_services.companion_assignment_end(by=world.unit, assignment=w["assignment"])
    client = login(world.companion)
    assert client.get(reverse("workshops:workshop_detail", args=[w["live"].pk])).status_code == 404


def test_assigning_a_companion_gives_the_program_membership(world):
    user = UserFactory()
    profile = companion_services.companion_profile_create(by=world.unit, user=user)
    companion_services.companion_assign(by=world.unit, companion=profile, program=world.program)
    assert user.memberships.filter(program=world.program, role="companion").exists()
    assert _access(user, world.program).can_run_workshops


# Joining, contributing: bad input ------------------------------------------------------------


def test_joining_with_a_wrong_code_says_so_and_keeps_the_code(world, login):
    _ensure(world)
    response = login(world.staff).post(reverse("workshops:workshop_join"), {"code": "ZZZZZZ"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "No workshop has this code" in body
    assert 'value="ZZZZZZ"' in body


def test_joining_with_a_malformed_code_explains_the_format(world, login):
    response = login(world.staff).post(reverse("workshops:workshop_join"), {"code": "abc"})
    assert response.status_code == 400
    assert "six letters and digits" in response.content.decode()


def test_joining_with_an_expired_code_says_it_has_expired(world, login):
    w = _ensure(world)
    Workshop.objects.filter(pk=w["live"].pk).update(
        code_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = login(world.staff).post(reverse("workshops:workshop_join"), {"code": w["live"].code})
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_a_member_of_another_program_cannot_join_even_with_the_right_code(world, login):
    w = _ensure(world)
    response = login(world.other_director).post(
        reverse("workshops:workshop_join"), {"code": w["live"].code.lower()}
    )
    assert response.status_code == 400
    assert "No workshop has this code" in response.content.decode()
    assert not Participation.objects.filter(user=world.other_director).exists()


def test_an_empty_contribution_is_refused_clearly(world, login):
    w = _ensure(world)
    before = Contribution.objects.count()
    response = login(world.staff).post(
        reverse("workshops:workshop_contribute", args=[w["live"].pk]), {"text": "   "}
    )
    assert response.status_code == 400
    assert "Write something before you send it." in response.content.decode()
    assert Contribution.objects.count() == before


def test_a_too_long_contribution_is_refused_and_the_text_is_kept(world, login):
    w = _ensure(world)
    text = "word " * 250  # 1250 characters
    response = login(world.staff).post(
        reverse("workshops:workshop_contribute", args=[w["live"].pk]), {"text": text}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "At most 1000 characters" in body
    assert text.strip()[:200] in body  # nothing lost: the text is back in the box


def test_a_too_long_contribution_over_htmx_comes_back_in_the_form(world, login):
    w = _ensure(world)
    response = login(world.staff).post(
        reverse("workshops:workshop_contribute", args=[w["live"].pk]),
        {"text": "x" * 1001},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "At most 1000 characters" in response.content.decode()
    assert "x" * 1001 in response.content.decode()


@pytest.mark.parametrize("group", ["abc", "9" * 20, "²", "-1", "\x00"], ids=repr)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_grouping_a_contribution_into_a_group_that_is_not_one_says_so(world, login, group, htmx):
    """A group that is not a number (or not one a row can have) is not a 500: the runner reads
    that the group is not one of the step's, and the contribution stays where it was."""
    w = _ensure(world)
    contribution = w["contribution"]
    response = login(world.companion).post(
        reverse("workshops:contribution_group", args=[contribution.pk]),
        {"group": group},
        **({"HTTP_HX_REQUEST": "true"} if htmx else {}),
        follow=not htmx,
    )
    assert response.status_code == 200
    assert "Choose a group of this step." in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.group_id is None


def test_grouping_a_contribution_into_a_group_of_its_step_and_out_again(world, login):
    w = _ensure(world)
    contribution = w["contribution"]
    group = ContributionGroup.objects.create(step=contribution.step, name="Safety")
    client = login(world.companion)
    url = reverse("workshops:contribution_group", args=[contribution.pk])
    assert client.post(url, {"group": str(group.pk)}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.group_id == group.pk
    assert client.post(url, {"group": ""}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.group_id is None


def test_a_refused_action_item_comes_back_with_what_was_typed(world, login):
    """The action item form posts without htmx: refused, the page comes back (not a redirect
    that would lose the text) with the errors beside the fields."""
    w = _ensure(world)
    before = ActionItem.objects.count()
    text = "Call the landlord before the hearing, " + "x" * 300
    response = login(world.companion).post(
        reverse("workshops:workshop_action", args=[w["live"].pk]),
        {"text": text, "owner": "9" * 20, "due_on": "next week"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert text in body
    assert "Select a valid choice." in body and "Enter a valid date." in body
    assert "&lt;" not in body.split('id="workshop-alerts"')[1].split("</div>")[0]
    assert ActionItem.objects.count() == before


@pytest.mark.parametrize("minutes", ["61", "soon"])
def test_a_refused_timer_without_javascript_shows_the_minutes_typed(world, login, minutes):
    w = _ensure(world)
    response = login(world.companion).post(
        reverse("workshops:workshop_timer", args=[w["live"].pk]), {"minutes": minutes}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose between 1 and 60 minutes." in body
    assert re.search(rf'name="minutes"[^>]*value="{minutes}"', body)


def test_markup_in_a_contribution_is_kept_as_text_and_escaped(world, login):
    w = _ensure(world)
    text = '<script>alert("x")</script> <b>bold</b>'
    login(world.staff).post(
        reverse("workshops:workshop_contribute", args=[w["live"].pk]), {"text": text}
    )
    assert Contribution.objects.filter(text=text).exists()
    body = (
        login(world.director).get(reverse("workshops:workshop_board", args=[w["live"].pk])).content
    )
    body = body.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in body


def test_contributing_to_a_closed_workshop_is_refused(world, login):
    w = _ensure(world)
    services.workshop_close(access=_access(world.director, world.program), workshop=w["live"])
    response = login(world.staff).post(
        reverse("workshops:workshop_contribute", args=[w["live"].pk]), {"text": "Late thought"}
    )
    assert response.status_code == 400
    assert "closed" in response.content.decode()


# Anonymity, hiding, votes ----------------------------------------------------------------------


def test_an_anonymous_contribution_shows_its_author_only_to_the_writer(world, login):
    w = _ensure(world)
    live = w["live"]
    services.contribution_add(
        access=_access(world.staff, world.program),
        workshop=live,
        by=world.staff,
        text="I was afraid to ask for help.",
        anonymous=True,
    )
    for viewer in (world.director, world.companion, world.teller):
        for url in ("workshop_board", "workshop_detail", "workshop_summary"):
            body = login(viewer).get(reverse(view_name(url), args=[live.pk])).content.decode()
            assert "I was afraid to ask for help." in body
            # the item that carries the contribution (the page may list people elsewhere,
            # e.g. as owners of action items)
            item = re.search(
                r"<li[^>]*>(?:(?!</li>).)*I was afraid(?:(?!</li>).)*</li>", body, re.S
            )
            assert item and "Anonymous" in item.group(0), (viewer, url)
            assert world.staff.full_name not in item.group(0), (viewer, url)
            if url != "workshop_detail":
                assert world.staff.full_name not in body, (viewer, url)
    body = (
        login(world.staff).get(reverse("workshops:workshop_board", args=[live.pk])).content.decode()
    )
    assert "you (anonymous to the others)" in body


def test_the_summary_names_a_contributions_group_and_a_participant_who_has_left(world):
    from organizations.services import membership_ensure
    from workshops.selectors import workshop_summary

    live = _ensure(world)["live"]
    runner = _access(world.director, world.program)
    leaver = UserFactory(full_name="Lea Leaving")
    membership_ensure(user=leaver, organization=world.org, role="staff")
    c = services.contribution_add(
        access=_access(leaver, world.program), workshop=live, by=leaver, text="A turning point."
    )
    group = services.group_create(access=runner, workshop=live, name="Turning points")
    services.contribution_set_group(access=runner, contribution=c, group=group)
    Contribution.objects.filter(pk=c.pk).update(author=None)  # what deleting the person does
    views = [v for row in workshop_summary(live, world.director) for v in row["items"]]
    assert [(v.author_label, v.group_name) for v in views if v.pk == c.pk] == [
        ("a former participant", "Turning points")
    ]
    assert [v.group_name for v in views if v.pk != c.pk] == [""] * (len(views) - 1)


def test_hidden_contributions_are_counted_not_shown_until_revealed(world, login):
    w = _ensure(world)
    live = w["live"]
    access = _access(world.director, world.program)
    services.step_set_revealed(access=access, workshop=live, revealed=False)
    body = (
        login(world.staff).get(reverse("workshops:workshop_board", args=[live.pk])).content.decode()
    )
    assert "We met her where she felt safe." not in body
    assert "1 contribution from the others is hidden" in body
    services.step_set_revealed(access=access, workshop=live, revealed=True)
    body = (
        login(world.staff).get(reverse("workshops:workshop_board", args=[live.pk])).content.decode()
    )
    assert "We met her where she felt safe." in body


def test_each_participant_has_three_dots_per_step(world):
    w = _ensure(world)
    live = w["live"]
    access = _access(world.staff, world.program)
    notes = [
        services.contribution_add(access=access, workshop=live, by=world.staff, text=f"Note {i}")
        for i in range(4)
    ]
    for note in notes[:3]:
        assert services.vote_toggle(access=access, contribution=note, by=world.staff)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="used your 3 dots"):
        services.vote_toggle(access=access, contribution=notes[3], by=world.staff)
    assert not services.vote_toggle(access=access, contribution=notes[0], by=world.staff)
    assert services.vote_toggle(access=access, contribution=notes[3], by=world.staff)


def test_action_items_come_back_at_the_teams_next_workshop(world, login):
    w = _ensure(world)
    access = _access(world.director, world.program)
    later = services.workshop_plan(
        access=access,
        by=world.director,
        method="learning",
        title="How we learnt",
        scheduled_for=w["live"].scheduled_for + dt.timedelta(days=7),
    )
    body = (
        login(world.student)
        .get(reverse("workshops:workshop_detail", args=[later.pk]))
        .content.decode()
    )
    assert "Write up the turning points" in body
    services.action_item_mark_done(
        access=_access(world.student, world.program), item=w["item"], by=world.student
    )
    body = (
        login(world.student)
        .get(reverse("workshops:workshop_detail", args=[later.pk]))
        .content.decode()
    )
    assert "Write up the turning points" not in body


def test_promoting_to_a_principle_adds_it_to_the_story(world):
    w = _ensure(world)
    services.contribution_promote(
        access=_access(world.companion, world.program),
        contribution=w["contribution"],
        by=world.companion,
        target="principle",
        situation="a client who distrusts the office",
        goal="a first real conversation",
        action="meet where she feels safe",
    )
    principle = Principle.objects.get(story=world.doc_story, action="meet where she feels safe")
    assert Contribution.objects.get(pk=w["contribution"].pk).principle == principle


def test_promoting_to_a_pattern_links_the_workshop_as_evidence(world):
    w = _ensure(world)
    services.contribution_promote(
        access=_access(world.director, world.program),
        contribution=w["contribution"],
        by=world.director,
        target="pattern",
        kind="dialogue",
        name="Meeting on the client's ground",
    )
    pattern = LearningPattern.objects.get(name="Meeting on the client's ground")
    assert pattern.evidence.get().workshop == w["live"]


# Polling ---------------------------------------------------------------------------------------


def _poll_queries(client, workshop, version=""):
    url = reverse("workshops:workshop_board", args=[workshop.pk]) + (
        f"?v={version}" if version else ""
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries), ctx


def test_an_unchanged_workshop_answers_the_poll_with_204(world, login):
    w = _ensure(world)
    live = Workshop.objects.get(pk=w["live"].pk)
    client = login(world.staff)
    response, count, ctx = _poll_queries(client, live, live.version)
    assert response.status_code == 204
    assert count <= 4, "\n".join(q["sql"] for q in ctx.captured_queries)
    services.contribution_add(
        access=_access(world.staff, world.program), workshop=live, by=world.staff, text="New"
    )
    response, _count, _ctx = _poll_queries(client, live, live.version - 1)
    assert response.status_code == 200


def test_the_poll_runs_a_constant_number_of_queries_whatever_the_contributions(world, login):
    w = _ensure(world)
    live = w["live"]
    client = login(world.staff)
    client.get(reverse("workshops:workshop_board", args=[live.pk]))  # warm the session
    counts = []
    for batch in (2, 40):
        people = [UserFactory() for _ in range(3)]
        from organizations.services import membership_ensure

        for person in people:
            membership_ensure(user=person, organization=world.org, role="staff")
        for i in range(batch):
            author = people[i % 3]
            note = services.contribution_add(
                access=_access(author, world.program),
                workshop=live,
                by=author,
                text=f"Thought {i}",
                anonymous=i % 2 == 0,
            )
            Vote.objects.create(contribution=note, voter=people[(i + 1) % 3])
        response, count, ctx = _poll_queries(client, live)
        assert response.status_code == 200
        counts.append(count)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts


def test_the_board_is_built_in_constant_queries(world, django_assert_max_num_queries):
    w = _ensure(world)
    live = Workshop.objects.select_related("program").get(pk=w["live"].pk)
    access = _access(world.director, world.program)
    with django_assert_max_num_queries(6):
        board = workshop_board(live, access)
    assert board.step.position == 1


# Prospective method and logs --------------------------------------------------------------------


def test_a_private_log_entry_is_visible_only_to_its_writer(world, login):
    w = _ensure(world)
    text = "Silence after a question gives people room."
    assert (
        text
        in login(world.teller)
        .get(reverse("workshops:learning_log", args=[world.program.pk]))
        .content.decode()
    )
    for other in (world.director, world.staff, world.companion):
        body = (
            login(other)
            .get(reverse("workshops:learning_log", args=[world.program.pk]))
            .content.decode()
        )
        assert text not in body
    services.log_entry_set_shared(entry=w["entry"], by=world.teller, shared=True)
    body = (
        login(world.staff)
        .get(reverse("workshops:learning_log", args=[world.program.pk]))
        .content.decode()
    )
    assert text in body


def test_cycle_dates_must_be_in_order(world):
    from django.core.exceptions import ValidationError

    w = _ensure(world)
    with pytest.raises(ValidationError):
        services.cycle_add(
            access=_access(world.director, world.program),
            learning_question=w["lq"],
            by=world.director,
            goal="Backwards",
            planned_start=dt.date(2026, 5, 2),
            planned_end=dt.date(2026, 5, 1),
        )


def test_cycles_are_numbered_in_order(world):
    w = _ensure(world)
    access = _access(world.staff, world.program)  # on the team
    second = services.cycle_add(
        access=access, learning_question=w["lq"], by=world.staff, goal="Second"
    )
    assert second.number == 2


def test_the_unit_dashboard_shows_progress_without_client_data(world, login):
    w = _ensure(world)
    services.workshop_close(access=_access(world.director, world.program), workshop=w["live"])
    body = login(world.unit).get(reverse("companions:unit_dashboard")).content.decode()
    assert world.program.title in body
    assert world.doc_story.client_pseudonym not in body
    assert world.doc_story.title not in body
    assert "We met her where she felt safe." not in body


def test_the_unit_dashboard_names_the_companions_assigned_now(world, login):
    from companions import services as companion_services
    from organizations.models import User

    def companion(name):
        user = User.objects.create_user(email=f"{name.lower()}@x.lfs", password="x", full_name=name)
        return companion_services.companion_profile_create(by=world.unit, user=user)

    zoe, ada, gone = companion("Zoe"), companion("Ada"), companion("Gone")
    for profile in (zoe, ada, gone):
        companion_services.companion_assign(by=world.unit, companion=profile, program=world.program)
    ended = gone.assignments.get(program=world.program)
    companion_services.companion_assignment_end(by=world.unit, assignment=ended)
    body = login(world.unit).get(reverse("companions:unit_dashboard")).content.decode()
    ada_link = (
        f'<a href="{reverse("companions:companion_detail", args=[ada.pk])}"><bdi>Ada</bdi></a>'
    )
    zoe_link = (
        f'<a href="{reverse("companions:companion_detail", args=[zoe.pk])}"><bdi>Zoe</bdi></a>'
    )
    assert f"{ada_link}, {zoe_link}" in body  # by name
    assert "Gone" not in body


def test_the_unit_dashboard_counts_the_workshops_to_come_in_the_pages_language(world, login):
    w = _ensure(world)  # a planned and an open workshop
    access = _access(world.director, world.program)
    services.workshop_close(access=access, workshop=w["live"])
    client = login(world.unit)
    body = client.get(
        reverse("companions:unit_dashboard"), HTTP_ACCEPT_LANGUAGE="he"
    ).content.decode()
    assert "עוד 1 מתוכננת" in body
    assert 'data-label="שלב">בחירה</td>' in body  # the program's stage, selection, by its name
    for title in ("Second", "Third"):
        services.workshop_plan(
            access=access,
            by=world.director,
            method="retrospective",
            title=title,
            scheduled_for=timezone.now() + dt.timedelta(days=2),
            story=world.doc_story,
        )
    body = client.get(
        reverse("companions:unit_dashboard"), HTTP_ACCEPT_LANGUAGE="he"
    ).content.decode()
    assert "עוד 3 מתוכננות" in body


def test_the_unit_dashboard_runs_constant_queries(world, login, django_assert_max_num_queries):
    _ensure(world)
    client = login(world.unit)
    client.get(reverse("companions:unit_dashboard"))
    with django_assert_max_num_queries(6):
        client.get(reverse("companions:unit_dashboard"))


def test_the_unit_dashboard_and_companion_list_count_what_each_row_has(world):
    """Every count of the unit's two lists equals a plain count of the rows it stands for
    (two workshops and a second cycle make any multiplied join show)."""
    from companions import selectors as companion_selectors
    from organizations.models import Program

    w = _ensure(world)
    access = _access(world.director, world.program)
    services.workshop_close(access=access, workshop=w["live"])
    services.cycle_add(access=access, learning_question=w["lq"], by=world.director, goal="More")
    programs = {p.pk: p for p in companion_selectors.unit_dashboard()}
    assert set(programs) == set(Program.objects.values_list("pk", flat=True))
    for pk, row in programs.items():
        workshops = Workshop.objects.filter(program_id=pk)
        assert row.workshops_held == workshops.filter(status="closed").count()
        assert row.workshops_planned == workshops.exclude(status="closed").count()
        assert (
            row.cycles_run == InquiryCycle.objects.filter(learning_question__program_id=pk).count()
        )
        assert row.learning_question_count == LearningQuestion.objects.filter(program_id=pk).count()
    mine = programs[world.program.pk]
    assert mine.workshops_held >= 1 and mine.workshops_planned >= 1 and mine.cycles_run >= 2

    for profile in companion_selectors.companion_list():
        assignments = CompanionAssignment.objects.filter(companion=profile)
        assert profile.active_assignments == assignments.filter(ended_on__isnull=True).count()
        attended = Attendance.objects.filter(companion=profile, present=True).count()
        assert profile.sessions_attended == attended


def test_markup_goes_nowhere_as_html_in_workshop_steps(world):
    # GuidingQuestion labels are shown on steps; a step's label comes from the question set
    w = _ensure(world)
    step = WorkshopStep.objects.filter(workshop=w["live"]).select_related("question").first()
    assert step.label


def test_the_unit_names_a_new_companion_by_e_mail_and_a_wrong_address_is_refused_clearly(
    world, login
):
    from companions.models import CompanionProfile

    person = UserFactory(email="new.companion@example.org")
    client = login(world.unit)
    url = reverse("companions:companion_list")
    page = client.get(url)
    assert 'type="email"' in page.content.decode() and person.full_name not in page.content.decode()

    has_one = UserFactory()
    companion_services.companion_profile_create(by=world.unit, user=has_one)
    for wrong in ("nobody@example.org", has_one.email, "not an address"):
        answer = client.post(url, {"user": wrong, "languages": "Hebrew, Arabic"})
        assert answer.status_code == 400
        html = answer.content.decode()
        assert "No account without a companion profile has this e-mail address." in html
        assert "Hebrew, Arabic" in html  # what was typed is kept
    assert not CompanionProfile.objects.filter(user=person).exists()
    assert CompanionProfile.objects.filter(user=has_one).count() == 1

    answer = client.post(url, {"user": " New.Companion@Example.org ", "languages": "Hebrew"})
    profile = CompanionProfile.objects.get(user=person)
    assert answer.status_code == 302 and profile.languages == "Hebrew"
