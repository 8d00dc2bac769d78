from django.urls import path

from reflection import views

app_name = "reflection"

urlpatterns = [
    path("reflection-templates/", views.template_list, name="reflection_templates"),
    path("reflection-templates/new/", views.template_new, name="reflection_template_new"),
    path(
        "reflection-templates/<int:pk>/", views.template_detail, name="reflection_template_detail"
    ),
    path(
        "reflection-templates/<int:pk>/edit/",
        views.template_edit,
        name="reflection_template_edit",
    ),
]
