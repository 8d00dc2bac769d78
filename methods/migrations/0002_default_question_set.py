from django.db import migrations


def forwards(apps, schema_editor):
    from methods.defaults import create_default_set

    create_default_set(apps.get_model("methods", "QuestionSet"), apps.get_model("methods", "GuidingQuestion"))


class Migration(migrations.Migration):
    dependencies = [("methods", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
