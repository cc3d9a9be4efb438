"""Writes of background jobs: queue one, start it, finish it, and recover
the jobs whose worker died (docs/jobs.md).

A job that is not safe to run twice (an import) does its work and records
its success in one transaction, so "succeeded" and "the work is saved" are
one fact: a worker killed halfway leaves nothing saved and the job still
"running", until jobs_recover marks it interrupted."""

import base64
import json
import logging
import uuid
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from safepath.audit.services import audit_record
from safepath.jobs.kinds import KINDS
from safepath.jobs.models import Job, JobInput, JobOutput
from safepath.jobs.workers import (
    progress_key,
    running_here,
    worker_is_gone,
    worker_name,
)

logger = logging.getLogger("safepath.jobs")

# A job safe to resume is queued again at most this many times in all.
MAX_ATTEMPTS = 3

NOT_QUEUED = gettext_noop(
    "The job could not be put in the queue, so it did not start. Try again; "
    "if it fails again, tell your administrator."
)


class JobLost(Exception):
    """The job was marked interrupted while it ran: its work is undone."""


class WorkerStopped(Exception):
    """Recorded in the task library's result of a task whose worker died."""


def job_enqueue(*, kind: str, organisation, actor, payload: dict | None = None) -> Job:
    """A new job, queued once the current transaction commits. `payload`
    (JSON-serialisable, may hold personal data) is stored encrypted until
    the job ends."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, organisation=organisation, created_by=actor)
        if payload is not None:
            JobInput.objects.create(job=job, payload=json.dumps(payload))
        transaction.on_commit(partial(_enqueue_task, job.pk))
    return job


def _enqueue_task(job_id: uuid.UUID) -> None:
    from safepath.jobs.tasks import run_job

    try:
        result = run_job.enqueue(str(job_id))
    except Exception as error:
        # A queue that cannot be reached (a broker down): say so on the
        # job's page rather than leave it waiting for ever.
        logger.error("Job %s could not be queued: %s", job_id, type(error).__name__)
        _end(job_id, Job.Status.FAILED, error=NOT_QUEUED, only_from=Job.Status.QUEUED)
        return
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def job_input(*, job: Job) -> dict:
    stored = JobInput.objects.filter(job=job).first()
    return json.loads(stored.payload) if stored else {}


def job_output_save(*, job: Job, name: str, content: bytes) -> JobOutput:
    """Keep the file the job made (replacing that of an earlier run of it)."""
    expires = timezone.now() + timedelta(hours=settings.SAFEPATH_JOBS_OUTPUT_HOURS)
    output, _ = JobOutput.objects.update_or_create(
        job=job,
        defaults={
            "name": name,
            "size": len(content),
            "content": base64.b64encode(content).decode(),
            "expires_at": expires,
        },
    )
    return output


def job_output_download(*, output: JobOutput, actor) -> bytes:
    """The file's content; its download is audited."""
    audit_record(
        actor=actor,
        action="job.download",
        target=output.job,
        organisation_id=output.job.organisation_id,
    )
    return base64.b64decode(output.content)


def job_outputs_expire() -> int:
    """Delete the files whose time is up; returns how many."""
    deleted, _ = JobOutput.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def job_start(*, job_id: str) -> Job | None:
    """The queued job, now running in this process; None when it is not
    queued (already run, or interrupted meanwhile)."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker=worker_name(),
        attempts=F("attempts") + 1,
        progress_done=0,
        progress_total=0,
        progress_message=gettext_noop("Starting"),
    )
    if not started:
        return None
    return Job.objects.select_related("organisation", "created_by").get(pk=job_id)


def job_heartbeat(*, job_id: str, done: int, total: int, message: str) -> None:
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        heartbeat_at=timezone.now(),
        progress_done=done,
        progress_total=total,
        progress_message=message[:200],
    )


def job_succeed(*, job: Job, result: dict, total: int = 0) -> None:
    """Record the success. Called inside the work's transaction for a job
    that is not safe to run twice: if the job was marked interrupted
    meanwhile, JobLost undoes the work with it."""
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.status != Job.Status.RUNNING:
            raise JobLost(str(job.pk))
        _end(job.pk, Job.Status.SUCCEEDED, result=result, total=total)


def job_fail(*, job: Job, error: str, params: dict | None = None) -> None:
    _end(job.pk, Job.Status.FAILED, error=error, result=params or {})


def job_interrupt(*, job: Job, error: str) -> None:
    _end(job.pk, Job.Status.INTERRUPTED, error=error, result={"attempts": job.attempts})


def _end(
    job_id: uuid.UUID,
    status: str,
    *,
    error: str = "",
    result: dict | None = None,
    only_from: str = Job.Status.RUNNING,
    total: int = 0,
) -> bool:
    changes = {"status": status, "finished_at": timezone.now(), "error": error}
    if result is not None:
        changes["result"] = result
    if total:
        changes["progress_done"] = changes["progress_total"] = total
    with transaction.atomic():
        ended = Job.objects.filter(pk=job_id, status=only_from).update(**changes)
        if ended:
            JobInput.objects.filter(job_id=job_id).delete()
    cache.delete(progress_key(str(job_id)))
    return bool(ended)


def jobs_recover() -> int:
    """Jobs left "running" by a worker that died: its process is gone (same
    host), or its heartbeat is older than SAFEPATH_JOBS_STALE_AFTER seconds.
    A kind safe to resume is queued again (MAX_ATTEMPTS in all); any other
    is marked interrupted, with a message that says what was left undone.
    Returns how many jobs were recovered."""
    cutoff = timezone.now() - timedelta(seconds=settings.SAFEPATH_JOBS_STALE_AFTER)
    recovered = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        if str(job.pk) in running_here:
            continue
        stale = job.heartbeat_at is None or job.heartbeat_at < cutoff
        if stale or worker_is_gone(job.worker, str(job.pk)):
            recovered += _recover(job)
    return recovered


def _recover(job: Job) -> int:
    kind = KINDS[job.kind]
    now = timezone.now()
    with transaction.atomic():
        # Only if the job is as it was read: one that finished, or whose
        # heartbeat moved on, has a live worker after all.
        unchanged = Job.objects.filter(
            pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at
        )
        if kind.resumable and job.attempts < MAX_ATTEMPTS:
            done = unchanged.update(
                status=Job.Status.QUEUED,
                worker="",
                progress_message=gettext_noop(
                    "Waiting to start again: the worker running it stopped"
                ),
            )
            if done:
                transaction.on_commit(partial(_enqueue_task, job.pk))
        else:
            done = unchanged.update(
                status=Job.Status.INTERRUPTED,
                finished_at=now,
                error=kind.interrupted,
                result={"attempts": job.attempts},
            )
            if done:
                JobInput.objects.filter(job_id=job.pk).delete()
        if done:
            _task_stopped(job.task_id, now)
    if done:
        cache.delete(progress_key(str(job.pk)))
        logger.warning(
            "Job %s (%s) %s: its worker %s stopped.",
            job.pk,
            job.kind,
            "queued again"
            if kind.resumable and job.attempts < MAX_ATTEMPTS
            else "interrupted",
            job.worker or "?",
        )
    return done


def _task_stopped(task_id: str, now) -> None:
    """The database backend's own record of the task, left "running" by the
    dead worker, is marked failed too."""
    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        running = DBTaskResult.objects.filter(
            id=task_id, status=TaskResultStatus.RUNNING
        )
        running.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.WorkerStopped",
            traceback="The worker running this task stopped.",
        )
    except ValidationError:
        pass  # an id of another backend
