from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("programs/<int:pk>/workshops/", views.workshops, name="workshops"),
    path("programs/<int:pk>/workshops/new/", views.workshop_plan, name="workshop_plan"),
    path("workshops/join/", views.workshop_join, name="workshop_join"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path("workshops/<int:pk>/board/", views.workshop_board, name="workshop_board"),
    path("workshops/<int:pk>/join/", views.workshop_join_here, name="workshop_join_here"),
    path("workshops/<int:pk>/open/", views.workshop_open, name="workshop_open"),
    path("workshops/<int:pk>/step/", views.workshop_step, name="workshop_step"),
    path("workshops/<int:pk>/contribute/", views.workshop_contribute, name="workshop_contribute"),
    path("workshops/<int:pk>/reveal/", views.workshop_reveal, name="workshop_reveal"),
    path("workshops/<int:pk>/timer/", views.workshop_timer, name="workshop_timer"),
    path("workshops/<int:pk>/groups/", views.workshop_group, name="workshop_group"),
    path("workshops/<int:pk>/voting/", views.workshop_voting, name="workshop_voting"),
    path("workshops/<int:pk>/actions/", views.workshop_action, name="workshop_action"),
    path("workshops/<int:pk>/close/", views.workshop_close, name="workshop_close"),
    path("workshops/<int:pk>/summary/", views.workshop_summary, name="workshop_summary"),
    path("contributions/<int:pk>/group/", views.contribution_group, name="contribution_group"),
    path("contributions/<int:pk>/vote/", views.contribution_vote, name="contribution_vote"),
    path(
        "contributions/<int:pk>/promote/", views.contribution_promote, name="contribution_promote"
    ),
    path("action-items/<int:pk>/done/", views.action_item_done, name="action_item_done"),
    path(
        "programs/<int:pk>/learning-questions/",
        views.learning_questions,
        name="learning_questions",
    ),
    path(
        "learning-questions/<int:pk>/",
        views.learning_question_detail,
        name="learning_question_detail",
    ),
    path(
        "learning-questions/<int:pk>/stage/",
        views.learning_question_stage,
        name="learning_question_stage",
    ),
    path("learning-questions/<int:pk>/cycles/", views.cycle_add, name="cycle_add"),
    path("cycles/<int:pk>/", views.cycle_edit, name="cycle_edit"),
    path("programs/<int:pk>/log/", views.learning_log, name="learning_log"),
    path("log-entries/<int:pk>/share/", views.log_entry_share, name="log_entry_share"),
    path("programs/<int:pk>/learning-patterns/", views.learning_patterns, name="learning_patterns"),
    path(
        "learning-patterns/<int:pk>/evidence/",
        views.pattern_evidence_add,
        name="pattern_evidence_add",
    ),
]
