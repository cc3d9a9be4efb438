"""Load test: simulated caseworkers against the production server setup.

    .venv/bin/pip install -e '.[bench]'                       # Locust
    createdb -h 127.0.0.1 -U postgres safepath_load
    SAFEPATH_VAR_DIR=bench/var-load .venv/bin/python bench/generate.py --cases 20000 \\
        --database-url postgres://postgres@127.0.0.1:5432/safepath_load
    SAFEPATH_VAR_DIR=bench/var-load .venv/bin/python bench/load.py \\
        --database-url postgres://postgres@127.0.0.1:5432/safepath_load \\
        [--users 50] [--minutes 5] [--think 1-3]

Runs gunicorn with deploy/gunicorn.conf.py and production settings (no demo
mode) on PostgreSQL, and Locust (bench/load_locust.py) with --users
caseworkers, each signing in with their authenticator and then reading,
searching, editing and referring, with --think seconds between actions
(1–3 by default: each user does some 25 things a minute, far more than a
caseworker who reads what a page says), for --minutes.
Prints throughput, the 50th/95th/99th percentiles per action and overall,
and every error, counted from the moment the last user is signed in (50
people do not sign in within the same ten seconds in real life, and a
password hash is slow on purpose); the server's CPU time over the same
span (all of gunicorn's processes: per request, and in cores); and how
long a fixed pure-Python loop takes on this machine before and after, a
yardstick for comparing figures from different machines or days. The
search is sent as the case list page sends it, as an htmx request for the
results. The target of issue #11: no errors, p95 under 300 ms.
"""

import argparse
import contextlib
import csv
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, setup  # noqa: E402
from pages import machine  # noqa: E402

PASSWORD = "load test password, not for use"  # noqa: S105


def _users(count: int, rng: random.Random) -> list[dict]:
    """Caseworkers spread over the organisations by their number of cases,
    each with an authenticator, cases to open and referrals they may send."""
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safepath.accounts.models import Membership, Role, User
    from safepath.cases.models import Case, Consent, ConsentPurpose
    from safepath.cases.services import consent_record
    from safepath.organisations.models import Organisation
    from safepath.referrals.selectors import consented_sections

    orgs = list(
        Organisation.objects.annotate(n=Count("cases")).filter(n__gt=0).order_by("-n")
    )
    total = sum(org.n for org in orgs)
    accounts = []
    for number in range(count):
        # Organisation i gets about its share of the users.
        position = (number + 0.5) / count * total
        org = next(o for o, upto in _cumulative(orgs) if position < upto)
        username = f"load-{number:02d}"
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.is_active = True
        user.password_change_required = False
        user.save()
        Membership.objects.get_or_create(
            user=user,
            organisation=org,
            defaults={"role": Role.CASEWORKER, "is_active": True},
        )
        TOTPDevice.objects.filter(user=user).delete()
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="load", key=key, confirmed=True)
        cases = list(
            Case.objects.filter(organisation=org, is_restricted=False)
            .select_related("person")
            .order_by("?")[:200]
        )
        referrals = []
        others = [o for o in orgs if o.pk != org.pk]
        for case in cases[:30]:
            other = rng.choice(others)
            consent, sections = consented_sections(case=case, organisation_id=other.pk)
            if consent is None or not sections:
                # The person agrees to be referred, as the caseworker records
                # before referring.
                consent_record(
                    case=case,
                    consent=Consent(
                        purpose=ConsentPurpose.REFERRAL,
                        con_Consent=True,
                        sections=["exploitation", "identification"],
                    ),
                    organisations=[other],
                    actor=user,
                )
                sections = {"exploitation", "identification"}
            referrals.append([str(case.pk), other.pk, sorted(sections)])
        accounts.append(
            {
                "username": username,
                "totp_key": key,
                "cases": [str(case.pk) for case in cases],
                "names": sorted({case.person.prs_FirstName for case in cases})[:50],
                "referrals": referrals[:30],
            }
        )
    rng.shuffle(accounts)
    return accounts


def _cumulative(orgs):
    running = 0
    for org in orgs:
        running += org.n
        yield org, running


def _wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The server did not answer at {url}.")


def yardstick() -> float:
    """Milliseconds of CPU a fixed pure-Python loop takes here (the best of
    five): the same code on a faster or quieter machine takes less."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        total = 0
        for number in range(2_000_000):
            total += number % 7
        best = min(best, time.process_time() - started)
    return best * 1000


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process, its reaped children (gunicorn's
    recycled workers) and its live children (its workers), from /proc."""

    def times(pid: int, reaped: bool) -> int:
        # The fields after the command's closing parenthesis: utime is the
        # 12th, then stime, cutime, cstime (proc(5), from field 14).
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11 : 15 if reaped else 13])

    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ticks = times(pid, reaped=True)
        for child in children:
            with contextlib.suppress(FileNotFoundError):  # a worker that ended
                ticks += times(int(child), reaped=True)
    except FileNotFoundError:
        return float("nan")
    return ticks / os.sysconf("SC_CLK_TCK")


class _ServerCpu(threading.Thread):
    """The server's CPU time from when Locust marks the start of counting
    (the last user signed in) until stop()."""

    def __init__(self, pid: int, mark: Path) -> None:
        super().__init__(daemon=True)
        self.pid, self.mark = pid, mark
        self.start_cpu = self.start_wall = float("nan")
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            if self.mark.exists():
                self.start_cpu = _cpu_seconds(self.pid)
                self.start_wall = time.perf_counter()
                return
            time.sleep(0.1)

    def stop(self) -> tuple[float, float]:
        """CPU seconds and wall seconds since the mark (nan if none)."""
        self.stopped.set()
        self.join()
        return (
            _cpu_seconds(self.pid) - self.start_cpu,
            time.perf_counter() - self.start_wall,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument(
        "--think",
        default="1-3",
        help="seconds between a user's actions, as MIN-MAX (default 1-3)",
    )
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("The load test runs against PostgreSQL, as production does.")
    setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from safepath.cases.models import Case

    before = yardstick()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    accounts = _users(args.users, random.Random(11))
    cases = Case.objects.count()
    connection.close()

    work = Path(tempfile.mkdtemp(prefix="safepath-load-"))
    users_file = work / "users.json"
    users_file.write_text(json.dumps(accounts))
    users_file.chmod(0o600)
    env = {key: value for key, value in os.environ.items() if key != "SAFEPATH_DEMO"}
    env |= {
        "SAFEPATH_SECRET_KEY": secrets.token_urlsafe(50),
        "SAFEPATH_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SAFEPATH_WEB_BIND": f"127.0.0.1:{args.port}",
        "LOAD_USERS": str(users_file),
        "LOAD_PASSWORD": PASSWORD,
        "LOAD_THINK": args.think,
        "LOAD_MARK": str(work / "counting"),
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(  # noqa: S603
        [bin_dir / "gunicorn", "-c", ROOT / "deploy/gunicorn.conf.py",
         "--access-logfile", str(work / "access.log"), "safepath.wsgi:application"],
        cwd=ROOT, env=env, stderr=open(work / "server.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    try:
        host = f"http://127.0.0.1:{args.port}"
        _wait_for(f"{host}/accounts/login/")
        started = time.perf_counter()
        server_cpu = _ServerCpu(server.pid, work / "counting")
        server_cpu.start()
        subprocess.run(  # noqa: S603
            [bin_dir / "locust", "-f", ROOT / "bench/load_locust.py", "--headless",
             "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
             "--run-time", f"{int(args.minutes * 60)}s", "--host", host,
             "--csv", str(work / "load"), "--only-summary",
             "--loglevel", "WARNING", "--stop-timeout", "10"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        took = time.perf_counter() - started
        cpu, wall = server_cpu.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)
    workers = os.environ.get("SAFEPATH_WEB_WORKERS", str(os.cpu_count() * 2 + 1))
    threads = os.environ.get("SAFEPATH_WEB_THREADS", "4")
    print()
    print(f"Machine: {machine()}")
    print(
        f"Data: {cases} cases on PostgreSQL; {args.users} simulated caseworkers "
        f"({args.spawn_rate}/s ramp-up, {args.think} s between actions), "
        f"{took / 60:.1f} min; gunicorn "
        f"{workers} processes × {threads} threads, on the same machine as Locust"
    )
    print(
        f"{'action':<18} {'requests':>9} {'errors':>7} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    )
    requests = 0
    with open(work / "load_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            if row["Request Count"] == "0":  # the sign-ins, before counting
                continue
            name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
            if name == "ALL":
                requests = int(row["Request Count"])
            print(
                f"{name:<18} {row['Request Count']:>9} {row['Failure Count']:>7} "
                f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} "
                f"{row['99%']:>7}"
            )
    with open(work / "load_failures.csv", newline="") as failures:
        for row in csv.DictReader(failures):
            print(f"ERROR {row['Method']} {row['Name']}: {row['Error']} "
                  f"× {row['Occurrences']}")  # fmt: skip
    if requests:
        print(
            f"Server CPU while counting: {cpu:.0f} s in {wall:.0f} s "
            f"({cpu / wall:.2f} cores), {cpu / requests * 1000:.1f} ms per request"
        )
    print(
        f"Yardstick (a fixed pure-Python loop, best of 5): {before:.0f} ms before, "
        f"{yardstick():.0f} ms after"
    )
    print(f"(Locust's files and the server's log: {work})")
    users_file.unlink()


if __name__ == "__main__":
    main()
