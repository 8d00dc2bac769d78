from django.urls import path

from stories.rights import views_consent

from . import views

app_name = "documentation"

urlpatterns = [
    path(
        "programs/<int:pk>/documentation/",
        views.documentation_overview,
        name="documentation_overview",
    ),
    path("stories/<int:pk>/documentation/", views.story_documentation, name="story_documentation"),
    path("stories/<int:pk>/assign/", views.story_assign, name="story_assign"),
    path("stories/<int:pk>/interviews/new/", views.interview_create, name="interview_create"),
    path("stories/<int:pk>/identity/", views.client_identity, name="client_identity"),
    path("stories/<int:pk>/drafts/new/", views.draft_write, name="draft_write"),
    path("stories/<int:pk>/drafts/compare/", views.draft_compare, name="draft_compare"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path(
        "interviews/<int:pk>/answers/<int:question_pk>/",
        views.answer_autosave,
        name="answer_autosave",
    ),
    path("interviews/<int:pk>/files/<str:kind>/", views.interview_file, name="interview_file"),
    path("interviews/<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/<int:pk>/evidence/", views.consent_evidence, name="consent_evidence"),
    path(
        "organizations/<int:pk>/consent-texts/",
        views_consent.consent_texts,
        name="consent_texts",
    ),
    path(
        "organizations/<int:pk>/consent-texts/<str:scope>/<str:language>/",
        views_consent.consent_text_edit,
        name="consent_text_edit",
    ),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("drafts/<int:pk>/comments/", views.draft_comment, name="draft_comment"),
    path("drafts/<int:pk>/approve/", views.draft_approve, name="draft_approve"),
]
