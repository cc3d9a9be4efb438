from django.urls import path

from safepath.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/file/", views.job_download, name="download"),
]
