"""The audit log: what is recorded (sign-ins, failures, refusals, openings of restricted
records, consent, downloads, exports), that it is append-only everywhere (models, querysets,
admin), who reads which part of it, and that no client data reaches its summaries."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import struct
import time

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.views_audit import PAGE_SIZE
from accounts.views_two_factor import SALT
from organizations.models import AuditEvent
from organizations.services import audit_record
from tests.urlnames import view_name

from .factories import PASSWORD, UserFactory

Action = AuditEvent.Action
REAL_NAME = "Hanna Halabi"
PSEUDONYM = "Mrs. H."


def totp_now(key_hex: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), computed here rather than by the library under test."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


# Helpers for the access table in tests/test_permissions.py -----------------------------------


def extra_args(world, kind: str) -> list:
    return {"none": []}[kind]


def _setup_post(world) -> dict:
    key = secrets.token_hex(20)
    return {"key": signing.dumps(key, salt=SALT), "token": totp_now(key)}


EXTRA_POST_DATA = {
    "two_factor_setup": _setup_post,
    "two_factor_verify": {"token": "123456"},
}


def _state(world) -> tuple:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return (
        TOTPDevice.objects.count(),
        list(TOTPDevice.objects.order_by("pk").values_list("user_id", "key", "confirmed")),
    )


# The access rows for these views are in the one table of tests/test_permissions.py.


def test_the_audit_pages_refuse_post(world, login):
    client = login(world.director)
    assert client.post(reverse("audit:audit_log")).status_code == 405
    assert login(world.unit).post(reverse("audit:unit_audit_log")).status_code == 405


# What is recorded ------------------------------------------------------------------------------


def test_a_login_is_recorded_with_who_when_and_the_address(world, client):
    response = client.post(
        reverse("login"),
        {"username": world.director.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.actor == world.director
    assert event.ip_address == "203.0.113.7"
    assert event.at is not None
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action=Action.LOGOUT, actor=world.director).exists()


def test_a_failed_login_is_recorded_without_what_was_typed(world, client):
    client.post(
        reverse("login"),
        {"username": world.director.email, "password": "not-the-password"},
        REMOTE_ADDR="198.51.100.1",
    )
    client.post(reverse("login"), {"username": "nobody@example.org", "password": "guess-1234"})
    known, unknown = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("pk")
    assert known.actor == world.director and known.ip_address == "198.51.100.1"
    assert unknown.actor is None
    for event in (known, unknown):
        text = f"{event.summary} {event.object_id}"
        assert "not-the-password" not in text and "nobody" not in text and "guess" not in text


def test_a_refused_page_is_recorded_with_its_name_and_ids_only(world, login):
    client = login(world.student2)
    url = reverse("documentation:client_identity", args=[world.doc_story.pk])
    assert client.get(url + "?q=" + REAL_NAME).status_code == 404
    event = AuditEvent.objects.filter(action=Action.ACCESS_REFUSED).latest("pk")
    assert event.actor == world.student2
    assert event.summary == f"404 GET client_identity {world.doc_story.pk}"
    assert (
        login(world.teller).get(reverse("stories:criteria", args=[world.program.pk])).status_code
        == 403
    )
    assert AuditEvent.objects.filter(action=Action.ACCESS_REFUSED, actor=world.teller).exists()
    login(world.teller).get("/no/such/page/Hanna-Halabi/")
    assert AuditEvent.objects.filter(summary="404 GET (unknown page)").exists()


def test_anonymous_refusals_are_not_recorded(world, client):
    client.get("/no/such/page/")
    assert not AuditEvent.objects.filter(action=Action.ACCESS_REFUSED).exists()


def _exercise_sensitive_flows(world, login) -> None:
    """Open the identity record and the transcript, record and withdraw consent, export."""
    client = login(world.student)
    assert (
        client.get(reverse("documentation:client_identity", args=[world.doc_story.pk])).status_code
        == 200
    )
    file_url = reverse("documentation:interview_file", args=[world.interview.pk, "transcript"])
    assert client.get(file_url).status_code == 200
    response = client.post(
        reverse("documentation:consent_add", args=[world.interview.pk]),
        {
            "scope": "recording",
            "given_on": "2026-11-01",
            "method": "oral",
            "consent_language": "en",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("documentation:consent_withdraw", args=[world.consent.pk]),
        {"withdrawn_on": "2026-11-20", "withdrawal_reason": f"{REAL_NAME} changed her mind."},
    )
    assert response.status_code == 302
    director = login(world.director)
    assert (
        director.get(reverse("principles:principles_csv", args=[world.program.pk])).status_code
        == 200
    )


def test_restricted_openings_consent_and_exports_are_recorded(world, login):
    _exercise_sensitive_flows(world, login)
    org = world.org
    recorded = set(AuditEvent.objects.filter(organization=org).values_list("action", flat=True))
    assert {
        Action.IDENTITY_VIEWED,
        Action.FILE_OPENED,
        Action.CONSENT_RECORDED,
        Action.CONSENT_WITHDRAWN,
        Action.EXPORT,
    } <= recorded
    opened = AuditEvent.objects.get(action=Action.IDENTITY_VIEWED)
    assert opened.actor == world.student and opened.ip_address == "127.0.0.1"


def test_no_client_data_reaches_any_summary(world, login):
    _exercise_sensitive_flows(world, login)
    login(world.student2).get(reverse("documentation:client_identity", args=[world.doc_story.pk]))
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert summaries
    for secret in (REAL_NAME, "Hanna", "Halabi", PSEUDONYM, world.doc_story.title):
        assert secret not in summaries
    page = login(world.director).get(reverse("audit:audit_log")).content.decode()
    assert REAL_NAME not in page and PSEUDONYM not in page


# Append-only -----------------------------------------------------------------------------------


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = audit_record(actor=world.director, action=Action.EXPORT, summary="x")
    event.summary = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    with pytest.raises(ValueError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    with pytest.raises(ValueError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "x"


def test_deleting_a_person_keeps_their_events(world):
    person = UserFactory()
    event = audit_record(actor=person, action=Action.EXPORT, summary="kept")
    person.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor is None and event.summary == "kept"


def test_the_admin_shows_events_read_only(world, client):
    admin_user = UserFactory(is_unit=True, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    event = audit_record(actor=world.director, action=Action.EXPORT, summary="admin view")
    assert client.get(reverse("admin:organizations_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:organizations_auditevent_add")).status_code == 403
    change_url = reverse("admin:organizations_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    client.post(change_url, {"summary": "edited"})
    assert AuditEvent.objects.get(pk=event.pk).summary == "admin view"
    delete_url = reverse("admin:organizations_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# Reading the log -------------------------------------------------------------------------------


def test_a_director_reads_their_organizations_log_and_not_another(world, login):
    audit_record(actor=world.student, action=Action.EXPORT, organization=world.org, summary="ours")
    audit_record(
        actor=world.other_director,
        action=Action.EXPORT,
        organization=world.other_org,
        summary="theirs",
    )
    audit_record(actor=world.unit, action=Action.LOGIN, summary="unit sign-in")
    page = login(world.director).get(reverse("audit:audit_log")).content.decode()
    assert "ours" in page and "theirs" not in page and "unit sign-in" not in page
    # a member's sign-in (no organization on the event) is shown to their director
    assert "Stu Student" in page or "Dana Director" in page
    other = login(world.other_director).get(reverse("audit:audit_log")).content.decode()
    assert "theirs" in other and "ours" not in other


def test_the_log_filters_by_action_and_date(world, login):
    audit_record(actor=world.student, action=Action.EXPORT, organization=world.org)
    audit_record(
        actor=world.student, action=Action.FILE_OPENED, organization=world.org, summary="file"
    )
    client = login(world.director)
    page = client.get(reverse("audit:audit_log"), {"action": Action.FILE_OPENED}).content.decode()
    assert "file" in page and "Data exported" not in page.split("<tbody>")[1]
    today = timezone.localdate()
    future = client.get(
        reverse("audit:audit_log"), {"date_from": (today + dt.timedelta(days=2)).isoformat()}
    )
    assert "No events match." in future.content.decode()
    past = client.get(
        reverse("audit:audit_log"), {"date_to": (today - dt.timedelta(days=2)).isoformat()}
    )
    assert "No events match." in past.content.decode()


def test_the_log_is_paginated(world, login):
    for i in range(PAGE_SIZE + 5):
        audit_record(
            actor=world.student, action=Action.EXPORT, organization=world.org, summary=f"n{i}"
        )
    client = login(world.director)
    first = client.get(reverse("audit:audit_log"), {"action": Action.EXPORT})
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == PAGE_SIZE
    second = client.get(reverse("audit:audit_log"), {"action": Action.EXPORT, "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert "action=export&amp;page=1" in second.content.decode()


def _count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries), "\n".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name, reader", [("audit_log", "director"), ("unit_audit_log", "unit")]
)
def test_the_log_runs_the_same_queries_with_5_and_40_events(world, login, url_name, reader):
    client = login(getattr(world, reader))
    url = reverse(view_name(url_name))
    actors = [world.student, world.committee, world.unit, world.director]

    def add(n):
        for i in range(n):
            audit_record(
                actor=actors[i % len(actors)],
                action=Action.EXPORT,
                organization=world.org,
                summary=f"e{i}",
            )

    add(5)
    client.get(url)
    small, _sql = _count_queries(client, url)
    add(35)
    large, large_sql = _count_queries(client, url)
    assert small == large, f"{small} queries with 5 events, {large} with 40:\n{large_sql}"


def test_the_unit_reads_only_its_own_events(world, login):
    audit_record(actor=world.unit, action=Action.EXPORT, summary="unit export")
    audit_record(actor=world.director, action=Action.EXPORT, organization=world.org, summary="org")
    client = login(world.unit)  # the sign-in itself is a unit event
    page = client.get(reverse("audit:unit_audit_log")).content.decode()
    assert "unit export" in page and ">org<" not in page
    assert "Logged in" in page
    assert not any(
        e.actor_id != world.unit.pk
        for e in client.get(reverse("audit:unit_audit_log")).context["page"]
    )


def test_the_nav_offers_the_log_to_directors_and_the_unit_only(world, login):
    assert (
        reverse("audit:audit_log")
        in login(world.director).get(reverse("dashboard:home")).content.decode()
    )
    assert (
        reverse("audit:unit_audit_log")
        in login(world.unit).get(reverse("dashboard:home")).content.decode()
    )
    page = login(world.committee).get(reverse("dashboard:home")).content.decode()
    assert reverse("audit:audit_log") not in page and reverse("audit:unit_audit_log") not in page


def test_the_two_factor_setup_records_an_event(world, login):
    client = login(world.director)
    response = client.post(reverse("audit:two_factor_setup"), _setup_post(world))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action=Action.TWO_FACTOR_ENABLED, actor=world.director
    ).exists()


def test_base32_secret_matches_the_otpauth_uri(world, login):
    page = login(world.director).get(reverse("audit:two_factor_setup"))
    secret = page.context["secret"]
    assert f"secret={secret}" in page.context["uri"]
    assert page.context["uri"].startswith("otpauth://totp/")
    assert base64.b32decode(secret)
