"""Server time of the prevention reports and pages, with many trainings and
campaign activities.

    SAFEPATH_VAR_DIR=bench/var-prevention .venv/bin/python bench/prevention.py \
        --trainings 2000 [--per-training 20] [--activities 20000] [--runs 20] \
        [--database-url URL]

SAFEPATH_VAR_DIR is required, so that the developer's database is never
touched (see bench/referrals.py). On the first run it migrates, loads the
demo network and adds in bulk N trainings of the lead organisation over three
years, each with P participants (attendance, pre- and post-test, one in five
with a follow-up survey), and M campaign activities with their counted reach;
later runs only add what is missing. Then it signs in as the demo outreach
officer and times each request in-process with Django's test client (server
time: no network, no browser) after one warm-up request. Prints p50 and p95
per request, the data size and the machine.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import BATCH, setup  # noqa: E402
from pages import machine, percentile  # noqa: E402
from referrals import _client, _org  # noqa: E402

BENCH = " (bench)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainings", type=int, default=2000)
    parser.add_argument("--per-training", type=int, default=20)
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not os.environ.get("SAFEPATH_VAR_DIR"):
        sys.exit(
            "Set SAFEPATH_VAR_DIR to a directory of its own, e.g.\n"
            "SAFEPATH_VAR_DIR=bench/var-prevention .venv/bin/python "
            "bench/prevention.py --trainings 2000"
        )
    setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from safepath.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    loaded = False
    if not Organisation.objects.exists():
        from safepath.demo.services import demo_seed

        demo_seed(cases=300, password="bench password, not for use")  # noqa: S106
        loaded = True
    loaded |= make_trainings(args.trainings, args.per_training, rng)
    loaded |= make_activities(args.activities, rng)
    if loaded:
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
            )
        took = time.perf_counter() - started
        print(f"data loaded on {connection.vendor} in {took:.0f} s", flush=True)
    measure(args.runs)


def make_trainings(total: int, per_training: int, rng: random.Random) -> bool:
    from django.db import transaction

    from safepath.accounts.models import User
    from safepath.places.models import Location
    from safepath.prevention.models import (
        Attendance,
        FollowUpSurvey,
        Module,
        Participant,
        ResultSource,
        Sector,
        TestResult,
        Training,
    )

    wanted = total - Training.objects.filter(title__endswith=BENCH).count()
    if wanted <= 0:
        return False
    lead = _org("ima")
    officer = User.objects.get(username="demo-outreach")
    places = list(Location.objects.filter(level__in=[1, 2]))
    modules = list(Module.objects.filter(organisation=None))
    questions = 12
    start = date.today() - timedelta(days=3 * 365)
    made = 0
    while made < wanted:
        size = min(BATCH // per_training or 1, wanted - made)
        with transaction.atomic():
            trainings = Training.objects.bulk_create(
                Training(
                    organisation=lead,
                    title=f"Training {made + n + 1}{BENCH}",
                    starts_on=(day := start + timedelta(days=rng.randint(0, 1090))),
                    ends_on=day + timedelta(days=rng.choice([0, 0, 1, 2])),
                    location=rng.choice(places),
                    created_by=officer,
                )
                for n in range(size)
            )
            Through = Training.modules.through
            Through.objects.bulk_create(
                Through(training_id=t.pk, module_id=m.pk)
                for t in trainings
                for m in rng.sample(modules, 2)
            )
            participants = Participant.objects.bulk_create(
                Participant(
                    training=t,
                    name=f"Participant {t.pk}-{n}",
                    sector=rng.choice(Sector.values),
                    gender=rng.choice(["Feminine", "Feminine", "Masculine"]),
                )
                for t in trainings
                for n in range(per_training)
            )
            by_id = {t.pk: t for t in trainings}
            Attendance.objects.bulk_create(
                Attendance(participant=p, day=day)
                for p in participants
                for day in by_id[p.training_id].days
                if rng.random() < 0.92
            )
            results = []
            for p in participants:
                pre = rng.randint(2, 8)
                results.append(TestResult(participant=p, kind="pre", score=pre,
                    max_score=questions, source=ResultSource.PAPER,
                    taken_at=by_id[p.training_id].created_at))  # fmt: skip
                if rng.random() < 0.9:
                    results.append(TestResult(participant=p, kind="post",
                        score=min(questions, pre + rng.randint(0, 5)),
                        max_score=questions, source=ResultSource.PHONE,
                        taken_at=by_id[p.training_id].created_at))  # fmt: skip
            TestResult.objects.bulk_create(results)
            FollowUpSurvey.objects.bulk_create(
                FollowUpSurvey(
                    participant=p,
                    answered_on=date.today(),
                    identified=rng.choice([0, 0, 1, 2]),
                    referred=rng.choice([0, 1]),
                    used_training="yes",
                    source=ResultSource.PHONE,
                )  # fmt: skip
                for p in participants
                if rng.random() < 0.2
            )
        made += size
        if made % 200 == 0 or made == wanted:
            print(f"  {made}/{wanted} trainings", flush=True)
    return True


def make_activities(total: int, rng: random.Random) -> bool:
    from django.db import transaction

    from safepath.accounts.models import User
    from safepath.places.models import Location
    from safepath.prevention.models import (
        MEDIA_KINDS,
        REACH_GENDERS,
        Activity,
        ActivityKind,
        AgeGroup,
        Audience,
        Campaign,
        Reach,
    )

    lead = _org("ima")
    officer = User.objects.get(username="demo-outreach")
    campaign, _ = Campaign.objects.get_or_create(
        organisation=lead,
        title=f"Campaign{BENCH}",
        defaults={
            "starts_on": date.today() - timedelta(days=3 * 365),
            "created_by": officer,
        },  # fmt: skip
    )
    wanted = total - campaign.activities.count()
    if wanted <= 0:
        return False
    places = list(Location.objects.filter(level__in=[1, 2]))
    made = 0
    while made < wanted:
        size = min(BATCH, wanted - made)
        with transaction.atomic():
            activities = Activity.objects.bulk_create(
                Activity(
                    campaign=campaign,
                    kind=(kind := rng.choice(ActivityKind.values)),
                    held_on=campaign.starts_on + timedelta(days=rng.randint(0, 1090)),
                    location=rng.choice(places),
                    audience=rng.choice(Audience.values),
                    estimated_reach=rng.randint(500, 20000)
                    if kind in MEDIA_KINDS
                    else None,
                    created_by=officer,
                )
                for _ in range(size)
            )
            Reach.objects.bulk_create(
                Reach(activity=a, gender=g, age_group=age, people=rng.randint(1, 40))
                for a in activities
                if a.kind not in MEDIA_KINDS
                for g in REACH_GENDERS
                for age in AgeGroup.values
                if rng.random() < 0.5
            )
        made += size
        print(f"  {made}/{wanted} activities", flush=True)
    return True


def measure(runs: int) -> None:
    from django.conf import settings
    from django.db import connection

    from safepath.prevention.models import Activity, Participant, Reach, Training

    settings.ALLOWED_HOSTS = ["testserver"]
    client = _client("demo-outreach")
    training = Training.objects.filter(title__endswith=BENCH).order_by("pk").first()
    year = date.today().year
    requests = {
        "report, everything": "/prevention/reports/",
        "report, one year": f"/prevention/reports/?date_from={year}-01-01"
        f"&date_to={year}-12-31",
        "export all tables (xlsx)": "/prevention/reports/export/?table=all&format=xlsx",
        "export one table (csv)": "/prevention/reports/export/?table=gain_by_sector"
        "&format=csv",
        "trainings list": "/prevention/",
        f"training page ({training.participants.count()} people)": (
            training.get_absolute_url()
        ),
        "campaigns list": "/prevention/campaigns/",
    }
    print(
        f"{Training.objects.count()} trainings, {Participant.objects.count()} "
        f"participants, {Activity.objects.count()} activities, "
        f"{Reach.objects.count()} reach rows; {connection.vendor}; {machine()}"
    )
    print(f"{'request':32} {'p50 ms':>8} {'p95 ms':>8}")
    for label, url in requests.items():
        assert client.get(url).status_code == 200, url  # warm-up
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, url
        print(
            f"{label:32} {statistics.median(times):8.1f} "
            f"{percentile(times, 0.95):8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
