from django.urls import path

from dashboard import views_search as views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
]
