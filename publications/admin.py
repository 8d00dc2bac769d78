from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import BookEntry, BookRender, RelatedPublication, StoryBook
from .selectors import render_withdrawn


class BookEntryInline(admin.TabularInline):
    model = BookEntry
    extra = 0
    raw_id_fields = ["story"]


@admin.register(StoryBook)
class StoryBookAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["title"]
    inlines = [BookEntryInline]
    filter_horizontal = ["related_publications"]


@admin.register(RelatedPublication)
class RelatedPublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "authors", "year", "series_code", "organization"]
    search_fields = ["title", "authors", "series_code"]


@admin.register(BookRender)
class BookRenderAdmin(admin.ModelAdmin):
    """Read only. The PDF is never a link here: it is downloaded only through the book's
    permission-checked, audited view, which refuses a version that is no longer given out."""

    list_display = ["book", "version", "status", "pages", "seconds", "requested_at"]
    list_filter = ["status"]
    exclude = ["pdf"]
    readonly_fields = [
        *(f.name for f in BookRender._meta.fields if f.name != "pdf"),
        "stored_file",
        "given_out",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=gettext_lazy("stored file"))
    def stored_file(self, obj: BookRender) -> str:
        return obj.pdf.name or "-"

    @admin.display(description=gettext_lazy("given out"))
    def given_out(self, obj: BookRender) -> str:
        if obj.status != BookRender.Status.DONE:
            return "-"
        reasons = render_withdrawn(obj)
        if reasons:
            return _("No, kept for the audit trail only: %(reasons)s") % {
                "reasons": " ".join(reasons)
            }
        return _("Yes, through the book's page (each download audited)")
