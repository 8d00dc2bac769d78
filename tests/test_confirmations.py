"""Confirmation before destructive actions: an unconfirmed POST changes nothing and answers with
a page that asks the question and re-posts the same fields with confirmed=yes; the button's form
asks first in the browser (data-confirm, static/js/confirm.js)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from companions.models import CompanionAssignment
from organizations.models import Membership
from stories.models import Consent, SelectionCriterion, StoryErasure
from tests.test_workshops import _ensure
from tests.urlnames import view_name


def _criterion(world):
    return world.program.criteria.first()


def _hidden(body: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body):
        fields.setdefault(name, []).append(value)
    return fields


#: name -> (who may, url args, data, "is it done?", page that shows the button)
CASES = {
    "criterion_delete": (
        "committee",
        lambda w: [w.program.pk, _criterion(w).pk],
        {},
        lambda w, before: not SelectionCriterion.objects.filter(pk=before).exists(),
        lambda w: reverse("stories:criteria", args=[w.program.pk]),
    ),
    "committee_member_remove": (
        "director",
        lambda w: [w.program.pk, w.committee2.pk],
        {},
        lambda w, before: (
            not Membership.objects.filter(
                user=w.committee2, program=w.program, role="committee"
            ).exists()
        ),
        lambda w: reverse("organizations:committee", args=[w.program.pk]),
    ),
    "program_stage": (
        "director",
        lambda w: [w.program.pk],
        {"direction": "-1"},
        lambda w, before: w.program.__class__.objects.get(pk=w.program.pk).stage == "steering",
        lambda w: reverse("dashboard:program_dashboard", args=[w.program.pk]),
    ),
    "workshop_close": (
        "director",
        lambda w: [_ensure(w)["live"].pk],
        {},
        lambda w, before: w._workshops["live"].__class__.objects.get(pk=before).status == "closed",
        lambda w: reverse("workshops:workshop_detail", args=[_ensure(w)["live"].pk]),
    ),
    "assignment_end": (
        "unit",
        lambda w: [_ensure(w)["assignment"].pk],
        {},
        lambda w, before: CompanionAssignment.objects.get(pk=before).ended_on is not None,
        lambda w: reverse("companions:companion_detail", args=[_ensure(w)["profile"].pk]),
    ),
}


def _subject_pk(world, name):
    return {
        "criterion_delete": lambda: _criterion(world).pk,
        "committee_member_remove": lambda: world.committee2.pk,
        "program_stage": lambda: world.program.pk,
        "workshop_close": lambda: _ensure(world)["live"].pk,
        "assignment_end": lambda: _ensure(world)["assignment"].pk,
    }[name]()


@pytest.mark.parametrize("name", list(CASES))
def test_an_unconfirmed_destructive_post_changes_nothing_and_asks(world, login, name):
    role, args, data, done, _page = CASES[name]
    before = _subject_pk(world, name)
    client = login(world.people()[role])
    url = reverse(view_name(name), args=args(world))
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please confirm" in body and "Nothing has been changed yet." in body
    assert not done(world, before), "the action ran without a confirmation"
    # The page re-posts the same fields to the same address, now confirmed.
    assert f'action="{url}"' in body
    hidden = _hidden(body)
    assert hidden["confirmed"] == ["yes"]
    for key, value in data.items():
        assert hidden[key] == [value]
    assert 'class="btn btn-outline-secondary" href="' in body  # a way back


@pytest.mark.parametrize("name", list(CASES))
def test_the_confirmation_pages_form_does_the_action(world, login, name):
    role, args, data, done, _page = CASES[name]
    before = _subject_pk(world, name)
    client = login(world.people()[role])
    url = reverse(view_name(name), args=args(world))
    page = client.post(url, data).content.decode()
    fields = {k: v for k, v in _hidden(page).items() if k != "csrfmiddlewaretoken"}
    response = client.post(url, fields)
    assert response.status_code == 302
    assert done(world, before)


@pytest.mark.parametrize("name", list(CASES))
def test_a_refused_role_is_refused_before_any_confirmation(world, login, name):
    _role, args, data, done, _page = CASES[name]
    before = _subject_pk(world, name)
    url = reverse(view_name(name), args=args(world))
    for refused in ("student2", "other_director"):
        response = login(world.people()[refused]).post(url, data)
        assert response.status_code in (403, 404)
        assert "Please confirm" not in response.content.decode()
    assert not done(world, before)


@pytest.mark.parametrize("name", list(CASES))
def test_the_button_asks_in_the_browser_first(world, login, name):
    role, args, _data, _done, page = CASES[name]
    if name == "program_stage":
        world.program.stage = "selection"
        world.program.save(update_fields=["stage"])
    client = login(world.people()[role])
    body = client.get(page(world)).content.decode()
    url = reverse(view_name(name), args=args(world))
    form = re.search(rf'<form method="post" action="{re.escape(url)}"[^>]*>', body)
    assert form is not None, f"no form posting to {url}"
    assert "data-confirm=" in form.group(0)


def test_moving_forward_a_stage_needs_no_confirmation(world, login):
    response = login(world.director).post(
        reverse("organizations:program_stage", args=[world.program.pk]), {"direction": "1"}
    )
    assert response.status_code == 302


def test_the_confirmation_script_is_served_and_loaded_on_every_page(world, login):
    body = login(world.director).get(reverse("dashboard:home")).content.decode()
    assert "js/confirm.js" in body
    script = (Path(settings.BASE_DIR) / "static" / "js" / "confirm.js").read_text()
    assert "data-confirm" in script and 'input.value = "yes"' in script


def test_consent_withdrawal_asks_for_its_date_and_reason_on_its_own_page(world, login):
    client = login(world.student)
    url = reverse("documentation:consent_withdraw", args=[world.consent.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="withdrawn_on"' in page.content.decode()
    refused = client.post(url, {})
    assert refused.status_code in (200, 400)
    assert Consent.objects.get(pk=world.consent.pk).withdrawn_on is None


def test_erasure_asks_to_type_the_pseudonym(world, login):
    client = login(world.director)
    url = reverse("rights:client_erase", args=[world.doc_story.pk])
    page = client.get(url)
    assert page.status_code == 200
    wrong = client.post(url, {"confirmation": "someone else", "reason": "client_request"})
    assert wrong.status_code in (200, 400)
    assert not StoryErasure.objects.exists()
