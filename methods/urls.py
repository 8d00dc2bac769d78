from django.urls import path

from . import views

app_name = "methods"

urlpatterns = [
    path("programs/<int:pk>/questions/", views.program_questions, name="program_questions"),
    path("question-sets/<int:pk>/", views.question_set_detail, name="question_set_detail"),
    path("question-sets/<int:pk>/guide/", views.interview_guide, name="interview_guide"),
    path(
        "organizations/<int:pk>/question-sets/adapt/",
        views.question_set_adapt,
        name="question_set_adapt",
    ),
]
