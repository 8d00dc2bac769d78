from django.urls import path

from communities import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.community_list, name="community_list"),
    path("communities/new/", views.community_create, name="community_create"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("communities/<int:pk>/manage/", views.community_manage, name="community_manage"),
    path(
        "communities/<int:pk>/organizations/",
        views.community_organization_add,
        name="community_organization_add",
    ),
    path(
        "communities/<int:pk>/organizations/<int:organization_pk>/remove/",
        views.community_organization_remove,
        name="community_organization_remove",
    ),
    path(
        "communities/<int:pk>/coordinators/",
        views.community_coordinator_add,
        name="community_coordinator_add",
    ),
    path(
        "communities/<int:pk>/coordinators/<int:user_pk>/remove/",
        views.community_coordinator_remove,
        name="community_coordinator_remove",
    ),
    path(
        "communities/<int:pk>/programs/",
        views.community_program_attach,
        name="community_program_attach",
    ),
    path("communities/<int:pk>/teams/", views.community_team_add, name="community_team_add"),
    path(
        "communities/<int:pk>/teams/<int:team_pk>/remove/",
        views.community_team_remove,
        name="community_team_remove",
    ),
    path(
        "programs/<int:pk>/team-stories/", views.program_team_stories, name="program_team_stories"
    ),
]
