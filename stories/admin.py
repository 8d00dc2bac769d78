from django.contrib import admin

from .models import Assessment, DiversityTag, SelectionCriterion, SelectionDecision, SuccessStory


@admin.register(SelectionCriterion)
class SelectionCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "program", "position"]
    list_filter = ["program"]


@admin.register(SuccessStory)
class SuccessStoryAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "department", "status", "client_pseudonym"]
    list_filter = ["status", "program"]
    search_fields = ["title", "client_pseudonym"]
    list_select_related = ["program", "department"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["story", "criterion", "assessor", "verdict"]
    list_select_related = ["story", "criterion", "assessor"]


@admin.register(SelectionDecision)
class SelectionDecisionAdmin(admin.ModelAdmin):
    """Read only: decisions are appended by the selection meeting, never changed or deleted."""

    list_display = ["story", "meeting", "outcome", "decided_at"]
    list_select_related = ["story", "meeting"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(DiversityTag)
