"""The benchmarks measure what they say they measure: their simulated people sign in the way a
person does (benchmarks/signin.py), and an answer that is not the page (a redirect to the login
page above all) is counted as an error, never timed as a fast request."""

from __future__ import annotations

import http.client
import threading
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from benchmarks import workshop_load
from benchmarks.signin import login_redirect, sign_in

from .factories import PASSWORD
from .test_workshops import _ensure

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads committed rows

NOT_SIGNED_IN = "HTTP 302 to the login page: not signed in"


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
