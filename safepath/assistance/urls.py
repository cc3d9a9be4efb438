from django.urls import path

from safepath.assistance import views

app_name = "assistance"
urlpatterns = [
    path("cases/<uuid:case_id>/plans/new/", views.plan_edit, name="plan_create"),
    path(
        "cases/<uuid:case_id>/plans/<int:plan_id>/",
        views.plan_edit,
        name="plan_edit",
    ),
    path(
        "cases/<uuid:case_id>/services/new/",
        views.service_edit,
        name="service_create",
    ),
    path(
        "cases/<uuid:case_id>/services/<int:service_id>/",
        views.service_edit,
        name="service_edit",
    ),
    path(
        "cases/<uuid:case_id>/services/<int:service_id>/delete/",
        views.service_delete,
        name="service_delete",
    ),
    path("cases/<uuid:case_id>/tasks/new/", views.task_create, name="task_create"),
    path(
        "cases/<uuid:case_id>/tasks/<int:task_id>/done/",
        views.task_done,
        name="task_done",
    ),
]
