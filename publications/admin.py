"""The unit's view of publications: the catalogue of related publications, and book renders'
bookkeeping (how long, how big, whether it worked) without the book, its title or its file.
Books and their entries are the committee's work about client stories: not in the admin."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from lfs_site.admin_site import ClientSafeAdmin, ReadOnlyAdmin

from .models import BookRender, RelatedPublication
from .selectors import render_withdrawn


@admin.register(RelatedPublication)
class RelatedPublicationAdmin(ClientSafeAdmin):
    list_display = ["title", "authors", "year", "series_code", "organization"]
    search_fields = ["title", "authors", "series_code"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(BookRender)
class BookRenderAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "program",
        "kind",
        "version",
        "status",
        "pages",
        "seconds",
        "requested_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["book__program"]
    fields = [
        "program",
        "kind",
        "version",
        "status",
        "progress",
        "pages",
        "bytes",
        "seconds",
        "requested_at",
        "started_at",
        "finished_at",
        "given_out",
    ]
    readonly_fields = fields

    @admin.display(description=_("given out"))
    def given_out(self, render: BookRender) -> str:
        """Whether the file is still given out (never why: the reasons name stories)."""
        if render.status != BookRender.Status.DONE:
            return "-"
        if render_withdrawn(render):
            return str(_("No: a story's consent was withdrawn; kept for the audit trail only"))
        return str(_("Yes, through the book's page (each download audited)"))

    @admin.display(description=_("program"))
    def program(self, render: BookRender) -> str:
        return render.book.program.title

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("book__program")
