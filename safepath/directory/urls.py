from django.urls import path

from safepath.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.offer_create, name="offer_create"),
    path("<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("<int:offer_id>/edit/", views.offer_edit, name="offer_edit"),
]
