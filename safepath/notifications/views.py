from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.notifications import selectors, services

PER_PAGE = 25


@verified_login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_for(user=request.user)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@verified_login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    url = services.open_notification(user=request.user, notification_id=notification_id)
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(
        url, allowed_hosts=None
    ):
        return redirect("notifications:list")
    return redirect(url)


@require_POST
@verified_login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
