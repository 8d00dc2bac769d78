"""GIN indexes for full-text search (PostgreSQL only; the SQLite demo searches with icontains).

Each index is built over exactly the expression `dashboard.search.search_vector(...)` produces
(`to_tsvector('simple', coalesce(f1, '') || ' ' || ...)`), so the planner can use it for the
search queries. The field lists are repeated here on purpose: a migration must not change when
the code does; tests/test_search.py checks that they still match.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    (
        "SuccessStory",
        "story_search_gin",
        (
            "title",
            "summary",
            "success_in_worker_eyes",
            "success_in_client_eyes",
            "client_pseudonym",
        ),
    ),
    ("Answer", "answer_search_gin", ("text",)),
    ("Principle", "principle_search_gin", ("situation", "goal", "action")),
    ("CommonPrinciple", "common_principle_search_gin", ("text",)),
]


def _index(name, fields):
    return GinIndex(SearchVector(*fields, config="simple"), name=name)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, name, fields in INDEXES:
        schema_editor.add_index(apps.get_model("stories", model_name), _index(name, fields))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, name, fields in INDEXES:
        schema_editor.remove_index(apps.get_model("stories", model_name), _index(name, fields))


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_storyerasure"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
