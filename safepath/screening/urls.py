from django.urls import path

from safepath.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.screening_list, name="list"),
    path("new/", views.screening_create, name="create"),
    path("<uuid:screening_id>/", views.screening_detail, name="detail"),
    path("<uuid:screening_id>/step/<int:number>/", views.screening_step, name="step"),
    path("<uuid:screening_id>/case/new/", views.screening_convert, name="convert"),
    path("<uuid:screening_id>/case/", views.screening_attach, name="attach"),
    path("print/", views.print_index, name="print_index"),
    path(
        "print/indicators/<slug:set_key>/",
        views.print_indicator_set,
        name="print_indicators",
    ),
    path(
        "print/assessment/<slug:template_key>/",
        views.print_assessment,
        name="print_assessment",
    ),
    path("training/", views.training, name="training"),
    path("training/step/<int:number>/", views.training_step, name="training_step"),
    path("training/result/", views.training_result, name="training_result"),
    path(
        "assessments/new/<uuid:case_id>/",
        views.assessment_create,
        name="assessment_create",
    ),
    path(
        "assessments/<int:assessment_id>/",
        views.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "assessments/<int:assessment_id>/step/<int:number>/",
        views.assessment_step,
        name="assessment_step",
    ),
]
