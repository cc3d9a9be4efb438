"""HTCDS import and export of many cases: time to check a file, to import
it, to export the cases again (each format, encrypted) and to recognise a
re-import.

    .venv/bin/python bench/generate.py --cases 1000        # once: the demo network
    .venv/bin/python bench/htcds_io.py [--rows 2000] [--database-url URL]

Uses the database bench/generate.py made (SQLite in bench/var/ unless
--database-url or SAFEPATH_VAR_DIR say otherwise) for its organisations and
users, and adds the imported cases to it: use a copy made for benchmarks.
The rows are fictional (the demo's names, random dates and picklist labels),
written as CSV with the toolkit's column names.
"""

import argparse
import csv
import io
import random
import resource
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import setup  # noqa: E402
from pages import machine  # noqa: E402


def _rows(count: int, owner: str, rng: random.Random) -> bytes:
    from safepath.demo.services import FEMALE, MALE, PATRONYMS

    out = io.StringIO()
    writer = csv.writer(out)
    header = [
        "cas_CaseOwner", "prs_FirstName", "prs_SecondName", "con_Consent",
        "prs_Birthdate", "prs_Gender", "prs_Citizenship", "prs_MobilePhone",
        "vic_TraffickingStatus", "vic_MethodOfRecruitment",
        "vic_LocationOfRecruitment", "vic_TypeOfExploitation",
        "vic_ForcedLabourIndustry", "cas_Status", "cas_IncomingReferralDate",
    ]  # fmt: skip
    writer.writerow(header)
    for i in range(count):
        female = rng.random() < 0.7
        writer.writerow(
            [
                owner,
                rng.choice(FEMALE if female else MALE),
                rng.choice(PATRONYMS),
                "yes",
                f"{rng.randint(1970, 2010)}-{rng.randint(1, 12):02d}-"
                f"{rng.randint(1, 28):02d}",
                "Feminine" if female else "Masculine",
                "Mongolia",
                f"+976 88{i % 100:02d} {rng.randint(1000, 9999)}",
                rng.choice(
                    ["Possible victim of trafficking", "Actual victim of trafficking"]
                ),
                "At work; Through online social networks",
                rng.choice(["Khanbogd", "MN-053/tsogttsetsii", "Dalanzadgad"]),
                rng.choice(["Forced labour", "Sexual exploitation"]),
                "Mining and quarrying",
                "Active",
                f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
            ]
        )
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from safepath.accounts.models import Membership, Role
    from safepath.cases.models import Case
    from safepath.htcds.exports import htcds_export
    from safepath.htcds.imports import htcds_check, htcds_import

    membership = (
        Membership.objects.filter(role=Role.SUPERVISOR, is_active=True)
        .select_related("organisation", "user")
        .first()
    )
    org, actor = membership.organisation, membership.user
    content = _rows(args.rows, actor.username, random.Random(args.seed))
    print(machine())
    print(
        f"{connection.vendor}: {Case.objects.count()} cases before; importing "
        f"{args.rows} rows ({len(content) / 1e6:.1f} MB CSV) into {org.code}"
    )

    def timed(label: str, call):
        started = time.perf_counter()
        result = call()
        took = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {label:<34} {took:8.1f} s   peak {peak:6.0f} MB")
        return result

    arguments = {
        "name": "b.csv",
        "content": content,
        "organisation": org,
        "actor": actor,
    }
    checked = timed("check (dry run)", lambda: htcds_check(**arguments))
    assert not checked.problems, checked.problems[:3]
    imported = timed("import", lambda: htcds_import(**arguments))
    print(f"    {len(imported.new)} cases, {args.rows / 1:.0f} rows")
    again = timed("import again (all recognised)", lambda: htcds_import(**arguments))
    assert not again.new
    cases = Case.objects.filter(import_key__in=[r.key for r in imported.rows])
    for fmt in ("csv", "xlsx", "json"):
        data, name = timed(
            f"export {fmt}, encrypted",
            lambda fmt=fmt: htcds_export(
                cases=cases, fmt=fmt, password=secrets.token_urlsafe(16), actor=actor
            ),
        )
        print(f"    {name}: {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
