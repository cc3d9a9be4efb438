"""Programme indicators: counted over a period, compared with the period
before, chosen and named per organisation, exported for donors."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db.models import Sum

from safepath.accounts.models import Role
from safepath.assistance.models import ServiceDelivered
from safepath.conftest import register_case, sign_in
from safepath.prevention.models import Activity, Reach
from safepath.stats.disclosure import SUPPRESSED
from safepath.stats.indicators import MEASURES, previous_period
from safepath.stats.models import Indicator

START, END = date(2026, 1, 1), date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _no_other_services(world) -> None:
    """The world's own services are removed, so the test knows every one."""
    ServiceDelivered.objects.all().delete()


def _serve(world, n_people: int, day: date) -> list:
    """n people, each with two services on that day."""
    owner = world.user("own", Role.CASEWORKER)
    cases = []
    for i in range(n_people):
        case = register_case(world.own, owner, "Нэр", f"Served{day}{i}")
        for _ in range(2):  # two services each: people are counted once
            ServiceDelivered.objects.create(
                case=case,
                service_type="Shelter",
                started_on=day,
                provided_by=world.own,
                recorded_by=owner,
            )
        cases.append(case)
    return cases


def _table(response) -> dict:
    return {row[0]: row[1:] for row in response.context["table"].rows}


def test_the_previous_period_has_the_same_length():
    assert previous_period(START, END) == (date(2025, 7, 4), date(2025, 12, 31))
    assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (
        date(2026, 1, 29),
        date(2026, 2, 28),
    )


def test_indicators_compare_with_the_period_before(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    _serve(world, 6, date(2026, 2, 1))
    _serve(world, 4, date(2025, 9, 1))
    sign_in(client, world.user("own", Role.SUPERVISOR))
    response = client.get(
        "/statistics/indicators/", {"date_from": START, "date_to": END}
    )
    rows = _table(response)
    assert len(rows) == len(MEASURES)  # nothing chosen yet: every measure
    now, before, change, _target, _of = rows["Victims receiving direct assistance"]
    assert (now, before, change) == (6, 4, 50.0)
    assert rows["Services delivered"][:2] == [12, 8]
    activities = Activity.objects.filter(
        campaign__organisation=world.own, held_on__range=(START, END)
    )
    reached = (
        Reach.objects.filter(activity__in=activities).aggregate(n=Sum("people"))["n"]
        or 0
    ) + (activities.aggregate(n=Sum("estimated_reach"))["n"] or 0)
    assert rows["People reached by awareness campaigns"][0] == reached


def test_a_supervisor_chooses_names_and_targets(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    _serve(world, 6, date(2026, 2, 1))
    sign_in(client, world.user("own", Role.SUPERVISOR))
    refused = client.post(
        "/statistics/indicators/choose/", {"name_victims_assisted": "Kept"}
    )
    assert "Choose at least one indicator." in refused.content.decode()
    assert 'value="Kept"' in refused.content.decode()  # what was typed stays
    client.post(
        "/statistics/indicators/choose/",
        {
            "use_victims_assisted": "on",
            "name_victims_assisted": "Survivors assisted (outcome 1.1)",
            "target_victims_assisted": "12",
            "use_referrals_sent": "on",
        },
    )
    assert list(Indicator.objects.values_list("measure", flat=True)) == [
        "victims_assisted",
        "referrals_sent",
    ]
    rows = _table(
        client.get("/statistics/indicators/", {"date_from": START, "date_to": END})
    )
    assert list(rows) == ["Survivors assisted (outcome 1.1)", "Referrals sent"]
    assert rows["Survivors assisted (outcome 1.1)"][3:] == [12, 50.0]
    exported = client.get(
        "/statistics/indicators/export/",
        {"date_from": START, "date_to": END, "format": "csv"},
    ).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported)))
    assert lines[1][:3] == ["Survivors assisted (outcome 1.1)", "6", "0"]


def test_published_indicators_hide_small_counts(world, client):
    _serve(world, 2, date(2026, 2, 1))
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    response = client.get(
        "/statistics/indicators/", {"date_from": START, "date_to": END}
    )
    assert response.context["scope"].published
    # No consent to statistics was recorded for these people: none counted.
    assert response.context["table"].rows[2][1] == 0
    assert client.get("/statistics/indicators/choose/").status_code == 404


def test_small_published_counts_are_hidden(world, client):
    from safepath.cases.models import Consent, ConsentPurpose

    for case in _serve(world, 3, date(2026, 2, 1)):
        Consent.objects.create(
            case=case,
            con_Consent=True,
            purpose=ConsentPurpose.ANONYMISED_STATISTICS,
            recorded_by=case.cas_CaseOwner,
        )
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    rows = (
        client.get(
            "/statistics/indicators/",
            {"date_from": START, "date_to": END + timedelta(1)},
        )
        .context["table"]
        .rows
    )
    assert rows[2][1] == SUPPRESSED
