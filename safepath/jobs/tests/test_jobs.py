import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

from safepath.accounts.models import Role
from safepath.cases.models import Case
from safepath.conftest import sign_in
from safepath.jobs import kinds, services
from safepath.jobs.models import Job, JobInput
from safepath.jobs.tests.helpers import cases_file, import_job
from safepath.jobs.workers import progress_key


@pytest.fixture(autouse=True)
def english(settings):
    # The pages too: their default language is Mongolian.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Jobs queued inside the block run (at once, as in tests) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _dead_worker() -> str:
    """host:pid of a process of this host that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def _running(job: Job, *, worker: str, beat_ago: timedelta = timedelta()) -> Job:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        worker=worker,
        attempts=1,
        started_at=timezone.now() - beat_ago,
        heartbeat_at=timezone.now() - beat_ago,
    )
    job.refresh_from_db()
    return job


def test_it_knows_the_code_of_every_kind():
    assert set(kinds.KINDS) == set(Job.Kind.values)


def test_it_imports_a_file_as_a_job_and_then_deletes_the_file(world, run_jobs):
    before = Case.objects.count()
    with run_jobs():
        job = import_job(world, cases_file(world, rows=3))
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"imported": 3, "skipped": 0}
    assert job.progress_done == job.progress_total == 3
    assert job.finished_at and job.task_id
    assert Case.objects.count() == before + 3
    assert not JobInput.objects.filter(job=job).exists()


def test_it_keeps_the_file_encrypted_while_the_job_waits(world):
    job = import_job(world, cases_file(world))  # not run: still queued
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT payload FROM jobs_jobinput WHERE job_id = %s", [job.pk.hex]
        )
        stored = cursor.fetchone()
    assert stored is not None, "no input stored"
    assert "cases.csv" not in stored[0] and "prs_FirstName" not in stored[0]
    assert services.job_input(job=job)["name"] == "cases.csv"


def test_it_fails_clearly_and_imports_nothing_when_the_file_is_refused(world, run_jobs):
    before = Case.objects.count()
    with run_jobs():
        job = import_job(world, cases_file(world, cas_CaseOwner="nobody-here"))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error_text() == (
        "The file has 2 problems, so no case was imported. "
        "Check the file on the import page to see them."
    )
    assert Case.objects.count() == before
    assert not JobInput.objects.filter(job=job).exists()


def test_it_undoes_the_import_when_the_job_was_interrupted_meanwhile(
    world, run_jobs, monkeypatch
):
    """A worker taken for dead that still finishes saves nothing: the job's
    success and its work are one transaction, which fails then."""
    job_input = services.job_input

    def then_interrupted(*, job):
        Job.objects.filter(pk=job.pk).update(status=Job.Status.INTERRUPTED)
        return job_input(job=job)

    monkeypatch.setattr(services, "job_input", then_interrupted)
    before = Case.objects.count()
    with run_jobs():
        job = import_job(world, cases_file(world))
    assert Case.objects.count() == before
    job.refresh_from_db()
    assert job.status == Job.Status.INTERRUPTED


def test_it_reports_a_crash_without_its_message(world, run_jobs, monkeypatch):
    from safepath.htcds import imports

    def broken(**kwargs):
        raise RuntimeError("Тест0 broke it")

    monkeypatch.setattr(imports, "htcds_import", broken)
    with run_jobs():
        job = import_job(world, cases_file(world))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no case was imported" in job.error_text()
    assert "Тест0" not in job.error_text()
    assert not JobInput.objects.filter(job=job).exists()


def test_it_marks_the_import_of_a_worker_that_died_interrupted(world):
    job = _running(import_job(world, cases_file(world)), worker=_dead_worker())
    assert services.jobs_recover() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.INTERRUPTED and job.finished_at
    assert "An import is all or nothing, so no case was imported." in (job.error_text())
    assert not JobInput.objects.filter(job=job).exists()
    assert services.jobs_recover() == 0


def test_it_goes_by_the_heartbeat_for_a_worker_on_another_host(world, settings):
    settings.SAFEPATH_JOBS_STALE_AFTER = 60
    alive = _running(
        import_job(world, cases_file(world)),
        worker="elsewhere:1",
        beat_ago=timedelta(seconds=10),
    )
    silent = _running(
        import_job(world, cases_file(world)),
        worker="elsewhere:2",
        beat_ago=timedelta(seconds=61),
    )
    assert services.jobs_recover() == 1
    alive.refresh_from_db()
    silent.refresh_from_db()
    assert alive.status == Job.Status.RUNNING
    assert silent.status == Job.Status.INTERRUPTED


def test_it_runs_a_resumable_job_again_after_its_worker_died(world, run_jobs):
    supervisor = world.user("own", Role.SUPERVISOR)
    job = services.job_enqueue(
        kind=Job.Kind.DUPLICATES_FIND, organisation=world.own, actor=supervisor
    )
    _running(job, worker=_dead_worker())
    with run_jobs():
        assert services.jobs_recover() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2
    # Dead again and again: after MAX_ATTEMPTS it is given up, and says so.
    Job.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)
    job.refresh_from_db()
    _running(job, worker=_dead_worker())
    Job.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)
    assert services.jobs_recover() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.INTERRUPTED
    assert "stopped (for example, the server restarted) 3 times" in job.error_text()


def _export_job(world, **filters):
    return services.job_enqueue(
        kind=Job.Kind.HTCDS_EXPORT,
        organisation=world.own,
        actor=world.user("own", Role.SUPERVISOR),
        payload={
            "filters": {"query": "", "status": [], **filters},
            "format": "json",
            "password": "a long export password",
            "stem": "own-htcds",
        },
    )


def test_an_export_made_again_after_its_worker_died_keeps_one_file(world, run_jobs):
    from safepath.jobs.models import JobOutput

    job = _export_job(world)
    _running(job, worker=_dead_worker())
    # The password waits, encrypted, until the job ends.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT payload FROM jobs_jobinput WHERE job_id = %s", [job.pk.hex]
        )
        stored = cursor.fetchone()[0]
    assert "a long export password" not in stored and "own-htcds" not in stored
    with run_jobs():
        assert services.jobs_recover() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2
    cases = Case.objects.filter(organisation=world.own).count()
    assert job.result == {"cases": cases}
    assert job.progress_done == job.progress_total == cases
    output = JobOutput.objects.get(job=job)
    assert output.name == "own-htcds.json.zip" and output.size > 0
    assert not JobInput.objects.filter(job=job).exists()


def test_an_export_is_refused_clearly(world, run_jobs):
    from safepath.accounts.models import Membership

    with run_jobs():
        job = _export_job(world, status=["ClosedReferred"])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error_text() == "No case of your organisation matches these filters."
    # Whoever is no longer a supervisor when the job runs gets no file.
    supervisor = world.user("own", Role.SUPERVISOR)
    Membership.objects.filter(user=supervisor).update(role=Role.CASEWORKER)
    supervisor.__dict__.pop("_safepath_memberships", None)
    with run_jobs():
        job = _export_job(world)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "only a supervisor of the organisation" in job.error_text()
    assert not job.result


def test_it_marks_a_job_that_could_not_be_queued_failed(world, run_jobs, settings):
    settings.TASKS = {"default": {"BACKEND": "safepath.jobs.tests.test_jobs.Down"}}
    with run_jobs():
        job = import_job(world, cases_file(world))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "could not be put in the queue" in job.error_text()
    assert not JobInput.objects.filter(job=job).exists()


class Down:
    """A queue that cannot be reached."""

    def __init__(self, alias, params):
        pass

    def validate_task(self, task):
        pass

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("the broker is down")


def _page(client, job: Job, **headers) -> str:
    response = client.get(job.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_follows_a_running_job_then_stops(world, client):
    job = _running(import_job(world, cases_file(world)), worker="elsewhere:1")
    cache.set(
        progress_key(str(job.pk)),
        {"done": 7, "total": 20, "message": "Importing cases"},
    )
    sign_in(client, world.user("own", Role.SUPERVISOR))
    page = _page(client, job)
    assert '<progress aria-labelledby="job-state" value="7" max="20">' in page
    assert "Importing cases — 7 of 20" in page
    assert 'hx-trigger="every 2s"' in page
    fragment = _page(client, job, **{"HX-Request": "true"})
    assert fragment.lstrip().startswith("<section") and "<html" not in fragment
    assert 'hx-trigger="every 2s"' in fragment
    services.job_interrupt(job=job, error=kinds.KINDS["htcds_import"].interrupted)
    fragment = _page(client, job, **{"HX-Request": "true"})
    assert "hx-trigger" not in fragment
    assert "Interrupted" in fragment and "no case was imported" in fragment


def test_the_page_says_when_no_worker_started_the_job(world, client):
    job = import_job(world, cases_file(world))
    sign_in(client, world.user("own", Role.SUPERVISOR))
    assert "No worker has started" not in _page(client, job)
    Job.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )
    assert "No worker has started this job yet" in _page(client, job)


def test_only_its_creator_and_its_supervisors_see_a_job(world, client_factory):
    job = services.job_enqueue(
        kind=Job.Kind.DUPLICATES_FIND,
        organisation=world.own,
        actor=world.user("own", Role.CASEWORKER),
    )
    for side, role, status in [
        ("own", Role.CASEWORKER, 200),
        ("own", Role.SUPERVISOR, 200),
        ("own", Role.DATA_ANALYST, 404),
        ("other", Role.SUPERVISOR, 404),
    ]:
        client = sign_in(client_factory(), world.user(side, role))
        response = client.get(job.get_absolute_url())
        assert response.status_code == status, (side, role)
