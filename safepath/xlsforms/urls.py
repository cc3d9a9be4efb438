from django.urls import path

from safepath.xlsforms import views

app_name = "xlsforms"
urlpatterns = [
    path("", views.section_list, name="list"),
    path("<uuid:section_id>/", views.section_detail, name="detail"),
    path("<uuid:section_id>/in-use/", views.section_toggle, name="toggle"),
    path(
        "<uuid:section_id>/case/<uuid:case_id>/",
        views.case_section,
        name="case",
    ),
    path(
        "<uuid:section_id>/screening/<uuid:screening_id>/",
        views.screening_section,
        name="screening",
    ),
]
