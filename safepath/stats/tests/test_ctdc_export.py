"""The CTDC-format dataset: consented people only, one record per person,
k-anonymous by an independent check (pycanon), no name or reference."""

import csv
import io
from datetime import date, timedelta

import pandas as pd
from pycanon import anonymity

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case, Consent, ConsentPurpose, TraffickingEvent
from safepath.conftest import register_case, sign_in, values
from safepath.htcds.choices import Gender
from safepath.stats.ctdc_export import COLUMNS, QUASI_IDENTIFIERS, ctdc_frame
from safepath.stats.dashboard import scope_for


def _people(world, n: int, *, consent: bool = True) -> list[Case]:
    owner = world.user("own", Role.CASEWORKER)
    cases = []
    for i in range(n):
        case = register_case(
            world.own,
            owner,
            "Номин",
            f"Ctdc{i}",
            prs_Birthdate=date(1985 + i % 20, 1 + i % 12, 1),
            prs_Gender=[Gender.FEMININE, Gender.MASCULINE][i % 3 == 0],
        )
        if i % 4 == 0:
            case.victim.vic_TypeOfExploitation.set(
                values("TypeOfExploitation", "SexualExploitation")
            )
        if i % 5 == 0:
            TraffickingEvent.objects.create(
                case=case, hte_Type="Exploitation", hte_Country="CN"
            )
        Case.objects.filter(pk=case.pk).update(
            opened_on=date(2026, 6, 1) - timedelta(days=40 * i)
        )
        if consent:
            Consent.objects.create(
                case=case,
                con_Consent=True,
                purpose=ConsentPurpose.ANONYMISED_STATISTICS,
                recorded_by=owner,
            )
        cases.append(case)
    return cases


def test_the_frame_maps_htcds_to_ctdc(world):
    cases = _people(world, 5)
    frame = ctdc_frame(scope_for(world.user("own", Role.SUPERVISOR)))
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 5  # world.case has no consent to statistics
    # Only the first person (i = 0) was exploited in China.
    first = frame[frame["CountryOfExploitation"] == "CN"].iloc[0]
    assert first["yearOfRegistration"] == "2026"
    assert first["gender"] == "Male"  # i = 0: masculine
    assert first["isSexualExploit"] == "1" and first["isForcedLabour"] == "0"
    assert first["citizenship"] == "MN"
    assert set(frame["Datasource"]) == {"Case management"}
    assert len(cases) == 5


def test_the_download_is_k_anonymous_and_counts_consent_only(world, client):
    _people(world, 40)
    _people(world, 6, consent=False)
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    page = client.get("/statistics/ctdc/", {"k": 5})
    assert page.status_code == 200
    result = page.context["result"]
    assert result.records_in == 40 and result.records_kept == 40
    response = client.get("/statistics/ctdc/download/", {"k": 5})
    text = response.content.decode()
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert len(frame) == 40
    assert anonymity.k_anonymity(frame, QUASI_IDENTIFIERS) >= 5
    assert "Номин" not in text and "Ctdc" not in text
    for case in Case.objects.all():
        assert case.reference not in text
    assert AuditEvent.objects.filter(action="statistics.export").exists()
    # With k above the people counted, nothing can be told apart.
    small = client.get("/statistics/ctdc/download/", {"k": 50}).content.decode()
    rows = list(csv.DictReader(io.StringIO(small)))
    assert all(row["gender"] == "*" for row in rows)


def test_a_bad_k_is_refused_with_a_message(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.SUPERVISOR))
    page = client.get("/statistics/ctdc/", {"k": "1"})
    assert "Ensure this value is greater than or equal to 2." in page.content.decode()
    assert "result" not in page.context
