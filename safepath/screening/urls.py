from django.urls import path

from safepath.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.screening_list, name="list"),
    path("new/", views.screening_create, name="create"),
    path("<uuid:screening_id>/", views.screening_detail, name="detail"),
    path("<uuid:screening_id>/step/<int:number>/", views.screening_step, name="step"),
]
