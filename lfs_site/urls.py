from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizations import views as organizations_views
from organizations.forms import EmailAuthenticationForm, PasswordResetByMailForm
from organizations.views_accounts import SignOutView

accounts = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", SignOutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetByMailForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("accounts/", include(accounts)),
    # The language switcher: Django's set_language, remembering a signed-in person's choice.
    path("i18n/setlang/", organizations_views.language_set, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("organizations.urls")),
    path("", include("stories.urls")),
    path("", include("stories.urls_documentation")),
    path("", include("stories.urls_principles")),
    path("", include("methods.urls")),
    path("", include("methods.urls_workshops")),
    path("", include("methods.urls_templates")),
    path("", include("companions.urls_events")),
    path("", include("companions.urls")),
    path("", include("publications.urls")),
    path("", include("organizations.urls_audit")),
    path("", include("stories.urls_rights")),
    path("", include("organizations.urls_communities")),
    path("", include("stories.urls_library")),
    path("", include("stories.urls_search")),
    path("", include("organizations.urls_timeline")),
]
