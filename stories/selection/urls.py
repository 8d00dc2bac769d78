from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("programs/<int:pk>/criteria/", views.criteria, name="criteria"),
    path(
        "programs/<int:pk>/criteria/<int:criterion_pk>/edit/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "programs/<int:pk>/criteria/<int:criterion_pk>/move/",
        views.criterion_move,
        name="criterion_move",
    ),
    path(
        "programs/<int:pk>/criteria/<int:criterion_pk>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("programs/<int:pk>/nominations/", views.nominations, name="nominations"),
    path("programs/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("programs/<int:pk>/coverage/", views.coverage, name="coverage"),
    path("stories/<int:pk>/", views.story_detail, name="story_detail"),
    path("stories/<int:pk>/assess/", views.assessments_save, name="assessments_save"),
    path(
        "stories/<int:pk>/assess/<int:criterion_pk>/",
        views.assessment_save,
        name="assessment_save",
    ),
    path(
        "meetings/<int:meeting_pk>/stories/<int:story_pk>/decide/",
        views.decision_save,
        name="decision_save",
    ),
]
