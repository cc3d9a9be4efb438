"""Fill a database with N fictional people and cases, fast, for benchmarks.

    .venv/bin/python bench/generate.py --cases 100000 [--database-url URL]

Without --database-url it writes a new SQLite file bench/var/bench.sqlite3.
The network and its users come from the demo (safepath.demo); the people and
cases are made in bulk, not through the services, so that 100,000 take
minutes rather than hours, but with everything the services would write:
encrypted personal fields, blind-index tokens, victim context with
multi-selects, comments, trafficking events, consents and an audit history
linked into the hash chain (the verify command passes on the result), and
the statistics rows rebuilt at the end as `refresh_statistics` does.
"""

import argparse
import os
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 2000


def setup(database_url: str | None) -> None:
    os.environ["SAFEPATH_DEMO"] = "1"
    os.environ.setdefault("SAFEPATH_VAR_DIR", str(ROOT / "bench" / "var"))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        path = Path(os.environ["SAFEPATH_VAR_DIR"]) / "bench.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    (Path(os.environ["SAFEPATH_VAR_DIR"]) / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepath.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from safepath.accounts.models import User

    if User.objects.exists():
        sys.exit("The database is not empty: give a fresh one.")
    started = time.perf_counter()
    from safepath.demo.services import demo_seed

    demo_seed(cases=0, password="bench password, not for use")  # noqa: S106
    generate(args.cases, random.Random(args.seed))
    # Made in bulk, around the signals: the statistics rows in one pass, as
    # an installation does after a bulk load (manage.py refresh_statistics).
    from safepath.stats.facts import facts_rebuild

    facts_rebuild()
    # A live database keeps its planner statistics and visibility map current
    # (autovacuum); a bulk load has to ask for them.
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    took = time.perf_counter() - started
    print(f"{args.cases} cases on {connection.vendor} in {took:.0f} s")


def generate(total: int, rng: random.Random) -> None:
    from django.db import transaction

    from safepath.accounts.models import CASE_ROLES, User
    from safepath.organisations.models import Organisation

    orgs = list(Organisation.objects.order_by("pk"))
    owners = {
        org.pk: list(
            User.objects.filter(
                memberships__organisation=org, memberships__role__in=CASE_ROLES
            )
        )
        for org in orgs
    }
    weights = [45, 20, 15, 5, 10, 5][: len(orgs)]
    made = 0
    while made < total:
        size = min(BATCH, total - made)
        with transaction.atomic():
            _batch(rng, orgs, weights, owners, size)
        made += size
        print(f"  {made}/{total} cases", flush=True)


def _batch(rng, orgs, weights, owners, size: int) -> None:
    from django.db.models import F
    from django.utils import timezone

    from safepath.assistance.models import ServiceDelivered
    from safepath.audit.services import audit_record_many
    from safepath.cases.models import (
        Case,
        CaseComment,
        Consent,
        TraffickingEvent,
        VictimContext,
    )
    from safepath.demo.services import (
        COMMENTS,
        FEMALE,
        MALE,
        PATRONYMS,
        registration_number,
        romanise,
    )
    from safepath.htcds.choices import (
        CaseStatus,
        ForcedLabourIndustry,
        TraffickingStatus,
    )
    from safepath.htcds.models import PicklistValue
    from safepath.lib.ages import age_band
    from safepath.organisations.models import Organisation
    from safepath.people.models import Person, PersonSearchToken
    from safepath.people.search import tokens_for
    from safepath.places.models import Location
    from safepath.referrals.models import Referral, ReferralStatus

    today = timezone.localdate()
    industries = ["", "", *ForcedLabourIndustry.values[:6]]
    places = list(Location.objects.filter(level__gt=0))
    kinds = list(PicklistValue.objects.filter(picklist="TypeOfExploitation"))
    mongolia = PicklistValue.objects.get(picklist="Country", value="MN")
    people, cases, victims = [], [], []
    for _ in range(size):
        org = rng.choices(orgs, weights)[0]
        female = rng.random() < 0.78
        given, patronym = rng.choice(FEMALE if female else MALE), rng.choice(PATRONYMS)
        if rng.random() < 0.3:
            given, patronym = romanise(given), romanise(patronym)
        born = today - timedelta(days=rng.randint(12 * 365, 50 * 365))
        person = Person(
            id=uuid.uuid4(),
            organisation=org,
            prs_FirstName=given,
            prs_SecondName=patronym,
            prs_Birthdate=born,
            prs_Gender="Feminine" if female else "Masculine",
            prs_MobilePhone=f"+976 {rng.randint(80000000, 99999999)}",
            prs_IdentityNumber=registration_number(rng, born, female),
            location=rng.choice(places),
        )
        people.append(person)
        owner = rng.choice(owners[org.pk])
        case = Case(
            id=uuid.uuid4(),
            organisation=org,
            person=person,
            cas_CaseOwner=owner,
            created_by=owner,
            opened_on=(opened := today - timedelta(days=rng.randint(0, 1500))),
            age_band=age_band(born, opened),
            cas_Status=rng.choice(CaseStatus.values),
            next_follow_up=today + timedelta(days=rng.randint(-30, 60))
            if rng.random() < 0.4
            else None,
            is_restricted=rng.random() < 0.01,
        )
        cases.append(case)
        victims.append(
            VictimContext(
                case=case,
                vic_TraffickingStatus=rng.choice(TraffickingStatus.values),
                vic_ForcedLabourIndustry=rng.choice(industries),
                vic_LocationOfRecruitment=rng.choice([*places, None]),
                vic_LocationOfExploitation=rng.choice([*places, None]),
            )
        )
    numbers = {}
    for case in cases:
        numbers.setdefault(case.organisation_id, []).append(case)
    for org_id, mine in numbers.items():
        org = Organisation.objects.select_for_update().get(pk=org_id)
        Organisation.objects.filter(pk=org_id).update(
            next_case_number=F("next_case_number") + len(mine)
        )
        for offset, case in enumerate(mine):
            number = org.next_case_number + offset
            case.reference = f"{org.code.upper()}-{case.opened_on.year}-{number:05d}"
    Person.objects.bulk_create(people)
    Person.prs_Citizenship.through.objects.bulk_create(
        Person.prs_Citizenship.through(person_id=p.pk, picklistvalue_id=mongolia.pk)
        for p in people
    )
    PersonSearchToken.objects.bulk_create(
        PersonSearchToken(person=p, token=t) for p in people for t in tokens_for(p)
    )
    Case.objects.bulk_create(cases)
    VictimContext.objects.bulk_create(victims)
    through = VictimContext.vic_TypeOfExploitation.through
    through.objects.bulk_create(
        through(victimcontext_id=v.case_id, picklistvalue_id=kind.pk)
        for v in victims
        for kind in rng.sample(kinds[:5], k=rng.randint(1, 2))
    )
    CaseComment.objects.bulk_create(
        CaseComment(
            case=c, author=c.cas_CaseOwner, cco_CaseComment=rng.choice(COMMENTS)
        )
        for c in cases
        for _ in range(rng.randint(0, 4))
    )
    TraffickingEvent.objects.bulk_create(
        TraffickingEvent(
            case=c,
            hte_Type=rng.choice(["Recruitment", "Transit", "Exploitation"]),
            hte_Country=rng.choice(["MN", "MN", "CN"]),
            location=rng.choice(places),
            hte_Date=c.opened_on - timedelta(days=rng.randint(10, 400)),
            hte_Description="Ажлын зар хараад очсон." if rng.random() < 0.3 else "",
        )
        for c in cases
        for _ in range(rng.randint(0, 3))
    )
    Consent.objects.bulk_create(
        Consent(
            case=c, con_Consent=True, purpose="PersonalData", recorded_by=c.created_by
        )
        for c in cases
    )
    # Four in five agree to anonymised statistics.
    Consent.objects.bulk_create(
        Consent(
            case=c,
            con_Consent=True,
            purpose="AnonymisedStatistics",
            recorded_by=c.created_by,
        )
        for c in cases
        if rng.random() < 0.8
    )
    ServiceDelivered.objects.bulk_create(
        ServiceDelivered(
            case=c,
            service_type=rng.choice(["Shelter", "MedicalCare", "LegalAid", "Grant"]),
            provided_by_id=c.organisation_id,
            started_on=c.opened_on + timedelta(days=rng.randint(0, 60)),
            recorded_by=c.cas_CaseOwner,
        )
        for c in cases
        for _ in range(rng.randint(0, 2))
    )
    sent_referrals = []
    for c in cases:
        if rng.random() < 0.1:
            to = rng.choice([o for o in orgs if o.pk != c.organisation_id])
            sent = timezone.now() - timedelta(days=rng.randint(1, 1000))
            status = rng.choice(ReferralStatus.values)
            sent_referrals.append(
                Referral(
                    case=c,
                    from_organisation_id=c.organisation_id,
                    to_organisation=to,
                    reason="ServiceNeeds",
                    sent_by=c.cas_CaseOwner,
                    sent_at=sent,
                    respond_by=sent + timedelta(days=2),
                    status=status,
                    responded_at=None
                    if status == ReferralStatus.SENT
                    else sent + timedelta(hours=rng.randint(1, 120)),
                )
            )
    Referral.objects.bulk_create(sent_referrals)
    # An audit history: each case created, then opened a few times.
    for action, share in (("case.create", 1.0), ("case.view", 1.0), ("case.view", 0.6),
                          ("case.update", 0.5), ("case.list", 0.8)):  # fmt: skip
        for org_id, mine in numbers.items():
            chosen = [c for c in mine if rng.random() < share]
            audit_record_many(
                actor=chosen[0].cas_CaseOwner if chosen else None,
                action=action,
                targets=chosen,
                organisation_id=org_id,
                role="caseworker",
            )


if __name__ == "__main__":
    main()
