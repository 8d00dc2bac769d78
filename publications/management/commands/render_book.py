"""Render a story book synchronously, for operators: `python manage.py render_book BOOK_ID`."""

from __future__ import annotations

import sys
import threading

from django.core.management.base import BaseCommand, CommandError

from organizations.models import Role, User
from organizations.selectors import program_access
from publications import services
from publications.models import BookRender, StoryBook
from publications.selectors import book_composition


class Command(BaseCommand):
    help = "Render a story book to PDF now (a new version), with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("book_id", type=int)
        parser.add_argument(
            "--as",
            dest="email",
            default="",
            help="The e-mail of the person the render is recorded for (default: the director).",
        )

    def handle(self, *args, book_id: int, email: str, **options):
        book = StoryBook.objects.select_related("program__organization").filter(pk=book_id).first()
        if book is None:
            raise CommandError(f"There is no book {book_id}.")
        user = (
            User.objects.filter(email=email).first()
            if email
            else User.objects.filter(
                memberships__organization=book.program.organization,
                memberships__role=Role.DIRECTOR,
            ).first()
        )
        if user is None:
            raise CommandError("No director found to record the render for; use --as EMAIL.")
        access = program_access(user, book.program)
        from django.core.exceptions import PermissionDenied, ValidationError

        try:
            last = BookRender.objects.filter(book=book).order_by("-version").first()
            render = self._new_render(access, book, user, last)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        done = threading.Event()
        bar = threading.Thread(target=self._bar, args=(render.pk, done), daemon=True)
        bar.start()
        try:
            outcome = services.render_execute(render_id=render.pk, worker="manage.py render_book")
        finally:
            done.set()
            bar.join()
        render.refresh_from_db()
        self._draw(render.progress, render.stage, end="\n")
        if render.status != BookRender.Status.DONE:
            raise CommandError(f"The render {outcome}: {render.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Book {book.pk} version {render.version}: {render.pages} pages, "
                f"{render.bytes:,} bytes, {render.seconds:.1f} s, sha256 {render.sha256}"
            )
        )
        self.stdout.write(render.pdf.path)

    def _new_render(self, access, book, user, last) -> BookRender:
        """A queued render that this process claims itself (no task is sent)."""
        from django.db import transaction

        if not services.can_compose(access):
            raise CommandError("That person may not render this book.")
        if not book_composition(book).included:
            raise CommandError(
                "This book has no story that can be published yet: add approved stories whose "
                "publication consent stands."
            )
        with transaction.atomic():
            return BookRender.objects.create(
                book=book, version=(last.version if last else 0) + 1, requested_by=user
            )

    @staticmethod
    def _draw(value: int, stage: str, end: str = "") -> None:
        width = 40
        filled = width * value // 100
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {value:3d}% {stage[:40]:<40}{end}"
        )
        sys.stderr.flush()

    def _bar(self, render_id: int, done: threading.Event) -> None:
        from django.db import connection

        try:
            while not done.wait(0.3):
                try:
                    row = (
                        BookRender.objects.filter(pk=render_id).values("progress", "stage").first()
                    )
                except Exception:  # noqa: S112 - the bar is cosmetic; the render goes on
                    continue
                if row:
                    self._draw(row["progress"], row["stage"])
        finally:
            connection.close()
