import json
from functools import cache
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import SCREENING_ROLES
from safepath.accounts.selectors import user_has_role
from safepath.cases.forms import Registration
from safepath.cases.selectors import case_for_update, cases_visible_to
from safepath.htcds.choices import SupportPlanType
from safepath.htcds.forms import picklist_values
from safepath.screening import selectors, services
from safepath.screening.forms import (
    AssessmentStartForm,
    AttachForm,
    DimensionForm,
    LevelForm,
    ScreeningStartForm,
)
from safepath.screening.models import AssessmentTemplate, IndicatorSet, in_language
from safepath.screening.rules import (
    LIKELY,
    NOT_INDICATED,
    POSSIBLE,
    YES,
    assess,
)
from safepath.screening.services import DATA
from safepath.screening.vulnerability import summarise
from safepath.xlsforms.selectors import sections_of_record

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
    context = {
        "screening": screening,
        "can_open_case": screening.case_id is None
        and selectors.user_can_open_cases_of(user=request.user, screening=screening),
        "form_sections": sections_of_record(
            organisation_id=screening.organisation_id,
            attaches_to="screening",
            record=screening,
        ),
        "record_kind": "screening",
        **_result_context(
            screening.indicator_set.definition, screening.profile, screening.answers
        ),
    }
    return render(request, "screening/detail.html", context)


def _result_context(definition: dict, profile: str, answers: dict) -> dict:
    result = assess(definition, profile, answers)
    labels = {
        i["code"]: in_language(i["label"])
        for d in definition["dimensions"]
        for i in d["indicators"]
    }
    strengths = {
        i["code"]: i["strength"].get(profile)
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
    return {
        "result": result,
        "dimensions": dimensions,
        "next_steps": NEXT_STEPS[result.suggestion],
        "rule_text": in_language(definition["rules"]["dimension_positive"].get("text")),
    }


# --- From a screening to a case ------------------------------------------------
EXPLOITATION_OF_PROFILE = {
    "AL": "ForcedLabour",
    "CL": "ChildLabour",
    "AS": "SexualExploitation",
    "CS": "SexualExploitation",
}


def _screening_without_case(request: HttpRequest, screening_id: UUID):
    screening = selectors.screening_get_for_user(
        user=request.user, screening_id=screening_id
    )
    if not selectors.user_can_open_cases_of(user=request.user, screening=screening):
        raise Http404
    if screening.case_id is not None:
        raise Http404
    return screening


@verified_login_required
def screening_convert(request: HttpRequest, screening_id: UUID) -> HttpResponse:
    """Register the person screened and open their case, from the screening."""
    screening = _screening_without_case(request, screening_id)
    contact = screening.contacts.first()  # started from a hotline contact
    exploitation = picklist_values("TypeOfExploitation").filter(
        value=EXPLOITATION_OF_PROFILE[screening.profile]
    )
    registration = Registration(
        request,
        organisation_id=screening.organisation_id,
        person_initial={
            "prs_FirstName": contact.caller_name,
            "prs_PrimaryLanguage": contact.language,
        }
        if contact
        else None,
        victim_initial={"vic_TypeOfExploitation": list(exploitation)},
    )
    if registration.may_register():
        case = services.screening_convert(
            screening=screening, **registration.registration(), actor=request.user
        )
        messages.success(
            request,
            gettext("Case %(reference)s is registered, with the screening attached.")
            % {"reference": case.reference},
        )
        return redirect(case)
    context = {
        "screening": screening,
        **registration.context(),
    }
    return render(request, "screening/convert.html", context)


@verified_login_required
def screening_attach(request: HttpRequest, screening_id: UUID) -> HttpResponse:
    """Attach the screening to a case of its organisation, by reference."""
    screening = _screening_without_case(request, screening_id)
    cases = cases_visible_to(request.user).filter(
        organisation_id=screening.organisation_id
    )
    form = AttachForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        services.screening_attach(
            screening=screening, case=form.case, actor=request.user
        )
        messages.success(request, gettext("The screening is attached to the case."))
        return redirect(form.case)
    return render(
        request, "screening/attach.html", {"screening": screening, "form": form}
    )


# --- Printable forms -----------------------------------------------------------
def _print_language(request: HttpRequest) -> str:
    language = request.GET.get("language") or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        raise Http404
    return language


@verified_login_required
def print_index(request: HttpRequest) -> HttpResponse:
    """The blank forms, for interviews where there is no connection."""
    indicator_sets = list(IndicatorSet.objects.filter(is_current=True))
    for indicator_set in indicator_sets:
        indicator_set.profile_links = [
            {"code": code, "label": in_language(profile["label"])}
            for code, profile in indicator_set.definition["profiles"].items()
        ]
    context = {
        "indicator_sets": indicator_sets,
        "templates": AssessmentTemplate.objects.filter(is_current=True),
        "languages": settings.LANGUAGES,
    }
    return render(request, "screening/print_index.html", context)


@verified_login_required
def print_indicator_set(request: HttpRequest, set_key: str) -> HttpResponse:
    indicator_set = get_object_or_404(IndicatorSet, key=set_key, is_current=True)
    definition = indicator_set.definition
    profile = request.GET.get("profile", "AL")
    if profile not in definition["profiles"]:
        raise Http404
    with translation.override(_print_language(request)):
        dimensions = [
            {
                "label": in_language(d["label"]),
                "question": in_language(d.get("question")),
                "indicators": [
                    {
                        "code": i["code"],
                        "question": in_language(i.get("question") or i["label"]),
                        "label": in_language(i["label"]),
                        "strength": i["strength"][profile],
                    }
                    for i in d["indicators"]
                    if i["strength"].get(profile)
                ],
            }
            for d in definition["dimensions"]
        ]
        context = {
            "indicator_set": indicator_set,
            "profile_label": in_language(definition["profiles"][profile]["label"]),
            "dimensions": dimensions,
            "rule_text": in_language(
                definition["rules"]["dimension_positive"].get("text")
            ),
            "provisional": _is_provisional(definition, profile),
        }
        return render(request, "screening/print_indicators.html", context)


def _is_provisional(definition: dict, profile: str) -> bool:
    return bool(
        definition["profiles"][profile].get("provisional")
        or (definition["rules"].get("provisional") or {}).get("suggestion")
    )


@verified_login_required
def print_assessment(request: HttpRequest, template_key: str) -> HttpResponse:
    template = get_object_or_404(AssessmentTemplate, key=template_key, is_current=True)
    with translation.override(_print_language(request)):
        levels = [
            {
                "label": in_language(level["label"]),
                "question": in_language(level.get("question")),
                "factors": [
                    {
                        "code": f["code"],
                        "label": in_language(f["label"]),
                        "question": in_language(f["question"]),
                    }
                    for f in level["factors"]
                ],
            }
            for level in template.definition["levels"]
        ]
        context = {"template": template, "levels": levels}
        return render(request, "screening/print_assessment.html", context)


# --- Training mode: fictional scenarios, nothing stored --------------------------
@cache
def training_scenarios() -> dict[str, dict]:
    with open(DATA / "training_scenarios.json", encoding="utf-8") as handle:
        return {s["key"]: s for s in json.load(handle)["scenarios"]}


def _training_state(request: HttpRequest) -> dict | None:
    """The scenario and answers of the training under way, if any."""
    state = request.session.get("training")
    if not state or state.get("scenario") not in training_scenarios():
        return None
    return state


def _in_training_session(request: HttpRequest, training_id) -> object | None:
    """The prevention training this practice is part of, if the user runs it."""
    from safepath.prevention.selectors import trainings_visible_to

    if not str(training_id or "").isdigit():
        return None
    return trainings_visible_to(request.user).filter(pk=int(training_id)).first()


@verified_login_required
def training(request: HttpRequest) -> HttpResponse:
    """Choose a scenario; the answers live in the session only. Opened from
    a prevention training's page, the result links back to it."""
    scenarios = training_scenarios()
    session = _in_training_session(
        request, request.POST.get("from_training") or request.GET.get("from_training")
    )
    if request.method == "POST":
        key = request.POST.get("scenario")
        if key not in scenarios:
            raise Http404
        request.session["training"] = {
            "scenario": key,
            "answers": {},
            "from_training": session.pk if session else None,
        }
        return redirect("screening:training_step", number=1)
    context = {
        "session": session,
        "scenarios": [
            {
                "key": s["key"],
                "title": in_language(s["title"]),
                "profile": in_language(
                    selectors.current_indicator_set().definition["profiles"][
                        s["profile"]
                    ]["label"]
                ),
            }
            for s in scenarios.values()
        ],
    }
    return render(request, "screening/training.html", context)


@verified_login_required
def training_step(request: HttpRequest, number: int) -> HttpResponse:
    state = _training_state(request)
    if state is None:  # none started, or the session ended: choose again
        return redirect("screening:training")
    scenario = training_scenarios()[state["scenario"]]
    dimensions = selectors.current_indicator_set().definition["dimensions"]
    if not 1 <= number <= len(dimensions):
        raise Http404
    dimension = dimensions[number - 1]
    form = DimensionForm(
        request.POST or None,
        dimension=dimension,
        profile=scenario["profile"],
        answers=state["answers"],
    )
    if request.method == "POST" and form.is_valid():
        state["answers"] = {**state["answers"], **form.cleaned_data}
        request.session["training"] = state
        if "back" in request.POST and number > 1:
            return redirect("screening:training_step", number=number - 1)
        if number < len(dimensions):
            return redirect("screening:training_step", number=number + 1)
        return redirect("screening:training_result")
    context = {
        "form": form,
        "number": number,
        "total": len(dimensions),
        "dimension_label": in_language(dimension["label"]),
        "dimension_question": in_language(dimension.get("question")),
        "scenario_title": in_language(scenario["title"]),
        "story": in_language(scenario["story"]),
    }
    return render(request, "screening/training_step.html", context)


@verified_login_required
def training_result(request: HttpRequest) -> HttpResponse:
    state = _training_state(request)
    if state is None:
        return redirect("screening:training")
    scenario = training_scenarios()[state["scenario"]]
    definition = selectors.current_indicator_set().definition
    answers = state["answers"]
    labels = {
        i["code"]: in_language(i["label"])
        for d in definition["dimensions"]
        for i in d["indicators"]
    }
    present = set(scenario.get("present", []))
    absent = set(scenario.get("absent", []))
    key_answers = {code: YES for code in present}
    context = {
        "scenario_title": in_language(scenario["title"]),
        "story": in_language(scenario["story"]),
        "teaching_note": in_language(scenario.get("teaching_note")),
        "missed": [labels[c] for c in labels if c in present and answers.get(c) != YES],
        "wrongly_marked": [
            labels[c] for c in labels if c in absent and answers.get(c) == YES
        ],
        "key_suggestion": assess(
            definition, scenario["profile"], key_answers
        ).suggestion,
        "session": _in_training_session(request, state.get("from_training")),
        **_result_context(definition, scenario["profile"], answers),
    }
    return render(request, "screening/training_result.html", context)


# --- Risk and vulnerability assessments ------------------------------------------
@verified_login_required
def assessment_create(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_for_update(user=request.user, case_id=case_id)
    form = AssessmentStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_start(
            assessment=form.instance, case=case, actor=request.user
        )
        return redirect(
            "screening:assessment_step", assessment_id=assessment.pk, number=1
        )
    template = selectors.current_assessment_template()
    context = {"case": case, "form": form, "template": template}
    return render(request, "screening/assessment_start.html", context)


@verified_login_required
def assessment_step(
    request: HttpRequest, assessment_id: int, number: int
) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    levels = assessment.template.definition["levels"]
    if not 1 <= number <= len(levels):
        raise Http404
    level = levels[number - 1]
    last = number == len(levels)
    form = LevelForm(
        request.POST or None,
        level=level,
        answers=assessment.answers,
        notes=assessment.notes if last else None,
    )
    if request.method == "POST" and form.is_valid():
        answers = dict(form.cleaned_data)
        notes = answers.pop("notes", None)
        services.assessment_answer(
            assessment=assessment,
            level=level["code"],
            answers=answers,
            notes=notes,
            actor=request.user,
        )
        if "back" in request.POST and number > 1:
            return redirect(
                "screening:assessment_step",
                assessment_id=assessment.pk,
                number=number - 1,
            )
        if not last:
            return redirect(
                "screening:assessment_step",
                assessment_id=assessment.pk,
                number=number + 1,
            )
        services.assessment_complete(assessment=assessment, actor=request.user)
        return redirect(assessment)
    context = {
        "assessment": assessment,
        "case": assessment.case,
        "form": form,
        "number": number,
        "total": len(levels),
        "level_label": in_language(level["label"]),
        "level_question": in_language(level.get("question")),
    }
    return render(request, "screening/assessment_step.html", context)


@verified_login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    services.assessment_record_view(assessment=assessment, actor=request.user)
    definition = assessment.template.definition
    summary = summarise(definition, assessment.answers)
    labels = {
        level["code"]: in_language(level["label"]) for level in definition["levels"]
    }
    support_labels = dict(SupportPlanType.choices)
    context = {
        "assessment": assessment,
        "case": assessment.case,
        "summary": summary,
        "levels": [
            {
                "label": labels[level.code],
                "risks": [in_language(f["label"]) for f in level.risks],
                "protective": [in_language(f["label"]) for f in level.protective],
                "unknown": [in_language(f["label"]) for f in level.unknown],
            }
            for level in summary.levels
        ],
        "support": [support_labels[kind] for kind in summary.support],
    }
    return render(request, "screening/assessment_detail.html", context)
