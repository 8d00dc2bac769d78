from django.urls import path

from dashboard import views_timeline as views

app_name = "timeline"

urlpatterns = [
    path("programs/<int:pk>/timeline/", views.program_timeline_view, name="program_timeline"),
]
