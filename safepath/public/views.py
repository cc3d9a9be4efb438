"""The public pages and the anonymous report form, and the operators' triage
queue.

The public pages set no cookie: the language is in the URL, the pages are
rendered without the request (so no context processor opens the session or
makes a CSRF token), and the report form is protected by a signed form token
instead of the CSRF cookie (guards.py).
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from safepath.accounts.decorators import verified_login_required
from safepath.public import guards, selectors, services
from safepath.public.forms import ReportForm, TriageForm
from safepath.public.models import ReportStatus

# Where the quick exit goes: a page that looks like everyday browsing.
QUICK_EXIT_URL = "https://www.google.com/search?q=weather"
PER_PAGE = 25
TOO_BIG = gettext_lazy(
    "Your report was too long to be received. Please shorten it to 4000 "
    "characters and send it again."
)
THROTTLED = gettext_lazy(
    "Too many reports have been sent from this connection in a short time. Your "
    "report was not sent: keep your text and send it again later, or call the "
    "hotline."
)


def public_page(view: Callable[..., HttpResponse]) -> Callable:
    """The view runs in the URL's language, whatever the browser says."""

    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, **kwargs) -> HttpResponse:
        with translation.override(lang):
            response = view(request, lang, **kwargs)
        response.headers["Content-Language"] = lang
        return response

    return wrapper


def _page(
    lang: str, template: str, url_name: str, context: dict, status: int = 200
) -> HttpResponse:
    """Render without the request: no session, no CSRF token, no messages."""
    languages = [
        (code, name, reverse(url_name, kwargs={"lang": code}))
        for code, name in settings.LANGUAGES
    ]
    if "centre" not in context:
        context = {**context, "centre": selectors.centre_details(language=lang)}
    context = {
        **context,
        "lang": lang,
        "languages": languages,
        "quick_exit_url": QUICK_EXIT_URL,
    }
    return HttpResponse(render_to_string(template, context), status=status)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return redirect("public:home", lang=settings.LANGUAGE_CODE)


@require_safe
@public_page
def home(request: HttpRequest, lang: str) -> HttpResponse:
    return _page(lang, "public/home.html", "public:home", {})


def _report_page(
    lang: str, form: ReportForm, centre, status: int = 200, refusal: str = ""
) -> HttpResponse:
    """The form, with a new token at every showing."""
    context = {
        "form": form,
        "token": guards.report_token(),
        "centre": centre,
        "refusal": refusal,
    }
    return _page(lang, "public/report.html", "public:report", context, status)


def _as_typed(data) -> ReportForm:
    """The form as it was typed, not validated (a refusal says why on top)."""
    fields = ("what_seen", "where", "when", "contact")
    return ReportForm(initial={field: data.get(field, "") for field in fields})


@csrf_exempt  # no cookie to check: the signed form token stands in (guards.py)
@require_http_methods(["GET", "HEAD", "POST"])
@public_page
def report(request: HttpRequest, lang: str) -> HttpResponse:
    centre = selectors.centre_details(language=lang)
    if centre is None or request.method != "POST":
        return _report_page(lang, ReportForm(), centre)
    key = guards.client_key(request)
    try:
        data = request.POST
    except (RequestDataTooBig, TooManyFieldsSent):
        return _report_page(lang, ReportForm(), centre, 413, refusal=TOO_BIG)
    if guards.is_throttled(key=key):
        return _report_page(lang, _as_typed(data), centre, 429, refusal=THROTTLED)
    form = ReportForm(data)
    if not form.is_valid():
        return _report_page(lang, form, centre)
    # A token sent twice (a double click, the back button) stores one report.
    if guards.report_token_claim(form.cleaned_data["nonce"]):
        services.anonymous_report_submit(report=form.report(language=lang))
        guards.record_hit(key=key)
    return redirect("public:report_done", lang=lang)


@require_safe
@public_page
def report_done(request: HttpRequest, lang: str) -> HttpResponse:
    return _page(lang, "public/report_done.html", "public:report_done", {})


# --- The operators' triage queue ---------------------------------------------


@verified_login_required
def triage_list(request: HttpRequest) -> HttpResponse:
    if not selectors.triage_organisation_ids(user=request.user):
        raise Http404
    status = request.GET.get("status", ReportStatus.NEW)
    reports = selectors.reports_visible_to(user=request.user)
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    else:
        status = ""
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ReportStatus.choices}
    return render(request, "public/triage_list.html", context)


@verified_login_required
def triage_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, report_id=report_id)
    initial = {"note": report.triage_note}
    if report.status != ReportStatus.NEW:
        initial["status"] = report.status
    form = TriageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.anonymous_report_triage(
            report=report,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("The triage is saved."))
        return redirect("public:triage")
    services.anonymous_report_record_view(report=report, actor=request.user)
    return render(
        request, "public/triage_detail.html", {"report": report, "form": form}
    )
