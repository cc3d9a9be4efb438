from django.urls import path

from safepath.openrosa import views

app_name = "openrosa"
urlpatterns = [
    # The OpenRosa API, under the server URL given to ODK Collect
    # (https://…/openrosa): names and paths as the protocol has them.
    path("formList", views.form_list, name="form_list"),
    path("forms/<slug:form_id>/form.xml", views.form_download, name="form_download"),
    path("forms/<slug:form_id>/manifest", views.form_manifest, name="form_manifest"),
    path("submission", views.submission, name="submission"),
    # The review queue and the devices, for signed-in staff.
    path("queue/", views.queue, name="queue"),
    path(
        "queue/<uuid:submission_id>/",
        views.submission_detail,
        name="submission_detail",
    ),
    path(
        "queue/<uuid:submission_id>/accept/",
        views.submission_accept,
        name="submission_accept",
    ),
    path(
        "queue/<uuid:submission_id>/reject/",
        views.submission_reject,
        name="submission_reject",
    ),
    path(
        "queue/<uuid:submission_id>/files/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("devices/", views.devices, name="devices"),
    path("devices/<int:device_id>/revoke/", views.device_revoke, name="device_revoke"),
]
