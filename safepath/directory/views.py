from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from safepath.accounts.decorators import verified_login_required
from safepath.directory import selectors, services
from safepath.directory.forms import (
    OfferSearchForm,
    ServiceOfferCreateForm,
    ServiceOfferForm,
)
from safepath.directory.models import ServiceOffer
from safepath.lib.versioning import saved_or_rebased

OFFERS_PER_PAGE = 25


def _is_htmx(request: HttpRequest) -> bool:
    # Going back to a pushed URL, htmx asks again for the whole page.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@verified_login_required
def search(request: HttpRequest) -> HttpResponse:
    form = OfferSearchForm(request.GET)
    offers = (
        selectors.service_offers_matching(**form.criteria())
        if form.is_valid()
        else ServiceOffer.objects.none()
    )
    page = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_add": bool(selectors.editable_organisation_ids(request.user)),
    }
    template = "directory/search.html"
    response = render(
        request, f"{template}#results" if _is_htmx(request) else template, context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@verified_login_required
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = selectors.service_offer_get_for_user(user=request.user, offer_id=offer_id)
    context = {
        "offer": offer,
        "can_edit": selectors.user_can_edit_offer(user=request.user, offer=offer),
    }
    return render(request, "directory/detail.html", context)


@verified_login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_new_offer(request.user)
    form = ServiceOfferCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        offer = services.service_offer_create(
            offer=form.instance,
            locations=form.cleaned_data["locations"],
            actor=request.user,
        )
        messages.success(request, _("The service is added to the directory."))
        return redirect(offer)
    return render(request, "directory/offer_form.html", {"form": form})


@verified_login_required
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = selectors.service_offer_for_update(user=request.user, offer_id=offer_id)
    stored_name = offer.name  # the form changes the instance as it validates
    form = ServiceOfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.service_offer_update(
                offer=form.instance,
                locations=form.cleaned_data["locations"],
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The service is saved."))
            return redirect(offer)
    context = {"form": form, "offer": offer, "stored_name": stored_name}
    return render(request, "directory/offer_form.html", context)
