import contextlib
import threading

from django.db import DatabaseError, close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from safepath.jobs.services import job_outputs_expire, jobs_recover

# How often a running worker looks for jobs whose worker died.
RECOVER_EVERY = 60.0


def _recover_periodically(stop: threading.Event) -> None:
    try:
        while not stop.wait(RECOVER_EVERY):
            close_old_connections()
            # SQLite: a job's transaction may hold the write lock; its own
            # worker is alive then, and the next round will do.
            with contextlib.suppress(DatabaseError):
                jobs_recover()
                job_outputs_expire()
    finally:
        connection.close()


class Command(db_worker.Command):
    help = (
        "Run Safepath's background jobs (docs/jobs.md): imports, exports and "
        "searches for duplicates, from the database queue. On start, and "
        "every minute, a job whose worker died (its process is gone, or its "
        "heartbeat is older than SAFEPATH_JOBS_STALE_AFTER seconds) is marked "
        "interrupted, or queued again when it is safe to run again; no job "
        "stays 'running' for ever. Every minute, too, the files of exports "
        "older than SAFEPATH_JOBS_OUTPUT_HOURS are deleted. Options as for "
        "django-tasks' db_worker."
    )

    def handle(self, *args, **options) -> None:
        try:
            recovered = jobs_recover()
        except DatabaseError:
            recovered = 0  # SQLite locked by a running job: the thread will do
        if recovered and options["verbosity"]:
            self.stdout.write(f"{recovered} jobs of stopped workers recovered.")
        stop = threading.Event()
        threading.Thread(
            target=_recover_periodically, args=(stop,), daemon=True
        ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
