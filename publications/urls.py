from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("programs/<int:pk>/books/", views.program_books, name="program_books"),
    path("books/<int:pk>/", views.book_detail, name="book_detail"),
    path("books/<int:pk>/edit/", views.book_edit, name="book_edit"),
    path("books/<int:pk>/cover/", views.book_cover, name="book_cover"),
    path("books/<int:pk>/preview/", views.book_preview, name="book_preview"),
    path("books/<int:pk>/stories/add/", views.book_entry_add, name="book_entry_add"),
    path("books/<int:pk>/stories/order/", views.book_entries_order, name="book_entries_order"),
    path(
        "books/<int:pk>/stories/<int:entry_pk>/move/",
        views.book_entry_move,
        name="book_entry_move",
    ),
    path(
        "books/<int:pk>/stories/<int:entry_pk>/remove/",
        views.book_entry_remove,
        name="book_entry_remove",
    ),
    path("books/<int:pk>/publications/", views.book_publications, name="book_publications"),
    path("books/<int:pk>/publications/new/", views.publication_add, name="publication_add"),
    path("books/<int:pk>/render/", views.book_render_request, name="book_render_request"),
    path(
        "books/<int:pk>/slides/",
        views.book_presentation_request,
        name="book_presentation_request",
    ),
    path("renders/<int:pk>/", views.book_render_status, name="book_render_status"),
    path("renders/<int:pk>/book.pdf", views.book_render_download, name="book_render_download"),
    path("renders/<int:pk>/book.epub", views.book_render_epub, name="book_render_epub"),
    path("renders/<int:pk>/web/", views.book_render_web, name="book_render_web"),
]
