"""The one task the queue runs: a job (docs/jobs.md).

While a job runs, its progress goes to the cache (read by its page on this
host) and, with a heartbeat, to its row, from a thread with its own database
connection, so that it is seen outside the job's own transaction."""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django_tasks import task

from safepath.jobs import services
from safepath.jobs.kinds import KINDS, JobRefused
from safepath.jobs.workers import progress_key, running_here

logger = logging.getLogger("safepath.jobs")


class JobFailed(Exception):
    """A job's code raised: its error, without its message (which may hold
    personal data), for the task library's record."""


class Progress:
    """What the job's code reports, kept in memory; put in the cache at
    most twice a second and in the job's row with each heartbeat."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self.message = ""
        self._published = 0.0

    def step(self, message: str) -> None:
        self.message = message
        self._publish()

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if time.monotonic() - self._published >= 0.5 or done in (1, total):
            self._publish()

    def snapshot(self) -> dict:
        return {"done": self.done, "total": self.total, "message": self.message}

    def _publish(self) -> None:
        self._published = time.monotonic()
        # Progress is a courtesy: a full disk does not stop the job.
        with contextlib.suppress(OSError):
            cache.set(
                progress_key(self.job_id),
                self.snapshot(),
                timeout=settings.SAFEPATH_JOBS_STALE_AFTER,
            )


class Heartbeat(threading.Thread):
    """Writes the job's heartbeat and progress every few seconds. On SQLite
    the job's own transaction holds the write lock: the write then waits,
    fails and is tried again (the job's row keeps its last values)."""

    def __init__(self, job_id: str, progress: Progress) -> None:
        super().__init__(name=f"heartbeat-{job_id}", daemon=True)
        self.job_id = job_id
        self.progress = progress
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.SAFEPATH_JOBS_HEARTBEAT):
                with contextlib.suppress(DatabaseError):
                    services.job_heartbeat(
                        job_id=self.job_id, **self.progress.snapshot()
                    )
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=30)


@task()
def run_job(job_id: str) -> dict:
    job = services.job_start(job_id=job_id)
    if job is None:
        return {}
    kind = KINDS[job.kind]
    progress = Progress(job_id)
    running_here.add(job_id)
    # Inside a transaction (jobs run at once, as in tests) nobody else sees
    # the job's row anyway.
    heartbeat = None
    if not transaction.get_connection().in_atomic_block:
        heartbeat = Heartbeat(job_id, progress)
        heartbeat.start()
    try:
        payload = services.job_input(job=job)
        if kind.resumable:
            result = kind.run(job, payload, progress)
            services.job_succeed(job=job, result=result, total=progress.total)
        else:
            with transaction.atomic():
                result = kind.run(job, payload, progress)
                services.job_succeed(job=job, result=result, total=progress.total)
    except JobRefused as refused:
        services.job_fail(job=job, error=refused.error, params=refused.params)
        return {"refused": True}
    except services.JobLost:
        logger.warning("Job %s was marked interrupted while it ran.", job_id)
        return {"lost": True}
    except (KeyboardInterrupt, SystemExit):
        # The worker is told to stop at once (a second Ctrl+C or SIGTERM).
        services.job_interrupt(job=job, error=kind.interrupted)
        raise
    except Exception as error:
        logger.error("Job %s (%s) failed: %s", job_id, job.kind, type(error).__name__)
        services.job_fail(job=job, error=kind.failed)
        raise JobFailed(f"{job.kind} {job_id}: {type(error).__name__}") from None
    finally:
        if heartbeat is not None:
            heartbeat.stop()
        running_here.discard(job_id)
    return result
