"""Send again the book renders still queued after BOOK_RENDER_REQUEUE_SECONDS (run from cron,
or by an operator after the broker was down)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from publications.services import renders_requeue_stalled


class Command(BaseCommand):
    help = "Send the stalled queued book renders to the render queue again."

    def handle(self, *args, **options):
        stalled, sent = renders_requeue_stalled()
        self.stdout.write(f"{stalled} stalled render(s), {sent} sent to the queue.")
        if stalled and sent < stalled:
            self.stderr.write("The render queue is still unreachable for some renders.")
