"""A job's page: its state and progress, refreshed by htmx while it runs;
and the file an export made, for the user who asked for it."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safepath.accounts.decorators import verified_login_required
from safepath.jobs import selectors, services

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


@verified_login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    context = {
        "job": job,
        "progress": selectors.job_progress(job=job),
        "waits_too_long": selectors.job_waits_too_long(job=job),
        "output": selectors.job_output_for_user(user=request.user, job=job),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "jobs/detail.html#status", context)
    return render(request, "jobs/detail.html", context)


@verified_login_required
def job_download(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    output = selectors.job_output_for_user(user=request.user, job=job)
    if output is None:
        raise Http404
    content = services.job_output_download(output=output, actor=request.user)
    extension = output.name.rsplit(".", 1)[-1]
    response = HttpResponse(
        content, content_type=CONTENT_TYPES.get(extension, "application/octet-stream")
    )
    response["Content-Disposition"] = f'attachment; filename="{output.name}"'
    return response
