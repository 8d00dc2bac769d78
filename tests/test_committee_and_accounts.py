"""The director runs the committee and starts programs; people log in and manage passwords."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from organizations.models import Membership, Program

from .factories import PASSWORD


def test_director_adds_a_committee_member_and_makes_them_chair(world, login):
    client = login(world.director)
    client.post(
        reverse("organizations:committee_member_add", args=[world.program.pk]),
        {"user": world.staff.pk},
    )
    assert Membership.objects.filter(
        user=world.staff, program=world.program, role="committee"
    ).exists()
    response = client.post(
        reverse("organizations:committee_edit", args=[world.program.pk]),
        {"name": "Riverside committee", "mandate": "Chooses stories.", "chair": world.staff.pk},
    )
    assert response.status_code == 302
    world.program.committee.refresh_from_db()
    assert world.program.committee.chair == world.staff


def test_people_of_another_organization_cannot_join_the_committee(world, login):
    response = login(world.director).post(
        reverse("organizations:committee_member_add", args=[world.program.pk]),
        {"user": world.other_director.pk},
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=world.other_director, program=world.program).exists()


def test_the_chair_must_sit_on_the_committee(world, login):
    response = login(world.director).post(
        reverse("organizations:committee_edit", args=[world.program.pk]),
        {
            "name": "Riverside committee",
            "mandate": "Keep this mandate text",
            "chair": world.student.pk,
        },
    )
    assert response.status_code == 400
    assert "Keep this mandate text" in response.content.decode()


def test_removing_a_member_also_clears_the_chair(world, login):
    committee = world.program.committee
    committee.chair = world.committee2
    committee.save()
    login(world.director).post(
        reverse(
            "organizations:committee_member_remove", args=[world.program.pk, world.committee2.pk]
        ),
        {"confirmed": "yes"},
    )
    committee.refresh_from_db()
    assert committee.chair is None
    assert not Membership.objects.filter(user=world.committee2, role="committee").exists()


def test_director_starts_a_program_with_a_committee_and_default_criteria(world, login):
    response = login(world.director).post(
        reverse("organizations:program_new", args=[world.org.pk]),
        {
            "title": "Schools 2027",
            "description": "",
            "departments": [world.departments[0].pk],
            "committee_name": "Schools committee",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
        },
    )
    program = Program.objects.get(title="Schools 2027")
    assert response.status_code == 302
    assert program.stage == "steering"
    assert program.committee.name == "Schools committee"
    assert program.criteria.count() == 3
    assert list(program.departments.all()) == [world.departments[0]]


def test_a_bad_program_is_refused_and_the_description_kept(world, login):
    response = login(world.director).post(
        reverse("organizations:program_new", args=[world.org.pk]),
        {
            "title": world.program.title.upper(),
            "description": "Our careful description",
            "starts_on": "2027-05-01",
            "ends_on": "2027-01-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "already has a program with that title" in body
    assert "cannot end before it starts" in body
    assert "Our careful description" in body


def test_login_with_a_wrong_password_says_so_and_keeps_the_email(world, client):
    response = client.post(reverse("login"), {"username": world.teller.email, "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in body
    assert world.teller.email in body


def test_login_is_by_email(world, client):
    response = client.post(
        reverse("login"), {"username": world.teller.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302


def test_password_reset_sends_a_link(world, client):
    response = client.post(reverse("password_reset"), {"email": world.teller.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_password_change_refuses_a_weak_password(world, login):
    client = login(world.teller)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()


def test_logout_is_a_post(world, login):
    client = login(world.teller)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_signing_out_tells_the_browser_to_clear_the_sites_storage(world, login):
    """The copies of typed text kept in the browser go with the person who signs out (the
    browser side: tests/test_browser_documentation.py)."""
    response = login(world.student).post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"storage"'


def test_the_page_names_whose_copies_the_browser_keeps_without_the_email(world, login, client):
    import re

    def owner(user) -> str | None:
        body = login(user).get(reverse("dashboard:home")).content.decode()
        found = re.search(r'<body[^>]*data-browser-copies-owner="([^"]+)"', body)
        return found.group(1) if found else None

    student = owner(world.student)
    assert student and student == owner(world.student)  # the same on every visit
    assert student != owner(world.student2)
    assert world.student.email not in student and student != str(world.student.pk)
    client.logout()
    assert "data-browser-copies-owner" not in client.get(reverse("login")).content.decode()
