from django.urls import path

from accounts import views_invitations

app_name = "invitations"

urlpatterns = [
    path(
        "accounts/invitation/<str:token>/",
        views_invitations.invitation_accept,
        name="accept",
    ),
]
