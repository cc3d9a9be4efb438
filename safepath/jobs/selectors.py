"""Reads of background jobs: who may see a job, and how far it got."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.http import Http404
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.accounts.selectors import active_memberships
from safepath.jobs.models import Job, JobOutput
from safepath.jobs.workers import progress_key

# A job queued longer than this, and not started, says that no worker runs.
WAITING_TOO_LONG = timedelta(minutes=1)


@dataclass(frozen=True)
class JobProgress:
    done: int
    total: int
    message: str


def job_get_for_user(*, user, job_id: uuid.UUID) -> Job:
    """The job, for the user who started it and the supervisors of its
    organisation; a 404 for anyone else."""
    job = Job.objects.select_related("organisation").filter(pk=job_id).first()
    if job is None or not user.is_authenticated:
        raise Http404
    if job.created_by_id == user.pk:
        return job
    for membership in active_memberships(user):
        if (
            membership.organisation_id == job.organisation_id
            and membership.role == Role.SUPERVISOR
        ):
            return job
    raise Http404


def job_progress(*, job: Job) -> JobProgress:
    """The latest progress: from the cache while the job runs (its row may
    be behind, SQLite locking it during the work), else from its row."""
    if job.status == Job.Status.RUNNING:
        cached = cache.get(progress_key(str(job.pk)))
        if cached:
            return JobProgress(**cached)
    return JobProgress(job.progress_done, job.progress_total, job.progress_message)


def job_waits_too_long(*, job: Job) -> bool:
    return (
        job.status == Job.Status.QUEUED
        and timezone.now() - job.created_at > WAITING_TOO_LONG
    )


def job_output_for_user(*, user, job: Job) -> JobOutput | None:
    """The file the job made, for the user who asked for it only (an export
    is encrypted with their password), while it is kept; else None."""
    if job.created_by_id != user.pk or job.status != Job.Status.SUCCEEDED:
        return None
    return JobOutput.objects.filter(job=job, expires_at__gt=timezone.now()).first()
