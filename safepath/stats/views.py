from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import Role
from safepath.accounts.selectors import active_memberships
from safepath.ctdc.models import Dataset
from safepath.ctdc.selectors import datasets_loaded
from safepath.lib.reporting import download
from safepath.stats import dashboard, services
from safepath.stats.ctdc_export import DEFAULT_K, ctdc_release
from safepath.stats.ctdc_export import as_csv as ctdc_csv
from safepath.stats.disclosure import SUPPRESSED, THRESHOLD
from safepath.stats.forms import (
    CtdcExportForm,
    DashboardFilterForm,
    IndicatorChoiceForm,
    PeriodForm,
)
from safepath.stats.indicators import MEASURE_CHOICES, indicator_table
from safepath.stats.models import Indicator
from safepath.stats.reference import comparison_tables


def _dashboard_scope(
    request: HttpRequest,
) -> tuple[DashboardFilterForm, dashboard.Scope]:
    own, shared = dashboard.organisations_for(request.user)
    if not own:
        raise Http404
    supervised = {
        m.organisation_id for m in active_memberships(request.user)
        if m.role == Role.SUPERVISOR
    }  # fmt: skip
    form = DashboardFilterForm(
        request.GET or None,
        own=own,
        shared=shared,
        can_see_exact=any(o.pk in supervised for o in own),
    )
    options = {}
    if form.is_bound and form.is_valid():
        options = {
            "organisation_id": form.cleaned_data["organisation"],
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
            "published": form.cleaned_data.get("published", False),
        }
    return form, dashboard.scope_for(request.user, **options)


@verified_login_required
def overview(request: HttpRequest) -> HttpResponse:
    form, scope = _dashboard_scope(request)
    tables = dashboard.dashboard(scope)
    context = {
        "form": form,
        "scope": scope,
        "tables": tables,
        "total": tables[0].total[1],
        "query": request.GET.urlencode(),
        "export_url": reverse("stats:export"),
        "suppressed": SUPPRESSED,
        "threshold": THRESHOLD,
    }
    return render(request, "stats/overview.html", context)


@verified_login_required
def export(request: HttpRequest) -> HttpResponse:
    form, scope = _dashboard_scope(request)
    wanted = request.GET.get("table", "all")
    tables = dashboard.dashboard(scope)
    if wanted != "all":
        tables = [t for t in tables if t.key == wanted]
    if not tables:
        raise Http404
    fmt = request.GET.get("format", "xlsx")
    services.record_export(actor=request.user, scope=scope, what=wanted, fmt=fmt)
    stamp = date.today().isoformat()
    return download(tables, fmt, f"safepath-statistics-{wanted}-{stamp}")


def _indicator_period(form: DashboardFilterForm, scope) -> tuple[date, date]:
    """The period asked for; by default this year up to today."""
    today = timezone.localdate()
    return scope.date_from or date(today.year, 1, 1), scope.date_to or today


@verified_login_required
def indicators(request: HttpRequest) -> HttpResponse:
    form, scope = _dashboard_scope(request)
    start, end = _indicator_period(form, scope)
    if start > end:
        start = end
    context = {
        "form": form,
        "scope": scope,
        "table": indicator_table(scope, start, end),
        "query": request.GET.urlencode(),
        "export_url": reverse("stats:indicators_export"),
        "can_choose": _supervised_organisation(request.user) is not None,
        "suppressed": SUPPRESSED,
        "threshold": THRESHOLD,
    }
    return render(request, "stats/indicators.html", context)


@verified_login_required
def indicators_export(request: HttpRequest) -> HttpResponse:
    form, scope = _dashboard_scope(request)
    start, end = _indicator_period(form, scope)
    fmt = request.GET.get("format", "xlsx")
    services.record_export(actor=request.user, scope=scope, what="indicators", fmt=fmt)
    table = indicator_table(scope, min(start, end), end)
    return download([table], fmt, f"safepath-indicators-{start}-{end}")


def _supervised_organisation(user):
    """The organisation whose indicator list the user may choose: the first
    where they are a supervisor."""
    for membership in active_memberships(user):
        if membership.role == Role.SUPERVISOR:
            return membership.organisation
    return None


@verified_login_required
def indicators_choose(request: HttpRequest) -> HttpResponse:
    organisation = _supervised_organisation(request.user)
    if organisation is None:
        raise Http404
    chosen = {i.measure: i for i in Indicator.objects.filter(organisation=organisation)}
    form = IndicatorChoiceForm(
        request.POST or None,
        measures=[(key, str(label)) for key, label in MEASURE_CHOICES],
        chosen=chosen,
    )
    if request.method == "POST" and form.is_valid():
        services.indicators_choose(organisation=organisation, chosen=form.chosen())
        messages.success(request, _("The indicator list is saved."))
        return redirect("stats:indicators")
    context = {"form": form, "organisation": organisation}
    return render(request, "stats/indicators_choose.html", context)


def _ctdc_release(request: HttpRequest, data=None):
    own, shared = dashboard.organisations_for(request.user)
    if not own:
        raise Http404
    form = CtdcExportForm(data or request.GET or None, own=own, shared=shared)
    if not (form.is_bound and form.is_valid()):
        return form, None
    scope = dashboard.scope_for(
        request.user,
        organisation_id=form.cleaned_data["organisation"],
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
        published=True,
    )
    return form, (scope, ctdc_release(scope, form.cleaned_data["k"]))


@verified_login_required
def ctdc(request: HttpRequest) -> HttpResponse:
    form, prepared = _ctdc_release(request)
    context = {"form": form, "query": request.GET.urlencode()}
    if prepared is not None:
        _scope, release = prepared
        result = release.result
        context.update(
            {
                "release": release,
                "result": result,
                "columns": [
                    (
                        name,
                        result.generalised_by_column[name],
                        result.suppressed_by_column[name],
                        round(result.ncp_by_column[name], 3),
                    )
                    for name in result.quasi_identifiers
                ],
                "ncp": round(result.ncp, 3),
                "kept_percent": _percent(result.records_kept, result.records_in),
                "intact_percent": _percent(result.records_intact, result.records_in),
                "plain_percent": _percent(
                    release.plain_suppression_kept, result.records_in
                ),
                "cells": result.records_in * len(result.quasi_identifiers),
                "preview": result.data.head(10).values.tolist(),
                "preview_columns": list(result.data.columns),
            }
        )
    return render(request, "stats/ctdc.html", context)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@verified_login_required
def ctdc_download(request: HttpRequest) -> HttpResponse:
    # Without a choice, the whole scope at CTDC's k.
    _form, prepared = _ctdc_release(request, request.GET or {"k": DEFAULT_K})
    if prepared is None:
        raise Http404
    scope, release = prepared
    services.record_export(
        actor=request.user, scope=scope, what=f"ctdc.k{release.result.k}", fmt="csv"
    )
    response = HttpResponse(
        ctdc_csv(release.data), content_type="text/csv; charset=utf-8"
    )
    name = f"safepath-ctdc-k{release.result.k}-{date.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@verified_login_required
def reference(request: HttpRequest) -> HttpResponse:
    own, shared = dashboard.organisations_for(request.user)
    if not own:
        raise Http404
    form = PeriodForm(request.GET or None, own=own, shared=shared)
    options = {}
    if form.is_bound and form.is_valid():
        options = {
            "organisation_id": form.cleaned_data["organisation"],
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
        }
    scope = dashboard.scope_for(request.user, published=True, **options)
    context = {
        "form": form,
        "tables": comparison_tables(scope),
        "loaded": [
            (label, datasets_loaded()[value]) for value, label in Dataset.choices
        ],
        "suppressed": SUPPRESSED,
        "threshold": THRESHOLD,
    }
    return render(request, "stats/reference.html", context)
