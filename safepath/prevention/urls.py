from django.urls import path

from safepath.prevention import views

app_name = "prevention"
urlpatterns = [
    path("", views.training_list, name="training_list"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<int:training_id>/", views.training_detail, name="training_detail"),
    path(
        "trainings/<int:training_id>/edit/", views.training_edit, name="training_edit"
    ),
    path(
        "trainings/<int:training_id>/open-test/",
        views.training_open_test,
        name="training_open_test",
    ),
    path(
        "trainings/<int:training_id>/links/",
        views.training_links,
        name="training_links",
    ),
    path(
        "trainings/<int:training_id>/certificates/",
        views.training_certificates,
        name="training_certificates",
    ),
    path(
        "trainings/<int:training_id>/attendance/", views.attendance, name="attendance"
    ),
    path("trainings/<int:training_id>/scores/", views.scores, name="scores"),
    path(
        "trainings/<int:training_id>/participants/new/",
        views.participant_create,
        name="participant_create",
    ),
    path(
        "trainings/<int:training_id>/participants/import/",
        views.participants_import,
        name="participants_import",
    ),
    path(
        "participants/template.xlsx",
        views.participants_template,
        name="participants_template",
    ),
    path(
        "participants/<int:participant_id>/edit/",
        views.participant_edit,
        name="participant_edit",
    ),
    path(
        "participants/<int:participant_id>/delete/",
        views.participant_delete,
        name="participant_delete",
    ),
    path(
        "participants/<int:participant_id>/test/<str:kind>/",
        views.participant_test,
        name="participant_test",
    ),
    path(
        "participants/<int:participant_id>/follow-up/",
        views.participant_follow_up,
        name="participant_follow_up",
    ),
    path("modules/", views.module_list, name="module_list"),
    path("modules/new/", views.module_create, name="module_create"),
    path("modules/<int:module_id>/", views.module_detail, name="module_detail"),
    path(
        "modules/<int:module_id>/questions/new/",
        views.question_create,
        name="question_create",
    ),
    path(
        "questions/<int:question_id>/edit/", views.question_edit, name="question_edit"
    ),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path(
        "campaigns/<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"
    ),
    path(
        "campaigns/<int:campaign_id>/activities/new/",
        views.activity_create,
        name="activity_create",
    ),
    path(
        "activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"
    ),
    path(
        "activities/<int:activity_id>/delete/",
        views.activity_delete,
        name="activity_delete",
    ),
    path("reports/", views.report, name="report"),
    path("reports/export/", views.report_export, name="report_export"),
]
