from django.urls import path

from . import views, views_people, views_populations

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
    path("organizations/<int:pk>/people/", views_people.people_list, name="people"),
    path("organizations/<int:pk>/people/invite/", views_people.invite, name="invite"),
    path(
        "organizations/<int:pk>/roles/<int:membership_pk>/change/",
        views_people.membership_role,
        name="membership_role",
    ),
    path(
        "organizations/<int:pk>/roles/<int:membership_pk>/remove/",
        views_people.membership_remove,
        name="membership_remove",
    ),
    path(
        "organizations/<int:pk>/people/<int:user_pk>/deactivate/",
        views_people.person_deactivate,
        name="person_deactivate",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        views_people.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("programs/<int:pk>/populations/", views_populations.population_list, name="populations"),
    path(
        "programs/<int:pk>/populations/<int:term_pk>/edit/",
        views_populations.population_edit,
        name="population_edit",
    ),
    path(
        "programs/<int:pk>/populations/<int:term_pk>/merge/",
        views_populations.population_merge,
        name="population_merge",
    ),
    path(
        "unit/invitations/",
        views_people.companion_invitations,
        name="companion_invitations",
    ),
]
