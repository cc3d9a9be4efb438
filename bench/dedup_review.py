"""The batch duplicate search over the records in the database, and the
supervisor's review of its pairs.

    .venv/bin/python bench/generate.py --cases 100000      # once
    .venv/bin/python bench/dedup_review.py [--runs 5] [--skip-all] \
        [--again 400] [--profile 25] [--database-url URL]

Uses the database bench/generate.py made (SQLite in bench/var/ unless
--database-url or SAFEPATH_VAR_DIR say otherwise). Runs
`dedup.services.duplicates_find` as the nightly command does (every
organisation's records together, no actor), then once more straight after
(nothing new: the steady nightly cost), then for the lead organisation (the
one with the most cases) as its supervisor's "Look for duplicates now"
button does. Each run prints the records compared, the pairs kept, the new
and removed ones, the wall time and the process's peak resident memory so
far (ru_maxrss: a high-water mark, DuckDB's included, so a later run shows
at least an earlier one's peak). Then times the review queue /duplicates/
as a supervisor of the lead organisation (server time, Django's test
client, after one warm-up request), and one merge of an open pair of that
organisation and its undo.

generate.py makes one person per case and no one twice, so there may be
nothing to find. With --again N, N victims are first registered a second
time through the services, as the demo does (demo.services._registered_again:
the name in the other script or the patronymic cut to its initial, the
registration number half the time, no phone): every other one by the lead
organisation again (a pair for its queue), the others by any organisation
(a pair across organisations, kept only when near-certain).

The runs write to the database (pairs, audit entries, statistics rows,
and the --again cases; the merge is undone): use a copy made for benchmarks.
"""

import argparse
import cProfile
import io
import pstats
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import setup  # noqa: E402
from pages import machine, percentile  # noqa: E402
from stats import _client  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(call: Callable[[], Any], profile: int) -> tuple[Any, float]:
    """The call's result and its wall time in seconds; with `profile`, the
    functions taking the most cumulative time are printed after."""
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    result = profiler.runcall(call) if profiler is not None else call()
    took = time.perf_counter() - started
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile)
        print(out.getvalue())
    return result, took


ROW = "{:<34} {:>8} {:>8} {:>7} {:>8} {:>9} {:>8}"


def _find(label: str, profile: int, **kwargs: Any) -> None:
    from safepath.dedup.services import duplicates_find

    result, took = _timed(lambda: duplicates_find(**kwargs), profile)
    print(
        ROW.format(
            label,
            result.records,
            result.pairs,
            result.new,
            result.removed,
            f"{took:.1f}",
            f"{_peak_mb():.0f}",
        ),
        flush=True,
    )


def _register_again(count: int, lead, seed: int) -> float:
    """Register `count` victims again (see the docstring); the seconds taken."""
    from django.utils import timezone

    from safepath.accounts.models import CASE_ROLES, User
    from safepath.demo.services import CASE_SHARE, _case
    from safepath.organisations.models import Organisation
    from safepath.people.models import Person

    rng = random.Random(seed)
    today = timezone.localdate()
    orgs = {o.code.upper(): o for o in Organisation.objects.all()}
    codes = [code for code, share in CASE_SHARE.items() for _ in range(share)]
    victims = Person.objects.filter(merged_into__isnull=True, cases__isnull=False)
    everyone = list(victims.values_list("pk", flat=True).distinct())
    own = list(
        victims.filter(organisation=lead).values_list("pk", flat=True).distinct()
    )
    owners: dict[int, list] = {}
    started = time.perf_counter()
    for i in range(count):
        same = i % 2 == 0
        org = lead if same else orgs[rng.choice(codes)]
        if org.pk not in owners:
            owners[org.pk] = list(
                User.objects.filter(
                    memberships__organisation=org,
                    memberships__role__in=CASE_ROLES,
                    memberships__is_active=True,
                ).distinct()
            )
        earlier = Person.objects.get(pk=rng.choice(own if same else everyone))
        _case(rng, org, rng.choice(owners[org.pk]), today, again=earlier)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=5, help="queue page timings")
    parser.add_argument(
        "--skip-all",
        action="store_true",
        help="skip the two runs over every organisation's records",
    )
    parser.add_argument(
        "--again",
        type=int,
        default=0,
        metavar="N",
        help="first register N victims a second time (pairs to find)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="profile each run, printing the N functions of most cumulative time",
    )
    args = parser.parse_args()
    setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # a database made by an older version
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]

    from django.db.models import Count

    from safepath.accounts.models import Membership, Role
    from safepath.cases.models import Case
    from safepath.dedup import selectors, services
    from safepath.dedup.models import MatchPair
    from safepath.organisations.models import Organisation
    from safepath.people.models import Person

    lead = Organisation.objects.annotate(n=Count("cases")).order_by("-n", "pk").first()
    membership = (
        Membership.objects.filter(
            organisation=lead,
            role=Role.SUPERVISOR,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if lead is None or membership is None:
        sys.exit("No organisation with an active supervisor: run generate.py first.")
    supervisor = membership.user
    if args.again:
        took = _register_again(args.again, lead, args.seed)
        print(f"{args.again} victims registered again in {took:.0f} s")
        lead = Organisation.objects.annotate(n=Count("cases")).get(pk=lead.pk)

    victims = services._people_to_compare(None).count()
    print(f"Safepath bench/dedup_review.py — {machine()}")
    print(
        f"{connection.vendor}: {Case.objects.count()} cases, "
        f"{Person.objects.count()} people ({victims} victims' records to "
        f"compare), {Organisation.objects.count()} organisations, "
        f"{MatchPair.objects.count()} pairs stored before; lead organisation "
        f"{lead.code or lead.pk} with {lead.n} cases, supervisor "
        f"{supervisor.username}"
    )
    print(ROW.format("run", "records", "pairs", "new", "removed", "wall s", "peak MB"))
    print(ROW.format("(before any run)", "", "", "", "", "", f"{_peak_mb():.0f}"))
    if not args.skip_all:
        _find("all organisations (nightly)", args.profile)
        _find("all organisations, again", args.profile)
    _find(
        f"lead organisation ({supervisor.username})",
        args.profile,
        organisation=lead,
        actor=supervisor,
    )
    print(
        f"pairs stored now: {MatchPair.objects.count()} "
        f"({MatchPair.objects.filter(organisation__isnull=True).count()} across "
        f"organisations, "
        f"{MatchPair.objects.filter(organisation=lead).count()} in the lead's)"
    )

    client = _client(supervisor.username)
    url = "/duplicates/"
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    took = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = client.get(url)
        took.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    queue = selectors.pairs_for_review(user=supervisor).count()
    print(
        f"\nreview queue {url}, supervisor: p50 {statistics.median(took):.1f} ms, "
        f"p95 {percentile(took, 0.95):.1f} ms ({args.runs} runs; {queue} open "
        f"pairs the supervisor may review, "
        f"{selectors.pairs_hidden_count(user=supervisor)} hidden)"
    )

    pair = selectors.pairs_for_review(user=supervisor).first()
    if pair is None:
        print("merge and undo: no open pair in the lead organisation's queue")
        return
    merge, merge_s = _timed(
        lambda: services.persons_merge(pair=pair, keep=pair.left, actor=supervisor),
        0,
    )
    left_alone, undo_s = _timed(
        lambda: services.merge_undo(merge=merge, actor=supervisor), 0
    )
    print(
        f"merge (pair {pair.pk}, p={pair.probability:.3f}): {1000 * merge_s:.1f} ms, "
        f"{len(merge.cases)} case(s) moved, {len(merge.filled)} field(s) filled; "
        f"undo: {1000 * undo_s:.1f} ms"
        + (f", left alone: {', '.join(left_alone)}" if left_alone else "")
    )
    print(f"peak memory {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
