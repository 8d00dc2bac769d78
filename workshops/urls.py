from django.urls import path

from workshops import views, views_guests, views_room

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
    path("workshops/<int:pk>/guest-link/", views.workshop_guest_link, name="workshop_guest_link"),
    path("workshops/<int:pk>/open-ahead/", views.workshop_open_ahead, name="workshop_open_ahead"),
    path("workshops/<int:pk>/breakout/", views.workshop_breakout, name="workshop_breakout"),
    path("workshops/<int:pk>/breakout/report/", views.breakout_report, name="breakout_report"),
    path(
        "guest/<str:token>/breakout/report/",
        views_guests.guest_breakout_report,
        name="guest_breakout_report",
    ),
    path("workshops/<int:pk>/room/", views_room.workshop_room, name="workshop_room"),
    path("workshops/<int:pk>/room/board/", views_room.room_board, name="room_board"),
    path("workshops/<int:pk>/summary.csv", views_room.summary_csv, name="summary_csv"),
    path("workshops/<int:pk>/summary.pdf", views_room.summary_pdf, name="summary_pdf"),
    path("workshops/<int:pk>/summary/send/", views_room.summary_send, name="summary_send"),
    path("workshops/<int:pk>/invitation.ics", views_room.workshop_ics, name="workshop_ics"),
    path("workshops/<int:pk>/merge/", views.contribution_merge, name="contribution_merge"),
    path("contributions/<int:pk>/remove/", views.contribution_remove, name="contribution_remove"),
    # Guests: no account; these views alone read the guest of the session.
    path("guest/<str:token>/", views_guests.guest_join, name="guest_join"),
    path("guest/<str:token>/board/", views_guests.guest_board, name="guest_board"),
    path("guest/<str:token>/board/poll/", views_guests.guest_poll, name="guest_poll"),
    path("guest/<str:token>/contribute/", views_guests.guest_contribute, name="guest_contribute"),
    path(
        "guest/<str:token>/contributions/<int:pk>/vote/",
        views_guests.guest_vote,
        name="guest_vote",
    ),
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
