"""Selection decisions keep their history: a change is confirmed with a reason and appended as a
correction of the decision it replaces (nothing is updated or deleted), the story's page shows
the history, and the teller gets one e-mail per standing decision, never one per click or per
concurrent submit."""

from __future__ import annotations

import os
import re
import threading

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.selectors import program_access
from stories.models import DecisionNotice, SelectionDecision, SuccessStory
from stories.selection import services
from stories.selection.tasks import send_decision_notice
from transfer import services as transfer_services

from .factories import MeetingFactory

SELECT = "The worker and the client both see the change, and the client agreed to talk."
DECLINE = "We chose another employment story that shows the same steps more fully this year."
HOLD = "We need to hear from the client before we can decide on this story at all."
WHY = "The client told us she no longer wants her story told, so we cannot select it."


def _fields(story, outcome, reasons, **extra) -> dict:
    data = {f"s{story.pk}-outcome": outcome, f"s{story.pk}-reasons": reasons}
    data.update({f"s{story.pk}-{name}": value for name, value in extra.items()})
    return data


def _url(meeting, story) -> str:
    return reverse("stories:decision_save", args=[meeting.pk, story.pk])


def _hidden(body: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))


@pytest.fixture
def decided(world, login, django_capture_on_commit_callbacks):
    """The world's story selected at the world's meeting, its teller told; the committee's
    client."""
    client = login(world.committee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(world.meeting, world.story), _fields(world.story, "selected", SELECT)
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    return client, SelectionDecision.objects.get()


def _snapshot(decision: SelectionDecision) -> tuple:
    d = SelectionDecision.objects.get(pk=decision.pk)
    return (d.outcome, d.reasons, d.decided_by_id, d.decided_at, d.meeting_id, d.replaces_id)


# Changing a decision without JavaScript: the confirmation page ----------------------------


def test_changing_a_decision_asks_for_confirmation_and_a_reason_and_changes_nothing(
    world, decided, django_capture_on_commit_callbacks
):
    client, first = decided
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(world.meeting, world.story), _fields(world.story, "declined", DECLINE)
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please confirm" in body and "Nothing has been changed yet." in body
    assert "Change the decision on “Back to work”?" in body
    assert SELECT in body and DECLINE in body  # what stands and what would replace it
    assert f'name="s{world.story.pk}-correction_reason"' in body
    hidden = _hidden(body)
    assert hidden["confirmed"] == "yes"
    assert hidden[f"s{world.story.pk}-outcome"] == "declined"
    assert hidden[f"s{world.story.pk}-replaces"] == str(first.pk)
    assert SelectionDecision.objects.count() == 1
    world.story.refresh_from_db()
    assert world.story.status == "selected"
    assert len(mail.outbox) == 1


def test_the_confirmed_change_is_a_new_decision_correcting_the_old_one(
    world, decided, django_capture_on_commit_callbacks
):
    client, first = decided
    before = _snapshot(first)
    page = client.post(_url(world.meeting, world.story), _fields(world.story, "declined", DECLINE))
    fields = {k: v for k, v in _hidden(page.content.decode()).items() if k != "csrfmiddlewaretoken"}
    fields[f"s{world.story.pk}-correction_reason"] = WHY
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world.meeting, world.story), fields)
    assert response.status_code == 302
    correction = SelectionDecision.objects.exclude(pk=first.pk).get()
    assert correction.replaces_id == first.pk
    assert (correction.outcome, correction.reasons, correction.correction_reason) == (
        "declined",
        DECLINE,
        WHY,
    )
    assert correction.is_correction and correction.decided_by == world.committee
    assert _snapshot(first) == before  # the corrected decision is kept as it was
    assert list(SelectionDecision.objects.standing()) == [correction]
    world.story.refresh_from_db()
    assert world.story.status == "declined"
    assert len(mail.outbox) == 2
    told = mail.outbox[1]
    assert told.to == [world.teller.email]
    assert "corrected" in told.subject and "Declined" in told.subject
    assert WHY in told.body and DECLINE in told.body and "Selected" in told.body


@pytest.mark.parametrize("reason", ["", "Oops, wrong one"], ids=["none", "four-words"])
def test_a_confirmation_without_a_reason_in_full_sentences_is_asked_again_keeping_what_was_typed(
    world, decided, reason
):
    client, first = decided
    data = _fields(world.story, "declined", DECLINE, replaces=first.pk, correction_reason=reason)
    response = client.post(_url(world.meeting, world.story), {**data, "confirmed": "yes"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please confirm" in body
    assert "Write the reasons in full sentences" in body or "This field is required." in body
    if reason:
        assert reason in body
    hidden = _hidden(body)
    assert hidden[f"s{world.story.pk}-reasons"] == DECLINE
    assert hidden[f"s{world.story.pk}-outcome"] == "declined"
    assert SelectionDecision.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_forged_change_that_is_not_confirmed_records_nothing(world, decided):
    client, first = decided
    data = _fields(world.story, "declined", DECLINE, replaces=first.pk, correction_reason=WHY)
    response = client.post(_url(world.meeting, world.story), data)  # no confirmed=yes
    assert response.status_code == 200
    assert "Please confirm" in response.content.decode()
    assert SelectionDecision.objects.count() == 1


# Changing a decision with JavaScript: the meeting page's card ------------------------------


def test_the_card_asks_for_the_reason_and_records_the_correction(
    world, decided, django_capture_on_commit_callbacks
):
    client, first = decided
    url = _url(world.meeting, world.story)
    card = client.post(url, _fields(world.story, "on_hold", HOLD), HTTP_HX_REQUEST="true")
    assert card.status_code == 200
    body = card.content.decode()
    assert body.lstrip().startswith(f'<div class="card mb-3" id="decision-{world.story.pk}">')
    assert "This changes a recorded decision. Record the correction?" in body
    assert SELECT in body  # the standing decision, shown
    assert HOLD in body  # what was typed, kept in the field
    hidden = _hidden(body)
    assert hidden["confirmed"] == "yes" and hidden[f"s{world.story.pk}-replaces"] == str(first.pk)
    assert "Record the correction" in body and "Decision recorded" not in body
    assert SelectionDecision.objects.count() == 1

    # The reason missing: asked again in the card, the decision's typed reasons kept.
    data = _fields(world.story, "on_hold", HOLD, replaces=first.pk, correction_reason="")
    again = client.post(url, {**data, "confirmed": "yes"}, HTTP_HX_REQUEST="true")
    body = again.content.decode()
    assert "This field is required." in body and HOLD in body
    assert "Record the correction" in body
    assert SelectionDecision.objects.count() == 1

    data[f"s{world.story.pk}-correction_reason"] = WHY
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "confirmed": "yes"}, HTTP_HX_REQUEST="true")
    body = done.content.decode()
    assert "Decision recorded" in body and "Record the correction" not in body
    assert SelectionDecision.objects.standing().get().replaces_id == first.pk
    assert len(mail.outbox) == 2


def test_a_confirmation_for_a_decision_changed_meanwhile_is_asked_again_for_the_new_one(
    world, decided, login
):
    _client, first = decided
    access = program_access(world.committee2, world.program)
    # Another member corrects the decision while the first one is still typing a reason.
    other, _created = services.decision_record(
        access=access,
        story=world.story,
        meeting=world.meeting,
        outcome="on_hold",
        reasons=HOLD,
        by=world.committee2,
        replacing=first.pk,
        correction_reason="The client asked for time to think it over with her family first.",
    )
    client = login(world.committee)
    data = _fields(world.story, "declined", DECLINE, replaces=first.pk, correction_reason=WHY)
    response = client.post(_url(world.meeting, world.story), {**data, "confirmed": "yes"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone changed the decision meanwhile" in body
    assert HOLD in body and WHY in body  # the decision standing now; the reason typed, kept
    assert _hidden(body)[f"s{world.story.pk}-replaces"] == str(other.pk)
    assert SelectionDecision.objects.count() == 2


# Nothing new for the same decision; one e-mail a standing decision -------------------------


def test_submitting_the_same_decision_again_records_nothing_and_sends_nothing(
    world, decided, django_capture_on_commit_callbacks
):
    client, first = decided
    url = _url(world.meeting, world.story)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, _fields(world.story, "selected", f"  {SELECT} "))
        card = client.post(url, _fields(world.story, "selected", SELECT), HTTP_HX_REQUEST="true")
    assert again.status_code == 302
    assert "Already recorded: nothing has changed" in card.content.decode()
    assert list(SelectionDecision.objects.all()) == [first]
    assert len(mail.outbox) == 1


def test_a_notice_is_sent_once_whatever_the_number_of_runs_of_its_task(world, decided):
    _client, first = decided
    assert DecisionNotice.objects.filter(decision=first).count() == 1
    assert send_decision_notice.delay(first.pk).get() is False
    assert send_decision_notice.delay(first.pk).get() is False
    assert len(mail.outbox) == 1


class _MailServerDown:
    """An e-mail backend whose server does not answer."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_notice_that_could_not_be_sent_is_not_marked_sent(world, settings):
    decision = SelectionDecision.objects.create(
        story=world.story,
        meeting=world.meeting,
        outcome="selected",
        reasons=SELECT,
        decided_by=world.committee,
    )
    settings.EMAIL_BACKEND = "tests.test_decision_history._MailServerDown"
    with pytest.raises(Retry):  # the task is retried later
        send_decision_notice.apply(args=[decision.pk], throw=True).get()
    assert not DecisionNotice.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_decision_notice.delay(decision.pk).get() is True
    assert len(mail.outbox) == 1 and DecisionNotice.objects.get().decision == decision


def test_decisions_are_only_ever_inserted(world, decided, django_capture_on_commit_callbacks):
    client, first = decided
    url = _url(world.meeting, world.story)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(url, _fields(world.story, "selected", SELECT))
        data = _fields(world.story, "declined", DECLINE, replaces=first.pk, correction_reason=WHY)
        client.post(url, {**data, "confirmed": "yes"})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if '"stories_selectiondecision"' in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "DELETE"))
    ]
    assert writes == []
    assert SelectionDecision.objects.count() == 2


# When a later decision is not a correction -----------------------------------------------


def test_deciding_at_a_later_meeting_on_a_story_put_on_hold_needs_no_confirmation(
    world, login, django_capture_on_commit_callbacks
):
    later = MeetingFactory(program=world.program, title="Spring selection")
    client = login(world.committee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(world.meeting, world.story), _fields(world.story, "on_hold", HOLD))
        response = client.post(_url(later, world.story), _fields(world.story, "selected", SELECT))
    assert response.status_code == 302
    held, chosen = SelectionDecision.objects.order_by("pk")
    assert chosen.replaces_id == held.pk and not chosen.is_correction
    assert chosen.meeting == later
    assert len(mail.outbox) == 2 and "corrected" not in mail.outbox[1].subject


def test_changing_on_hold_at_the_same_meeting_is_a_correction(world, login):
    client = login(world.committee)
    client.post(_url(world.meeting, world.story), _fields(world.story, "on_hold", HOLD))
    response = client.post(
        _url(world.meeting, world.story), _fields(world.story, "selected", SELECT)
    )
    assert "Please confirm" in response.content.decode()
    assert SelectionDecision.objects.count() == 1


# Who may --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [("teller", 404), ("staff", 404), ("student", 404), ("unit", 404), ("companion", 403)]
    + [("other_committee", 404), ("other_director", 404)],
)
def test_a_correction_by_someone_who_may_not_decide_is_refused(world, decided, login, role, status):
    _client, first = decided
    data = _fields(world.story, "declined", DECLINE, replaces=first.pk, correction_reason=WHY)
    response = login(world.people()[role]).post(
        _url(world.meeting, world.story), {**data, "confirmed": "yes"}
    )
    assert response.status_code == status
    assert "Please confirm" not in response.content.decode()
    assert list(SelectionDecision.objects.all()) == [first]


# The rules the database holds ------------------------------------------------------------


def _decision(world, **kwargs) -> SelectionDecision:
    values = {
        "story": world.story,
        "meeting": world.meeting,
        "outcome": "selected",
        "reasons": SELECT,
        "decided_by": world.committee,
    }
    return SelectionDecision.objects.create(**{**values, **kwargs})


def test_a_story_has_one_first_decision(world):
    _decision(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        _decision(world, outcome="declined", reasons=DECLINE)


def test_a_decision_is_replaced_once(world):
    first = _decision(world)
    _decision(world, outcome="declined", replaces=first, correction_reason=WHY)
    with pytest.raises(IntegrityError), transaction.atomic():
        _decision(world, outcome="on_hold", replaces=first, correction_reason=WHY)


def test_a_first_decision_is_no_correction(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        _decision(world, correction_reason=WHY)


# The story's page shows the history ------------------------------------------------------


def test_the_storys_page_shows_every_decision_and_which_correction_replaced_which(
    world, decided, login
):
    _client, first = decided
    services.decision_record(
        access=program_access(world.committee2, world.program),
        story=world.story,
        meeting=world.meeting,
        outcome="declined",
        reasons=DECLINE,
        by=world.committee2,
        replacing=first.pk,
        correction_reason=WHY,
    )
    for reader in (world.committee, world.teller):
        body = (
            login(reader)
            .get(reverse("stories:story_detail", args=[world.story.pk]))
            .content.decode()
        )
        section = body[body.index('id="decisions-heading"') :]
        assert section.index(DECLINE) < section.index(SELECT)  # the standing one first
        assert "Correction" in section and WHY in section
        assert "by Carl Committee on" in section and "by Cora Committee on" in section
        assert "Replaces the decision “Selected” of" in section
        assert "Corrected on" in section
        assert section.count("Standing decision") == 1


def test_the_meeting_card_shows_the_standing_decision(world, decided, login):
    _client, first = decided
    services.decision_record(
        access=program_access(world.committee, world.program),
        story=world.story,
        meeting=world.meeting,
        outcome="declined",
        reasons=DECLINE,
        by=world.committee,
        replacing=first.pk,
        correction_reason=WHY,
    )
    body = login(world.committee).get(reverse("meetings:meeting_detail", args=[world.meeting.pk]))
    body = body.content.decode()
    start = body.index(f'id="decision-{world.story.pk}"')
    end = body.find('<div class="card mb-3" id="decision-', start)
    card = body[start : end if end > 0 else None]
    assert DECLINE in card and SELECT not in card
    assert '<option value="declined" selected>' in card


def test_the_teller_sees_a_correction_labelled_on_their_home_page(world, decided, login):
    _client, first = decided
    services.decision_record(
        access=program_access(world.committee, world.program),
        story=world.story,
        meeting=world.meeting,
        outcome="declined",
        reasons=DECLINE,
        by=world.committee,
        replacing=first.pk,
        correction_reason=WHY,
    )
    body = login(world.teller).get(reverse("dashboard:home")).content.decode()
    assert "Corrected decision on your story “Back to work”: Declined" in body
    assert "Decision on your story “Back to work”: Selected" not in body


# Two submits at the same time (PostgreSQL: real concurrent transactions) ------------------

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="concurrent transactions need PostgreSQL",
)


def _at_once(world, outcomes: list[str]) -> list:
    """Submit one decision per outcome from as many threads, all released at once."""
    access = program_access(world.committee, world.program)
    start = threading.Barrier(len(outcomes))
    results: list = [None] * len(outcomes)
    reasons = {"selected": SELECT, "declined": DECLINE, "on_hold": HOLD}

    def submit(index: int, outcome: str) -> None:
        try:
            start.wait()
            results[index] = services.decision_record(
                access=access,
                story=SuccessStory.objects.get(pk=world.story.pk),
                meeting=world.meeting,
                outcome=outcome,
                reasons=reasons[outcome],
                by=world.committee,
            )
        except Exception as exc:  # noqa: BLE001 - the test reads what each submit got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i, o)) for i, o in enumerate(outcomes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_identical_submits_at_once_give_one_decision_and_one_email(world):
    results = _at_once(world, ["selected", "selected", "selected"])
    assert all(isinstance(r, tuple) for r in results), results
    assert sorted(created for _d, created in results) == [False, False, True]
    assert SelectionDecision.objects.count() == 1
    assert len(mail.outbox) == 1 and DecisionNotice.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_different_submits_at_once_record_one_and_ask_the_other_to_confirm(world):
    results = _at_once(world, ["selected", "declined"])
    recorded = [r for r in results if isinstance(r, tuple)]
    asked = [r for r in results if isinstance(r, services.DecisionChangeUnconfirmed)]
    assert len(recorded) == 1 and len(asked) == 1, results
    assert asked[0].standing.pk == recorded[0][0].pk
    assert SelectionDecision.objects.count() == 1
    assert len(mail.outbox) == 1


# Existing databases keep every decision ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_decision_and_puts_each_storys_in_one_line():
    """Before: at most one decision a story and meeting (overwritten when changed). After the
    migration every row is still there, each story's decisions replace one another oldest
    first, none of them a correction, and the new rules hold."""
    from django.db.migrations.executor import MigrationExecutor

    from .factories import StoryFactory, UserFactory

    before = [("stories", "0006_successstory_organization")]
    after = [("stories", "0007_decision_history")]
    story = StoryFactory()
    alone = StoryFactory(program=story.program)
    meetings = [MeetingFactory(program=story.program) for _ in range(3)]
    member = UserFactory()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        Old = executor.loader.project_state(before).apps.get_model("stories", "SelectionDecision")
        rows = [
            Old.objects.create(
                story_id=s.pk,
                meeting_id=m.pk,
                outcome=outcome,
                reasons=f"Reasons {n}",
                decided_by_id=member.pk,
            )
            for n, (s, m, outcome) in enumerate(
                [
                    (story, meetings[0], "on_hold"),
                    (alone, meetings[0], "declined"),
                    (story, meetings[1], "on_hold"),
                    (story, meetings[2], "selected"),
                ]
            )
        ]
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        decisions = {d.pk: d for d in SelectionDecision.objects.all()}
        assert set(decisions) == {r.pk for r in rows}
        first, held_again, chosen = (decisions[rows[i].pk] for i in (0, 2, 3))
        assert first.replaces_id is None
        assert held_again.replaces_id == first.pk and chosen.replaces_id == held_again.pk
        assert decisions[rows[1].pk].replaces_id is None
        assert not any(d.correction_reason for d in decisions.values())
        assert sorted(d.reasons for d in decisions.values()) == [f"Reasons {n}" for n in range(4)]
        assert set(SelectionDecision.objects.standing()) == {chosen, decisions[rows[1].pk]}
        with pytest.raises(IntegrityError), transaction.atomic():
            SelectionDecision.objects.create(
                story=story,
                meeting=meetings[0],
                outcome="selected",
                reasons="x",
                decided_by=member,
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# Everything that reads "the decision" reads the standing one ------------------------------


def _corrected(world, first) -> SelectionDecision:
    correction, _created = services.decision_record(
        access=program_access(world.committee, world.program),
        story=world.story,
        meeting=world.meeting,
        outcome="declined",
        reasons=DECLINE,
        by=world.committee,
        replacing=first.pk,
        correction_reason=WHY,
    )
    return correction


def test_the_client_export_holds_every_decision_and_marks_the_standing_one(world, decided, login):

    _client, first = decided
    correction = _corrected(world, first)
    response = login(world.director).get(
        reverse("rights:client_export_json", args=[world.story.pk])
    )
    [story] = response.json()["stories"]
    assert [(d["id"], d["outcome"], d["standing"]) for d in story["decisions"]] == [
        (first.pk, "selected", False),
        (correction.pk, "declined", True),
    ]
    assert story["decisions"][1]["replaces"] == first.pk
    assert story["decisions"][1]["correction_reason"] == WHY
    html = render_to_string("stories/rights/export_pdf.html", {"data": response.json()})
    assert WHY in html and html.count("standing decision") == 1


def test_a_program_with_a_corrected_decision_survives_export_and_import(world, decided):
    from organizations.models import Organization

    _client, first = decided
    _corrected(world, first)
    data = transfer_services.program_export_data(program=world.program)
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    program = transfer_services.program_import(data=data, organization=fresh)
    story = program.stories.get(title=world.story.title)
    standing = SelectionDecision.objects.standing().get(story=story)
    assert (standing.outcome, standing.correction_reason) == ("declined", WHY)
    assert standing.replaces.outcome == "selected" and standing.replaces.replaces is None
    assert story.status == "declined"


def test_the_timeline_shows_the_correction_not_the_decision_it_corrected(world, decided):
    from dashboard.selectors_timeline import Kind, program_timeline

    _client, first = decided
    _corrected(world, first)
    events = program_timeline(program_access(world.teller, world.program), world.teller)
    decisions = [e for e in events if e.kind == Kind.SELECTION and e.title == world.story.title]
    assert [e.detail for e in decisions] == ["Declined (corrected)"]


def test_the_timeline_keeps_a_decision_that_held_until_a_later_meeting(world, login):
    from dashboard.selectors_timeline import Kind, program_timeline

    later = MeetingFactory(program=world.program, title="Spring selection")
    client = login(world.committee)
    client.post(_url(world.meeting, world.story), _fields(world.story, "on_hold", HOLD))
    client.post(_url(later, world.story), _fields(world.story, "selected", SELECT))
    events = program_timeline(program_access(world.director, world.program), world.director)
    details = [e.detail for e in events if e.kind == Kind.SELECTION and e.title == "Back to work"]
    assert details == ["On hold", "Selected"]


def test_a_meeting_counts_a_corrected_story_once(world, decided):
    from organizations.selectors import meeting_list_for_program

    _client, first = decided
    _corrected(world, first)
    meeting = meeting_list_for_program(world.program).get(pk=world.meeting.pk)
    assert meeting.selection_count == 1


def test_a_deleted_story_takes_its_whole_line_of_decisions_with_it(world, decided):
    """The only way decisions go: with their story (or the seeded demo data's clean-up)."""
    _client, first = decided
    _corrected(world, first)
    _decision(world, story=world.doc_story)
    SelectionDecision.objects.filter(story=world.story).delete()  # a line of two, at once
    assert list(SelectionDecision.objects.values_list("story_id", flat=True)) == [
        world.doc_story.pk
    ]
    world.doc_story.delete()
    assert not SelectionDecision.objects.exists()
