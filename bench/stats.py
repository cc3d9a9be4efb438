"""Server time of the statistics dashboard over many cases, and the time to
build and k-anonymise the CTDC-format dataset from them.

    .venv/bin/python bench/generate.py --cases 100000      # once
    .venv/bin/python bench/stats.py [--runs 10] [--k 11] [--database-url URL]

Uses the database bench/generate.py made (SQLite in bench/var/ unless
--database-url or SAFEPATH_VAR_DIR say otherwise). Signs in as the demo
supervisor (exact figures for the lead organisation) and the demo analyst
(published figures: the partners' shared cases too, consented only, small
cells protected) and times each page in-process with Django's test client
after one warm-up request. Then builds the CTDC dataset of every consented
case of the lead and its partners, and k-anonymises it, printing the records
kept, the cells generalised and suppressed and the information loss, beside
what plain suppression (dropping every record whose combination occurs
fewer than k times) would keep.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import setup  # noqa: E402
from pages import machine, percentile  # noqa: E402


def _client(username: str):
    """Signed in, with the second factor where the user has one (the
    analyst, who sees no personal data, has none)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safepath.accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _time(client, url: str, runs: int) -> tuple[float, float]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took), percentile(took, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--k", type=int, default=11)
    args = parser.parse_args()
    setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # a database made by an older version
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]

    from safepath.accounts.models import User
    from safepath.cases.models import Case
    from safepath.stats.ctdc_export import QUASI_IDENTIFIERS, ctdc_release
    from safepath.stats.dashboard import scope_for

    cases = Case.objects.count()
    print(f"{cases} cases; {connection.vendor}; {machine()}")
    print(f"{'request':<40} {'p50 ms':>8} {'p95 ms':>8}")
    from safepath.accounts.selectors import active_memberships

    lead = active_memberships(User.objects.get(username="demo-supervisor"))[0]
    for username, label, url in [
        (
            "demo-supervisor",
            "dashboard, supervisor, own org (exact)",
            f"/statistics/?organisation={lead.organisation_id}",
        ),
        ("demo-supervisor", "dashboard, supervisor, with partners", "/statistics/"),
        ("demo-analyst", "dashboard, analyst (published)", "/statistics/"),
        (
            "demo-supervisor",
            "dashboard, one year",
            "/statistics/?date_from=2025-01-01&date_to=2025-12-31",
        ),
        ("demo-supervisor", "programme indicators", "/statistics/indicators/"),
        ("demo-analyst", "national and global picture", "/statistics/reference/"),
    ]:
        p50, p95 = _time(_client(username), url, args.runs)
        print(f"{label:<40} {p50:>8.1f} {p95:>8.1f}")

    analyst = User.objects.get(username="demo-analyst")
    started = time.perf_counter()
    release = ctdc_release(scope_for(analyst, published=True), args.k)
    took = time.perf_counter() - started
    result = release.result
    cells = result.records_in * len(QUASI_IDENTIFIERS)
    print(
        f"\nCTDC dataset, k={args.k}, {len(QUASI_IDENTIFIERS)} quasi-identifiers "
        f"({', '.join(QUASI_IDENTIFIERS)}):"
    )
    print(f"  records (consented people)     {result.records_in}")
    print(
        f"  plain suppression keeps        {release.plain_suppression_kept} "
        f"({100 * release.plain_suppression_kept / result.records_in:.1f}%)"
    )
    print(
        f"  Safepath keeps                 {result.records_kept} "
        f"({100 * result.records_kept / result.records_in:.1f}%), "
        f"{result.records_intact} with no value hidden "
        f"({100 * result.records_intact / result.records_in:.1f}%)"
    )
    print(
        f"  cells generalised / suppressed {result.cells_generalised} / "
        f"{result.cells_suppressed} of {cells}"
    )
    print(
        f"  NCP {result.ncp:.4f}, discernibility {result.discernibility}, "
        f"smallest class {result.smallest_class}"
    )
    print(f"  build + anonymise              {took:.2f} s")


if __name__ == "__main__":
    main()
