from django.urls import path

from dashboard import views_search as views

urlpatterns = [
    path("search/", views.search, name="search"),
]
