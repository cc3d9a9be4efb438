"""Time the caseworker's main pages on a seeded database.

    .venv/bin/python bench/case_pages.py [--cases N] [--runs R]

Seeds N fictional cases (the demo generator, through the services) into a
fresh database in a temporary directory (SQLite, or DATABASE_URL if set: use a
scratch database, it is migrated and filled), signs a caseworker in and times
each page R times with Django's test client (no network). Prints the median
and 95th percentile per page, with the data size and the machine.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    os.environ["SAFEPATH_DEMO"] = "1"
    os.environ["SAFEPATH_VAR_DIR"] = var = tempfile.mkdtemp(prefix="safepath-bench-")
    (Path(var) / "static").mkdir()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepath.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safepath.accounts.models import User
    from safepath.cases.models import Case
    from safepath.demo.services import demo_seed

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_seed(cases=args.cases)
    seeded = time.perf_counter() - started

    user = User.objects.get(username="demo-caseworker")
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    case = Case.objects.filter(cas_CaseOwner=user).first()
    name = case.person.prs_FirstName
    pages = {
        "home": lambda: client.get("/"),
        "case list, page 1": lambda: client.post("/cases/"),
        "case list, page 3": lambda: client.post("/cases/", {"page": 3}),
        "search by name": lambda: client.post("/cases/", {"q": name}),
        "filter by status+type": lambda: client.post(
            "/cases/", {"status": ["Active"], "exploitation": "ForcedLabour"}
        ),
        "case page": lambda: client.get(f"/cases/{case.pk}/"),
        "register form": lambda: client.get("/cases/new/"),
    }
    print(f"Safepath bench/case_pages.py — {machine()}")
    print(
        f"database: {connection.vendor}; {Case.objects.count()} cases in "
        f"{Case.objects.values('organisation').distinct().count()} organisations, "
        f"{Case.objects.filter(organisation=case.organisation).count()} visible to "
        f"the caseworker; seeding took {seeded:.0f} s"
    )
    print(f"{'page':<24} {'median ms':>10} {'p95 ms':>8}   ({args.runs} runs)")
    for label, request in pages.items():
        request()  # warm up
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            response = request()
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{label:<24} {statistics.median(times):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
