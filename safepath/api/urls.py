from django.urls import path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView

from safepath.api import pages, views

app_name = "api"
urlpatterns = [
    path("cases/", views.CaseList.as_view(), name="cases"),
    path("cases/<uuid:case_id>/", views.CaseDetail.as_view(), name="case"),
    path("persons/", views.PersonList.as_view(), name="persons"),
    path("persons/<uuid:person_id>/", views.PersonDetail.as_view(), name="person"),
    path("referrals/", views.ReferralList.as_view(), name="referrals"),
    path(
        "referrals/<uuid:referral_id>/",
        views.ReferralDetail.as_view(),
        name="referral",
    ),
    path("screenings/", views.ScreeningList.as_view(), name="screenings"),
    path(
        "screenings/<uuid:screening_id>/",
        views.ScreeningDetail.as_view(),
        name="screening",
    ),
    path("picklists/", views.PicklistList.as_view(), name="picklists"),
    path("places/", views.PlaceList.as_view(), name="places"),
    path("places/<int:place_id>/", views.PlaceDetail.as_view(), name="place"),
    path("organisations/", views.OrganisationList.as_view(), name="organisations"),
    path(
        "organisations/<slug:code>/",
        views.OrganisationDetail.as_view(),
        name="organisation",
    ),
    # JSON unless YAML is asked for (?format=yaml or the Accept header).
    path(
        "schema/",
        SpectacularAPIView.as_view(
            renderer_classes=[OpenApiJsonRenderer, OpenApiYamlRenderer]
        ),
        name="schema",
    ),
    path("docs/", pages.docs, name="docs"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<uuid:token_id>/revoke/", pages.token_revoke, name="token_revoke"),
]
