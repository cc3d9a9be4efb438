from django.contrib import admin
from django.urls import include, path

from safepath.cases.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("safepath.accounts.urls")),
    path("cases/", include("safepath.cases.urls")),
    path("duplicates/", include("safepath.dedup.urls")),
    path("exchange/", include("safepath.htcds.urls")),
    path("jobs/", include("safepath.jobs.urls")),
    path("sections/", include("safepath.xlsforms.urls")),
    path("screenings/", include("safepath.screening.urls")),
    path("directory/", include("safepath.directory.urls")),
    path("assistance/", include("safepath.assistance.urls")),
    path("referrals/", include("safepath.referrals.urls")),
    path("notifications/", include("safepath.notifications.urls")),
    path("hotline/", include("safepath.hotline.urls")),
    path("knowledge/", include("safepath.knowledge.urls")),
    path("help/", include("safepath.public.urls")),
    path("statistics/", include("safepath.stats.urls")),
    path("prevention/", include("safepath.prevention.urls")),
    path("learn/", include("safepath.prevention.learn_urls")),
    path("api/v1/", include("safepath.api.urls")),
    path("openrosa/", include("safepath.openrosa.urls")),
    path("retention/", include("safepath.retention.urls")),
    path("admin/", admin.site.urls),
]
