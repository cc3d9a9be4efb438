"""Prevention staff's pages: trainings, participants, tests, campaigns and
the reports. Access is decided in selectors (404 for anyone else)."""

import io
from datetime import date

import segno
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from safepath.accounts.decorators import verified_login_required
from safepath.lib.reporting import download
from safepath.lib.uploads import content_refusal
from safepath.lib.versioning import saved_or_rebased
from safepath.prevention import imports, reports, selectors, services
from safepath.prevention.forms import (
    ActivityForm,
    CampaignForm,
    FollowUpForm,
    ImportForm,
    ModuleForm,
    OpenTestForm,
    ParticipantForm,
    QuestionForm,
    ReportFilterForm,
    ScoresForm,
    TestForm,
    TrainingForm,
)
from safepath.prevention.models import (
    MEDIA_KINDS,
    Activity,
    Question,
    ResultSource,
    TestKind,
    TestResult,
)
from safepath.prevention.selectors import require_prevention_role

PER_PAGE = 25


# --- Trainings -----------------------------------------------------------------


@verified_login_required
def training_list(request: HttpRequest) -> HttpResponse:
    require_prevention_role(request.user)
    trainings = (
        selectors.trainings_visible_to(request.user)
        .select_related("location__parent")
        .order_by("-starts_on", "-id")
        .annotate(participant_count=selectors.participant_count())
    )
    page = Paginator(trainings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "prevention/training_list.html", {"page": page})


def _training_form_page(request, form, training=None) -> HttpResponse:
    return render(
        request, "prevention/training_form.html", {"form": form, "training": training}
    )


@verified_login_required
def training_create(request: HttpRequest) -> HttpResponse:
    org_ids = require_prevention_role(request.user)
    form = TrainingForm(request.POST or None, org_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        training = services.training_save(
            training=form.save(commit=False),
            modules=form.cleaned_data["modules"],
            co_organisers=form.cleaned_data["co_organisers"],
            actor=request.user,
        )
        messages.success(request, _("The training is saved. Now add its participants."))
        return redirect(training)
    return _training_form_page(request, form)


@verified_login_required
def training_edit(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    org_ids = selectors.prevention_organisation_ids(user=request.user)
    form = TrainingForm(request.POST or None, instance=training, org_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.training_save(
                training=form.instance,
                modules=form.cleaned_data["modules"],
                co_organisers=form.cleaned_data["co_organisers"],
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The training is saved."))
            return redirect(training)
    return _training_form_page(request, form, training)


@verified_login_required
def training_detail(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    services.training_record_view(training=training, actor=request.user)
    context = {
        "training": training,
        "summary": selectors.training_summary(training),
        "questions": selectors.training_questions(training),
        "open_form": OpenTestForm(instance=training),
    }
    return render(request, "prevention/training_detail.html", context)


@verified_login_required
@require_POST
def training_open_test(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    form = OpenTestForm(request.POST, instance=training)
    if form.is_valid():
        if form.cleaned_data["open_test"] in TestKind.values and not (
            selectors.training_questions(training)
        ):
            messages.error(
                request,
                _("The modules of this training have no questions: enter the scores."),
            )
            return redirect(training)
        services.training_open_test(
            training=training,
            open_test=form.cleaned_data["open_test"],
            actor=request.user,
        )
        messages.success(request, _("The participants' links now show: %(test)s.")
                         % {"test": training.get_open_test_display()})  # fmt: skip
    return redirect(training)


@verified_login_required
def training_links(request: HttpRequest, training_id: int) -> HttpResponse:
    """A printable sheet: each participant's own link and QR code to the tests."""
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    services.training_record_view(training=training, actor=request.user)
    rows = []
    for participant in training.participants.all():
        url = request.build_absolute_uri(f"/learn/{participant.token}/")
        qr = segno.make(url, error="m")
        rows.append((participant, url, qr.svg_data_uri(scale=3)))
    return render(
        request, "prevention/training_links.html", {"training": training, "rows": rows}
    )


@verified_login_required
def training_certificates(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    services.training_record_view(training=training, actor=request.user)
    summary = selectors.training_summary(training)
    completed = [row.participant for row in summary.rows if row.completed]
    context = {
        "training": training,
        "completed": completed,
        "modules": list(training.modules.all()),
        "today": timezone.localdate(),
    }
    return render(request, "prevention/certificates.html", context)


@verified_login_required
def attendance(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    summary = selectors.training_summary(training)
    days = training.days
    if request.method == "POST":
        present = {
            row.participant.pk: {
                day
                for day in days
                if request.POST.get(f"p{row.participant.pk}-{day.isoformat()}")
            }
            for row in summary.rows
        }
        services.attendance_set(training=training, present=present, actor=request.user)
        messages.success(request, _("Attendance is saved."))
        return redirect(training)
    services.training_record_view(training=training, actor=request.user)
    context = {"training": training, "summary": summary, "days": days}
    return render(request, "prevention/attendance.html", context)


@verified_login_required
def scores(request: HttpRequest, training_id: int) -> HttpResponse:
    """Scores of marked paper tests for the whole group at once."""
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    participants = list(training.participants.all())
    results = {
        (r.participant_id, r.kind): r
        for r in TestResult.objects.filter(participant__training=training)
    }
    questions = selectors.training_questions(training)
    initial = {"max_score": next(
        (r.max_score for r in results.values()), len(questions) or None
    )}  # fmt: skip
    for (pid, kind), result in results.items():
        initial[f"{kind}_{pid}"] = result.score
    form = ScoresForm(request.POST or None, initial=initial, participants=participants)
    if request.method == "POST" and form.is_valid():
        services.scores_record(
            training=training,
            scores=form.scores(),
            max_score=form.cleaned_data["max_score"],
            actor=request.user,
        )
        messages.success(request, _("The scores are saved."))
        return redirect(training)
    services.training_record_view(training=training, actor=request.user)
    return render(
        request, "prevention/scores.html", {"training": training, "form": form}
    )


# --- Participants --------------------------------------------------------------


@verified_login_required
def participant_create(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant = form.save(commit=False)
        participant.training = training
        services.participant_save(participant=participant, actor=request.user)
        messages.success(request, _("%(name)s is registered.")
                         % {"name": participant.name})  # fmt: skip
        if "another" in request.POST:
            return redirect("prevention:participant_create", training_id=training.pk)
        return redirect(training)
    context = {"form": form, "training": training, "participant": None}
    return render(request, "prevention/participant_form.html", context)


@verified_login_required
def participant_edit(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = selectors.participant_get_for_user(
        user=request.user, participant_id=participant_id
    )
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.participant_save(
                participant=form.instance,
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The participant is saved."))
            return redirect(participant.training)
    context = {
        "form": form,
        "training": participant.training,
        "participant": participant,
    }
    return render(request, "prevention/participant_form.html", context)


@verified_login_required
@require_POST
def participant_delete(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = selectors.participant_get_for_user(
        user=request.user, participant_id=participant_id
    )
    training = participant.training
    services.participant_delete(participant=participant, actor=request.user)
    messages.success(request, _("The participant is removed from the training."))
    return redirect(training)


@verified_login_required
def participant_test(
    request: HttpRequest, participant_id: int, kind: str
) -> HttpResponse:
    """A paper test entered answer by answer (the score is computed)."""
    if kind not in TestKind.values:
        raise Http404
    participant = selectors.participant_get_for_user(
        user=request.user, participant_id=participant_id
    )
    training = participant.training
    if participant.results.filter(kind=kind).exists():
        messages.info(request, _("This test is already recorded for the participant."))
        return redirect(training)
    questions = selectors.training_questions(training)
    if not questions:
        messages.error(
            request,
            _("The modules of this training have no questions: enter the scores."),
        )
        return redirect("prevention:scores", training_id=training.pk)
    form = TestForm(
        request.POST or None,
        questions=questions,
        language=get_language(),
        required=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.test_submit(
                participant=participant,
                kind=kind,
                answers=form.answers(),
                source=ResultSource.PAPER,
                actor=request.user,
            )
        except services.AlreadyTaken:
            messages.info(
                request, _("This test is already recorded for the participant.")
            )
        else:
            messages.success(
                request,
                _("Recorded: %(score)s of %(max)s correct.")
                % {"score": result.score, "max": result.max_score},
            )
        return redirect(training)
    context = {
        "form": form,
        "participant": participant,
        "training": training,
        "kind_label": TestKind(kind).label,
    }
    return render(request, "prevention/participant_test.html", context)


@verified_login_required
def participant_follow_up(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = selectors.participant_get_for_user(
        user=request.user, participant_id=participant_id
    )
    survey = getattr(participant, "follow_up", None)
    form = FollowUpForm(
        request.POST or None,
        instance=survey,
        initial={"answered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        survey = form.save(commit=False)
        survey.participant = participant
        services.follow_up_save(
            survey=survey, source=ResultSource.PAPER, actor=request.user
        )
        messages.success(request, _("The follow-up survey is saved."))
        return redirect(participant.training)
    context = {
        "form": form,
        "participant": participant,
        "training": participant.training,
    }
    return render(request, "prevention/follow_up_form.html", context)


@verified_login_required
def participants_import(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.training_get_for_user(
        user=request.user, training_id=training_id
    )
    problems: list = []
    try:
        form = ImportForm(request.POST or None, request.FILES or None)
        valid = request.method == "POST" and form.is_valid()
    except RequestDataTooBig:
        form, valid = ImportForm(), False
        problems = [_("The file is larger than 2 MB: split it.")]
    if valid:
        upload = form.cleaned_data["file"]
        try:
            if upload.size > imports.MAX_BYTES:
                raise imports.ImportRefused(
                    [
                        imports.Problem(
                            0, "", _("The file is larger than 2 MB: split it.")
                        )
                    ]
                )
            content = upload.read()
            if refusal := content_refusal(upload.name, content):
                raise imports.ImportRefused([imports.Problem(0, "", refusal)])
            rows = imports.read_rows(upload.name, content)
            existing = {p.name for p in training.participants.all()}
            participants = imports.participants_from_rows(rows, existing_names=existing)
        except imports.ImportRefused as refused:
            problems = [str(p) for p in refused.problems]
        else:
            services.participants_import(
                training=training, participants=participants, actor=request.user
            )
            messages.success(
                request,
                _("%(n)s participants are imported.") % {"n": len(participants)},
            )
            return redirect(training)
    context = {"form": form, "training": training, "problems": problems}
    status = 400 if problems else 200
    return render(request, "prevention/import.html", context, status=status)


@verified_login_required
def participants_template(request: HttpRequest) -> HttpResponse:
    """An empty participant list with the expected columns."""
    require_prevention_role(request.user)
    book = Workbook()
    sheet = book.active
    sheet.title = "participants"
    sheet.append(list(imports.COLUMNS))
    sheet.append(["Бат-Эрдэнэ Болд", "Social worker", "Masculine", "Ханбогд сум",
                  "нийгмийн ажилтан", "yes", "9911 0000", ""])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="participants.xlsx"'
    return response


# --- Question bank ---------------------------------------------------------------


@verified_login_required
def module_list(request: HttpRequest) -> HttpResponse:
    org_ids = require_prevention_role(request.user)
    modules = selectors.modules_for(organisation_ids=org_ids).select_related(
        "organisation"
    )
    return render(request, "prevention/module_list.html", {"modules": modules})


@verified_login_required
def module_create(request: HttpRequest) -> HttpResponse:
    org_ids = require_prevention_role(request.user)
    form = ModuleForm(request.POST or None, org_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        module = services.module_save(
            module=form.save(commit=False), actor=request.user
        )
        messages.success(request, _("The module is saved. Now add its questions."))
        return redirect(module)
    return render(request, "prevention/module_form.html", {"form": form})


@verified_login_required
def module_detail(request: HttpRequest, module_id: int) -> HttpResponse:
    module = selectors.module_get_for_user(user=request.user, module_id=module_id)
    questions = module.questions.all()
    return render(
        request,
        "prevention/module_detail.html",
        {"module": module, "questions": questions},
    )


@verified_login_required
def question_create(request: HttpRequest, module_id: int) -> HttpResponse:
    module = selectors.module_get_for_user(user=request.user, module_id=module_id)
    if module.is_builtin:
        raise Http404  # the built-in bank is changed through its data file
    form = QuestionForm(request.POST or None, instance=Question(module=module))
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.position = module.questions.count() + 1
        services.question_save(question=question, actor=request.user)
        messages.success(request, _("The question is saved."))
        if "another" in request.POST:
            return redirect("prevention:question_create", module_id=module.pk)
        return redirect(module)
    context = {"form": form, "module": module, "question": None}
    return render(request, "prevention/question_form.html", context)


@verified_login_required
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question = selectors.question_get_for_user(
        user=request.user, question_id=question_id
    )
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.question_save(
            question=form.save(commit=False),
            changed=form.changed_data,
            actor=request.user,
        )
        messages.success(request, _("The question is saved."))
        return redirect(question.module)
    context = {"form": form, "module": question.module, "question": question}
    return render(request, "prevention/question_form.html", context)


# --- Campaigns -------------------------------------------------------------------


@verified_login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require_prevention_role(request.user)
    campaigns = (
        selectors.campaigns_visible_to(request.user)
        .order_by("-starts_on", "-id")
        .annotate(
            activity_count=Count("activities", distinct=True),
            estimated=Sum("activities__estimated_reach"),
        )
    )
    page = Paginator(campaigns, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "prevention/campaign_list.html", {"page": page})


@verified_login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    org_ids = require_prevention_role(request.user)
    form = CampaignForm(request.POST or None, org_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        campaign = services.campaign_save(
            campaign=form.save(commit=False),
            partners=form.cleaned_data["partners"],
            actor=request.user,
        )
        messages.success(
            request, _("The campaign is saved. Now record its activities.")
        )
        return redirect(campaign)
    return render(
        request, "prevention/campaign_form.html", {"form": form, "campaign": None}
    )


@verified_login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(
        user=request.user, campaign_id=campaign_id
    )
    org_ids = selectors.prevention_organisation_ids(user=request.user)
    form = CampaignForm(request.POST or None, instance=campaign, org_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.campaign_save(
                campaign=form.instance,
                partners=form.cleaned_data["partners"],
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The campaign is saved."))
            return redirect(campaign)
    return render(
        request, "prevention/campaign_form.html", {"form": form, "campaign": campaign}
    )


@verified_login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(
        user=request.user, campaign_id=campaign_id
    )
    activities = (
        campaign.activities.select_related("location__parent")
        .annotate(counted=Sum("reach__people"))
        .order_by("-held_on", "-id")
    )
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("page"))
    totals = campaign.activities.aggregate(
        estimated=Sum("estimated_reach"), activities=Count("id")
    )
    totals["counted"] = campaign.activities.aggregate(n=Sum("reach__people"))["n"] or 0
    context = {
        "campaign": campaign,
        "page": page,
        "totals": totals,
        "partners": campaign.partners.all(),
    }
    return render(request, "prevention/campaign_detail.html", context)


def _activity_page(request, form, campaign, activity=None) -> HttpResponse:
    context = {
        "form": form,
        "campaign": campaign,
        "activity": activity,
        "media_kinds": sorted(MEDIA_KINDS),
    }
    return render(request, "prevention/activity_form.html", context)


@verified_login_required
def activity_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(
        user=request.user, campaign_id=campaign_id
    )
    form = ActivityForm(
        request.POST or None, instance=Activity(campaign=campaign), campaign=campaign
    )
    if request.method == "POST" and form.is_valid():
        services.activity_save(
            activity=form.save(commit=False), reach=form.reach(), actor=request.user
        )
        messages.success(request, _("The activity is saved."))
        if "another" in request.POST:
            return redirect("prevention:activity_create", campaign_id=campaign.pk)
        return redirect(campaign)
    return _activity_page(request, form, campaign)


@verified_login_required
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(
        user=request.user, activity_id=activity_id
    )
    campaign = activity.campaign
    form = ActivityForm(request.POST or None, instance=activity, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.activity_save(
                activity=form.instance,
                reach=form.reach(),
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The activity is saved."))
            return redirect(campaign)
    return _activity_page(request, form, campaign, activity)


@verified_login_required
@require_POST
def activity_delete(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(
        user=request.user, activity_id=activity_id
    )
    campaign = activity.campaign
    services.activity_delete(activity=activity, actor=request.user)
    messages.success(request, _("The activity is deleted."))
    return redirect(campaign)


# --- Reports ---------------------------------------------------------------------


def _report_filters(request) -> tuple[ReportFilterForm, reports.Filters]:
    org_ids = selectors.report_organisation_ids(user=request.user)
    if not org_ids:
        raise Http404
    form = ReportFilterForm(request.GET or None)
    filters = reports.Filters(organisation_ids=org_ids)
    if form.is_bound and form.is_valid():
        filters.date_from = form.cleaned_data["date_from"]
        filters.date_to = form.cleaned_data["date_to"]
        filters.place = form.cleaned_data["place"]
    return form, filters


@verified_login_required
def report(request: HttpRequest) -> HttpResponse:
    form, filters = _report_filters(request)
    context = {
        "form": form,
        "training_tables": reports.training_tables(filters),
        "campaign_tables": reports.campaign_tables(filters),
        "query": request.GET.urlencode(),
        "export_url": reverse("prevention:report_export"),
    }
    return render(request, "prevention/report.html", context)


@verified_login_required
def report_export(request: HttpRequest) -> HttpResponse:
    form, filters = _report_filters(request)
    wanted = request.GET.get("table", "all")
    tables = reports.tables_for(filters, wanted)
    fmt = request.GET.get("format", "xlsx")
    if wanted != "all":
        tables = [t for t in tables if t.key == wanted]
        if not tables:
            raise Http404
    stamp = date.today().isoformat()
    key = tables[0].key if fmt == "csv" and len(tables) == 1 else f"prevention-{wanted}"
    return download(tables, fmt, f"safepath-{key}-{stamp}")
