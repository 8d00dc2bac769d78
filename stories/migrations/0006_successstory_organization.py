"""Each story records the organization it belongs to (whose people told it).

Until now a story's owner was worked out on every read from its teller's memberships and the
program's partner teams, so removing a partner team silently handed that organization's
stories (and their client data) to the host. The owner is now stored once; existing stories
get the owner the old rule gave them today.
"""

import django.db.models.deletion
from django.db import migrations, models


def set_owners(apps, schema_editor):
    SuccessStory = apps.get_model("stories", "SuccessStory")
    Membership = apps.get_model("organizations", "Membership")
    ProgramTeam = apps.get_model("organizations", "ProgramTeam")
    teams: dict[int, list[int]] = {}
    for program_id, organization_id in ProgramTeam.objects.order_by("pk").values_list(
        "program_id", "organization_id"
    ):
        teams.setdefault(program_id, []).append(organization_id)
    orgs_of: dict[int, set[int]] = {}
    for user_id, organization_id in Membership.objects.values_list("user_id", "organization_id"):
        orgs_of.setdefault(user_id, set()).add(organization_id)
    rows = SuccessStory.objects.values_list(
        "pk", "program_id", "program__organization_id", "told_by_id"
    )
    by_owner: dict[int, list[int]] = {}
    for pk, program_id, host, teller in rows.iterator():
        owner = host
        teller_orgs = orgs_of.get(teller, set())
        if host not in teller_orgs:
            owner = next((o for o in teams.get(program_id, []) if o in teller_orgs), host)
        by_owner.setdefault(owner, []).append(pk)
    for owner, pks in by_owner.items():
        for start in range(0, len(pks), 5000):
            SuccessStory.objects.filter(pk__in=pks[start : start + 5000]).update(
                organization_id=owner
            )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0007_organization_library_public"),
        ("stories", "0005_library_shares_and_principle_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="successstory",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="owned_stories",
                to="organizations.organization",
                verbose_name="organization",
            ),
        ),
        migrations.RunPython(set_owners, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="successstory",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="owned_stories",
                to="organizations.organization",
                verbose_name="organization",
            ),
        ),
        migrations.AddIndex(
            model_name="successstory",
            index=models.Index(
                fields=["organization", "program"], name="stories_suc_organiz_b654a0_idx"
            ),
        ),
    ]
