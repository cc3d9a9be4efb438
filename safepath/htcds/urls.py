from django.urls import path

from safepath.htcds import views

app_name = "htcds"
urlpatterns = [
    path("import/", views.import_cases, name="import"),
    path("export/", views.export_cases, name="export"),
]
