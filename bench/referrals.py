"""Server time of the referral and service-directory pages, with many referrals.

    SAFEPATH_VAR_DIR=bench/var-referrals .venv/bin/python bench/referrals.py \
        --referrals 20000 [--offers 2000] [--runs 50] [--database-url URL]

SAFEPATH_VAR_DIR is required, so that the developer's database is never
touched: without --database-url the data goes to a SQLite file in that
directory, and the demo keys next to it either way (use another directory,
e.g. bench/var-referrals-pg, for a PostgreSQL database).

On the first run it migrates, loads the demo network (safepath.demo, 300
cases) and adds in bulk N referrals from the lead organisation (IMA) to the
safe house (DSH) and the hospital (OGH) over the last year, mostly answered,
and M service offers all over Mongolia; later runs only add what is missing.
Then it signs in as the safe house's and the lead organisation's caseworkers
and times each request in-process with Django's test client (server time: no
network, no browser), after one warm-up request. Prints p50 and p95 per
request, the data size and the machine.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import BATCH, setup  # noqa: E402
from pages import machine, percentile  # noqa: E402

BENCH = " (bench)"  # ends the name of every generated offer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("SAFEPATH_VAR_DIR"):
        sys.exit(
            "Set SAFEPATH_VAR_DIR to a directory of its own, e.g.\n"
            "SAFEPATH_VAR_DIR=bench/var-referrals .venv/bin/python "
            "bench/referrals.py --referrals 20000"
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
    loaded |= make_referrals(args.referrals, rng)
    loaded |= make_offers(args.offers, rng)
    if loaded:
        # A live database keeps its planner statistics current (autovacuum);
        # a bulk load has to ask for them.
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
            )
        took = time.perf_counter() - started
        print(f"data loaded on {connection.vendor} in {took:.0f} s", flush=True)
    measure(args.runs)


def _org(code: str):
    from safepath.organisations.models import Organisation

    # The demo stores the codes in lower case and shows them in upper case.
    return Organisation.objects.get(code__iexact=code)


def _referral_consents(lead, receivers) -> list:
    """A referral consent in force naming the receivers for each visible case
    of the lead organisation (the demo has one only for the 12 cases it
    refers), so that the generated referrals spread over its cases as real
    ones would rather than piling up on a dozen."""
    from django.db import transaction

    from safepath.cases.models import Case, Consent, ConsentPurpose

    Through = Consent.organisations.through
    cases = list(
        Case.objects.filter(organisation=lead, is_restricted=False)
        .select_related("cas_CaseOwner")
        .order_by("reference")
    )
    have = {}
    for consent in Consent.objects.filter(
        case__in=cases,
        purpose=ConsentPurpose.REFERRAL,
        con_Consent=True,
        withdrawn_on__isnull=True,
    ).prefetch_related("organisations"):
        if {r.pk for r in receivers} <= {o.pk for o in consent.organisations.all()}:
            have.setdefault(consent.case_id, consent)
    missing = [c for c in cases if c.pk not in have]
    with transaction.atomic():
        made = Consent.objects.bulk_create(
            Consent(
                case=case,
                con_Consent=True,
                purpose=ConsentPurpose.REFERRAL,
                method="Written",
                sections=["identity", "exploitation", "assistance"],
                recorded_by=case.cas_CaseOwner,
            )
            for case in missing
        )
        Through.objects.bulk_create(
            Through(consent_id=consent.pk, organisation_id=org.pk)
            for consent in made
            for org in receivers
        )
    for consent in made:
        have[consent.case_id] = consent
    return [(case, have[case.pk]) for case in cases]


def make_referrals(total: int, rng: random.Random) -> bool:
    from django.db import transaction
    from django.utils import timezone

    from safepath.accounts.models import CASE_ROLES, User
    from safepath.referrals.models import Referral

    existing = Referral.objects.count()
    wanted = total + 12 - existing  # the demo sends 12
    if wanted <= 0:
        return False
    lead, shelter, hospital = _org("ima"), _org("dsh"), _org("ogh")
    pairs = _referral_consents(lead, [shelter, hospital])
    answerers = {
        org.pk: list(
            User.objects.filter(
                memberships__organisation=org, memberships__role__in=CASE_ROLES
            )
        )
        for org in (shelter, hospital)
    }
    now = timezone.now()
    made = 0
    while made < wanted:
        size = min(BATCH, wanted - made)
        batch = []
        for _ in range(size):
            case, consent = rng.choice(pairs)
            urgency = rng.choices(
                ["Emergency", "High", "Normal", "Low"], [5, 20, 60, 15]
            )[0]
            sent_at = now - timedelta(seconds=rng.randint(0, 365 * 24 * 3600))
            status = rng.choices(["Accepted", "Declined", "Sent"], [70, 25, 5])[0]
            answered = status != "Sent"
            to = shelter if rng.random() < 0.85 else hospital
            batch.append(
                Referral(
                    id=uuid.uuid4(),
                    case=case,
                    from_organisation=lead,
                    to_organisation=to,
                    reason="AdditionalServicesRequired",
                    urgency=urgency,
                    services_requested=["Shelter"],
                    sections=["identity", "exploitation"],
                    consent=consent,
                    sent_by=case.cas_CaseOwner,
                    sent_at=sent_at,
                    # bulk_create skips save(), which sets it from the urgency.
                    respond_by=sent_at + timedelta(days=3),
                    status=status,
                    responded_by=rng.choice(answerers[to.pk]) if answered else None,
                    responded_at=min(now, sent_at + timedelta(hours=rng.randint(1, 72)))
                    if answered
                    else None,
                )
            )
        with transaction.atomic():
            Referral.objects.bulk_create(batch)
        made += size
        print(f"  {made}/{wanted} referrals", flush=True)
    return True


def make_offers(total: int, rng: random.Random) -> bool:
    from django.db import transaction

    from safepath.directory.choices import ServiceType
    from safepath.directory.models import ServiceOffer
    from safepath.htcds.choices import Gender
    from safepath.organisations.models import Organisation
    from safepath.places.models import Location

    wanted = total - ServiceOffer.objects.filter(name__endswith=BENCH).count()
    if wanted <= 0:
        return False
    Through = ServiceOffer.locations.through
    orgs = list(Organisation.objects.order_by("pk"))
    places = list(Location.objects.filter(level__in=[1, 2]))
    labels = dict(ServiceType.choices)
    genders = [
        [],
        [],
        [Gender.FEMININE],
        [Gender.FEMININE, Gender.TRANSGENDER_FEMININE],
        [Gender.MASCULINE],
    ]
    made = 0
    while made < wanted:
        size = min(BATCH, wanted - made)
        offers, served = [], []
        for number in range(made, made + size):
            kind = rng.choice(ServiceType.values)
            low = rng.choice([None, None, 0, 12, 14, 16, 18])
            high = rng.choice([None, None, 17, 18, 25, 35, 60])
            if low is not None and high is not None and low > high:
                low, high = high, low
            capacity = rng.choice([None, 5, 10, 20, 40])
            offers.append(
                ServiceOffer(
                    organisation=rng.choice(orgs),
                    service_type=kind,
                    name=f"{labels[kind]} {number + 1}{BENCH}",
                    description="A fictional service made by bench/referrals.py.",
                    min_age=low,
                    max_age=high,
                    genders=rng.choice(genders),
                    nationalities=rng.choice(["", "", "", "MN", "CN,MN"]),
                    capacity=capacity,
                    places_available=rng.randint(0, capacity) if capacity else None,
                    contact_name="Bench",
                    phone=f"+976 7{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}",
                    hours=rng.choice(["24 hours", "Mon–Fri 9:00–18:00"]),
                    is_active=rng.random() < 0.95,
                )
            )
            # One in ten nationwide (no place), the others 1 to 3 places.
            served.append(
                [] if rng.random() < 0.1 else rng.sample(places, rng.randint(1, 3))
            )
        with transaction.atomic():
            ServiceOffer.objects.bulk_create(offers)
            Through.objects.bulk_create(
                Through(serviceoffer_id=offer.pk, location_id=place.pk)
                for offer, where in zip(offers, served, strict=True)
                for place in where
            )
        made += size
        print(f"  {made}/{wanted} service offers", flush=True)
    return True


def _client(username: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safepath.accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def rows(html: str) -> str:
    """What the page lists: the directory's result line, or the referrals."""
    found = re.search(r'<section id="results"[^>]*>\s*<p[^>]*>([^<]*)<', html)
    if found:
        return " ".join(found.group(1).split())
    links = set(re.findall(r'href="/referrals/([0-9a-f-]{36})/', html))
    return f"{len(links)} referrals"


def measure(runs: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from safepath.audit.models import AuditEvent
    from safepath.cases.models import Case
    from safepath.directory.models import ServiceOffer
    from safepath.places.models import Location
    from safepath.referrals.models import Referral, ReferralStatus

    settings.ALLOWED_HOSTS = ["testserver"]
    lead, shelter = _org("ima"), _org("dsh")
    receiver, sender = _client("dsh-caseworker"), _client("demo-caseworker")
    waiting = Referral.objects.filter(
        to_organisation=shelter, status=ReferralStatus.SENT
    )
    referral = waiting.order_by("-sent_at").first()
    referred = (
        Case.objects.filter(organisation=lead, is_restricted=False)
        .annotate(n=Count("referrals_out"))
        .filter(n__gt=0)
        .order_by("n", "reference")
    )
    case = referred[len(referred) // 2]  # as many referrals as most
    omnogovi = Location.objects.get(code="MN-053")
    need = {"service_type": "Shelter", "age": 15, "gender": "Feminine"}
    need["location"] = omnogovi.pk
    htmx = {"HTTP_HX_REQUEST": "true"}
    requests = {
        "DSH inbox": (receiver, "/referrals/", {}, {}),
        "DSH inbox, Sent": (
            receiver,
            "/referrals/",
            {"box": "in", "status": "Sent"},
            {},
        ),
        "DSH referral (shared)": (receiver, referral.get_absolute_url(), {}, {}),
        "DSH answer form": (receiver, f"/referrals/{referral.pk}/answer/", {}, {}),
        "DSH home": (receiver, "/", {}, {}),
        "IMA sent box": (sender, "/referrals/", {"box": "out"}, {}),
        "IMA case page": (sender, case.get_absolute_url(), {}, {}),
        "IMA home": (sender, "/", {}, {}),
        "directory (page)": (sender, "/directory/", need, {}),
        "directory (htmx)": (sender, "/directory/", need, htmx),
    }
    print(f"Safepath bench/referrals.py — {machine()}")
    print(
        f"{connection.vendor}: {Referral.objects.count()} referrals "
        f"({Referral.objects.filter(to_organisation=shelter).count()} to DSH, "
        f"{waiting.count()} of them waiting), {ServiceOffer.objects.count()} service "
        f"offers, {Case.objects.count()} cases, {AuditEvent.objects.count()} audit "
        f"entries; the case page's case has {case.n} referrals"
    )
    print(f"{'request':<22} {'p50 ms':>8} {'p95 ms':>8}  ({runs} runs, rows)")
    for label, (client, url, data, headers) in requests.items():
        response = client.get(url, data, **headers)  # warm-up
        assert response.status_code == 200, (label, url, response.status_code)
        listed = rows(response.content.decode())
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url, data, **headers)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, url, response.status_code)
        print(
            f"{label:<22} {statistics.median(times):>8.1f} "
            f"{percentile(times, 0.95):>8.1f}  {listed}"
        )


if __name__ == "__main__":
    main()
