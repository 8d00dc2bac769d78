"""The unit's admin of accounts, organizations, their departments and roles, and the audit
log (lfs_site/admin_site.py says what stays out: client data and everything about it).

Programs and their committees are shown read-only: they change through the application,
whose services keep their rules. A person who holds a role in an organization keeps their
e-mail address and password to themselves: changing either here would let whoever changes it
sign in as them and read what they may read.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lfs_site import ids
from lfs_site.admin_site import ClientSafeAdmin, ReadOnlyAdmin

from .models import (
    AuditEvent,
    Department,
    Membership,
    Organization,
    Program,
    SteeringCommittee,
    User,
)


def _holds_roles(user: User | None) -> bool:
    return bool(user is not None and user.pk and user.memberships.exists())


@admin.register(User)
class UserAdmin(ClientSafeAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_unit", "is_staff", "is_active"]
    list_filter = ["is_unit", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "is_unit", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "groups"]  # no one grants themselves more here
        if _holds_roles(obj):
            readonly.append("email")
        return readonly

    def user_change_password(self, request, id, form_url=""):
        if _holds_roles(self.get_object(request, unquote(id))):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organization", "program", "role", "department"]
        formfield_callback = ids.formfield

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user is not None and user.is_unit:
            raise forms.ValidationError(
                _(
                    "People of the LFS unit hold no role in an organization's work: the unit "
                    "sees programs' progress, not their clients' data."
                )
            )
        return user


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(ClientSafeAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DepartmentInline, MembershipInline]


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "stage", "starts_on", "ends_on"]
    list_filter = ["stage", "organization"]
    list_select_related = ["organization"]
    search_fields = ["title"]
    fields = [
        "title",
        "organization",
        "description",
        "stage",
        "stage_changed_at",
        "starts_on",
        "ends_on",
        "departments",
        "community",
        "created_at",
    ]


@admin.register(Membership)
class MembershipAdmin(ClientSafeAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "organization", "program", "department"]
    list_filter = ["role", "organization"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "organization", "program", "department"]


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "program", "chair"]
    list_select_related = ["program", "chair"]
    fields = ["name", "program", "chair", "mandate"]


@admin.register(AuditEvent)
class AuditEventAdmin(ClientSafeAdmin):
    """Read-only: the log is append-only, so nobody may add, change or delete an event here."""

    list_display = [
        "at",
        "actor",
        "action",
        "organization",
        "object_type",
        "object_id",
        "ip_address",
    ]
    list_filter = ["action", "organization"]
    list_select_related = ["actor", "organization"]
    search_fields = ["object_id", "summary", "actor__email"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Authenticator devices: who has one, and removing a lost one; never the secret key or its code.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ClientSafeAdmin):
    list_display = ["user", "name", "confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
