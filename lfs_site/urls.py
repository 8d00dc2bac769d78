"""The site's URL map: every app's urls.py, included here; the app's views.py (or the views
module its urls.py names) holds the page."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("dashboard.urls")),
    path("", include("organizations.urls")),
    path("", include("stories.selection.urls")),
    path("", include("stories.selection.urls_meetings")),
    path("", include("stories.documentation.urls")),
    path("", include("stories.principles.urls")),
    path("", include("methods.urls")),
    path("", include("workshops.urls")),
    path("", include("reflection.urls")),
    path("", include("events.urls")),
    path("", include("companions.urls")),
    path("", include("publications.urls")),
    path("", include("accounts.urls_audit")),
    path("", include("accounts.urls_invitations")),
    path("", include("stories.rights.urls")),
    path("", include("communities.urls")),
    path("", include("library.urls")),
    path("", include("transfer.urls")),
    path("", include("analysis.urls")),
    path("", include("dashboard.urls_search")),
    path("", include("dashboard.urls_timeline")),
]
