"""Background work of the publications app: rendering a book to PDF.

The task is thin: it takes the render's id and calls `services.render_execute`, which claims
the render with a conditional UPDATE (a finished render is never redone; a re-delivered message
whose render another live worker holds does nothing), renders, stores and records it.

Delivery: acknowledged late and rejected if the worker process is lost, so a killed worker's
message goes back to the queue (with Redis, after the broker's visibility timeout:
CELERY_VISIBILITY_TIMEOUT); transient database or network errors are retried with backoff; a
hard time limit (BOOK_RENDER_TIME_LIMIT) stops a runaway render.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from . import services

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=settings.BOOK_RENDER_MAX_RETRIES,
    time_limit=settings.BOOK_RENDER_TIME_LIMIT,
    # the soft limit leaves time to record the failure before the hard one kills the process
    soft_time_limit=max(
        settings.BOOK_RENDER_TIME_LIMIT - 15, settings.BOOK_RENDER_TIME_LIMIT * 2 // 3, 1
    ),
)
def render_book(self, render_id: int) -> str:
    worker = f"{self.request.hostname or 'local'}:{self.request.id or '-'}"
    try:
        outcome = services.render_execute(render_id=render_id, worker=worker)
    except SoftTimeLimitExceeded:
        services.render_fail(
            render_id=render_id,
            message=_(
                "The render took longer than %(n)d seconds and was stopped. Try again later, or "
                "ask an operator to render it with `manage.py render_book`."
            )
            % {"n": settings.BOOK_RENDER_TIME_LIMIT},
        )
        return "timeout"
    except TRANSIENT as exc:
        services.render_release(render_id=render_id, message=str(exc))
        if self.request.retries >= self.max_retries:
            services.render_fail(
                render_id=render_id,
                message=_("The render failed after several attempts: %(error)s") % {"error": exc},
            )
            raise
        raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 1), 300)) from exc
    except Exception as exc:
        logger.exception("book render %s failed", render_id)
        services.render_fail(
            render_id=render_id,
            message=_("The render failed: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"},
        )
        return "failed"
    if outcome == "busy" and not settings.CELERY_TASK_ALWAYS_EAGER:
        # Another worker holds the render and is alive. Look again after its lease, in case it
        # dies without its message coming back. (In-process, without a broker, a countdown is
        # not kept: the status page takes a dead render over, see render_requeue_if_stalled.)
        render_book.apply_async((render_id,), countdown=settings.BOOK_RENDER_LEASE_SECONDS * 2)
    return outcome
