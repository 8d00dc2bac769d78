from django.contrib import admin

from .models import BookEntry, BookRender, RelatedPublication, StoryBook


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
    list_display = ["book", "version", "status", "pages", "seconds", "requested_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in BookRender._meta.fields]

    def has_add_permission(self, request):
        return False
