"""Hardened settings: the Content-Security-Policy and the templates it relies on, no caching of
signed-in pages, session lifetimes, login throttling, password strength, two-factor sign-in and
the production settings."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import security
from accounts.views_two_factor import SALT
from organizations.models import AuditEvent, LoginFailure

from .factories import PASSWORD
from .test_audit import totp_now

ROOT = Path(__file__).resolve().parent.parent


# Content-Security-Policy -------------------------------------------------------------------


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
    }


def test_every_page_sends_a_strict_content_security_policy(world, client, login):
    for response in (
        client.get(reverse("login")),
        login(world.director).get(reverse("dashboard:home")),
        client.get(reverse("dashboard:program_dashboard", args=[world.program.pk])),
    ):
        csp = _csp(response)
        assert csp["default-src"] == "'self'"
        assert csp["script-src"] == "'self'"
        assert "unsafe" not in csp["script-src"] and "unsafe-eval" not in str(csp)
        assert csp["style-src"] == "'self' 'unsafe-inline'"
        assert csp["img-src"] == "'self' data:"
        assert csp["frame-ancestors"] == "'none'"
        assert csp["form-action"] == "'self'"
        assert csp["base-uri"] == "'self'"
        assert csp["object-src"] == "'none'"


def _templates() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*.html")
        if ".venv" not in p.parts and "staticfiles" not in p.parts and "node_modules" not in p.parts
    ]


def test_no_template_has_inline_script_or_event_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
    javascript_url = re.compile(r"javascript:", re.IGNORECASE)
    templates = _templates()
    assert len(templates) > 20
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert not inline_script.search(text), f"inline <script> in {path}"
        assert not handler.search(text), f"on* handler attribute in {path}"
        assert not javascript_url.search(text), f"javascript: URL in {path}"
        assert "hx-on" not in text, f"hx-on (needs eval) in {path}"
        printed = any(word in path.name for word in ("pdf", "print"))
        # A book's editions (web, EPUB) are documents of their own, served under their own CSP
        # (publications.views.WEB_EDITION_CSP: no scripts, inline styles only).
        if not {"print", "presentation", "edition"} & set(path.parts) and not printed:
            assert "<style" not in text, f"<style> in {path} (only PDF templates may)"


def test_htmx_is_configured_not_to_eval_or_inject_styles(client):
    page = client.get(reverse("login")).content.decode()
    meta = (
        """<meta name="htmx-config" """
        """content='{"allowEval":false, "includeIndicatorStyles": false}'>"""
    )
    assert meta in page


def test_static_files_get_the_policy_but_are_cacheable(world, login):
    response = login(world.director).get("/static/js/lfs.js")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert "no-store" not in response.get("Cache-Control", "")


# Caching -------------------------------------------------------------------------------------


def test_pages_of_signed_in_people_are_not_stored(world, login):
    response = login(world.director).get(
        reverse("dashboard:program_dashboard", args=[world.program.pk])
    )
    assert "no-store" in response["Cache-Control"]
    refused = login(world.student2).get(
        reverse("documentation:client_identity", args=[world.doc_story.pk])
    )
    assert "no-store" in refused["Cache-Control"]


def test_a_view_that_sets_its_own_cache_control_keeps_it(world, login):
    response = login(world.director).get(
        reverse("principles:principles_csv", args=[world.program.pk])
    )
    assert response["Cache-Control"] == "private, no-store"


# Sessions ------------------------------------------------------------------------------------


def _age_session(client, **seconds_ago) -> None:
    session = client.session
    now = timezone.now().timestamp()
    for key, ago in seconds_ago.items():
        session[{"login": security.LOGIN_AT, "seen": security.SEEN_AT}[key]] = now - ago
    session.save()


def test_session_settings_match_the_promised_lifetimes():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_COOKIE_HTTPONLY


def test_a_session_idle_for_30_minutes_is_signed_out(world, login):
    client = login(world.director)
    _age_session(client, seen=29 * 60)
    assert client.get(reverse("dashboard:home")).status_code == 200
    _age_session(client, seen=31 * 60)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("dashboard:home")).status_code == 302  # really signed out


def test_activity_keeps_the_session_alive_but_not_beyond_12_hours(world, login):
    client = login(world.director)
    _age_session(client, login=11 * 3600, seen=5 * 60)
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert timezone.now().timestamp() - client.session[security.SEEN_AT] < 5  # refreshed
    _age_session(client, login=12 * 3600 + 60, seen=10)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_idle_clock_is_written_at_most_once_a_minute(world, login):
    client = login(world.director)
    _age_session(client, seen=20)
    before = client.session[security.SEEN_AT]
    client.get(reverse("dashboard:home"))
    assert client.session[security.SEEN_AT] == before


# Login throttling ----------------------------------------------------------------------------


def _attempt(client, email, password, ip="192.0.2.10"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_for_an_email_pause_logging_in(world, client):
    for i in range(settings.LOGIN_FAILURE_LIMIT):
        assert _attempt(client, world.director.email, "wrong", ip=f"192.0.2.{i}").status_code == 200
    response = _attempt(client, world.director.email, PASSWORD, ip="192.0.2.99")
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another account is not affected
    assert _attempt(client, world.committee.email, PASSWORD, ip="192.0.2.98").status_code == 302


def test_the_pause_is_the_same_for_unknown_addresses(world, client):
    for _i in range(settings.LOGIN_FAILURE_LIMIT):
        _attempt(client, "nobody@example.org", "wrong")
    assert (
        "Too many failed attempts" in _attempt(client, "nobody@example.org", "x").content.decode()
    )


def test_many_failures_from_one_address_pause_it(world, client):
    for i in range(settings.LOGIN_FAILURE_IP_LIMIT):
        _attempt(client, f"guess{i}@example.org", "wrong", ip="192.0.2.50")
    response = _attempt(client, world.director.email, PASSWORD, ip="192.0.2.50")
    assert "Too many failed attempts" in response.content.decode()
    assert _attempt(client, world.director.email, PASSWORD, ip="192.0.2.51").status_code == 302


def test_failures_older_than_15_minutes_no_longer_count(world, client):
    for _i in range(settings.LOGIN_FAILURE_LIMIT):
        _attempt(client, world.director.email, "wrong")
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    assert _attempt(client, world.director.email, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count_and_nothing_typed_is_stored(world, client):
    for _i in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _attempt(client, world.director.email, "wrong")
    assert _attempt(client, world.director.email, PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(
        email_hash=security.email_hash(world.director.email)
    ).exists()
    _attempt(client, "typed.secret@example.org", "wrong")
    stored = str(list(LoginFailure.objects.values_list("email_hash", flat=True)))
    assert "typed" not in stored


def test_the_admin_login_is_throttled_too(world, client):
    for _i in range(settings.LOGIN_FAILURE_LIMIT):
        _attempt(client, world.director.email, "wrong")
    response = client.post(
        reverse("admin:login"), {"username": world.director.email, "password": PASSWORD}
    )
    assert "Too many failed attempts" in response.content.decode()


# Passwords -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["short1!", "password1234", "12345678901234", "dana.director1", "DanaDirector"],
)
def test_weak_passwords_are_refused(world, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=world.director)


def test_a_strong_password_is_accepted(world):
    validate_password("river-lantern-quietly-47", user=world.director)


# Two-factor sign-in --------------------------------------------------------------------------


def _enable_two_factor(client) -> str:
    key = secrets.token_hex(20)
    page = client.get(reverse("audit:two_factor_setup"))
    assert "otpauth://totp/" in page.content.decode()
    response = client.post(
        reverse("audit:two_factor_setup"),
        {"key": signing.dumps(key, salt=SALT), "token": totp_now(key)},
    )
    assert response.status_code == 302
    return key


def test_a_wrong_code_does_not_enable_two_factor(world, login):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = login(world.director)
    key = secrets.token_hex(20)
    wrong = f"{(int(totp_now(key)) + 1) % 1_000_000:06d}"
    response = client.post(
        reverse("audit:two_factor_setup"), {"key": signing.dumps(key, salt=SALT), "token": wrong}
    )
    assert response.status_code == 400
    assert not TOTPDevice.objects.exists()
    forged = client.post(reverse("audit:two_factor_setup"), {"key": key, "token": totp_now(key)})
    assert forged.status_code == 400 and not TOTPDevice.objects.exists()


def test_a_confirmed_device_adds_a_second_login_step(world, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off after a wrong code
    client.force_login(world.director)
    key = _enable_two_factor(client)
    client.post(reverse("logout"))

    response = _attempt(client, world.director.email, PASSWORD)
    assert response.status_code == 302
    # every page now leads to the second step
    page = client.get(reverse("dashboard:program_dashboard", args=[world.program.pk]))
    assert page.status_code == 302 and page["Location"].startswith(
        reverse("audit:two_factor_verify")
    )
    verify = reverse("audit:two_factor_verify")
    wrong = f"{(int(totp_now(key)) + 5) % 1_000_000:06d}"
    assert client.post(verify, {"token": wrong}).status_code == 400
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGIN_FAILED, summary="wrong two-factor code"
    ).exists()
    assert client.get(reverse("dashboard:home")).status_code == 302

    target = reverse("dashboard:program_dashboard", args=[world.program.pk])
    response = client.post(verify, {"token": totp_now(key), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.get(target).status_code == 200


def test_the_second_step_never_redirects_off_site(world, client):
    client.force_login(world.director)
    key = _enable_two_factor(client)
    client.post(reverse("logout"))
    _attempt(client, world.director.email, PASSWORD)
    response = client.post(
        reverse("audit:two_factor_verify"),
        {"token": totp_now(key), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", ["home", "abc", "9" * 20, "javascript:alert(1)"])
def test_the_second_step_goes_home_for_a_next_that_is_not_a_path(world, client, target):
    """A word in `next` is not taken for a URL name (redirect() would raise: a 500)."""
    client.force_login(world.director)
    key = _enable_two_factor(client)
    client.post(reverse("logout"))
    _attempt(client, world.director.email, PASSWORD)
    page = client.get(reverse("audit:two_factor_verify"), {"next": target})
    assert page.status_code == 200
    response = client.post(
        reverse("audit:two_factor_verify"), {"token": totp_now(key), "next": target}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_code_in_digits_int_refuses_is_a_wrong_code(world, login):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = secrets.token_hex(20)
    response = login(world.director).post(
        reverse("audit:two_factor_setup"), {"key": signing.dumps(key, salt=SALT), "token": "²" * 6}
    )
    assert response.status_code == 400
    assert not TOTPDevice.objects.exists()


def test_people_without_a_device_sign_in_in_one_step(world, client):
    assert _attempt(client, world.director.email, PASSWORD).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


# Production settings -------------------------------------------------------------------------


def test_production_settings_are_secure():
    import json

    from .test_project import PRODUCTION_ENV, _manage

    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
        "for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS']}))"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["X_FRAME_OPTIONS"] == "DENY"


# In the browser: the policy breaks nothing ---------------------------------------------------


@pytest.mark.browser
def test_pages_run_under_the_policy_without_violations(world, new_page):
    from tests.conftest import log_in

    page = new_page()
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, world.student)
    for url in (
        reverse("dashboard:program_dashboard", args=[world.program.pk]),
        reverse("documentation:story_documentation", args=[world.doc_story.pk]),
        reverse("documentation:interview_detail", args=[world.interview.pk]),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert page.evaluate("window.htmx && htmx.config.allowEval") is False
    assert not violations, violations


def test_the_client_address_comes_from_the_proxy_only_when_trusted(world, client, settings):
    forged = {"HTTP_X_FORWARDED_FOR": "10.9.9.9", "REMOTE_ADDR": "192.0.2.200"}
    client.post(reverse("login"), {"username": world.director.email, "password": "x"}, **forged)
    assert AuditEvent.objects.latest("pk").ip_address == "192.0.2.200"
    settings.TRUST_X_FORWARDED_FOR = True
    behind = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.5", "REMOTE_ADDR": "10.0.0.1"}
    client.post(reverse("login"), {"username": world.director.email, "password": "x"}, **behind)
    assert AuditEvent.objects.latest("pk").ip_address == "203.0.113.5"
