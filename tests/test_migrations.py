"""Data migrations keep every row and give it the meaning the code had before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_OWNERS = [
    ("stories", "0005_library_shares_and_principle_links"),
    ("organizations", "0007_organization_library_public"),
]
WITH_OWNERS = [("stories", "0006_successstory_organization")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_stories_get_the_owner_the_old_rule_gave_them():
    """Before 0006 a story's organization was worked out from its teller: a member of a partner
    team's organization (and not of the host) told the partner's story. The migration stores
    exactly that, so nothing changes hands when it runs."""
    old = _migrate(BEFORE_OWNERS)
    Organization = old.get_model("organizations", "Organization")
    Program = old.get_model("organizations", "Program")
    ProgramTeam = old.get_model("organizations", "ProgramTeam")
    Membership = old.get_model("organizations", "Membership")
    Department = old.get_model("organizations", "Department")
    User = old.get_model("organizations", "User")
    Story = old.get_model("stories", "SuccessStory")

    host = Organization.objects.create(name="Host", slug="host")
    partner = Organization.objects.create(name="Partner", slug="partner")
    former = Organization.objects.create(name="Former partner", slug="former")
    program = Program.objects.create(organization=host, title="Community program")
    ProgramTeam.objects.create(program=program, organization=partner)
    department = Department.objects.create(organization=host, name="Families")

    def person(email, *orgs):
        user = User.objects.create(email=email, full_name=email)
        for org in orgs:
            Membership.objects.create(user=user, organization=org, role="staff")
        return user

    tellers = {
        "host": person("h@x.org", host),
        "partner": person("p@x.org", partner),
        "both": person("b@x.org", host, partner),
        "former": person("f@x.org", former),  # not a team of the program
    }
    stories = {
        key: Story.objects.create(
            program=program,
            department=department,
            told_by=teller,
            title=key,
            summary="s",
            success_in_worker_eyes="w",
            success_in_client_eyes="c",
            client_pseudonym="P",
        ).pk
        for key, teller in tellers.items()
    }
    count = Story.objects.count()

    new = _migrate(WITH_OWNERS)
    Story = new.get_model("stories", "SuccessStory")
    owners = dict(Story.objects.values_list("pk", "organization_id"))
    assert Story.objects.count() == count
    assert owners[stories["host"]] == host.pk
    assert owners[stories["partner"]] == partner.pk
    assert owners[stories["both"]] == host.pk
    assert owners[stories["former"]] == host.pk
    _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
