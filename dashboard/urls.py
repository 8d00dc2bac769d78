from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("programs/<int:pk>/", views.program_dashboard_view, name="program_dashboard"),
]
