from django.urls import path

from . import views

app_name = "principles"

urlpatterns = [
    path("stories/<int:pk>/principles/new/", views.principle_add, name="principle_add"),
    path("principles/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("programs/<int:pk>/principles/", views.program_principles, name="program_principles"),
    path("programs/<int:pk>/principles/merge/", views.principles_merge, name="principles_merge"),
    path("programs/<int:pk>/principles/matrix/", views.principle_matrix, name="principle_matrix"),
    path(
        "programs/<int:pk>/principles/matrix.csv",
        views.principle_matrix_csv,
        name="principle_matrix_csv",
    ),
    path("programs/<int:pk>/principles.csv", views.principles_csv, name="principles_csv"),
]
