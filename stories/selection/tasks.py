"""Background work of selection: telling the teller what the meeting decided."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction

from lfs_site.mail import send_to_user
from stories.models import DecisionNotice, SelectionDecision


@shared_task(
    name="stories.tasks.send_decision_notice",  # its name before it moved: queued tasks still run
    bind=True,
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
)
def send_decision_notice(self, decision_id: int) -> bool:
    """Tell the person who told a story what the selection meeting decided, and why (a
    correction says so, with its reason). Once a decision: the notice row is claimed in the
    same transaction as the sending, so a task run twice (a retry, a redelivery) sends nothing
    the second time, and one whose sending failed leaves no row behind for its retry."""
    decision = (
        SelectionDecision.objects.select_related(
            "story__told_by", "story__program", "meeting", "replaces"
        )
        .filter(pk=decision_id)
        .first()
    )
    if decision is None or not decision.story.told_by.email:
        return False
    teller = decision.story.told_by
    try:
        with transaction.atomic():
            DecisionNotice.objects.create(decision=decision)
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
    except IntegrityError:  # told already (or being told by another run of this task)
        return False
