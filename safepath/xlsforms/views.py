"""Organisations' own form sections: uploading XLSForms, and filling them in
on a case or a screening."""

from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.cases.selectors import case_for_update
from safepath.lib.uploads import content_refusal
from safepath.organisations.models import Organisation
from safepath.screening.selectors import screening_get_for_user
from safepath.xlsforms import conversion, engine, rendering, selectors, services
from safepath.xlsforms.models import Section


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSForm (.xlsx, .xls or .csv)"),
        help_text=gettext_lazy(
            "An XLSForm as made for ODK or KoboToolbox. Uploading a form with "
            "the form_id of one in use replaces it; answers already given "
            "are kept."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )
    attaches_to = forms.ChoiceField(
        label=gettext_lazy("Add the section to"),
        choices=Section.AttachesTo.choices,
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, organisation_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=organisation_ids)
        if len(organisation_ids) == 1:
            field.initial = organisation_ids[0]
            field.widget = forms.HiddenInput()


@verified_login_required
def section_list(request: HttpRequest) -> HttpResponse:
    organisation_ids = selectors.managed_organisation_ids(request.user)
    if not organisation_ids:
        raise Http404
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        organisation_ids=organisation_ids,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > conversion.MAX_BYTES:
            problems = [_("The file is larger than 2 MB.")]
        elif refusal := content_refusal(upload.name, upload.read()):
            problems = [refusal]
        else:
            upload.seek(0)
            try:
                section = services.section_upload(
                    organisation=form.cleaned_data["organisation"],
                    attaches_to=form.cleaned_data["attaches_to"],
                    name=upload.name,
                    content=upload.read(),
                    actor=request.user,
                )
            except conversion.FormRefused as refused:
                problems = refused.messages
            else:
                messages.success(
                    request,
                    _("The form “%(title)s” is now a section of every %(kind)s.")
                    % {
                        "title": section.title,
                        "kind": _("case")
                        if section.attaches_to == Section.AttachesTo.CASE
                        else _("screening"),
                    },
                )
                return redirect("xlsforms:detail", section_id=section.pk)
    sections = selectors.sections_managed_by(request.user).select_related("uploaded_by")
    page = Paginator(sections, settings.CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "problems": problems, "page": page}
    return render(
        request, "xlsforms/list.html", context, status=400 if problems else 200
    )


def _fill_context(request, section: Section, values, counts, evaluation, show_errors):
    tree = rendering.nodes(section.spec, values, counts, evaluation, show_errors)
    return {
        "section": section,
        "tree": tree,
        "errors": rendering.errors_in_order(tree) if show_errors else [],
    }


@verified_login_required
def section_detail(request: HttpRequest, section_id: UUID) -> HttpResponse:
    """The form as users will see it; trying it saves nothing."""
    section = selectors.section_get_for_manager(
        user=request.user, section_id=section_id
    )
    values, counts, show_errors = {}, {}, False
    if request.method == "POST":
        values, counts = rendering.read_post(section.spec, request.POST)
        values, counts, show_errors = _repeat_buttons(section, request, values, counts)
    evaluation = engine.evaluate(section.spec, values, counts, get_language())
    context = _fill_context(request, section, values, counts, evaluation, show_errors)
    context["trying"] = True
    context["checked"] = show_errors and not evaluation.errors
    template = (
        "xlsforms/_fill_body.html"
        if "refresh" in request.POST
        else "xlsforms/detail.html"
    )
    return render(request, template, context)


@require_POST
@verified_login_required
def section_toggle(request: HttpRequest, section_id: UUID) -> HttpResponse:
    section = selectors.section_get_for_manager(
        user=request.user, section_id=section_id
    )
    services.section_set_active(
        section=section, active=not section.is_active, actor=request.user
    )
    return redirect("xlsforms:detail", section_id=section.pk)


def _repeat_buttons(section, request, values, counts):
    """Apply an "add an entry" / "remove this entry" button, or a live
    refresh; returns (values, counts, whether to show errors)."""
    if "add" in request.POST:
        return values, rendering.add_entry(counts, request.POST["add"]), False
    if "remove" in request.POST:
        values, counts = rendering.remove_entry(
            section.spec, values, counts, request.POST["remove"]
        )
        return values, counts, False
    if "refresh" in request.POST:
        return values, counts, False
    return values, counts, True


def _fill(request: HttpRequest, section: Section, record, back: str) -> HttpResponse:
    answers = services.answers_of(section=section, record=record)
    if answers is not None and request.method == "GET":
        services.answers_record_view(answers=answers, record=record, actor=request.user)
    stored = (
        engine.flatten(section.spec["children"], answers.answers) if answers else {}
    )
    version = answers.version if answers else 0
    status = 200
    if request.method == "POST":
        values, counts = rendering.read_post(section.spec, request.POST, stored)
        values, counts, submitting = _repeat_buttons(section, request, values, counts)
        try:
            expected = int(request.POST.get("version", "0"))
        except ValueError:
            expected = -1
        if submitting:
            try:
                saved, evaluation = services.answers_save(
                    section=section,
                    record=record,
                    values=values,
                    counts=counts,
                    expected_version=expected,
                    actor=request.user,
                    language=get_language(),
                )
            except services.StaleAnswers:
                messages.error(
                    request,
                    _(
                        "Someone saved these answers while you were writing. "
                        "Yours are below, not saved: compare, then save again."
                    ),
                )
                evaluation = engine.evaluate(
                    section.spec, values, counts, get_language()
                )
                version, status = answers.version if answers else 0, 409
            else:
                if saved is not None:
                    messages.success(request, _("The answers are saved."))
                    return redirect(back)
                status = 400
        else:
            evaluation = engine.evaluate(section.spec, values, counts, get_language())
            version = expected
        show_errors = submitting
    else:
        counts = (
            engine.repeat_counts(section.spec["children"], answers.answers)
            if (answers)
            else {}
        )
        values = stored
        evaluation = engine.evaluate(section.spec, values, counts, get_language())
        show_errors = False
    context = _fill_context(request, section, values, counts, evaluation, show_errors)
    context |= {"record": record, "back": back, "version": version, "answers": answers}
    template = (
        "xlsforms/_fill_body.html"
        if "refresh" in request.POST
        else "xlsforms/fill.html"
    )
    return render(request, template, context, status=status)


@verified_login_required
def case_section(request: HttpRequest, case_id: UUID, section_id: UUID) -> HttpResponse:
    case = case_for_update(user=request.user, case_id=case_id)
    section = selectors.section_for_record(
        section_id=section_id,
        organisation_id=case.organisation_id,
        attaches_to=Section.AttachesTo.CASE,
    )
    return _fill(request, section, case, case.get_absolute_url() + "#sections")


@verified_login_required
def screening_section(
    request: HttpRequest, screening_id: UUID, section_id: UUID
) -> HttpResponse:
    screening = screening_get_for_user(user=request.user, screening_id=screening_id)
    section = selectors.section_for_record(
        section_id=section_id,
        organisation_id=screening.organisation_id,
        attaches_to=Section.AttachesTo.SCREENING,
    )
    return _fill(
        request, section, screening, screening.get_absolute_url() + "#sections"
    )
