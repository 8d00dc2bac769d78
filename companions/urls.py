from django.urls import path

from . import views

app_name = "companions"

urlpatterns = [
    path("unit/", views.unit_dashboard, name="unit_dashboard"),
    path("companions/", views.companion_list, name="companion_list"),
    path("companions/<int:pk>/", views.companion_detail, name="companion_detail"),
    path("companions/<int:pk>/assign/", views.companion_assign, name="companion_assign"),
    path("companions/<int:pk>/support/", views.support_session_add, name="support_session_add"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("training-sessions/<int:pk>/attendance/", views.attendance_save, name="attendance_save"),
]
