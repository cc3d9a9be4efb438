from django.urls import path

from safepath.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/", views.export, name="export"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export/", views.indicators_export, name="indicators_export"),
    path("indicators/choose/", views.indicators_choose, name="indicators_choose"),
]
urlpatterns += [
    path("ctdc/", views.ctdc, name="ctdc"),
    path("ctdc/download/", views.ctdc_download, name="ctdc_download"),
    path("reference/", views.reference, name="reference"),
]
