"""A real worker, killed in the middle of an import, and the next one.

Runs `manage.py jobs_worker` as a subprocess against the test database (a
file for SQLite, the test database for PostgreSQL), with the test's keys."""

import base64
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from safepath.accounts.models import Role
from safepath.cases.models import Case
from safepath.conftest import build_world, sign_in
from safepath.jobs.models import Job, JobInput
from safepath.jobs.services import job_enqueue
from safepath.jobs.tests.helpers import cases_file
from safepath.jobs.workers import progress_key

ROWS = 400  # some seconds of importing: time to kill the worker halfway


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _worker(var: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SAFEPATH_SECRET_KEY": settings.SECRET_KEY,
        "SAFEPATH_ENCRYPTION_KEYS": ",".join(settings.ENCRYPTION_KEYS),
        "SAFEPATH_BLIND_INDEX_KEY": settings.BLIND_INDEX_KEY,
        "SAFEPATH_AUDIT_KEY": settings.AUDIT_KEY,
        "SAFEPATH_VAR_DIR": str(var),
        # Long: the dead worker is known by its process, not its heartbeat.
        "SAFEPATH_JOBS_STALE_AFTER": "3600",
    }
    command = ["manage.py", "jobs_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen(  # noqa: S603
        [sys.executable, *command, "--interval", "0.2"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def _wait(condition, what: str, worker: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited before {what}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after 90 s:\n{log.read_text()}")
        time.sleep(0.05)


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.fixture(autouse=True)
def english(settings):
    """Messages and pages in English (the default language is Mongolian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_killed_with_its_worker_is_reported_interrupted_and_saved_nothing(
    tmp_path, settings, client
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world = build_world()
    supervisor = world.user("own", Role.SUPERVISOR)
    before = Case.objects.count()
    job = job_enqueue(
        kind=Job.Kind.HTCDS_IMPORT,
        organisation=world.own,
        actor=supervisor,
        payload={
            "name": "many.csv",
            "content": base64.b64encode(cases_file(world, rows=ROWS)).decode(),
            "password": "",
        },
    )
    assert DBTaskResult.objects.filter(id=Job.objects.get(pk=job.pk).task_id)
    progress = FileBasedCache(str(tmp_path / "cache"), {})
    log = tmp_path / "worker.log"
    first = _worker(tmp_path, log)
    try:
        # Some cases are imported, inside the import's transaction.
        _wait(
            lambda: (progress.get(progress_key(str(job.pk))) or {}).get("done", 0) >= 5,
            "progress",
            first,
            log,
        )
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        _stop(first)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # as the dead worker left it...
    assert Case.objects.count() == before  # ...with nothing half-done

    second = _worker(tmp_path, log)
    try:
        _wait(
            lambda: Job.objects.get(pk=job.pk).status != Job.Status.RUNNING,
            "recovery",
            second,
            log,
        )
        assert Case.objects.count() == before
        # The new worker runs the next job to its end.
        again = job_enqueue(
            kind=Job.Kind.HTCDS_IMPORT,
            organisation=world.own,
            actor=supervisor,
            payload={
                "name": "few.csv",
                "content": base64.b64encode(cases_file(world, rows=3)).decode(),
                "password": "",
            },
        )
        _wait(lambda: Job.objects.get(pk=again.pk).is_finished, "next job", second, log)
    finally:
        _stop(second)
    again.refresh_from_db()
    assert again.status == Job.Status.SUCCEEDED, again.error
    assert again.result == {"imported": 3, "skipped": 0}
    job.refresh_from_db()
    assert job.status == Job.Status.INTERRUPTED, log.read_text()
    assert "An import is all or nothing, so no case was imported." in (job.error_text())
    assert Case.objects.count() == before + 3
    assert not JobInput.objects.filter(job=job).exists()
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    page = sign_in(client, supervisor).get(job.get_absolute_url())
    body = page.content.decode()
    assert "Interrupted" in body and "no case was imported" in body
    assert "hx-trigger" not in body
