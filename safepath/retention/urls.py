from django.urls import path

from safepath.retention import views

app_name = "retention"
urlpatterns = [
    path("cases/<uuid:case_id>/erase/", views.person_erase, name="erase"),
    path("organisations/<int:organisation_id>/", views.retention_rule, name="rule"),
    path(
        "organisations/<int:organisation_id>/apply/",
        views.retention_apply,
        name="apply",
    ),
]
