"""Every change of who holds which role writes an audit event, whatever road made it: the
services and pages, the admin, commands and fixtures, community and team changes, cascades,
and writes that send no signal. The events name ids, never people."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from organizations.models import (
    AuditEvent,
    Community,
    Membership,
    Organization,
    ProgramTeam,
    Role,
    User,
)
from organizations.role_audit import acting
from organizations.selectors import program_access
from organizations.services import committee_member_remove, membership_ensure, program_create
from transfer import services as transfer_services

from .factories import OrganizationFactory, UserFactory

Action = AuditEvent.Action
ROLE_ACTIONS = [Action.ROLE_GIVEN, Action.ROLE_CHANGED, Action.ROLE_REMOVED]


def role_events(**filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action__in=ROLE_ACTIONS, **filters).order_by("pk"))


@pytest.fixture
def marked():
    """Events written from here on."""
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def since() -> list[AuditEvent]:
        return role_events(pk__gt=start)

    return since


def _no_names(events, *people) -> None:
    for event in events:
        for person in people:
            assert person.full_name not in event.summary
            assert person.email not in event.summary


# Services and pages -----------------------------------------------------------------------


def test_a_service_giving_changing_and_removing_a_role_is_audited(world, marked):
    newcomer = UserFactory(full_name="Nora Newcomer")
    with acting(world.director):
        m = membership_ensure(
            user=newcomer, organization=world.org, role=Role.COMMITTEE, program=world.program
        )
        membership_ensure(user=world.staff, organization=world.org, role=Role.STAFF,
                          department=world.departments[0])  # fmt: skip
        committee_member_remove(access=program_access(world.director, world.program), user=newcomer)
    given, changed, removed = marked()
    assert (given.action, given.object_id, given.actor) == (
        Action.ROLE_GIVEN,
        str(m.pk),
        world.director,
    )
    assert f"role committee given to user {newcomer.pk}" in given.summary
    assert f"program {world.program.pk}" in given.summary and given.organization == world.org
    assert changed.action == Action.ROLE_CHANGED
    assert f"department {world.departments[1].pk} -> {world.departments[0].pk}" in changed.summary
    assert removed.action == Action.ROLE_REMOVED and removed.object_id == str(m.pk)
    _no_names([given, changed, removed], newcomer, world.staff)


def test_adding_a_committee_member_on_the_page_records_who_and_from_where(world, login, marked):
    newcomer = UserFactory()
    membership_ensure(user=newcomer, organization=world.org, role=Role.STAFF)
    start = marked()
    client = login(world.director)
    client.post(
        reverse("organizations:committee_member_add", args=[world.program.pk]),
        {"user": newcomer.pk},
        REMOTE_ADDR="203.0.113.9",
    )
    [event] = [e for e in marked() if e not in start]
    assert event.action == Action.ROLE_GIVEN and event.actor == world.director
    assert event.ip_address == "203.0.113.9"
    assert Membership.objects.filter(user=newcomer, role=Role.COMMITTEE).exists()


def test_companion_assignment_and_its_end_are_audited(world, marked):
    from companions.models import CompanionProfile
    from companions.services import companion_assign, companion_assignment_end

    unit = UserFactory(is_unit=True)
    profile = CompanionProfile.objects.create(user=UserFactory(), languages="Arabic")
    start = marked()
    assignment = companion_assign(by=unit, companion=profile, program=world.program)
    companion_assignment_end(by=unit, assignment=assignment)
    given, removed = [e for e in marked() if e not in start]
    assert (given.action, removed.action) == (Action.ROLE_GIVEN, Action.ROLE_REMOVED)
    assert f"role companion given to user {profile.user_id}" in given.summary


# Writes that send no signal, and cascades ---------------------------------------------------


def test_queryset_update_bulk_create_and_bulk_update_are_audited(world, marked):
    start = marked()
    Membership.objects.filter(user=world.student, program=world.program).update(role=Role.COMMITTEE)
    [changed] = [e for e in marked() if e not in start]
    assert "role student -> committee" in changed.summary
    assert changed.summary.endswith("(by way of no signed-in person)")

    people = [UserFactory(), UserFactory()]
    start = marked()
    created = Membership.objects.bulk_create(
        Membership(user=u, organization=world.org, program=world.program, role=Role.STUDENT)
        for u in people
    )
    events = [e for e in marked() if e not in start]
    assert sorted(e.object_id for e in events) == sorted(str(m.pk) for m in created)
    assert {e.action for e in events} == {Action.ROLE_GIVEN}

    for m in created:
        m.role = Role.COMPANION
    start = marked()
    Membership.objects.bulk_update(created, ["role"])
    events = [e for e in marked() if e not in start]
    assert len(events) == 2 and all("student -> companion" in e.summary for e in events)

    # An update that changes no role field is not a role change.
    start = marked()
    Membership.objects.filter(pk=created[0].pk).update(created_at=created[0].created_at)
    assert [e for e in marked() if e not in start] == []


def test_a_deletion_of_a_person_a_program_or_an_organization_removes_their_roles_on_record(
    world, marked
):
    doomed = UserFactory()
    m = membership_ensure(user=doomed, organization=world.org, role=Role.STAFF)
    start = marked()
    doomed.delete()
    [event] = [e for e in marked() if e not in start]
    assert event.action == Action.ROLE_REMOVED and event.object_id == str(m.pk)

    org = OrganizationFactory()
    program = program_create(organization=org, title="Short-lived")
    people = [UserFactory(), UserFactory()]
    membership_ensure(user=people[0], organization=org, role=Role.STUDENT, program=program)
    membership_ensure(user=people[1], organization=org, role=Role.DIRECTOR)
    start = marked()
    program.delete()
    [event] = [e for e in marked() if e not in start]
    assert event.action == Action.ROLE_REMOVED and event.organization == org

    start = marked()
    org_pk = org.pk
    org.delete()
    [event] = [e for e in marked() if e not in start]
    assert event.action == Action.ROLE_REMOVED and f"organization {org_pk}" in event.summary
    assert event.organization is None  # the organization is gone; its id is in the summary
    connection.check_constraints()  # no event refers to a deleted organization


# Rights of accounts -------------------------------------------------------------------------


def test_the_unit_staff_and_superuser_flags_are_audited_wherever_they_change(world, marked):
    start = marked()
    admin = User.objects.create_superuser(email="root@example.org", password="x" * 12)
    world.teller.is_staff = True
    world.teller.save()
    User.objects.filter(pk=world.staff.pk).update(is_unit=True)
    world.director.last_login = world.director.date_joined
    world.director.save(update_fields=["last_login"])  # a sign-in changes no right
    created, teller, staff = [e for e in marked() if e not in start]
    assert created.summary.startswith(
        f"user {admin.pk} created with rights: unit, staff, superuser"
    )
    assert (
        teller.summary
        == f"rights of user {world.teller.pk} changed: staff on (by way of no signed-in person)"
    )
    assert staff.action == Action.ROLE_CHANGED and "unit on" in staff.summary


# Commands and fixtures ----------------------------------------------------------------------


def test_the_import_command_records_the_roles_it_gives(world, tmp_path, marked):

    path = tmp_path / "p.json"
    path.write_text(json.dumps(transfer_services.program_export_data(program=world.program)))
    fresh = Organization.objects.create(name="Fresh", slug="fresh")
    start = marked()
    call_command("import_program", str(path), "--organization", "fresh")
    events = [e for e in marked() if e not in start]
    assert {e.organization for e in events} == {fresh}
    assert all(e.summary.endswith("(by way of manage.py import_program)") for e in events)
    assert len(events) == Membership.objects.filter(organization=fresh).count()


def test_a_fixture_loaded_with_loaddata_is_audited(world, tmp_path, marked):
    newcomer = UserFactory()
    fixture = tmp_path / "roles.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "organizations.membership",
                    "fields": {
                        "user": newcomer.pk,
                        "organization": world.org.pk,
                        "program": None,
                        "role": "director",
                        "department": None,
                        "created_at": "2026-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )
    start = marked()
    call_command("loaddata", str(fixture), verbosity=0)
    [event] = [e for e in marked() if e not in start]
    assert f"role director given to user {newcomer.pk}" in event.summary


def test_the_demo_command_records_the_roles_it_gives(db, marked):
    call_command("load_demo", verbosity=0)
    events = marked()
    assert events and all("(by way of manage.py load_demo)" in e.summary for e in events)
    # One role given per membership (the Hand in Hand editions then move some staff members to
    # their own departments: recorded as role changes, also marked above).
    given = [e for e in events if e.object_type == "organizations.membership"]
    assert len([e for e in given if e.action == "role_given"]) == Membership.objects.count()


# Communities and teams ----------------------------------------------------------------------


@pytest.fixture
def community(world):
    community = Community.objects.create(name="North Valley")
    community.organizations.add(world.org, world.other_org)
    world.program.community = community
    world.program.save(update_fields=["community"])
    return community


def test_community_and_team_changes_are_audited(world, community, marked):
    from communities.selectors import community_access
    from communities.services import (
        community_coordinator_add,
        community_coordinator_remove,
        community_organization_remove,
        program_team_add,
        program_team_remove,
    )

    unit = UserFactory(is_unit=True)
    access = community_access(unit, community)
    coordinator = UserFactory(full_name="Cleo Coordinator")
    start = marked()
    community_coordinator_add(access=access, email=coordinator.email)
    community_coordinator_remove(access=access, user=coordinator)
    team = program_team_add(access=access, program=world.program, organization=world.other_org)
    program_team_remove(access=access, team=team)
    program_team_add(access=access, program=world.program, organization=world.other_org)
    community_organization_remove(access=access, organization=world.other_org)
    events = [e for e in marked() if e not in start]
    summaries = [e.summary.removesuffix(" (by way of no signed-in person)") for e in events]
    assert summaries == [
        f"user {coordinator.pk} made a coordinator of community {community.pk}",
        f"user {coordinator.pk} no longer coordinates community {community.pk}",
        f"team of organization {world.other_org.pk} joins program {world.program.pk}",
        f"team of organization {world.other_org.pk} leaves program {world.program.pk}",
        f"team of organization {world.other_org.pk} joins program {world.program.pk}",
        f"organization {world.other_org.pk} leaves community {community.pk}",
        f"team of organization {world.other_org.pk} leaves program {world.program.pk}",
    ]
    assert all(e.actor is None for e in events)  # no request: the service's caller is unknown
    assert not ProgramTeam.objects.exists()
    _no_names(events, coordinator)


def test_the_community_page_records_the_unit_as_who_changed_the_team(world, community, login):
    unit = UserFactory(is_unit=True)
    login(unit).post(
        reverse("communities:community_team_add", args=[community.pk]),
        {"program": world.program.pk, "organization": world.other_org.pk},
    )
    [event] = role_events(object_type="organizations.programteam")
    assert event.actor == unit and event.organization == world.org


# The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    unit = UserFactory(is_unit=True, is_staff=True, is_superuser=True, email="admin@lfs.example")
    client.force_login(unit)
    client.unit = unit
    return client


def test_memberships_changed_in_the_admin_are_audited_with_the_admin_as_actor(
    world, admin_client, marked
):
    newcomer = UserFactory()
    start = marked()
    response = admin_client.post(
        reverse("admin:organizations_membership_add"),
        {"user": newcomer.pk, "organization": world.org.pk, "role": "staff"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    m = Membership.objects.get(user=newcomer)
    admin_client.post(
        reverse("admin:organizations_membership_change", args=[m.pk]),
        {"user": newcomer.pk, "organization": world.org.pk, "role": "director"},
    )
    admin_client.post(
        reverse("admin:organizations_membership_delete", args=[m.pk]), {"post": "yes"}
    )
    given, changed, removed = [e for e in marked() if e not in start]
    assert [given.action, changed.action, removed.action] == ROLE_ACTIONS
    assert "role staff -> director" in changed.summary
    assert all(e.actor == admin_client.unit for e in (given, changed, removed))
    assert all(e.summary.endswith("(by way of admin)") for e in (given, changed, removed))


def test_a_membership_added_in_the_organizations_inline_is_audited(world, admin_client, marked):
    newcomer = UserFactory()
    org = OrganizationFactory(name="Inline Org")
    url = reverse("admin:organizations_organization_change", args=[org.pk])
    data = {
        "name": org.name,
        "slug": org.slug,
        "kind": org.kind,
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": newcomer.pk,
        "memberships-0-role": "director",
    }
    start = marked()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [event] = [e for e in marked() if e not in start]
    assert event.action == Action.ROLE_GIVEN and event.organization == org
    assert event.actor == admin_client.unit
