from django.urls import path

from safepath.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/<uuid:case_id>/", views.referral_create, name="create"),
    path("<uuid:referral_id>/", views.referral_detail, name="detail"),
    path("<uuid:referral_id>/answer/", views.referral_respond, name="respond"),
    path("<uuid:referral_id>/case/", views.referral_open_case, name="open_case"),
    path("<uuid:referral_id>/withdraw/", views.referral_withdraw, name="withdraw"),
]
