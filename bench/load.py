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
password hash is slow on purpose). The search is sent as the case list
page sends it, as an htmx request for the results. The target of issue
#11: no errors, p95 under 300 ms.
"""

import argparse
import csv
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
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
        subprocess.run(  # noqa: S603
            [bin_dir / "locust", "-f", ROOT / "bench/load_locust.py", "--headless",
             "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
             "--run-time", f"{int(args.minutes * 60)}s", "--host", host,
             "--csv", str(work / "load"), "--only-summary",
             "--loglevel", "WARNING", "--stop-timeout", "10"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        took = time.perf_counter() - started
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
    with open(work / "load_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
            print(
                f"{name:<18} {row['Request Count']:>9} {row['Failure Count']:>7} "
                f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} "
                f"{row['99%']:>7}"
            )
    with open(work / "load_failures.csv", newline="") as failures:
        for row in csv.DictReader(failures):
            print(f"ERROR {row['Method']} {row['Name']}: {row['Error']} "
                  f"× {row['Occurrences']}")  # fmt: skip
    print(f"(Locust's files and the server's log: {work})")
    users_file.unlink()


if __name__ == "__main__":
    main()
