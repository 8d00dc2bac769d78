"""The benchmarks measure what they say they measure: their simulated people sign in the way a
person does (benchmarks/signin.py), and an answer that is not the page (a redirect to the login
page above all) is counted as an error, never timed as a fast request."""

from __future__ import annotations

import asyncio
import http.client
import io
import itertools
import os
import re
import threading
from collections import Counter
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from benchmarks import load, people, workshop_load
from benchmarks.signin import login_redirect, sign_in
from demo import bulk
from methods.models import Contribution, Workshop
from organizations.models import Program, User
from stories.models import (
    Answer,
    Assessment,
    Interview,
    SelectionCriterion,
    StoryAssignment,
    SuccessStory,
)

from .factories import PASSWORD
from .test_workshops import _ensure

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads committed rows

NOT_SIGNED_IN = "HTTP 302 to the login page: not signed in"


def _run(coroutine):
    """asyncio.run in a thread of its own: a browser test earlier in the same worker leaves
    Playwright's event loop running on the main thread, where asyncio.run refuses to start."""
    answer: dict = {}

    def target():
        try:
            answer["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # handed back to the test's thread
            answer["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in answer:
        raise answer["error"]
    return answer["value"]


def _poll(live_server, workshop, cookies) -> tuple:
    """One participant's poll of the board, as workshop_load.py sends it: what it recorded."""
    results: list = []
    participant = workshop_load.Participant(
        urlsplit(live_server.url).port, workshop.pk, cookies, 0, results, threading.Lock()
    )
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(live_server.url).port, timeout=30)
    try:
        participant.request(conn, "GET", f"/workshops/{workshop.pk}/board/", kind="poll")
    finally:
        conn.close()
    return results[0]


def test_a_participant_signed_in_through_the_login_form_gets_the_board(world, live_server):
    workshop = _ensure(world)["live"]
    cookies = sign_in(live_server.url, world.staff.email, PASSWORD)
    kind, seconds, problem, status = _poll(live_server, workshop, cookies)
    assert (kind, problem, status) == ("poll", "", 200)


def test_a_refused_sign_in_stops_the_benchmark_saying_why(world, live_server):
    with pytest.raises(SystemExit, match="refused"):
        sign_in(live_server.url, world.staff.email, "not the password")


def test_a_session_made_by_hand_is_a_redirect_to_login_counted_as_an_error(world, live_server):
    """What workshop_load.py used to do: a session with the user's id but none of the keys the
    session middleware checks. Every request was a redirect to the login page, timed as fast."""
    workshop = _ensure(world)["live"]
    session = SessionStore()
    session[SESSION_KEY] = str(world.staff.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = world.staff.get_session_auth_hash()
    session.create()
    result = _poll(live_server, workshop, {"sessionid": session.session_key})
    assert result[2] == NOT_SIGNED_IN and result[3] == 302

    lines = workshop_load.table([result], wall=1.0)
    poll = lines[1].split()
    assert poll[:2] == ["poll", "0"] and poll[3:6] == ["-", "-", "-"] and poll[6] == "1"
    assert workshop_load.errors([result]) == {("poll", NOT_SIGNED_IN): 1}


def test_only_the_expected_answers_are_timed():
    results = [
        ("poll", 0.001, NOT_SIGNED_IN, 302),
        ("poll", 0.040, "", 200),
        ("poll", 0.020, "", 204),
        ("contribute", 0.002, "HTTP 403", 403),
        ("warmup", 0.5, "", 200),
    ]
    lines = workshop_load.table(results, wall=2.0)
    assert lines[1].split() == ["poll", "2", "1.0", "20.0", "40.0", "40.0", "1"]
    assert lines[2].split() == ["contribute", "0", "0.0", "-", "-", "-", "1"]
    assert lines[3].split()[1] == "2" and lines[3].split()[-1] == "2"
    assert workshop_load.errors(results) == {
        ("poll", NOT_SIGNED_IN): 1,
        ("contribute", "HTTP 403"): 1,
    }


@pytest.mark.parametrize(
    "status, location, expected",
    [
        (302, "/accounts/login/?next=/workshops/1/board/", True),
        (302, "http://127.0.0.1:8000/accounts/login/", True),
        (302, "/workshops/1/", False),
        (200, None, False),
    ],
)
def test_a_redirect_to_the_login_page_is_told_apart(status, location, expected):
    assert login_redirect(status, location) is expected


# benchmarks/load.py: its people, their sessions, the write mix, the ramp, the table ----------


@pytest.fixture
def seeded():
    """One seeded organization (benchmarks/people.py reads the seed's people and rows)."""
    bulk.seed(organizations=1, stories=60, log=lambda *_: None)
    return people.discover(people.available(1))


def _first(everyone, role: str) -> people.Person:
    return next(p for p in everyone if p.role == role)


def test_the_people_are_each_a_seeded_user_of_their_own_with_every_role_from_the_first_ten(
    seeded,
):
    emails = [p.email for p in seeded]
    assert len(emails) == len(set(emails)) == 17
    assert set(User.objects.filter(email__in=emails).values_list("email", flat=True)) == set(emails)
    roles = {"unit", "director", "committee", "staff", "student", "companion", "participant"}
    assert {p.role for p in seeded[:10]} == roles
    assert Counter(p.role for p in seeded) == {
        "unit": 1,
        "director": 1,
        "committee": 3,
        "student": 3,
        "companion": 1,
        "staff": 4,
        "participant": 4,
    }
    main = Program.objects.filter(organization__slug=bulk.org_slug(1)).order_by("starts_on")[0]
    for person in seeded:
        user = User.objects.get(email=person.email)
        if person.role == "student":  # their answers go to a story assigned to them
            interview = Interview.objects.get(pk=person.interview)
            assert StoryAssignment.objects.filter(story=interview.story, student=user).exists()
            assert len(person.questions) == 10
        if person.role == "committee":  # the program's nominees, on its criteria
            assert person.assessments
            for story, criterion in person.assessments:
                nominee = SuccessStory.objects.get(pk=story)
                assert nominee.program == main and nominee.status in ("nominated", "on_hold")
                assert SelectionCriterion.objects.get(pk=criterion).program == main
        if person.role == "participant":
            assert Workshop.objects.get(pk=person.workshop, program=main).status == "open"
            assert person.pages == []
        else:
            assert person.pages
    with pytest.raises(SystemExit, match="18 people asked for"):
        people.discover(18)


def test_each_person_signs_in_through_the_login_form_to_a_session_of_their_own(seeded, live_server):
    # one at a time: SQLite's test database locks under concurrent writers
    jars = _run(load.sign_in_people(live_server.url, seeded[:10], concurrency=1))
    sessions = {email: jar["sessionid"] for email, jar in jars.items()}
    assert len(set(sessions.values())) == 10
    for email, key in sessions.items():
        assert SessionStore(session_key=key)[SESSION_KEY] == str(User.objects.get(email=email).pk)


async def _write(base: str, person, cookies, kind: str, nth: int = 0) -> load.Level:
    level = load.Level(1)
    browser = load.open_browser(base, person, cookies)
    try:
        await load.send_write(level, browser, kind, nth)
    finally:
        await browser.client.aclose()
    return level


def _signed_in(base: str, *who) -> list[dict]:
    jars = _run(load.sign_in_people(base, list(who), concurrency=1))
    return [jars[p.email] for p in who]


def test_each_write_is_saved_to_the_writer_s_own_rows_and_timed(seeded, live_server):
    student, participant, member = (
        _first(seeded, r) for r in ("student", "participant", "committee")
    )
    jars = _signed_in(live_server.url, student, participant, member)
    contributions = Contribution.objects.filter(workshop_id=participant.workshop).count()
    for person, jar, kind in zip(
        (student, participant, member),
        jars,
        ("autosave", "contribution", "assessment"),
        strict=True,
    ):
        level = _run(_write(live_server.url, person, jar, kind, nth=1))
        row = level.rows[load.WRITES[kind][0]]
        assert (len(row.latencies), dict(row.errors)) == (1, {}), kind

    answer = Answer.objects.get(interview_id=student.interview, question_id=student.questions[1])
    assert student.email in answer.text and "revision 2" in answer.text
    added = Contribution.objects.filter(workshop_id=participant.workshop).order_by("-pk")[0]
    assert (
        Contribution.objects.filter(workshop_id=participant.workshop).count() == contributions + 1
    )
    assert added.author.email == participant.email and participant.email in added.text
    story, criterion = member.assessments[1]
    assessment = Assessment.objects.get(
        story_id=story, criterion_id=criterion, assessor__email=member.email
    )
    assert assessment.verdict == load.VERDICTS[1]


def test_a_write_that_is_not_saved_is_an_error_by_name_never_timed(seeded, live_server):
    student, participant, member = (
        _first(seeded, r) for r in ("student", "participant", "committee")
    )
    jars = _signed_in(live_server.url, student, participant, member)
    others = Interview.objects.exclude(story__assignments__student__email=student.email)
    stranger = replace(student, interview=others.filter(story__program__isnull=False)[0].pk)
    Workshop.objects.filter(pk=participant.workshop).update(status="closed")
    criterion = SelectionCriterion.objects.get(pk=member.assessments[0][1])
    decided = SuccessStory.objects.filter(status="selected", program=criterion.program)
    late = replace(member, assessments=[(decided[0].pk, criterion.pk)])
    cases = [
        (stranger, jars[0], "autosave", "HTTP 404"),
        (participant, jars[1], "contribution", "not saved: the form came back with an error"),
        (late, jars[2], "assessment", "not saved: the row came back with an error"),
        # a session that is no more (its CSRF cookie kept, as a browser keeps it)
        (student, {**jars[0], "sessionid": "expired"}, "autosave", "HTTP 401 (signed out, htmx)"),
    ]
    for person, jar, kind, named in cases:
        level = _run(_write(live_server.url, person, jar, kind))
        row = level.rows[load.WRITES[kind][0]]
        assert row.latencies == [] and dict(row.errors) == {named: 1}, (kind, dict(row.errors))
        assert level.errors == 1 and row.pct(0.95) is None
    assert (
        Answer.objects.filter(interview_id=stranger.interview, text__contains="revision").count()
        == 0
    )


def test_a_page_asked_for_without_a_session_is_the_login_page_counted_as_an_error(
    seeded, live_server
):
    async def run():
        browser = load.open_browser(live_server.url, _first(seeded, "director"), {})
        try:
            return await load.check_pages(browser)
        finally:
            await browser.client.aclose()

    problems = _run(run())
    assert len(problems) == len(_first(seeded, "director").pages)
    assert all(p.endswith("HTTP 302 to the login page (signed out)") for p in problems)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="ten people at once: SQLite's test database locks under concurrent writers",
)
def test_a_level_sends_the_write_mix_from_its_people_and_reads_every_page_without_errors(
    seeded, live_server
):
    """A short level against PostgreSQL (counts are checked, never times): it goes on past its
    second and a half until every page was asked for once; every write of the mix is saved by
    a person of the role that makes it, to their own rows; nothing fails."""
    who = seeded[:10]
    jars = _run(load.sign_in_people(live_server.url, who))
    contributions = Contribution.objects.count()

    async def run():
        browsers = [load.open_browser(live_server.url, p, jars[p.email]) for p in who]
        try:
            for b in browsers:
                assert await load.check_pages(b) == []
            return await load.run_level(
                browsers,
                seconds=1.5,
                think=(0.05, 0.1),
                rates={"autosave": 4, "contribution": 2, "assessment": 2},
                min_samples=1,
                max_seconds=60,
            )
        finally:
            for b in browsers:
                await b.client.aclose()

    level = _run(run())
    assert level.errors == 0, {r.name: dict(r.errors) for r in level.rows.values() if r.errors}
    pages = {page.name for p in who for page in p.pages}
    assert all(level.rows[name].requests >= 1 for name in pages)
    assert len(level.rows[load.REDRAWN].latencies) > 0  # contributions redraw the boards
    writes = {kind: len(level.rows[name].latencies) for kind, (name, _) in load.WRITES.items()}
    assert writes["autosave"] >= 6 and writes["contribution"] >= 3 and writes["assessment"] >= 3
    emails = {role: {p.email for p in who if p.role == role} for role in ("student", "participant")}
    revised = Answer.objects.filter(text__contains="revision")
    assert revised.count() >= 2
    assert {a.interview.story.assignments.get().student.email for a in revised} == emails["student"]
    added = Contribution.objects.order_by("-pk")[: Contribution.objects.count() - contributions]
    assert len(added) == writes["contribution"]
    assert {c.author.email for c in added} == emails["participant"]


def _person(role: str, n: int) -> people.Person:
    return people.Person(
        role,
        f"{role}{n}@example.org",
        1,
        questions=[1, 2] if role == "student" else [],
        workshop=7 if role == "participant" else None,
        assessments=[(3, 4)] if role == "committee" else [],
    )


def test_the_writes_go_out_at_their_rates_each_from_the_role_that_makes_it():
    crowd = [
        _person(r, n) for r in ("student", "participant", "committee", "director") for n in (1, 2)
    ]
    crowd.append(people.Person("student", "no-interview@example.org", 1))  # nothing to write to
    plan = list(
        itertools.takewhile(
            lambda w: w[0] < 10,
            load.write_plan({"autosave": 2, "contribution": 1, "assessment": 0.5}, crowd),
        )
    )
    assert [w[0] for w in plan] == sorted(w[0] for w in plan)
    assert Counter(kind for _, kind, _, _ in plan) == {
        "autosave": 20,
        "contribution": 10,
        "assessment": 5,
    }
    for kind, (_, role) in load.WRITES.items():
        writes = [(who.email, nth) for _, k, who, nth in plan if k == kind]
        assert {email for email, _ in writes} == {f"{role}1@example.org", f"{role}2@example.org"}
        assert writes[:4] == [
            (f"{role}1@example.org", 0),
            (f"{role}2@example.org", 0),
            (f"{role}1@example.org", 1),
            (f"{role}2@example.org", 1),
        ]
    with pytest.raises(SystemExit, match="none of the 2 people"):
        next(load.write_plan({"assessment": 0.5}, [_person("student", 1), _person("staff", 1)]))


def _level(people_count: int, p95s: dict[str, float], errors: dict[str, str] | None = None):
    """A level whose rows have these p95s (ms): 20 answers each, the slowest at the p95."""
    level = load.Level(people_count)
    for name, p95 in p95s.items():
        level.rows[name] = load.Row(name, [0.010] * 18 + [p95 / 1000] * 2)
    for name, why in (errors or {}).items():
        level.fail(name, why)
    return level


def _ramp(levels, results):
    measured = []

    async def measure(n):
        measured.append(n)
        return results[n]

    return _run(load.ramp(levels, measure, 200)), measured


def test_the_ramp_stops_at_the_first_level_where_a_page_goes_over_the_threshold():
    results = {
        10: _level(10, {"director: home": 40, "student: draft": 60}),
        25: _level(25, {"director: home": 90, "student: draft": 199}),
        50: _level(50, {"director: home": 120, "student: draft": 230}),
        75: _level(75, {"director: home": 400, "student: draft": 500}),
    }
    answer, measured = _ramp([10, 25, 50, 75], results)
    assert measured == [10, 25, 50]
    assert answer.stopped_at == 50 and [r.name for r in answer.over] == ["student: draft"]
    assert answer.text() == (
        "the first page or write over 200 ms p95 came at 50 people: student: draft (230 ms); at "
        "25 people every page and write was under it, without errors"
    )
    assert load.check_targets(answer, 50, 200) == [
        "at 50 people, student: draft: p95 230 ms >= 200 ms"
    ]


def test_the_ramp_stops_at_errors_and_otherwise_runs_to_its_cap():
    results = {
        10: _level(10, {"director: home": 40}),
        25: _level(25, {"director: home": 50}, {"write: assessment (committee)": "HTTP 500"}),
        50: _level(50, {"director: home": 60}),
    }
    answer, measured = _ramp([10, 25, 50], results)
    assert measured == [10, 25] and answer.stopped_at == 25 and answer.over == []
    assert "stopped at 25 people by errors (1 failed requests)" in answer.text()
    assert load.check_targets(answer, 50, 200)[0].startswith("50 people not measured")

    results[25] = _level(25, {"director: home": 50})
    answer, measured = _ramp([10, 25, 50], results)
    assert measured == [10, 25, 50] and answer.stopped_at is None
    assert answer.text() == "no page or write reached 200 ms p95 up to 50 people (the cap)"
    assert load.check_targets(answer, 50, 200) == []
    assert load.ramp_levels([10, 25, 50], 25, 130) == [10, 25, 50, 75, 100, 125]
    assert load.ramp_levels([10, 25, 50], 25, 30) == [10, 25]


def test_the_table_names_every_error_and_times_only_expected_answers():
    level = _level(50, {"committee: coverage": 35})
    level.fail("committee: story", "HTTP 302 to the login page (signed out)")
    level.fail("committee: story", "no answer (ReadTimeout)")
    level.row("write: assessment (committee)").latencies += [0.02] * 5
    level.asked["write: assessment (committee)"] = 0.5
    level.seconds = 10
    out = io.StringIO()
    load.print_tables(load.RampAnswer([level], 200), out, think=(1, 2))
    text = out.getvalue()
    assert re.search(r"\|\s+50 \| committee: story\s+\|\s+2 \|\s+- \|\s+- \|\s+- \|\s+2 \|", text)
    assert re.search(r"\| committee: coverage\s+\|\s+20 \|\s+10 \|\s+35 \|\s+35 \|\s+0 \|", text)
    assert re.search(r"write: assessment \(committee\)\s+\|\s+0.50 \|\s+0.50 \|\s+0 \|", text)
    assert "50 people, committee: story: 1 x HTTP 302 to the login page (signed out)" in text
    assert "50 people, committee: story: 1 x no answer (ReadTimeout)" in text
    assert load.check_targets(load.RampAnswer([level], 200), 50, 200) == [
        "at 50 people, committee: story: 2 errors {'HTTP 302 to the login page (signed out)': 1,"
        " 'no answer (ReadTimeout)': 1}",
        "at 50 people, committee: story: no request answered as expected",
    ]
