from django.urls import path

from dashboard import views_timeline as views

urlpatterns = [
    path("programs/<int:pk>/timeline/", views.program_timeline_view, name="program_timeline"),
]
