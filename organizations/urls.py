from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("programs/<int:pk>/stage/", views.program_stage, name="program_stage"),
    path("organizations/<int:pk>/programs/new/", views.program_new, name="program_new"),
    path("programs/<int:pk>/committee/", views.committee, name="committee"),
    path("programs/<int:pk>/committee/edit/", views.committee_edit, name="committee_edit"),
    path(
        "programs/<int:pk>/committee/members/",
        views.committee_member_add,
        name="committee_member_add",
    ),
    path(
        "programs/<int:pk>/committee/members/<int:user_pk>/remove/",
        views.committee_member_remove,
        name="committee_member_remove",
    ),
]
