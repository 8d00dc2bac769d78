"""Writes of the publications app: composing books, the catalogue, and rendering them.

Every function checks the caller's access, validates with full_clean() and raises domain
exceptions (ValidationError, PermissionDenied); views stay thin.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lfs_site.mail import send_to_user
from organizations.models import AuditEvent, User
from organizations.selectors import ProgramAccess
from organizations.services import audit_record
from stories.models import SuccessStory
from stories.rights.selectors import publishability_for
from stories.services import program_real_name_refuse

from . import tasks
from .models import BookEntry, BookRender, RelatedPublication, StoryBook
from .selectors import book_composition, book_content, can_compose, render_withdrawn

logger = logging.getLogger(__name__)

BOOK_FIELDS = (
    "title",
    "subtitle",
    "authors",
    "editor",
    "translator",
    "graphic_design",
    "publisher",
    "organization_name",
    "place",
    "published_on",
    "language",
    "abstract",
    "foreword",
    "include_principles",
)


def _require_compose(access: ProgramAccess) -> None:
    if not can_compose(access):
        raise PermissionDenied


#: The book's fields that are printed as text (the credits, the front matter).
BOOK_TEXT_FIELDS = (
    "title",
    "subtitle",
    "authors",
    "editor",
    "translator",
    "graphic_design",
    "publisher",
    "organization_name",
    "place",
    "abstract",
    "foreword",
)
PUBLICATION_TEXT_FIELDS = ("authors", "title", "series_code", "url")


def _refuse_real_names(*, program, model, fields: dict, by: User | None, request=None) -> None:
    """A book is composed from the program's stories: its own texts are refused while they
    reveal the real name of any client of them (`stories.realnames`; the field is named, never
    the name; the refusal is audit-logged)."""
    program_real_name_refuse(program=program, fields=fields, model=model, by=by, request=request)


# Books --------------------------------------------------------------------------------------


def book_create(*, access: ProgramAccess, by: User, request=None, **fields) -> StoryBook:
    """A new book of the program, starting with every approved story in title order."""
    _require_compose(access)
    _refuse_real_names(
        program=access.program,
        model=StoryBook,
        fields={n: fields[n] for n in BOOK_TEXT_FIELDS if n in fields},
        by=by,
        request=request,
    )
    book = StoryBook(program=access.program, created_by=by)
    for name in BOOK_FIELDS:
        if name in fields:
            setattr(book, name, fields[name])
    book.full_clean()
    with transaction.atomic():
        book.save()
        stories = SuccessStory.objects.usable(access.program).filter(approval__isnull=False)
        stories = stories.order_by("title")
        BookEntry.objects.bulk_create(
            [BookEntry(book=book, story=s, position=i) for i, s in enumerate(stories, start=1)]
        )
    return book


def book_update(
    *, access: ProgramAccess, book: StoryBook, by: User | None = None, request=None, **fields
) -> StoryBook:
    _require_compose(access)
    _refuse_real_names(
        program=book.program,
        model=StoryBook,
        fields={n: fields[n] for n in BOOK_TEXT_FIELDS if n in fields},
        by=by,
        request=request,
    )
    stored = StoryBook.objects.filter(pk=book.pk).values(*BOOK_FIELDS).first() or {}
    changed = [n for n in BOOK_FIELDS if n in fields and stored.get(n) != fields[n]]
    for name in changed:
        setattr(book, name, fields[name])
    if changed:
        book.full_clean()
        book.save(update_fields=[*changed, "updated_at"])
    return book


#: The cover image: JPEG or PNG, at most 5 MB, at least 400 pixels on each side, at most 40
#: megapixels (a decompression bomb is refused before it is decoded).
COVER_MAX_BYTES = 5 * 1024 * 1024
COVER_MIN_SIDE = 400
COVER_MAX_PIXELS = 40_000_000


def _cover_clean(upload) -> tuple[bytes, str]:
    """Check an uploaded image with Pillow and re-encode it, so that only pixels are kept (no
    camera metadata: a photo's EXIF can hold where it was taken). Returns (bytes, extension)."""
    import io

    from PIL import Image, UnidentifiedImageError

    if upload.size > COVER_MAX_BYTES:
        raise ValidationError({"cover": _("The image is larger than 5 MB: choose a smaller one.")})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            if image_format not in ("JPEG", "PNG"):
                raise ValidationError({"cover": _("Choose a JPEG or PNG image.")})
            if width * height > COVER_MAX_PIXELS:
                raise ValidationError({"cover": _("The image has too many pixels: resize it.")})
            if min(width, height) < COVER_MIN_SIDE:
                raise ValidationError(
                    {
                        "cover": _(
                            "The image is too small to print: it needs at least %(n)d pixels "
                            "on each side."
                        )
                        % {"n": COVER_MIN_SIDE}
                    }
                )
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            out = io.BytesIO()
            if image_format == "PNG":
                image.save(out, format="PNG", optimize=True)
                return out.getvalue(), ".png"
            image.convert("RGB").save(out, format="JPEG", quality=90)
            return out.getvalue(), ".jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            {"cover": _("This file is not an image that can be read. Choose a JPEG or PNG.")}
        ) from None


def book_cover_set(
    *,
    access: ProgramAccess,
    book: StoryBook,
    upload,
    alt: str,
    by: User | None = None,
    request=None,
) -> StoryBook:
    """Put an image on the book's cover: checked, re-encoded, stored privately; described in
    words for readers who cannot see it (the PDF/UA and EPUB need it)."""
    _require_compose(access)
    alt = " ".join((alt or "").split())
    if not alt:
        raise ValidationError(
            {"cover_alt": _("Describe what the image shows, for readers who cannot see it.")}
        )
    _refuse_real_names(
        program=book.program, model=StoryBook, fields={"cover_alt": alt}, by=by, request=request
    )
    data, extension = _cover_clean(upload)
    old = book.cover.name if book.cover else ""
    book.cover.save(f"cover{extension}", ContentFile(data), save=False)
    book.cover_alt = alt
    book.full_clean()
    with transaction.atomic():
        book.save(update_fields=["cover", "cover_alt", "updated_at"])
        if old:
            storage = book.cover.storage
            transaction.on_commit(lambda: storage.delete(old))
    return book


def book_cover_remove(*, access: ProgramAccess, book: StoryBook) -> StoryBook:
    _require_compose(access)
    if book.cover:
        old, storage = book.cover.name, book.cover.storage
        book.cover = ""
        book.cover_alt = ""
        with transaction.atomic():
            book.save(update_fields=["cover", "cover_alt", "updated_at"])
            transaction.on_commit(lambda: storage.delete(old))
    return book


def book_preview_html(*, book: StoryBook) -> str:
    """The web edition of the book as it stands now (not stored): what a render would hold,
    under the same real-name guard. Raises ValidationError when it cannot be shown."""
    from .renderer import RenderRefused, render_book_editions

    with translation.override(book.language):
        content = book_content(book)
        if not content.chapters:
            raise ValidationError(
                _(
                    "This book has no story that can be published yet: add approved stories "
                    "whose publication consent stands."
                )
            )
        try:
            return render_book_editions(content, epub=False).web.decode()
        except RenderRefused as exc:
            raise ValidationError(str(exc)) from exc


def book_preview_record(*, book: StoryBook, by: User, request=None) -> None:
    """The preview shows the whole text of the book: audited like a download."""
    audit_record(
        actor=by,
        action=AuditEvent.Action.BOOK_DOWNLOADED,
        obj=book,
        organization=book.program.organization,
        summary=f"preview of book {book.pk} (not rendered)",
        request=request,
    )


def _touch(book: StoryBook) -> None:
    book.updated_at = timezone.now()
    StoryBook.objects.filter(pk=book.pk).update(updated_at=book.updated_at)


@transaction.atomic
def entry_add(*, access: ProgramAccess, book: StoryBook, story_id: int) -> BookEntry:
    """Add an approved story of the book's program at the end."""
    _require_compose(access)
    story = (
        SuccessStory.objects.usable(book.program)
        .filter(pk=story_id, approval__isnull=False)
        .first()
    )
    if story is None:
        raise ValidationError(_("Only the program's approved stories can be added to a book."))
    if BookEntry.objects.filter(book=book, story=story).exists():
        raise ValidationError(_("This story is already in the book."))
    last = BookEntry.objects.filter(book=book).aggregate(m=Max("position"))["m"] or 0
    entry = BookEntry.objects.create(book=book, story=story, position=last + 1)
    _touch(book)
    return entry


@transaction.atomic
def entry_remove(*, access: ProgramAccess, entry: BookEntry) -> None:
    _require_compose(access)
    book = entry.book
    entry.delete()
    _renumber(book)
    _touch(book)


def _renumber(book: StoryBook, order: list[int] | None = None) -> None:
    entries = list(BookEntry.objects.select_for_update().filter(book=book).order_by("position"))
    if order is not None:
        rank = {pk: i for i, pk in enumerate(order)}
        entries.sort(key=lambda e: (rank.get(e.pk, len(rank)), e.position, e.pk))
    for i, entry in enumerate(entries, start=1):
        entry.position = i
    BookEntry.objects.bulk_update(entries, ["position"])


@transaction.atomic
def entry_move(*, access: ProgramAccess, entry: BookEntry, direction: str) -> None:
    """Move a story one place up or down in the book."""
    _require_compose(access)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a story up or down."))
    book = entry.book
    ids = list(
        BookEntry.objects.select_for_update()
        .filter(book=book)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    i = ids.index(entry.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
        _renumber(book, ids)
        _touch(book)


@transaction.atomic
def entries_reorder(*, access: ProgramAccess, book: StoryBook, order: list[int]) -> None:
    """Set the order of the book's stories at once (after a drag and drop)."""
    _require_compose(access)
    current = set(BookEntry.objects.filter(book=book).values_list("pk", flat=True))
    if set(order) != current or len(order) != len(current):
        raise ValidationError(_("The new order must list every story of the book once."))
    _renumber(book, order)
    _touch(book)


# Related publications -------------------------------------------------------------------------


def publication_create(
    *, access: ProgramAccess, book: StoryBook, by: User | None = None, request=None, **fields
) -> RelatedPublication:
    """Add an entry to the organization's catalogue and choose it for this book (refused while
    it reveals the real name of a client of the book's program)."""
    _require_compose(access)
    _refuse_real_names(
        program=book.program,
        model=RelatedPublication,
        fields={n: fields[n] for n in PUBLICATION_TEXT_FIELDS if n in fields},
        by=by,
        request=request,
    )
    publication = RelatedPublication(organization=book.program.organization, **fields)
    publication.full_clean()
    with transaction.atomic():
        publication.save()
        book.related_publications.add(publication)
        _touch(book)
    return publication


@transaction.atomic
def book_publications_set(*, access: ProgramAccess, book: StoryBook, ids: list[int]) -> None:
    _require_compose(access)
    chosen = list(
        RelatedPublication.objects.filter(organization=book.program.organization, pk__in=ids)
    )
    book.related_publications.set(chosen)
    _touch(book)


# Rendering ------------------------------------------------------------------------------------


def request_render(
    *, access: ProgramAccess, book: StoryBook, by: User, kind: str = BookRender.Kind.BOOK
) -> BookRender:
    """Queue a new render (a new version) of the book, or of its slide deck (kind
    "presentation"); the task is sent once this commits (if the broker is down the render
    waits, see render_enqueue)."""
    if kind not in BookRender.Kind.values:
        raise ValidationError(_("Choose a book or a slide deck."))
    _require_compose(access)
    if not book_composition(book).included:
        raise ValidationError(
            _(
                "This book has no story that can be published yet: add approved stories whose "
                "publication consent stands, then render."
            )
        )
    with transaction.atomic():
        StoryBook.objects.select_for_update().filter(pk=book.pk).first()  # serialize versions
        active = BookRender.objects.filter(
            book=book,
            kind=kind,
            status__in=[BookRender.Status.QUEUED, BookRender.Status.RUNNING],
        ).first()
        if active is not None:
            return active
        last = BookRender.objects.filter(book=book).aggregate(m=Max("version"))["m"] or 0
        render = BookRender.objects.create(
            book=book,
            kind=kind,
            version=last + 1,
            requested_by=by,
            stage=_("Waiting for a worker"),
        )
        transaction.on_commit(lambda: render_enqueue(render_id=render.pk))
    return render


def _queue_errors() -> tuple[type[BaseException], ...]:
    """What a publish raises when the broker is down or unreachable."""
    from kombu.exceptions import OperationalError as KombuOperationalError

    errors: list[type[BaseException]] = [KombuOperationalError, ConnectionError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is installed wherever a broker is used
        pass
    return tuple(errors)


def render_enqueue(*, render_id: int) -> bool:
    """Send the render task; never raises. If the broker is down the render stays queued,
    marked as waiting for the queue, and is sent again by `render_requeue_if_stalled` (the
    status page) or `manage.py requeue_renders`. Returns whether the task was sent."""
    now = timezone.now()
    if settings.BOOK_RENDER_IN_THREAD:
        BookRender.objects.filter(pk=render_id, status=BookRender.Status.QUEUED).update(
            stage=_("Waiting for a worker"), last_enqueued_at=now
        )
        render_in_thread(render_id=render_id)
        return True
    try:
        tasks.render_book.delay(render_id)
    except _queue_errors() as exc:
        logger.warning("could not send book render %s to the queue: %s", render_id, exc)
        BookRender.objects.filter(pk=render_id, status=BookRender.Status.QUEUED).update(
            stage=_("Waiting for the render queue"), last_enqueued_at=now
        )
        return False
    BookRender.objects.filter(pk=render_id, status=BookRender.Status.QUEUED).update(
        stage=_("Waiting for a worker"), last_enqueued_at=now
    )
    return True


def render_in_thread(*, render_id: int) -> threading.Thread:
    """Run the render task in a background thread of this process (no broker: the demo), so
    the request that asked for it returns at once and the status page shows the progress.
    The task's own rules hold: the claim (a second thread or a worker finds it taken), the
    heartbeat, the failure record. A render cut off by a restart stays queued or loses its
    heartbeat, and is sent again by its status page (`render_requeue_if_stalled`)."""

    def run() -> None:
        try:
            tasks.render_book.apply(args=(render_id,))
        except Exception:  # recorded on the render by the task; never kill the process
            logger.exception("book render %s failed in its thread", render_id)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"book-render-{render_id}", daemon=True)
    thread.start()
    return thread


def render_requeue_if_stalled(render: BookRender, *, now=None) -> bool:
    """Send the task again for a render still queued BOOK_RENDER_REQUEUE_SECONDS after it was
    last sent (the broker was down, or its message was lost). One conditional UPDATE throttles
    it, so many pollers send it once; a duplicate delivery is harmless (see render_claim)."""
    now = now or timezone.now()
    if (
        settings.BOOK_RENDER_IN_THREAD
        and render.status == BookRender.Status.RUNNING
        and render.heartbeat_at is not None
        and render.heartbeat_at < now - timedelta(seconds=settings.BOOK_RENDER_LEASE_SECONDS)
    ):
        # its thread died with the web process that ran it (a restart): take it over
        render_in_thread(render_id=render.pk)
        return True
    if render.status != BookRender.Status.QUEUED:
        return False
    due = now - timedelta(seconds=settings.BOOK_RENDER_REQUEUE_SECONDS)
    taken = (
        BookRender.objects.filter(pk=render.pk, status=BookRender.Status.QUEUED)
        .filter(
            Q(last_enqueued_at__lt=due) | Q(last_enqueued_at__isnull=True, requested_at__lt=due)
        )
        .update(last_enqueued_at=now)
    )
    if not taken:
        return False
    logger.info("sending the stalled book render %s to the queue again", render.pk)
    sent = render_enqueue(render_id=render.pk)
    render.refresh_from_db(fields=["stage", "last_enqueued_at", "status"])
    return sent


def renders_requeue_stalled() -> tuple[int, int]:
    """Requeue every stalled render (for operators and cron). Returns (stalled, sent)."""
    stalled = sent = 0
    for render in BookRender.objects.filter(status=BookRender.Status.QUEUED).order_by("pk"):
        due = timezone.now() - timedelta(seconds=settings.BOOK_RENDER_REQUEUE_SECONDS)
        if (render.last_enqueued_at or render.requested_at) >= due:
            continue
        stalled += 1
        sent += render_requeue_if_stalled(render)
    return stalled, sent


class Claim:
    """A worker's hold on a render: a unique token in `claimed_by`, kept alive by a heartbeat.

    Every write of a claimed render is conditional on the token, so a worker that lost its
    claim (it was presumed dead and another took over) can never record a second result.
    """

    def __init__(self, render_id: int, token: str) -> None:
        self.render_id = render_id
        self.token = token

    def _rows(self):
        return BookRender.objects.filter(
            pk=self.render_id, claimed_by=self.token, status=BookRender.Status.RUNNING
        )

    def progress(self, value: int, stage: str = "") -> bool:
        fields: dict[str, object] = {"heartbeat_at": timezone.now()}
        if stage:
            fields["stage"] = stage[:120]
        updated = self._rows().filter(progress__lte=value).update(progress=value, **fields)
        if not updated:
            updated = self._rows().update(**fields)
        return bool(updated)


def render_claim(*, render_id: int, worker: str) -> tuple[str, Claim | None]:
    """Claim a render for this worker with one conditional UPDATE.

    A queued render is claimed; so is a running one whose worker stopped sending heartbeats
    (it died: its message was re-delivered). A finished render is never redone, and a render
    another live worker is on is left alone. Returns (outcome, claim).
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.BOOK_RENDER_LEASE_SECONDS)
    token = f"{worker[:150]}:{uuid.uuid4().hex}"
    claimed = (
        BookRender.objects.filter(pk=render_id)
        .filter(
            Q(status=BookRender.Status.QUEUED)
            | Q(status=BookRender.Status.RUNNING, heartbeat_at__lt=stale)
        )
        .update(
            status=BookRender.Status.RUNNING,
            claimed_by=token,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            progress=2,
            stage=_("Collecting the stories"),
            error="",
        )
    )
    if claimed:
        return "claimed", Claim(render_id, token)
    render = BookRender.objects.filter(pk=render_id).only("status").first()
    if render is None:
        return "missing", None
    if render.status in (BookRender.Status.DONE, BookRender.Status.FAILED):
        return "finished", None
    return "busy", None


class _Heartbeat(threading.Thread):
    """Keeps the claim alive (and the progress bar moving) while WeasyPrint lays out pages."""

    def __init__(self, claim: Claim, *, estimate: float, start: int, end: int) -> None:
        super().__init__(daemon=True)
        self.claim = claim
        self.estimate = max(estimate, 0.5)
        self.range = (start, end)
        self.stopped = threading.Event()
        self.began = time.monotonic()
        self.interval = min(
            settings.BOOK_RENDER_HEARTBEAT_SECONDS, settings.BOOK_RENDER_LEASE_SECONDS / 3
        )

    def run(self) -> None:
        if self.interval <= 0:
            return
        try:
            while not self.stopped.wait(self.interval):
                share = min((time.monotonic() - self.began) / self.estimate, 0.95)
                start, end = self.range
                self.claim.progress(int(start + (end - start) * share))
        except Exception:  # a heartbeat must never break the render
            logger.exception("book render heartbeat failed")
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


def _estimate_seconds(story_count: int) -> float:
    """A rough layout time, for the progress bar only (see benchmarks/render_book.py)."""
    return 1.0 + 0.12 * story_count


def render_execute(*, render_id: int, worker: str) -> str:
    """Claim, render, store and record one BookRender; the task calls only this.

    Returns what happened: "done", "finished" (nothing to do), "busy", "missing", "refused",
    or "lost" (another worker took over: this result is discarded).
    """
    from .presentation import render_presentation_pdf
    from .renderer import RenderRefused, render_book_editions, render_book_pdf

    outcome, claim = render_claim(render_id=render_id, worker=worker)
    if claim is None:
        return outcome
    render = BookRender.objects.select_related("book__program__organization").get(pk=render_id)
    book = render.book
    started = time.monotonic()
    with translation.override(book.language):
        content = book_content(book)
        heartbeat = _Heartbeat(
            claim, estimate=_estimate_seconds(len(content.chapters)), start=20, end=84
        )
        heartbeat.start()
        try:
            renderer = render_presentation_pdf if render.is_presentation else render_book_pdf
            result = renderer(content, progress=claim.progress)
            editions = None if render.is_presentation else render_book_editions(content)
        except RenderRefused as exc:
            heartbeat.stop()
            render_fail(claim=claim, message=str(exc))
            return "refused"
        finally:
            heartbeat.stop()
    claim.progress(95, _("Saving the PDF"))
    seconds = round(time.monotonic() - started, 3)
    digest = hashlib.sha256(result.pdf).hexdigest()
    render.pdf.save(f"{render.kind}-{book.pk}.pdf", ContentFile(result.pdf), save=False)
    if editions is not None:
        render.epub.save(f"book-{book.pk}.epub", ContentFile(editions.epub), save=False)
        render.web.save(f"book-{book.pk}.html", ContentFile(editions.web), save=False)
    files = [f.name for f in (render.pdf, render.epub, render.web) if f]

    def discard() -> None:
        for name in files:
            render.pdf.storage.delete(name)

    with transaction.atomic():
        # A consent withdrawn while the pages were laid out (its transaction may have begun
        # before this render did): the file is discarded, never recorded as ready.
        publishable = publishability_for([c.story for c in content.chapters])
        if not all(p.ok for p in publishable.values()):
            render_fail(
                claim=claim,
                message=_(
                    "A story's publication consent was withdrawn while this version was being "
                    "rendered, so its file was discarded. Render the book again: the story will "
                    "be left out."
                ),
            )
            transaction.on_commit(discard)
            return "refused"
        recorded = claim._rows().update(
            status=BookRender.Status.DONE,
            progress=100,
            stage=_("Ready"),
            pdf=render.pdf.name,
            epub=render.epub.name,
            web=render.web.name,
            pages=result.pages,
            bytes=len(result.pdf),
            sha256=digest,
            seconds=seconds,
            finished_at=timezone.now(),
            contents={**content.snapshot, "refused_urls": result.refused_urls[:20]},
        )
        if recorded:
            transaction.on_commit(lambda: render_notify(render_id=render_id))
    if not recorded:
        discard()
        return "lost"
    return "done"


def render_fail(*, claim: Claim | None = None, render_id: int | None = None, message: str) -> None:
    """Record a failure the editor can read (a claim's failure, or any non-finished render's)."""
    rows = (
        claim._rows()
        if claim is not None
        else BookRender.objects.filter(
            pk=render_id,  # type: ignore[misc]  # without a claim, a render_id is given
            status__in=[BookRender.Status.QUEUED, BookRender.Status.RUNNING],
        )
    )
    rows.update(
        status=BookRender.Status.FAILED,
        error=message[:2000],
        stage=_("Failed"),
        finished_at=timezone.now(),
    )


def render_release(*, render_id: int, message: str) -> None:
    """Put a render back in the queue after a transient error, for the retry to claim."""
    BookRender.objects.filter(pk=render_id, status=BookRender.Status.RUNNING).update(
        status=BookRender.Status.QUEUED,
        claimed_by="",
        stage=_("Retrying after a temporary error"),
        error=message[:2000],
    )


def render_notify(*, render_id: int) -> bool:
    """E-mail the person who asked for the render a link to it.

    (No connection housekeeping here: Celery's Django fix-up closes stale connections around
    each task in a worker, and closing the connection in-process would break the caller's.)"""
    render = BookRender.objects.select_related("book", "requested_by").filter(pk=render_id).first()
    if render is None or render.requested_by is None or not render.requested_by.email:
        return False
    if render_withdrawn(render):
        return False  # a consent was withdrawn since: the file is no longer given out
    context = {
        "render": render,
        "book": render.book,
        "user": render.requested_by,
        "url": settings.SITE_URL + reverse("publications:book_render_status", args=[render.pk]),
    }
    try:
        send_to_user(
            render.requested_by,
            subject_template="publications/email/ready_subject.txt",
            body_template="publications/email/ready_body.txt",
            context=context,
        )
    except OSError:
        logger.exception("could not e-mail the book render %s", render_id)
        return False
    return True


#: How the audit log names each file of a render.
EDITION_NAMES = {"pdf": "", "epub": "EPUB of ", "web": "web edition of "}


def render_download_record(
    *, render: BookRender, by: User, request=None, edition: str = "pdf"
) -> None:
    """A download (or, for the web edition, an opening) of one of the render's files."""
    audit_record(
        actor=by,
        action=AuditEvent.Action.BOOK_DOWNLOADED,
        obj=render,
        organization=render.book.program.organization,
        summary=f"{EDITION_NAMES[edition]}{'slides of ' if render.is_presentation else ''}"
        f"book {render.book_id} v{render.version} ({render.sha256[:12]})",
        request=request,
    )


def render_download_refused_record(
    *, render: BookRender, by: User, request=None, edition: str = "pdf"
) -> None:
    """A download refused because a story's consent was withdrawn (or its data erased) after
    the render: the attempt is in the audit log (ids only, no story or client data)."""
    audit_record(
        actor=by,
        action=AuditEvent.Action.BOOK_DOWNLOAD_REFUSED,
        obj=render,
        organization=render.book.program.organization,
        summary=f"{EDITION_NAMES[edition]}{'slides of ' if render.is_presentation else ''}"
        f"book {render.book_id} v{render.version} refused: consent withdrawn",
        request=request,
    )
