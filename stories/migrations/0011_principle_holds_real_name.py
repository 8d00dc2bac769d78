from django.db import migrations, models


def mark_principles_naming_the_client(apps, schema_editor):
    """Principles (and evidence quotes) written before names were checked may name the story's
    client: mark them, so that they are kept out of every list, export, search, library and
    book. The decision is the one every check makes (`stories.realnames.reveals_real_name`)."""
    from stories.realnames import reveals_real_name

    ClientIdentity = apps.get_model("stories", "ClientIdentity")
    Principle = apps.get_model("stories", "Principle")
    PrincipleEvidence = apps.get_model("stories", "PrincipleEvidence")
    names = dict(
        ClientIdentity.objects.exclude(real_name="").values_list("story_id", "real_name")
    )
    quotes: dict[int, list[str]] = {}
    for principle_id, quote in PrincipleEvidence.objects.filter(
        principle__story_id__in=list(names)
    ).values_list("principle_id", "quote"):
        quotes.setdefault(principle_id, []).append(quote)
    held = []
    principles = Principle.objects.filter(story_id__in=list(names)).only(
        "pk", "story_id", "situation", "goal", "action"
    )
    for p in principles.iterator(chunk_size=500):
        texts = [p.situation, p.goal, p.action, *quotes.get(p.pk, [])]
        if any(reveals_real_name(text, [names[p.story_id]]) for text in texts):
            held.append(p.pk)
    Principle.objects.filter(pk__in=held).update(holds_real_name=True)


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0010_population_tags"),
    ]

    operations = [
        migrations.AddField(
            model_name="principle",
            name="holds_real_name",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_principles_naming_the_client, migrations.RunPython.noop),
    ]
