"""The migration that keeps each consent's wording: consents recorded before it keep their
version label and get no wording made up for them (it was never stored)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stories.models import Consent

BEFORE = ("stories", "0007_decision_history")
AFTER = ("stories", "0008_consent_wording_and_texts")


@pytest.mark.django_db(transaction=True)
def test_consents_recorded_before_keep_their_label_and_no_wording_is_invented(world):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([BEFORE])
        old_apps = executor.loader.project_state([BEFORE]).apps
        OldConsent = old_apps.get_model("stories", "Consent")
        assert "consent_text" not in {f.name for f in OldConsent._meta.fields}
        legacy = OldConsent.objects.create(
            interview_id=world.interview.pk,
            scope="recording",
            given_on=world.interview.held_on,
            method="oral",
            consent_text_version="Paper form B, 2025",
            recorded_by_id=world.student.pk,
        )
        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
    finally:
        MigrationExecutor(connection).migrate(latest)
    row = Consent.objects.get(pk=legacy.pk)
    assert row.consent_text_version == "Paper form B, 2025"
    assert row.consent_text == "" and row.consent_language == ""
    assert set(
        Consent.objects.filter(interview=world.interview).values_list(
            "consent_text_version", flat=True
        )
    ) == {"Form 1", "Paper form B, 2025"}
