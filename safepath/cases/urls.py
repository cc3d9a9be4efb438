from django.urls import path

from safepath.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/person/", views.person_edit, name="person_edit"),
    path("<uuid:case_id>/victim/", views.victim_edit, name="victim_edit"),
    path("<uuid:case_id>/status/", views.status_edit, name="status_edit"),
    path("<uuid:case_id>/closure/", views.closure_review, name="closure_review"),
    path("<uuid:case_id>/access/", views.access_edit, name="access_edit"),
    path("<uuid:case_id>/history/", views.case_history, name="history"),
    path("<uuid:case_id>/comments/", views.comment_add, name="comment_add"),
    path("<uuid:case_id>/comments/all/", views.comment_list, name="comments"),
    path("<uuid:case_id>/events/new/", views.event_edit, name="event_create"),
    path("<uuid:case_id>/events/<int:event_id>/", views.event_edit, name="event_edit"),
    path(
        "<uuid:case_id>/events/<int:event_id>/delete/",
        views.event_delete,
        name="event_delete",
    ),
    path(
        "<uuid:case_id>/perpetrators/new/",
        views.perpetrator_edit,
        name="perpetrator_create",
    ),
    path(
        "<uuid:case_id>/perpetrators/<int:perpetrator_id>/",
        views.perpetrator_edit,
        name="perpetrator_edit",
    ),
    path(
        "<uuid:case_id>/decisions/new/", views.decision_create, name="decision_create"
    ),
    path(
        "<uuid:case_id>/decisions/<int:decision_id>/",
        views.decision_review,
        name="decision_review",
    ),
    path("<uuid:case_id>/consents/new/", views.consent_add, name="consent_create"),
    path(
        "<uuid:case_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
