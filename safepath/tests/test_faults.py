"""Faults in the middle of writes leave nothing half-written (issue #11).

A scratch installation (its own database: a SQLite file, or a PostgreSQL
database beside the test database) is served by gunicorn as in production.
Clients register cases through the REST API and send referrals through the
web pages, many at once; then the app server is killed with SIGKILL (and, on
PostgreSQL, the database connections are terminated) in the middle of those
writes. Afterwards every case has its victim context, consent, statistics
row and audit entry, every referral its audit entry and notification, no
person is left without a case, and the audit chain verifies.
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAULTS = Path(__file__).resolve().parent / "faults"
CLIENTS = 6


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Installation:
    """A migrated database of its own and the environment to run Safepath
    on it."""

    def __init__(self, tmp_path: Path, database_url: str) -> None:
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "SAFEPATH_DEMO": "1",
            "SAFEPATH_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "safepath.settings",
        }
        (tmp_path / "var" / "static").mkdir(parents=True)
        self.manage("migrate", "--verbosity", "0")

    def manage(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def script(self, path: Path) -> dict:
        output = self.manage("shell", "--command", path.read_text())
        return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(request, tmp_path):
    if request.param == "sqlite":
        yield Installation(tmp_path, f"sqlite:///{tmp_path / 'faults.sqlite3'}")
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the suite runs on SQLite: PostgreSQL's run (CI) covers this")
    import psycopg

    parts = urlparse(url)
    name = f"safepath_faults_{os.getpid()}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        installation = Installation(tmp_path, parts._replace(path=f"/{name}").geturl())
        installation.postgres = (admin, name)
        yield installation
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Traffic:
    """Clients writing as fast as the server lets them, until stopped."""

    def __init__(self, port: int, world: dict) -> None:
        self.port, self.world = port, world
        self.stop = threading.Event()
        self.answers: dict[str, int] = {}
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self.run, args=(n,), daemon=True)
            for n in range(CLIENTS)
        ]

    def count(self, what: str) -> None:
        with self.lock:
            self.answers[what] = self.answers.get(what, 0) + 1

    def request(self, method: str, path: str, body: bytes, headers: dict) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            return connection.getresponse().status
        finally:
            connection.close()

    def case(self, number: int) -> int:
        body = json.dumps(
            {"prs_FirstName": f"Туршилт{number}", "con_Consent": "yes"}
        ).encode()
        return self.request(
            "POST",
            "/api/v1/cases/",
            body,
            {
                "Authorization": f"Bearer {self.world['token']}",
                "Content-Type": "application/json",
            },
        )

    def referral(self) -> int:
        csrf = "x" * 32
        body = (
            f"to_organisation={self.world['to']}&reason=AdditionalServicesRequired"
            "&urgency=High&services_requested=Shelter&sections=exploitation"
            "&details=Fault+test"
        ).encode()
        return self.request(
            "POST",
            f"/referrals/new/{self.world['case']}/",
            body,
            {
                "Cookie": f"sessionid={self.world['session']}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )

    def run(self, client: int) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            try:
                if number % 2:
                    status = self.case(client * 100_000 + number)
                    self.count(f"case {status}")
                else:
                    status = self.referral()
                    self.count(f"referral {status}")
            except (OSError, http.client.HTTPException):
                self.count("no answer")
                time.sleep(0.05)

    def __enter__(self) -> "Traffic":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def _serve(installation: Installation, port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [Path(sys.executable).parent / "gunicorn", "-c", "deploy/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--access-logfile", "/dev/null", "safepath.wsgi:application"],
        cwd=ROOT, env=installation.env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    pytest.fail("gunicorn did not start")


def _terminate_connections(admin: str, name: str) -> int:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        return len(
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchall()
        )


def test_killing_the_server_and_the_database_connections_leaves_nothing_half_written(
    installation, tmp_path
):
    world = installation.script(FAULTS / "setup_world.py")
    before = installation.script(FAULTS / "check.py")
    assert before["problems"] == []
    port = _free_port()
    server = _serve(installation, port)
    killed_connections = 0
    try:
        with Traffic(port, world) as traffic:
            time.sleep(3)
            if hasattr(installation, "postgres"):
                for _ in range(10):
                    killed_connections += _terminate_connections(*installation.postgres)
                    time.sleep(0.3)
            time.sleep(1)
            os.killpg(server.pid, signal.SIGKILL)
            time.sleep(1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    after = installation.script(FAULTS / "check.py")
    answers = traffic.answers
    # The faults happened while writes were going on, and writes succeeded
    # before them: otherwise this test would prove nothing.
    assert answers.get("case 201", 0) > 0, answers
    assert answers.get("referral 302", 0) > 0, answers
    assert answers.get("no answer", 0) > 0, answers
    if hasattr(installation, "postgres"):
        assert killed_connections > 0
    assert after["cases"] >= before["cases"] + answers["case 201"]
    assert after["referrals"] >= before["referrals"] + answers["referral 302"]
    assert after["problems"] == []
