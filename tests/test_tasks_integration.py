"""With the real stack: PostgreSQL, Redis and a Celery worker process."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .workers import celery_worker, new_queue, real_stack_or_skip, sending_to, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_tells_the_teller_about_the_decision(world, client, tmp_path):
    broker = real_stack_or_skip()
    queue = new_queue()
    outbox = tmp_path / "mail"
    outbox.mkdir()
    env = {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(outbox),
    }
    reasons = "The committee chose this story because the client's own words show the change."
    with (
        celery_worker(queue=queue, extra_env=env, log_path=tmp_path / "worker.log"),
        sending_to(queue, broker),
    ):
        client.force_login(world.committee)
        response = client.post(
            reverse("stories:decision_save", args=[world.meeting.pk, world.story.pk]),
            {f"s{world.story.pk}-outcome": "selected", f"s{world.story.pk}-reasons": reasons},
        )
        assert response.status_code == 302
        sent = wait_for(lambda: list(outbox.glob("*.log")), timeout=60)
    assert sent, (tmp_path / "worker.log").read_text()
    message = sent[0].read_text()
    assert world.teller.email in message
    assert "Back to work" in message
    assert "client's own words" in message  # plain text, not &#x27;
