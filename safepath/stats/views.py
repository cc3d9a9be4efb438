from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import STATISTICS_ROLES
from safepath.accounts.selectors import user_has_role
from safepath.stats.selectors import case_statistics


@verified_login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not user_has_role(user=request.user, roles=STATISTICS_ROLES):
        raise Http404
    return render(
        request, "stats/overview.html", {"stats": case_statistics(user=request.user)}
    )
