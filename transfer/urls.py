from django.urls import path

from transfer import views

app_name = "transfer"

urlpatterns = [
    path("programs/<int:pk>/export.json", views.program_export_json, name="program_export_json"),
]
