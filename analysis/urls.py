from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("programs/<int:pk>/codebook/", views.codebook, name="codebook"),
    path("programs/<int:pk>/codebook/merge/", views.codes_merge, name="codes_merge"),
    path("programs/<int:pk>/codebook.qdc", views.export_qdc, name="export_qdc"),
    path("programs/<int:pk>/codebook/import/", views.import_qdc, name="import_qdc"),
    path("programs/<int:pk>/analysis.qdpx", views.export_qdpx, name="export_qdpx"),
    path(
        "programs/<int:pk>/principles/matrix/<int:common_pk>/<int:story_pk>/",
        views.matrix_cell,
        name="matrix_cell",
    ),
    path("codes/<int:pk>/", views.code_detail, name="code_detail"),
    path("codes/<int:pk>/edit/", views.code_edit, name="code_edit"),
    path("codes/<int:pk>/delete/", views.code_delete, name="code_delete"),
    path(
        "codes/<int:pk>/stories/<int:story_pk>/principle/",
        views.principle_draft,
        name="principle_draft",
    ),
    path("interviews/<int:pk>/coding/", views.interview_coding, name="interview_coding"),
    path("passages/<int:pk>/codes/", views.passage_codes, name="passage_codes"),
    path("passages/<int:pk>/delete/", views.passage_delete, name="passage_delete"),
]
