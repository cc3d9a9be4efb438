from django.urls import path

from safepath.dedup import views

app_name = "dedup"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("run/", views.run, name="run"),
    path("<int:pair_id>/", views.pair_detail, name="pair"),
    path("<int:pair_id>/merge/", views.pair_merge, name="merge"),
    path("<int:pair_id>/reject/", views.pair_reject, name="reject"),
    path("<int:pair_id>/reopen/", views.pair_reopen, name="reopen"),
    path("merges/", views.merge_list, name="merges"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="undo"),
]
