"""Importing an HTCDS spreadsheet into one's organisation (supervisors)."""

from base64 import b64encode

from django import forms
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import Role
from safepath.accounts.selectors import active_memberships
from safepath.cases.filters import CaseFilterForm
from safepath.cases.selectors import case_list_for_user
from safepath.htcds import exports, imports
from safepath.jobs.kinds import export_filters
from safepath.jobs.models import Job
from safepath.jobs.services import job_enqueue
from safepath.lib.uploads import content_refusal

SHOWN_PROBLEMS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HTCDS file (.xlsx, .csv, .json or .zip)"),
        help_text=gettext_lazy(
            "The HTCDS toolkit's Excel template, an export of its XLSForm from "
            "ODK or KoboToolbox, a CSV file whose header row holds HTCDS field "
            "names, or a Safepath export. One case per row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.json,.zip"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy(
            "Only for an encrypted file, such as Safepath's exports."
        ),
    )


def _organisation(user):
    """The organisation cases are imported into: the first the user
    supervises."""
    for membership in active_memberships(user):
        if membership.role == Role.SUPERVISOR:
            return membership.organisation
    raise Http404


@verified_login_required
def import_cases(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request.user)
    problems: list[str] = []
    checked = None
    try:
        form = ImportForm(request.POST or None, request.FILES or None)
        valid = request.method == "POST" and form.is_valid()
    except RequestDataTooBig:
        form, valid = ImportForm(), False
        problems = [_("The file is larger than 10 MB.")]
    if valid:
        upload = form.cleaned_data["file"]
        importing = "import" in request.POST
        try:
            if upload.size > imports.MAX_BYTES:
                raise imports.ImportRefused(
                    [imports.Problem(0, "", _("The file is larger than 10 MB."))]
                )
            content = upload.read()
            if refusal := content_refusal(upload.name, content):
                raise imports.ImportRefused([imports.Problem(0, "", refusal)])
            arguments = {
                "name": upload.name,
                "content": content,
                "organisation": organisation,
                "actor": request.user,
                "password": form.cleaned_data["password"],
            }
            checked = imports.htcds_check(**arguments)
            if checked.problems:
                raise imports.ImportRefused(checked.problems)
        except imports.ImportRefused as refused:
            problems = [str(p) for p in refused.problems]
            checked = None
        else:
            if importing:
                # The file was right: the import itself runs as a job, whose
                # page shows its progress (docs/jobs.md).
                job = job_enqueue(
                    kind=Job.Kind.HTCDS_IMPORT,
                    organisation=organisation,
                    actor=request.user,
                    payload={
                        "name": upload.name,
                        "content": b64encode(arguments["content"]).decode(),
                        "password": form.cleaned_data["password"],
                    },
                )
                return redirect(job)
    context = {
        "form": form,
        "organisation": organisation,
        "problems": problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
        "problem_count": len(problems),
        "checked": checked,
    }
    return render(
        request, "htcds/import.html", context, status=400 if problems else 200
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("xlsx", gettext_lazy("Excel (.xlsx), protected by the password")),
            ("csv", gettext_lazy("CSV, in a ZIP protected by the password")),
            ("json", gettext_lazy("JSON, in a ZIP protected by the password")),
        ],
        widget=forms.RadioSelect,
        initial="xlsx",
    )
    password = forms.CharField(
        label=gettext_lazy("Password for the file"),
        min_length=exports.MIN_PASSWORD,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "At least 12 characters. The file holds personal data: whoever "
            "receives it needs this password. Give it to them another way "
            "(by phone, not in the same e-mail). Safepath does not keep it."
        ),
    )
    password_again = forms.CharField(
        label=gettext_lazy("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


@verified_login_required
def export_cases(request: HttpRequest) -> HttpResponse:
    """The cases of the user's organisation (as a supervisor) matching the
    case list's filters, as an encrypted HTCDS file."""
    organisation = _organisation(request.user)
    posted = request.method == "POST"
    filters = CaseFilterForm(
        request.POST if posted else None, user=request.user, prefix="f"
    )
    form = ExportForm(request.POST if posted else None)
    if posted and form.is_valid() and filters.is_valid():
        cases = case_list_for_user(user=request.user, filters=filters.filters()).filter(
            organisation=organisation
        )
        if cases.exists():
            # Made by a background job, whose page shows its progress and
            # then the file to download.
            job = job_enqueue(
                kind=Job.Kind.HTCDS_EXPORT,
                organisation=organisation,
                actor=request.user,
                payload={
                    "filters": export_filters(filters.filters()),
                    "format": form.cleaned_data["format"],
                    "password": form.cleaned_data["password"],
                    "stem": f"{organisation.code}-htcds-"
                    f"{timezone.localdate().isoformat()}",
                },
            )
            return redirect(job)
        form.add_error(None, _("No case of your organisation matches these filters."))
    context = {"form": form, "filters": filters, "organisation": organisation}
    return render(request, "htcds/export.html", context, status=400 if posted else 200)
