"""A job's page: its state and progress, refreshed by htmx while it runs."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safepath.accounts.decorators import verified_login_required
from safepath.jobs import selectors


@verified_login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    context = {
        "job": job,
        "progress": selectors.job_progress(job=job),
        "waits_too_long": selectors.job_waits_too_long(job=job),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "jobs/detail.html#status", context)
    return render(request, "jobs/detail.html", context)
