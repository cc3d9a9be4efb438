from django.urls import path

from safepath.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_view, name="language"),
    path("password/", views.password_change, name="password_change"),
    path("organisations/<int:organisation_id>/members/", views.members, name="members"),
    path(
        "organisations/<int:organisation_id>/members/new/",
        views.member_create,
        name="member_create",
    ),
    path(
        "organisations/<int:organisation_id>/settings/",
        views.organisation_settings,
        name="organisation_settings",
    ),
    path(
        "organisations/<int:organisation_id>/audit.csv",
        views.audit_export,
        name="audit_export",
    ),
    path("members/<int:membership_id>/", views.member_edit, name="member_edit"),
    path(
        "members/<int:membership_id>/reset-2fa/",
        views.member_reset_two_factor,
        name="member_reset_two_factor",
    ),
]
