from django.contrib import admin

from lfs_site.admin_site import ClientSafeAdmin

from .models import (
    Attendance,
    CompanionAssignment,
    CompanionProfile,
    SupportSession,
    TrainingCohort,
    TrainingSession,
)


@admin.register(CompanionProfile)
class CompanionProfileAdmin(ClientSafeAdmin):
    list_display = ["user", "languages", "training_completed_on", "active"]
    list_select_related = ["user"]
    search_fields = ["user__full_name", "user__email"]


@admin.register(TrainingCohort)
class TrainingCohortAdmin(ClientSafeAdmin):
    list_display = ["name", "starts_on", "ends_on"]


admin.site.register(TrainingSession, ClientSafeAdmin)
admin.site.register(Attendance, ClientSafeAdmin)


@admin.register(CompanionAssignment)
class CompanionAssignmentAdmin(ClientSafeAdmin):
    list_display = ["companion", "program", "starts_on", "ended_on"]
    list_select_related = ["companion__user", "program"]


@admin.register(SupportSession)
class SupportSessionAdmin(ClientSafeAdmin):
    list_display = ["companion", "held_on", "topics"]
    list_select_related = ["companion__user"]
