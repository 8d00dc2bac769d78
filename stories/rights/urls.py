from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("stories/<int:pk>/client-data/", views.client_data, name="client_data"),
    path(
        "stories/<int:pk>/client-data/export.json",
        views.client_export_json,
        name="client_export_json",
    ),
    path(
        "stories/<int:pk>/client-data/export.pdf",
        views.client_export_pdf,
        name="client_export_pdf",
    ),
    path("stories/<int:pk>/client-data/erase/", views.client_erase, name="client_erase"),
]
