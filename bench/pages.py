"""Server time of the caseworker's pages on a database made by generate.py.

    .venv/bin/python bench/pages.py [--database-url URL] [--runs 50]

Signs in as the demo caseworker and times each request in-process with
Django's test client (server time: no network, no browser), after one warm-up
request. Prints p50 and p95 per page, the data size and the machine.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import setup  # noqa: E402


def machine() -> str:
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def signed_in(username: str = "demo-caseworker"):
    """Django's test client signed in as the demo user, past the second
    factor, and that user (after setup())."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safepath.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver"]
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client, user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    setup(args.database_url)

    from django.db import connection

    from safepath.audit.models import AuditEvent
    from safepath.cases.models import Case, CaseComment, TraffickingEvent
    from safepath.people.models import Person, PersonSearchToken

    client, user = signed_in()

    mine = Case.objects.filter(cas_CaseOwner=user, is_restricted=False)
    case = mine.order_by("reference")[len(mine) // 2]
    person = case.person
    name = f"{person.prs_FirstName} {person.prs_SecondName[:1]}."
    # The list page opens whole; filters and searches then come back as htmx
    # requests for the results only, which is what the page sends as one types.
    htmx = {"HTTP_HX_REQUEST": "true"}
    filters = {"status": ["Active"], "exploitation": "ForcedLabour"}
    pages = {
        "case list (page)": ("get", "/cases/", {}, {}),
        "filtered list": ("post", "/cases/", filters, htmx),
        "name search": ("post", "/cases/", {"q": name}, htmx),
        "registration number": (
            "post",
            "/cases/",
            {"q": person.prs_IdentityNumber},
            htmx,
        ),
        "case page": ("get", f"/cases/{case.pk}/", {}, {}),
    }
    visible = Case.objects.filter(organisation=case.organisation).count()
    print(f"Safepath bench/pages.py — {machine()}")
    print(
        f"{connection.vendor}: {Case.objects.count()} cases, {Person.objects.count()} "
        f"people, {PersonSearchToken.objects.count()} search tokens, "
        f"{CaseComment.objects.count()} comments, {TraffickingEvent.objects.count()} "
        f"events, {AuditEvent.objects.count()} audit entries; the caseworker's "
        f"organisation has {visible} cases"
    )
    print(f"{'request':<22} {'p50 ms':>8} {'p95 ms':>8}  ({args.runs} runs, results)")
    for label, (method, url, data, headers) in pages.items():
        request = getattr(client, method)
        response = request(url, data, **headers)  # warm-up
        found = re.search(
            r'<section id="results"[^>]*>\s*<p[^>]*>([^<]*)<', response.content.decode()
        )
        found = " ".join(found.group(1).split()) if found else ""
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = request(url, data, **headers)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        print(
            f"{label:<22} {statistics.median(times):>8.1f} "
            f"{percentile(times, 0.95):>8.1f}  {found}"
        )


if __name__ == "__main__":
    main()
