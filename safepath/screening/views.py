from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import SCREENING_ROLES
from safepath.accounts.selectors import user_has_role
from safepath.screening import selectors, services
from safepath.screening.forms import DimensionForm, ScreeningStartForm
from safepath.screening.models import in_language
from safepath.screening.rules import LIKELY, NOT_INDICATED, POSSIBLE, assess

NEXT_STEPS = {
    LIKELY: [
        _(
            "Make sure the person is safe now: do they have somewhere safe "
            "to sleep tonight?"
        ),
        _("Offer medical care, and psychological support."),
        _("Open a case and refer the person for a formal identification decision."),
    ],
    POSSIBLE: [
        _(
            "Ask more, in private and without pressure; the person may not "
            "be ready to say more."
        ),
        _(
            "Give the hotline number and information on their rights and on "
            "safe migration."
        ),
        _("Consider opening a case, and discuss it with your supervisor."),
    ],
    NOT_INDICATED: [
        _("No indicator of trafficking was found in these answers."),
        _("Give information on safe migration and the hotline number."),
    ],
}


@verified_login_required
def screening_list(request: HttpRequest) -> HttpResponse:
    if not user_has_role(user=request.user, roles=SCREENING_ROLES):
        raise Http404
    screenings = selectors.screenings_visible_to(request.user).select_related(
        "conducted_by", "location__parent"
    )
    page = Paginator(screenings, 25).get_page(request.GET.get("page"))
    return render(request, "screening/list.html", {"page": page})


@verified_login_required
def screening_create(request: HttpRequest) -> HttpResponse:
    if not user_has_role(user=request.user, roles=SCREENING_ROLES):
        raise Http404
    form = ScreeningStartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        screening = services.screening_start(
            screening=form.instance, actor=request.user
        )
        return redirect("screening:step", screening_id=screening.pk, number=1)
    return render(request, "screening/start.html", {"form": form})


@verified_login_required
def screening_step(
    request: HttpRequest, screening_id: UUID, number: int
) -> HttpResponse:
    screening = selectors.screening_get_for_user(
        user=request.user, screening_id=screening_id
    )
    dimensions = screening.indicator_set.definition["dimensions"]
    if not 1 <= number <= len(dimensions):
        raise Http404
    dimension = dimensions[number - 1]
    form = DimensionForm(
        request.POST or None,
        dimension=dimension,
        profile=screening.profile,
        answers=screening.answers,
    )
    if request.method == "POST" and form.is_valid():
        services.screening_answer(
            screening=screening,
            dimension=dimension["code"],
            answers=form.cleaned_data,
            actor=request.user,
        )
        if "back" in request.POST and number > 1:
            return redirect(
                "screening:step", screening_id=screening.pk, number=number - 1
            )
        if number < len(dimensions):
            return redirect(
                "screening:step", screening_id=screening.pk, number=number + 1
            )
        services.screening_complete(screening=screening, actor=request.user)
        return redirect(screening)
    context = {
        "screening": screening,
        "form": form,
        "number": number,
        "total": len(dimensions),
        "dimension_label": in_language(dimension["label"]),
        "dimension_question": in_language(dimension.get("question")),
    }
    return render(request, "screening/step.html", context)


@verified_login_required
def screening_detail(request: HttpRequest, screening_id: UUID) -> HttpResponse:
    screening = selectors.screening_get_for_user(
        user=request.user, screening_id=screening_id
    )
    services.screening_record_view(screening=screening, actor=request.user)
    definition = screening.indicator_set.definition
    result = assess(definition, screening.profile, screening.answers)
    labels = {
        i["code"]: in_language(i["label"])
        for d in definition["dimensions"]
        for i in d["indicators"]
    }
    strengths = {
        i["code"]: i["strength"].get(screening.profile)
        for d in definition["dimensions"]
        for i in d["indicators"]
    }
    dimensions = [
        {
            "label": in_language(d["label"]),
            "result": result.dimensions[d["code"]],
            "found": [
                (labels[c], strengths[c]) for c in result.dimensions[d["code"]].found
            ],
        }
        for d in definition["dimensions"]
    ]
    context = {
        "screening": screening,
        "result": result,
        "dimensions": dimensions,
        "next_steps": NEXT_STEPS[result.suggestion],
        "rule_text": in_language(definition["rules"]["dimension_positive"].get("text")),
    }
    return render(request, "screening/detail.html", context)
