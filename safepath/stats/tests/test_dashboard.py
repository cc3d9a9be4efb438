"""The statistics dashboard: every figure equals what the test counts itself
from the database, consent decides what is published, and no one's name or
case reference appears on the page or in its files."""

import csv
import io
import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from safepath.accounts.models import Role
from safepath.assistance.models import ServiceDelivered
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case, Consent, ConsentPurpose
from safepath.conftest import register_case, sign_in, values
from safepath.ctdc.selectors import reference_label
from safepath.htcds.choices import (
    CaseStatus,
    ForcedLabourIndustry,
    Gender,
    TraffickingStatus,
)
from safepath.lib.ages import age_band
from safepath.places.models import Location
from safepath.referrals.models import Referral, ReferralStatus
from safepath.stats.disclosure import SUPPRESSED, THRESHOLD
from safepath.stats.reference import COMPARED_GENDER

TODAY = date(2026, 6, 30)
PLACES = ["MN-053/khanbogd", "MN-053/tsogttsetsii", "MN-1/bayanzurkh", None]
NAMES = ["Оюунчимэг", "Сарангэрэл", "Ганбаатар", "Нарантуяа", "Энхжаргал"]


def _consent(case: Case, *, withdrawn: bool = False) -> None:
    Consent.objects.create(
        case=case,
        con_Consent=True,
        purpose=ConsentPurpose.ANONYMISED_STATISTICS,
        recorded_by=case.cas_CaseOwner,
        withdrawn_on=TODAY if withdrawn else None,
    )


def _make_cases(world, n: int = 60, seed: int = 3) -> list[Case]:
    """n cases of the own organisation with varied details; about two
    thirds consented to statistics (a few withdrew)."""
    rng = random.Random(seed)
    owner = world.user("own", Role.CASEWORKER)
    places = {code: Location.objects.get(code=code) for code in PLACES if code}
    cases = []
    for i in range(n):
        born = date(1970, 1, 1) + timedelta(days=rng.randint(0, 365 * 45))
        case = register_case(
            world.own,
            owner,
            rng.choice(NAMES),
            f"Test{i}",
            prs_Birthdate=born,
            prs_Gender=rng.choice([Gender.FEMININE, Gender.FEMININE, Gender.MASCULINE]),
        )
        # Saved, not updated in bulk: the statistics rows follow saves.
        case.opened_on = TODAY - timedelta(days=rng.randint(0, 900))
        case.cas_Status = rng.choice(CaseStatus.values)
        case.age_band = age_band(born, TODAY)
        case.save()
        kinds = rng.sample(["ForcedLabour", "SexualExploitation", "ForcedMarriage"], 2)
        victim = case.victim
        victim.vic_TypeOfExploitation.set(values("TypeOfExploitation", *kinds[:1]))
        if rng.random() < 0.3:
            victim.vic_TypeOfExploitation.add(*values("TypeOfExploitation", kinds[1]))
        recruitment, exploitation = rng.choice(PLACES), rng.choice(PLACES)
        victim.vic_TraffickingStatus = rng.choice(TraffickingStatus.values)
        victim.vic_ForcedLabourIndustry = rng.choice(
            ["", ForcedLabourIndustry.B_MINING_AND_QUARRYING]
        )
        victim.vic_LocationOfRecruitment = places.get(recruitment)
        victim.vic_LocationOfExploitation = places.get(exploitation)
        victim.save()
        if rng.random() < 0.7:
            _consent(case, withdrawn=rng.random() < 0.1)
        for _ in range(rng.randint(0, 2)):
            ServiceDelivered.objects.create(
                case=case,
                service_type=rng.choice(["Shelter", "MedicalCare", "LegalAid"]),
                started_on=TODAY - timedelta(days=rng.randint(0, 400)),
                provided_by=world.own,
                recorded_by=owner,
            )
        if rng.random() < 0.4:
            sent = timezone.now() - timedelta(days=rng.randint(1, 300))
            status = rng.choice(ReferralStatus.values)
            Referral.objects.create(
                case=case,
                from_organisation=world.own,
                to_organisation=world.other,
                reason="ServiceNeeds",
                sent_by=owner,
                sent_at=sent,
                respond_by=sent + timedelta(days=2),
                status=status,
                responded_at=(
                    sent + timedelta(hours=rng.randint(1, 96))
                    if status != ReferralStatus.SENT
                    else None
                ),
            )
        cases.append(case)
    return cases


def _rows(table: dict) -> dict:
    return {row[0]: row[1:] if len(row) > 2 else row[1] for row in table["rows"]}


def _tables(response) -> dict[str, dict]:
    return {
        t.key: {"rows": t.rows, "total": t.total, "columns": t.columns}
        for t in response.context["tables"]
    }


def _expected(cases, *, published: bool) -> dict:
    """The figures, counted here in Python from the objects, not by the
    dashboard's queries."""
    chosen = []
    for case in Case.objects.filter(organisation=cases[0].organisation):
        if published:
            consents = case.consents.filter(
                purpose=ConsentPurpose.ANONYMISED_STATISTICS
            )
            if not any(c.con_Consent and c.withdrawn_on is None for c in consents):
                continue
        chosen.append(case)
    labels = dict(CaseStatus.choices)
    trafficking = dict(TraffickingStatus.choices)
    exploitation, aimags = Counter(), Counter()
    for case in chosen:
        for kind in case.victim.vic_TypeOfExploitation.all():
            exploitation[kind.label] += 1
        place = case.victim.vic_LocationOfExploitation
        aimags[place.parent.name if place else "Not recorded"] += 1
    services = ServiceDelivered.objects.filter(case__in=chosen)
    referrals = Referral.objects.filter(case__in=chosen)
    return {
        "total": len(chosen),
        "status": Counter(str(labels[c.cas_Status]) for c in chosen),
        "trafficking_status": Counter(
            str(trafficking[c.victim.vic_TraffickingStatus]) for c in chosen
        ),
        "exploitation": exploitation,
        "exploitation_aimag": aimags,
        "sex": Counter(c.person.prs_Gender for c in chosen),
        "services": len(services),
        "people_served": len({s.case_id for s in services}),
        "referrals": Counter(r.status for r in referrals),
    }


@pytest.fixture
def dashboard_world(world, settings):
    settings.LANGUAGE_CODE = "en"
    world.cases = _make_cases(world)
    return world


def test_a_supervisor_sees_exact_figures_equal_to_the_tests_own_count(
    dashboard_world, client
):
    world = dashboard_world
    sign_in(client, world.user("own", Role.SUPERVISOR))
    response = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["scope"].published is False
    tables = _tables(response)
    expected = _expected(world.cases, published=False)
    assert tables["status"]["total"][1] == expected["total"]
    assert _rows(tables["status"]) == dict(expected["status"])
    assert _rows(tables["trafficking_status"]) == dict(expected["trafficking_status"])
    assert _rows(tables["exploitation"]) == {
        str(k): v for k, v in expected["exploitation"].items()
    }
    assert _rows(tables["exploitation_aimag"]) == dict(expected["exploitation_aimag"])
    sex_total = tables["sex_age"]["total"]
    columns = tables["sex_age"]["columns"]
    assert sex_total[columns.index("Feminine")] == expected["sex"][Gender.FEMININE]
    assert sex_total[-1] == expected["total"]
    assert tables["services"]["total"][1:] == [
        expected["services"],
        expected["people_served"],
    ]
    referral_rows = _rows(tables["referrals"])
    for value, label in ReferralStatus.choices:
        assert referral_rows[str(label)] == expected["referrals"].get(value, 0)


def test_published_figures_count_only_consent_and_hide_small_cells(
    dashboard_world, client
):
    world = dashboard_world
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    response = client.get("/statistics/")
    assert response.context["scope"].published is True
    tables = _tables(response)
    expected = _expected(world.cases, published=True)
    assert 0 < expected["total"] < len(world.cases)
    assert tables["status"]["total"][1] == expected["total"]
    for label, count in _rows(tables["status"]).items():
        exact = expected["status"][label]
        assert count in (exact, SUPPRESSED)
        if 0 < exact < THRESHOLD:
            assert count == SUPPRESSED
    # No hidden cell stands alone in its column: the total cannot give it away.
    for table in tables.values():
        for c in range(1, len(table["columns"])):
            column = [row[c] for row in table["rows"]]
            assert column.count(SUPPRESSED) != 1 or table["total"][c] == SUPPRESSED


def test_withdrawn_consent_takes_a_case_out_of_published_figures(
    dashboard_world, client
):
    world = dashboard_world
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    before = _tables(client.get("/statistics/"))["status"]["total"][1]
    consent = Consent.objects.filter(
        purpose=ConsentPurpose.ANONYMISED_STATISTICS, withdrawn_on__isnull=True
    ).first()
    consent.withdrawn_on = TODAY
    consent.save()
    after = _tables(client.get("/statistics/"))["status"]["total"][1]
    assert after == before - 1


def test_period_and_organisation_filters(dashboard_world, client):
    world = dashboard_world
    sign_in(client, world.user("own", Role.SUPERVISOR))
    start, end = TODAY - timedelta(days=365), TODAY - timedelta(days=30)
    response = client.get(
        "/statistics/",
        {"date_from": start, "date_to": end, "organisation": world.own.pk},
    )
    counted = Case.objects.filter(
        organisation=world.own, opened_on__gte=start, opened_on__lte=end
    ).count()
    assert _tables(response)["status"]["total"][1] == counted
    bad = client.get("/statistics/", {"date_from": end, "date_to": start})
    assert "The end cannot be before the start." in bad.content.decode()


def test_a_partner_that_shares_statistics_is_counted_with_consent_only(
    dashboard_world, client
):
    world = dashboard_world
    partner_case = register_case(world.other, world.user("other", Role.CASEWORKER))
    _consent(partner_case)
    register_case(world.other, world.user("other", Role.CASEWORKER))  # no consent
    supervisor = world.user("own", Role.SUPERVISOR)
    sign_in(client, supervisor)
    alone = _tables(client.get("/statistics/"))["status"]["total"][1]
    world.other.shares_statistics_with.add(world.own)
    response = client.get("/statistics/")
    assert response.context["scope"].published is True  # shared: published rules
    own_consented = _expected(world.cases, published=True)["total"]
    assert _tables(response)["status"]["total"][1] == own_consented + 1
    assert alone == len(world.cases) + 1  # world.case and the test's cases


def test_no_name_or_reference_on_the_page_or_in_its_files(dashboard_world, client):
    world = dashboard_world
    sign_in(client, world.user("own", Role.SUPERVISOR))
    page = client.get("/statistics/").content.decode()
    xlsx = client.get("/statistics/export/", {"table": "all", "format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    text = " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )
    csv_text = client.get(
        "/statistics/export/", {"table": "status", "format": "csv"}
    ).content.decode("utf-8-sig")
    for case in Case.objects.select_related("person"):
        for secret in (case.reference, case.person.prs_SecondName):
            assert secret not in page and secret not in text and secret not in csv_text
    for name in NAMES:
        assert name not in page and name not in text
    rows = list(csv.reader(io.StringIO(csv_text)))
    own_cases = Case.objects.filter(organisation=world.own).count()
    assert rows[-1] == ["Total", str(own_cases)]
    assert AuditEvent.objects.filter(action="statistics.export").count() == 2


def test_only_supervisors_and_analysts_see_statistics(world, client):
    for role in (Role.CASEWORKER, Role.HOTLINE_OPERATOR, Role.OUTREACH_OFFICER):
        sign_in(client, world.user("own", role))
        assert client.get("/statistics/").status_code == 404
        assert client.get("/statistics/export/").status_code == 404


def test_the_national_picture_counts_each_consenting_person_once(
    dashboard_world, client
):
    """Safepath's column on the reference page: people (by their first case)
    who consented, counted here from the objects."""
    world = dashboard_world
    again = world.cases[0]
    _consent(again)
    second = Case.objects.create(
        organisation=again.organisation,
        person=again.person,
        cas_CaseOwner=again.cas_CaseOwner,
        created_by=again.cas_CaseOwner,
        reference="SECOND-CASE",
        opened_on=again.opened_on + timedelta(days=30),
    )
    _consent(second)
    first_cases = {}
    for case in Case.objects.filter(organisation=world.own).order_by(
        "person_id", "opened_on", "pk"
    ):
        first_cases.setdefault(case.person_id, case)
    people = [
        case
        for case in first_cases.values()
        if case.consents.filter(
            purpose=ConsentPurpose.ANONYMISED_STATISTICS,
            con_Consent=True,
            withdrawn_on__isnull=True,
        ).exists()
    ]
    genders = Counter(
        reference_label(
            dimension="gender", value=COMPARED_GENDER.get(c.person.prs_Gender, "")
        )
        for c in people
    )
    bands = Counter(
        reference_label(dimension="age_band", value=c.age_band) for c in people
    )

    sign_in(client, world.user("own", Role.DATA_ANALYST))
    tables = _tables(client.get("/statistics/reference/"))
    assert tables["gender"]["total"][1] == len(people)
    for table, expected in [(tables["gender"], genders), (tables["age_band"], bands)]:
        shown = {row[0]: row[1] for row in table["rows"]}
        assert set(shown) >= {k for k, n in expected.items() if n}
        for label, count in shown.items():
            assert count in (expected[label], SUPPRESSED), label
            if 0 < expected[label] < THRESHOLD:
                assert count == SUPPRESSED
