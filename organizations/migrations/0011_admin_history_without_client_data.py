"""The admin's history (LogEntry) of rows that hold client data keeps its rows, but no longer
what they said: the admin once showed stories, meetings, assessments and decisions, and an
entry's object_repr and change message hold a story's title or an inline row's text. The admin
no longer shows those models (lfs_site/admin_site.py); their old entries would still show on
its index page ("Recent actions")."""

from django.db import migrations

#: lfs_site.admin_site.CLIENT_DATA_MODELS as it stood when this migration was written.
CLIENT_DATA_MODELS = {
    ("organizations", "meeting"),
    ("organizations", "meetingdecision"),
    ("stories", "successstory"),
    ("stories", "assessment"),
    ("stories", "selectiondecision"),
    ("stories", "storyassignment"),
    ("stories", "clientidentity"),
    ("stories", "interview"),
    ("stories", "answer"),
    ("stories", "consent"),
    ("stories", "storydraft"),
    ("stories", "draftcomment"),
    ("stories", "storyapproval"),
    ("stories", "diversitytag"),
    ("stories", "principle"),
    ("stories", "principleevidence"),
    ("stories", "commonprinciple"),
    ("stories", "storyshare"),
    ("stories", "principlelink"),
    ("methods", "workshop"),
    ("methods", "workshopstep"),
    ("methods", "contributiongroup"),
    ("methods", "contribution"),
    ("methods", "actionitem"),
    ("methods", "learningquestion"),
    ("methods", "inquirycycle"),
    ("methods", "learninglogentry"),
    ("methods", "learningpattern"),
    ("methods", "patternevidence"),
    ("publications", "storybook"),
    ("publications", "bookentry"),
}
SCRUBBED = "(client data: not shown)"


def scrub(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = [
        ct.pk
        for ct in ContentType.objects.all()
        if (ct.app_label, ct.model) in CLIENT_DATA_MODELS
    ]
    LogEntry.objects.filter(content_type_id__in=types).update(
        object_repr=SCRUBBED, change_message=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0010_auditevent_real_name_refused"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
