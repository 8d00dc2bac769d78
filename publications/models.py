"""Story books: composition, related publications and PDF renders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, Program
from stories.models import SuccessStory

RTL_LANGUAGES = {"he", "ar"}


class BookLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    HEBREW = "he", _("Hebrew")
    ARABIC = "ar", _("Arabic")


def book_pdf_upload_to(instance, filename: str) -> str:
    """A generated name in private storage: never served by the web server directly."""
    return f"private/books/{instance.book_id}/{uuid.uuid4().hex}.pdf"


def book_cover_upload_to(instance, filename: str) -> str:
    """The cover image, re-encoded by the service (so no camera metadata survives), private."""
    extension = ".png" if filename.lower().endswith(".png") else ".jpg"
    return f"private/books/{instance.pk}/cover-{uuid.uuid4().hex}{extension}"


def book_epub_upload_to(instance, filename: str) -> str:
    return f"private/books/{instance.book_id}/{uuid.uuid4().hex}.epub"


def book_web_upload_to(instance, filename: str) -> str:
    return f"private/books/{instance.book_id}/{uuid.uuid4().hex}.html"


class RelatedPublication(models.Model):
    """One entry of the organization's catalogue of related publications."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="related_publications"
    )
    authors = models.CharField(_("authors"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    title = models.CharField(_("title"), max_length=300)
    series_code = models.CharField(
        _("series code"), max_length=40, blank=True, help_text=_("For example RR-783-18.")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=BookLanguage.choices, default=BookLanguage.ENGLISH
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("related publication")
        verbose_name_plural = _("related publications")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "title", "year"], name="related_publication_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}"

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"


class StoryBook(models.Model):
    """The book of a program's approved stories, as the committee composes it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="books")
    title = models.CharField(_("title"), max_length=150)
    subtitle = models.CharField(_("subtitle"), max_length=250, blank=True)
    authors = models.CharField(_("authors"), max_length=400, blank=True)
    editor = models.CharField(_("editor"), max_length=200, blank=True)
    translator = models.CharField(_("translator"), max_length=200, blank=True)
    graphic_design = models.CharField(_("graphic design"), max_length=200, blank=True)
    publisher = models.TextField(
        _("publisher"),
        max_length=1000,
        blank=True,
        help_text=_("The publisher block: name, address, ISBN, copyright notice."),
    )
    organization_name = models.CharField(
        _("organization's name as printed"),
        max_length=200,
        blank=True,
        help_text=_(
            "In the book's language, on the cover and the title page; empty: the "
            "organization's name as recorded."
        ),
    )
    place = models.CharField(_("place of publication"), max_length=120, blank=True)
    published_on = models.DateField(_("date of publication"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=BookLanguage.choices, default=BookLanguage.ENGLISH
    )
    abstract = models.TextField(_("abstract"), max_length=5000, blank=True)
    foreword = models.TextField(_("foreword"), max_length=20000, blank=True)
    include_principles = models.BooleanField(_("include the principles chapter"), default=True)
    cover = models.FileField(
        _("cover image"), upload_to=book_cover_upload_to, blank=True, max_length=200
    )
    cover_alt = models.CharField(
        _("description of the cover image"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    related_publications = models.ManyToManyField(
        RelatedPublication, blank=True, related_name="books", verbose_name=_("related publications")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("story book")
        verbose_name_plural = _("story books")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publications:book_detail", args=[self.pk])

    @property
    def printed_organization_name(self) -> str:
        """The organization as the book names it: in the book's language where given."""
        return self.organization_name or self.program.organization.name

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"


class BookEntry(models.Model):
    """A story in a book, at its place in the committee's order."""

    book = models.ForeignKey(StoryBook, on_delete=models.CASCADE, related_name="entries")
    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="book_entries")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("book entry")
        verbose_name_plural = _("book entries")
        constraints = [
            models.UniqueConstraint(fields=["book", "story"], name="book_entry_unique_story")
        ]

    def __str__(self) -> str:
        return f"{self.book}: {self.position}. {self.story}"


class BookRender(models.Model):
    """One request to render a book to PDF, and what came of it (kept as a version)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        BOOK = "book", _("Book")
        PRESENTATION = "presentation", _("Slide deck")

    book = models.ForeignKey(StoryBook, on_delete=models.CASCADE, related_name="renders")
    #: A render of the book itself, or of its stories and principles as a landscape slide deck
    #: (same pipeline: claim, lease, restricted fetcher, private storage, audited download).
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BOOK)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=120, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the render task was last sent to the queue."
    )
    claimed_by = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=book_pdf_upload_to, blank=True, max_length=200)
    #: A book's render also makes its EPUB 3 and its web edition (one HTML page), from the same
    #: composition; given out like the PDF (permission, withdrawal, audit).
    epub = models.FileField(upload_to=book_epub_upload_to, blank=True, max_length=200)
    web = models.FileField(upload_to=book_web_upload_to, blank=True, max_length=200)
    pages = models.PositiveIntegerField(null=True, blank=True)
    bytes = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    contents = models.JSONField(
        default=dict, blank=True, help_text="What the render contained, to detect staleness."
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("book render")
        verbose_name_plural = _("book renders")
        constraints = [
            models.UniqueConstraint(fields=["book", "version"], name="book_render_unique_version"),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="book_render_progress_max_100"
            ),
        ]
        indexes = [models.Index(fields=["book", "status"])]

    def __str__(self) -> str:
        # Not the book's title: the unit sees renders in the admin, not the books themselves.
        return f"Render {self.pk}: version {self.version} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("publications:book_render_status", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_presentation(self) -> bool:
        return self.kind == self.Kind.PRESENTATION
