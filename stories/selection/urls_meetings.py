from django.urls import path

from . import views_meeting_ics
from . import views_meetings as views

app_name = "meetings"

urlpatterns = [
    path("programs/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/invitation.ics", views_meeting_ics.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/decisions/", views.meeting_decision_add, name="meeting_decision_add"),
]
