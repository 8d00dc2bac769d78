from django.db import migrations


def forwards(apps, schema_editor):
    from methods.reflection_template_defaults import create_shipped_templates

    create_shipped_templates(
        apps.get_model("methods", "ReflectionTemplate"), apps.get_model("methods", "TemplateStep")
    )


class Migration(migrations.Migration):
    dependencies = [("methods", "0004_reflection_templates")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
