"""People management without the admin: invitations by e-mail (single use, expiring, stored
hashed), role changes and deactivation by directors, companions invited by the unit; every
change in the audit log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from companions.models import CompanionProfile
from organizations import services_people as people
from organizations.models import AuditEvent, Invitation, Membership, Role, User

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def _token_from_mail() -> str:
    body = mail.outbox[-1].body
    match = re.search(r"/accounts/invitation/([^/\s]+)/", body)
    assert match, body
    return match.group(1)


def _invite(login, world, **data):
    client = login(world.director)
    post = {"email": "new.person@example.org", "full_name": "Nora New", "language": "en"}
    post.update(data)
    return client.post(f"/organizations/{world.org.pk}/people/invite/", post)


def test_director_invites_by_email_and_only_a_hash_of_the_token_is_kept(login, world):
    response = _invite(login, world, role="committee", program=world.program.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new.person@example.org")
    assert invitation.role == Role.COMMITTEE and invitation.program == world.program
    token = _token_from_mail()
    assert token not in invitation.token_hash and invitation.token_hash == people.token_hash(token)
    assert mail.outbox[-1].to == ["new.person@example.org"]
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=13)
    event = AuditEvent.objects.get(action=Action.INVITATION_SENT)
    assert event.actor == world.director and event.organization == world.org
    assert "new.person" not in event.summary  # ids and fixed words only


def test_invitation_email_is_in_the_chosen_language(login, world):
    _invite(login, world, role="staff", language="he")
    assert mail.outbox[-1].subject == "הוזמנת להשתתף בלמידה מהצלחות ב־Riverside Social Services"
    assert "הקישור עובד פעם אחת, למשך 14 ימים." in mail.outbox[-1].body


@pytest.mark.parametrize(
    "who", ["committee", "staff", "student", "companion", "teller", "unit", "other_director"]
)
def test_only_the_organizations_director_may_invite(login, world, who):
    client = login(getattr(world, who))
    response = client.post(
        f"/organizations/{world.org.pk}/people/invite/",
        {"email": "x@example.org", "role": "staff", "language": "en"},
    )
    assert response.status_code == 404
    assert client.get(f"/organizations/{world.org.pk}/people/").status_code == 404
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_director_cannot_invite_to_another_organizations_program_or_give_companion(login, world):
    response = _invite(login, world, role="committee", program=world.other_program.pk)
    assert response.status_code == 400
    response = _invite(login, world, role="companion", program=world.program.pk)
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_bad_input_is_refused_clearly_and_what_was_typed_is_kept(login, world):
    response = _invite(login, world, email="not-an-address", role="committee", full_name="Kept")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "Choose the program for this role." in content
    assert 'value="Kept"' in content
    assert not Invitation.objects.exists()


def test_inviting_someone_who_already_has_the_role_is_refused(login, world):
    response = _invite(login, world, email=world.staff.email, role="staff")
    assert response.status_code == 400
    assert "This person already has this role." in response.content.decode()


def test_accepting_creates_the_account_and_gives_the_role_once(client, login, world):
    _invite(login, world, role="student", program=world.program.pk)
    token = _token_from_mail()
    client.logout()
    url = f"/accounts/invitation/{token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    response = client.post(
        url, {"full_name": "Nora New", "password": "a long new secret 42", "password2": "nope"}
    )
    assert response.status_code == 400
    assert "The two passwords differ." in response.content.decode()
    assert 'value="Nora New"' in response.content.decode()
    response = client.post(
        url,
        {
            "full_name": "Nora New",
            "password": "a long new secret 42",
            "password2": "a long new secret 42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password("a long new secret 42") and user.full_name == "Nora New"
    assert Membership.objects.filter(user=user, program=world.program, role="student").exists()
    assert AuditEvent.objects.filter(action=Action.INVITATION_ACCEPTED, actor=user).exists()
    assert AuditEvent.objects.filter(
        action=Action.ROLE_GIVEN, object_type="organizations.membership", actor=user
    ).exists()
    # Single use.
    assert client.get(url).status_code == 410
    again = client.post(
        url,
        {"full_name": "X", "password": "a long new secret 42", "password2": "a long new secret 42"},
    )
    assert again.status_code == 410
    assert User.objects.filter(email="new.person@example.org").count() == 1


def test_an_expired_or_withdrawn_or_unknown_token_is_refused(client, login, world):
    _invite(login, world, role="staff")
    token = _token_from_mail()
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    client.logout()
    data = {
        "full_name": "N",
        "password": "a long new secret 42",
        "password2": "a long new secret 42",
    }
    assert client.get(f"/accounts/invitation/{token}/").status_code == 410
    assert client.post(f"/accounts/invitation/{token}/", data).status_code == 410
    assert client.get("/accounts/invitation/made-up-token/").status_code == 410
    assert not User.objects.filter(email="new.person@example.org").exists()
    with pytest.raises(people.InvitationInvalid):
        people.invitation_accept(token=token, full_name="N", password="a long new secret 42")
    # A new invitation withdraws the earlier one to the same role.
    _invite(login, world, role="staff")
    first = _token_from_mail()
    _invite(login, world, role="staff")
    client.logout()
    assert client.get(f"/accounts/invitation/{first}/").status_code == 410
    assert client.get(f"/accounts/invitation/{_token_from_mail()}/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.INVITATION_WITHDRAWN).count() == 1


def test_a_person_with_an_account_accepts_signed_in_as_it(client, login, world):
    _invite(login, world, email=world.staff.email, role="committee", program=world.program.pk)
    token = _token_from_mail()
    url = f"/accounts/invitation/{token}/"
    client.logout()
    assert "log in with it" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 200  # nothing happens without signing in
    assert not Membership.objects.filter(user=world.staff, role="committee").exists()
    login(world.teller)  # someone else
    client.post(url, {})
    assert not Membership.objects.filter(user=world.staff, role="committee").exists()
    login(world.staff)
    assert client.post(url, {}).status_code == 302
    assert Membership.objects.filter(
        user=world.staff, program=world.program, role="committee"
    ).exists()


def test_director_changes_a_role_and_it_is_audited(login, world):
    client = login(world.director)
    membership = Membership.objects.get(user=world.student, role="student")
    response = client.post(
        f"/organizations/{world.org.pk}/roles/{membership.pk}/change/", {"role": "committee"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "committee"
    event = AuditEvent.objects.filter(action=Action.ROLE_CHANGED).latest("pk")
    assert event.actor == world.director and "student -> committee" in event.summary


@pytest.mark.parametrize("who", ["committee", "staff", "student", "companion", "other_director"])
def test_others_cannot_change_roles_or_deactivate(login, world, who):
    client = login(getattr(world, who))
    membership = Membership.objects.get(user=world.student, role="student")
    client.post(
        f"/organizations/{world.org.pk}/roles/{membership.pk}/change/", {"role": "committee"}
    )
    client.post(
        f"/organizations/{world.org.pk}/people/{world.student.pk}/deactivate/", {"confirmed": "yes"}
    )
    membership.refresh_from_db()
    assert membership.role == "student"
    world.student.refresh_from_db()
    assert world.student.is_active


def test_a_director_cannot_touch_another_organizations_membership(login, world):
    client = login(world.director)
    membership = Membership.objects.get(user=world.other_staff, role="staff")
    response = client.post(
        f"/organizations/{world.org.pk}/roles/{membership.pk}/change/", {"role": "director"}
    )
    assert response.status_code == 404
    response = client.post(
        f"/organizations/{world.other_org.pk}/roles/{membership.pk}/change/", {"role": "director"}
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == "staff"


def test_deactivating_takes_every_role_and_closes_an_account_left_with_none(client, login, world):
    client = login(world.director)
    url = f"/organizations/{world.org.pk}/people/{world.student.pk}/deactivate/"
    page = client.post(url)  # asks first
    assert page.status_code == 200 and world.student.memberships.exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    world.student.refresh_from_db()
    assert not world.student.memberships.exists() and not world.student.is_active
    assert AuditEvent.objects.filter(
        action=Action.PERSON_DEACTIVATED, actor=world.director, object_id=str(world.student.pk)
    ).exists()
    assert AuditEvent.objects.filter(action=Action.ROLE_REMOVED, actor=world.director).exists()
    client.logout()
    assert not client.login(username=world.student.email, password=PASSWORD)


def test_a_director_cannot_deactivate_themselves_or_change_their_own_director_role(login, world):
    client = login(world.director)
    client.post(
        f"/organizations/{world.org.pk}/people/{world.director.pk}/deactivate/",
        {"confirmed": "yes"},
    )
    own = Membership.objects.get(user=world.director, role="director")
    client.post(f"/organizations/{world.org.pk}/roles/{own.pk}/change/", {"role": "staff"})
    own.refresh_from_db()
    assert own.role == "director" and world.director.memberships.count() == 1


def test_the_unit_invites_companions_and_accepting_makes_a_companion_profile(client, login, world):
    client = login(world.unit)
    response = client.post(
        "/unit/invitations/", {"email": "cleo@example.org", "full_name": "Cleo", "language": "ar"}
    )
    assert response.status_code == 302
    token = _token_from_mail()
    assert re.search(r"[\u0600-\u06ff]", mail.outbox[-1].body)
    client.logout()
    client.post(
        f"/accounts/invitation/{token}/",
        {
            "full_name": "Cleo",
            "password": "a long new secret 42",
            "password2": "a long new secret 42",
        },
    )
    user = User.objects.get(email="cleo@example.org")
    assert CompanionProfile.objects.filter(user=user, active=True).exists()
    assert user.language == "ar"


@pytest.mark.parametrize("who", ["director", "committee", "companion", "student"])
def test_only_the_unit_invites_companions(login, world, who):
    client = login(getattr(world, who))
    response = client.post("/unit/invitations/", {"email": "c@example.org", "language": "en"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_withdrawing_is_for_the_inviting_organizations_director(login, world):
    _invite(login, world, role="staff")
    invitation = Invitation.objects.get()
    client = login(world.other_director)
    assert client.post(f"/invitations/{invitation.pk}/withdraw/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    client = login(world.director)
    assert client.post(f"/invitations/{invitation.pk}/withdraw/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


# The access rows of these views are in the one table of tests/test_permissions.py; the ids
# and the POST data of the rows come from here.


def extra_args(world, kind: str) -> list[int]:
    from organizations.models import Invitation

    if kind == "org":
        return [world.org.pk]
    if kind == "membership":
        membership = Membership.objects.get(user=world.student2, role="student")
        return [world.org.pk, membership.pk]
    if kind == "person":
        return [world.org.pk, world.student2.pk]
    if kind == "invitation":
        invitation = Invitation.objects.create(
            email="waiting@example.org",
            organization=world.org,
            role="staff",
            language="en",
            token_hash=people.token_hash("a-token-for-the-table"),
            invited_by=world.director,
            expires_at=timezone.now() + dt.timedelta(days=3),
        )
        return [invitation.pk]
    if kind == "term":
        return [world.program.pk, _terms(world)[0].pk]
    raise KeyError(kind)


def _terms(world):
    """Two populations of the program (made once per world)."""
    from organizations.models import PopulationTerm

    if not hasattr(world, "_terms"):
        world._terms = (
            PopulationTerm.objects.create(program=world.program, name_en="table a"),
            PopulationTerm.objects.create(program=world.program, name_en="table b"),
        )
    return world._terms


EXTRA_POST_DATA = {
    "invite": {"email": "someone.new@example.org", "role": "staff", "language": "en"},
    "membership_role": {"role": "committee"},
    "membership_remove": {"confirmed": "yes"},
    "person_deactivate": {"confirmed": "yes"},
    "invitation_withdraw": {},
    "companion_invitations": {"email": "new.companion@example.org", "language": "en"},
    "populations": {"name_en": "a new population", "name_he": "", "name_ar": ""},
    "population_edit": lambda w: {
        f"t{_terms(w)[0].pk}-name_en": "table a",
        f"t{_terms(w)[0].pk}-name_he": "טבלה",
        f"t{_terms(w)[0].pk}-name_ar": "",
    },
    "population_merge": lambda w: {
        f"m{_terms(w)[0].pk}-target": _terms(w)[1].pk,
        "confirmed": "yes",
    },
}


def test_a_deactivated_person_invited_again_opens_their_account_with_a_new_password(
    client, login, world
):
    login(world.director).post(
        f"/organizations/{world.org.pk}/people/{world.student.pk}/deactivate/",
        {"confirmed": "yes"},
    )
    world.student.refresh_from_db()
    assert not world.student.is_active
    _invite(login, world, email=world.student.email, role="staff")
    token = _token_from_mail()
    client.logout()
    url = f"/accounts/invitation/{token}/"
    assert "Choose your password" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "full_name": "Stu Student",
            "password": "a long new secret 42",
            "password2": "a long new secret 42",
        },
    )
    assert response.status_code == 302
    world.student.refresh_from_db()
    assert world.student.is_active and world.student.check_password("a long new secret 42")
    assert Membership.objects.filter(user=world.student, role="staff").exists()
    assert User.objects.filter(email=world.student.email).count() == 1
