"""Population tags point at the program's vocabulary (organizations.PopulationTerm).

Every free-text tag is kept, row for row (its stories keep it), and gets a term of its own in
its program's vocabulary, its text put under the language its script says (Hebrew letters:
Hebrew; Arabic letters: Arabic; otherwise English). A director then merges the terms that name
one population in several languages, and coverage counts it once.
"""

import django.db.models.deletion
from django.db import migrations, models


def language_of_text(text: str) -> str:
    for ch in text:
        if "\u0590" <= ch <= "\u05ff":
            return "he"
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            return "ar"
    return "en"


def tags_into_vocabulary(apps, schema_editor):
    DiversityTag = apps.get_model("stories", "DiversityTag")
    PopulationTerm = apps.get_model("organizations", "PopulationTerm")
    for tag in DiversityTag.objects.filter(term__isnull=True).order_by("pk").iterator():
        field = f"name_{language_of_text(tag.name)}"
        # Tag names are unique per program whatever their case, so this finds at most the
        # term an earlier run made for the same tag.
        term = PopulationTerm.objects.filter(
            program_id=tag.program_id, **{f"{field}__iexact": tag.name}
        ).first()
        if term is None:
            term = PopulationTerm.objects.create(program_id=tag.program_id, **{field: tag.name})
        DiversityTag.objects.filter(pk=tag.pk).update(term=term)


def tags_out_of_vocabulary(apps, schema_editor):
    DiversityTag = apps.get_model("stories", "DiversityTag")
    DiversityTag.objects.update(term=None)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0013_invitations_population_terms"),
        ("stories", "0009_draft_holds_real_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="diversitytag",
            name="term",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="tags",
                to="organizations.populationterm",
                verbose_name="population",
            ),
        ),
        migrations.RunPython(tags_into_vocabulary, tags_out_of_vocabulary),
    ]
