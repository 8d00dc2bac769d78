from django.urls import path

from accounts import views_audit, views_two_factor

app_name = "audit"

urlpatterns = [
    path("audit/", views_audit.audit_log, name="audit_log"),
    path("unit/audit/", views_audit.unit_audit_log, name="unit_audit_log"),
    path("accounts/two-factor/", views_two_factor.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/verify/",
        views_two_factor.two_factor_verify,
        name="two_factor_verify",
    ),
]
