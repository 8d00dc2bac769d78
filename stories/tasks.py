"""Background work of the stories app."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from lfs_site.mail import send_to_user

from .models import SelectionDecision


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
)
def send_decision_notice(self, decision_id: int) -> bool:
    """Tell the person who told a story what the selection meeting decided, and why."""
    decision = (
        SelectionDecision.objects.select_related("story__told_by", "story__program", "meeting")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        return False
    teller = decision.story.told_by
    return send_to_user(
        teller,
        subject_template="stories/email/decision_subject.txt",
        body_template="stories/email/decision_body.txt",
        context={
            "decision": decision,
            "story": decision.story,
            "teller": teller,
            "site_url": settings.SITE_URL,
        },
    )
