from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/stories/<int:pk>/", views.library_story, name="library_story"),
    path("library/public/", views.library_public, name="library_public"),
    path(
        "library/public/stories/<int:pk>/",
        views.library_public_story,
        name="library_public_story",
    ),
    path(
        "communities/<int:pk>/principle-links/",
        views.principle_link_create,
        name="principle_link_create",
    ),
    path(
        "principle-links/<int:pk>/delete/",
        views.principle_link_delete,
        name="principle_link_delete",
    ),
    path(
        "programs/<int:pk>/library/", views.program_library_sharing, name="program_library_sharing"
    ),
    path("stories/<int:pk>/share/", views.story_share, name="story_share"),
    path(
        "organizations/<int:pk>/library-public/",
        views.organization_library_public,
        name="organization_library_public",
    ),
]
