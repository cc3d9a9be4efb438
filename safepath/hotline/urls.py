from django.urls import path

from safepath.hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("contacts/", views.contact_list, name="list"),
    path("contacts/new/", views.contact_create, name="create"),
    path("contacts/<int:contact_id>/", views.contact_detail, name="detail"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="edit"),
    path(
        "contacts/<int:contact_id>/follow-up-done/",
        views.follow_up_done,
        name="follow_up_done",
    ),
    path(
        "contacts/<int:contact_id>/screening/",
        views.start_screening,
        name="start_screening",
    ),
    path("contacts/<int:contact_id>/case/", views.open_case, name="open_case"),
]
