from django.contrib import admin

from .models import (
    Attendance,
    CompanionAssignment,
    CompanionProfile,
    SupportSession,
    TrainingCohort,
    TrainingSession,
)


@admin.register(CompanionProfile)
class CompanionProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "languages", "training_completed_on", "active"]
    list_select_related = ["user"]
    search_fields = ["user__full_name", "user__email"]


@admin.register(TrainingCohort)
class TrainingCohortAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]


admin.site.register(TrainingSession)
admin.site.register(Attendance)


@admin.register(CompanionAssignment)
class CompanionAssignmentAdmin(admin.ModelAdmin):
    list_display = ["companion", "program", "starts_on", "ended_on"]
    list_select_related = ["companion__user", "program"]


@admin.register(SupportSession)
class SupportSessionAdmin(admin.ModelAdmin):
    list_display = ["companion", "held_on", "topics"]
    list_select_related = ["companion__user"]
