"""An HTCDS file to import as a job, and the job that imports it."""

import base64

from safepath.accounts.models import Role
from safepath.conftest import World
from safepath.htcds.tests.test_import import _csv, _row
from safepath.jobs.models import Job
from safepath.jobs.services import job_enqueue


def cases_file(world: World, rows: int = 2, **changes) -> bytes:
    return _csv([_row(world, prs_FirstName=f"Тест{i}", **changes) for i in range(rows)])


def import_job(world: World, content: bytes, name: str = "cases.csv") -> Job:
    return job_enqueue(
        kind=Job.Kind.HTCDS_IMPORT,
        organisation=world.own,
        actor=world.user("own", Role.SUPERVISOR),
        payload={
            "name": name,
            "content": base64.b64encode(content).decode(),
            "password": "",
        },
    )
