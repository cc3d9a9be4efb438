"""Importing cases from the HTCDS toolkit's spreadsheets, XLSForm exports
and CSV: every problem by row and column, all or nothing, and no duplicates
when a file is imported twice."""

import csv
import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
from safepath.htcds.imports import ImportRefused, htcds_check, htcds_import
from safepath.tests.shared import shared_file


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


TEMPLATES = [
    "HTCDS Excel Spreadsheet v2.0.xlsx",
    "HTCDS Excel Spreadsheet single select with validation v2.0.xlsx",
]


def _row(world, **changes) -> dict:
    row = {
        "cas_CaseOwner": world.user("own", Role.CASEWORKER).username,
        "prs_FirstName": "Сарангэрэл",
        "prs_SecondName": "Ганбаатарын",
        "con_Consent": "Yes",
        "prs_Birthdate": datetime(1996, 3, 7),
        "prs_Gender": "Feminine",
        "prs_Citizenship": "Mongolia",
        "prs_Email": "saraa@example.org",
        "prs_MobilePhone": "+976 8811 2233",
        "prs_MailingCity": "Dalanzadgad",
        "prs_MailingCountry": "Mongolia",
        "vic_TraffickingStatus": "Actual victim of trafficking",
        "vic_TraffickinStatusDecisionMakingOrg": "Police",
        "vic_MethodOfRecruitment": "At work; Through online social networks",
        "vic_LocationOfRecruitment": "Khanbogd",
        "vic_MethodsOfControl": "Debt bondage ",
        "vic_TypeOfExploitation": "Forced labour",
        "vic_ForcedLabourIndustry": "Mining and quarrying",
        "cas_Status": "Active",
        "cas_ReferringOrganisation": world.other.org_Name,
        "cas_IncomingReferralDate": datetime(2026, 5, 2),
        "cas_ReasonForIncomingReferral": "Other",
        "cas_IncomingReferralDetails": "Found at the border post",
    }
    row.update(changes)
    return row


def _workbook(template: str, rows: list[dict]) -> bytes:
    book = load_workbook(shared_file(f"htcds/toolkit/{template}"))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for offset, values in enumerate(rows):
        for name, value in values.items():
            sheet.cell(row=3 + offset, column=header.index(name) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[dict], header: list[str] | None = None) -> bytes:
    header = header or list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: v.date().isoformat() if isinstance(v, datetime) else v
                for k, v in row.items()
            }
        )
    return out.getvalue().encode()


def _import(world, name, content):
    return htcds_import(
        name=name,
        content=content,
        organisation=world.own,
        actor=world.user("own", Role.SUPERVISOR),
    )


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_toolkit_spreadsheet_imports(world, template):
    before = Case.objects.count()
    content = _workbook(
        template,
        [
            _row(world),
            _row(world, prs_FirstName="Тэмүүлэн", prs_Gender="Masculine"),
            _row(world, prs_FirstName="Aigerim", con_Consent="No", cas_CaseOwner=""),
        ],
    )
    checked = _import(world, template, content)
    assert len(checked.new) == 3 and not checked.problems
    assert Case.objects.count() == before + 3
    case = Case.objects.get(import_key=checked.rows[0].key)
    person = case.person
    assert (person.prs_FirstName, person.prs_SecondName) == (
        "Сарангэрэл",
        "Ганбаатарын",
    )
    assert person.prs_Birthdate == date(1996, 3, 7)
    assert person.prs_Gender == "Feminine"
    assert [c.value for c in person.prs_Citizenship.all()] == ["MN"]
    assert person.prs_MailingCountry == "MN"
    assert case.cas_CaseOwner == world.user("own", Role.CASEWORKER)
    assert case.cas_ReferringOrganisation == world.other
    assert case.cas_IncomingReferralDate == date(2026, 5, 2)
    assert case.cas_IncomingReferralDetails == "Found at the border post"
    victim = case.victim
    assert victim.vic_TraffickingStatus == "ActualVictimOfTrafficking"
    assert victim.vic_TraffickingStatusDecisionMakingOrg == "Police"
    assert victim.vic_ForcedLabourIndustry == "B_MiningAndQuarrying"
    assert victim.vic_LocationOfRecruitment.code == "MN-053/khanbogd"
    assert {v.value for v in victim.vic_MethodOfRecruitment.all()} == {
        "AtWork",
        "ThroughOnlineSocialNetworks",
    }
    assert victim.vic_AgreementToManagePersonalData
    unconsented = Case.objects.get(import_key=checked.rows[2].key)
    assert unconsented.person.prs_FirstName == "Aigerim"
    assert not unconsented.victim.vic_AgreementToManagePersonalData
    assert unconsented.cas_CaseOwner == world.user("own", Role.SUPERVISOR)
    assert AuditEvent.objects.filter(
        action="case.create", target_id=str(case.pk)
    ).exists()


def test_every_value_of_the_toolkits_validation_lists_is_understood(world):
    book = load_workbook(shared_file(f"htcds/toolkit/{TEMPLATES[1]}"), read_only=True)
    table = list(book["validation"].iter_rows(values_only=True))
    header = table[2]
    columns = {
        "Gender": "prs_Gender",
        "Country": "prs_Citizenship",
        "Method of Recruitment": "vic_MethodOfRecruitment",
        "Methods of Control": "vic_MethodsOfControl",
        "Type of Exploitation": "vic_TypeOfExploitation",
        "Forced Labour Industry": "vic_ForcedLabourIndustry",
        "Type of Sex Exploitation": "vic_TypeOfSexExploitation",
        "Status": "cas_Status",
        "Reason for Incoming Referral": "cas_ReasonForIncomingReferral",
        "Reason for Outgoing Referral": "cas_ReasonForOutgoingReferral",
        "Trafficking Status": "vic_TraffickingStatus",
        "Trafficking Status Decision Making Organization": (
            "vic_TraffickingStatusDecisionMakingOrg"
        ),
    }
    rows = []
    for j, title in enumerate(header):
        if title not in columns:
            continue
        for line in table[3:]:
            if j < len(line) and line[j] is not None:
                rows.append(_row(world, **{columns[title]: line[j]}))
    assert len(rows) > 300
    checked = htcds_check(
        name="values.csv",
        content=_csv(rows),
        organisation=world.own,
        actor=world.user("own", Role.SUPERVISOR),
    )
    assert [str(p) for p in checked.problems] == []


def test_an_export_of_the_toolkits_xlsform_imports(world):
    """ODK/Kobo exports use the XLSForm's names (prs_First_Name,
    vic_Methods_of_Control), its choice names, spaces between the values of
    a multiple choice, and add their own columns."""
    book = load_workbook(
        shared_file("htcds/toolkit/htcds_xlsform.xlsx"), read_only=True
    )
    survey = list(book["survey"].iter_rows(values_only=True))
    choices = {}
    for line in list(book["choices"].iter_rows(values_only=True))[1:]:
        if line[0]:
            choices.setdefault(line[0], []).append(line[1])
    row = {}
    for kind, name, *_rest in survey[1:]:
        if not kind or kind in ("start", "end", "calculate"):
            continue
        if kind.startswith("select_one "):
            row[name] = choices[kind.split()[1]][0]
        elif kind.startswith("select_multiple "):
            row[name] = " ".join(choices[kind.split()[1]][:2])
        elif kind == "date":
            row[name] = "1996-03-07"
        else:
            row[name] = ""
    row.update(
        prs_First_Name="Сарангэрэл",
        prs_Email="saraa@example.org",
        vic_LocationOfRecruitment="MN-053/khanbogd",
        cas_ReferringOrganisation=world.other.code,
        vic_ForcedLabourIndustry=choices["forcedlabourindustry"][0],
    )
    row["meta/instanceID"] = "uuid:5c8d1a3e-0000-4000-8000-000000000001"
    checked = _import(world, "export.csv", _csv([row]))
    assert not checked.problems and len(checked.new) == 1
    assert checked.ignored == ["meta/instanceID"]
    case = Case.objects.get(import_key=checked.rows[0].key)
    assert case.person.prs_FirstName == "Сарангэрэл"
    assert case.person.prs_Citizenship.get().value == "AF"
    assert case.victim.vic_MethodsOfControl.count() == 2


# (row, column letter, column name) of each planted error, in _planted's file.
PLANTED = [
    (2, "B", "prs_FirstName"),  # missing, required
    (2, "D", "con_Consent"),  # "perhaps"
    (3, "E", "prs_Birthdate"),  # "31/02/1996"
    (3, "F", "prs_Gender"),  # "Female-ish"
    (4, "G", "prs_Citizenship"),  # "Atlantis"
    (4, "H", "prs_Email"),  # "not-an-email"
    (5, "I", "prs_MobilePhone"),  # letters
    (5, "J", "prs_MailingCountry"),  # "Gobi"
    (6, "K", "vic_TraffickingStatus"),  # unknown
    (6, "L", "vic_TraffickingStatusDecisionMakingOrg"),  # unknown
    (7, "M", "vic_MethodOfRecruitment"),  # one unknown of two
    (7, "N", "vic_LocationOfRecruitment"),  # no such place
    (8, "O", "vic_MethodsOfControl"),  # unknown
    (8, "P", "vic_TypeOfExploitation"),  # unknown
    (9, "Q", "vic_ForcedLabourIndustry"),  # unknown
    (9, "R", "cas_Status"),  # unknown
    (10, "S", "cas_ReferringOrganisation"),  # no such organisation
    (10, "T", "cas_IncomingReferralDate"),  # "yesterday"
    (11, "A", "cas_CaseOwner"),  # no such user
    (11, "U", "prs_Salutation"),  # too long
]


def _planted(world) -> bytes:
    header = [
        "cas_CaseOwner", "prs_FirstName", "prs_SecondName", "con_Consent",
        "prs_Birthdate", "prs_Gender", "prs_Citizenship", "prs_Email",
        "prs_MobilePhone", "prs_MailingCountry", "vic_TraffickingStatus",
        "vic_TraffickinStatusDecisionMakingOrg", "vic_MethodOfRecruitment",
        "vic_LocationOfRecruitment", "vic_MethodsOfControl",
        "vic_TypeOfExploitation", "vic_ForcedLabourIndustry", "cas_Status",
        "cas_ReferringOrganisation", "cas_IncomingReferralDate", "prs_Salutation",
    ]  # fmt: skip
    bad = {
        2: {"prs_FirstName": "", "con_Consent": "perhaps"},
        3: {"prs_Birthdate": "31/02/1996", "prs_Gender": "Female-ish"},
        4: {"prs_Citizenship": "Atlantis", "prs_Email": "not-an-email"},
        5: {"prs_MobilePhone": "call me", "prs_MailingCountry": "Gobi"},
        6: {
            "vic_TraffickingStatus": "Maybe",
            "vic_TraffickinStatusDecisionMakingOrg": "Shaman",
        },
        7: {
            "vic_MethodOfRecruitment": "At work; By carrier pigeon",
            "vic_LocationOfRecruitment": "Atlantis",
        },
        8: {"vic_MethodsOfControl": "Charm", "vic_TypeOfExploitation": "Tourism"},
        9: {"vic_ForcedLabourIndustry": "Space mining", "cas_Status": "Asleep"},
        10: {
            "cas_ReferringOrganisation": "Nobody Inc.",
            "cas_IncomingReferralDate": "yesterday",
        },
        11: {"cas_CaseOwner": "nobody", "prs_Salutation": "x" * 51},
    }
    rows = []
    for number in range(2, 14):  # rows 12 and 13 are right
        good = _row(world, prs_Salutation="Ms")
        good.pop("prs_MailingCity", None)
        row = {k: good.get(k, "") for k in header}
        row.update(bad.get(number, {}))
        rows.append(row)
    return _csv(rows, header)


def test_twenty_planted_errors_give_exactly_twenty_messages_and_import_nothing(
    world,
):
    before = Case.objects.count()
    with pytest.raises(ImportRefused) as refused:
        _import(world, "planted.csv", _planted(world))
    found = [(p.row, p.column) for p in refused.value.problems]
    assert found == [(row, f"{letter} ({name})") for row, letter, name in PLANTED]
    messages = [str(p) for p in refused.value.problems]
    assert messages[0] == "Row 2, column B (prs_FirstName): This is required."
    assert "“Atlantis” is not a country." in messages[4]
    assert Case.objects.count() == before


def test_importing_the_same_file_twice_creates_no_duplicates(world):
    content = _csv([_row(world), _row(world, prs_FirstName="Тэмүүлэн")])
    first = _import(world, "cases.csv", content)
    count = Case.objects.count()
    again = _import(world, "cases.csv", content)
    assert (len(first.new), first.already) == (2, 0)
    assert (len(again.new), again.already) == (0, 2)
    assert Case.objects.count() == count
    # Another organisation importing the same file gets its own cases.
    other = htcds_import(
        name="cases.csv",
        content=_csv([_row(world, cas_CaseOwner="", cas_ReferringOrganisation="")]),
        organisation=world.other,
        actor=world.user("other", Role.SUPERVISOR),
    )
    assert len(other.new) == 1


def _empty_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "phone"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cases.xlsx", b"not a zip", "This is not an Excel (.xlsx) workbook."),
        ("cases.csv", "prs_FirstName\nÉ".encode("latin-1"), "not in UTF-8"),
        (
            "cases.pdf",
            b"%PDF",
            "Choose an Excel (.xlsx), CSV (.csv) or JSON (.json) file.",
        ),
        ("cases.xlsx", _empty_workbook(), "The file has no HTCDS columns."),
        ("cases.csv", b"prs_FirstName\nA\n", "The column con_Consent is missing."),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_a_reason(
    world, name, content, message
):
    with pytest.raises(ImportRefused) as refused:
        _import(world, name, content)
    assert message in str(refused.value.problems[0])


def test_the_command_checks_then_imports(world, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(_csv([_row(world)]))
    args = ["import_htcds", str(path), "--organisation", world.own.code]
    user = ["--user", world.user("own", Role.SUPERVISOR).username]
    before = Case.objects.count()
    call_command(*args, *user, "--dry-run")
    assert "1 cases would be imported" in capsys.readouterr().out
    assert Case.objects.count() == before
    call_command(*args, *user)
    assert "1 of 1 cases imported" in capsys.readouterr().out
    assert Case.objects.count() == before + 1
    path.write_bytes(_planted(world))
    with pytest.raises(CommandError, match="20 problems: nothing was imported"):
        call_command(*args, *user)
    assert "Row 11, column A (cas_CaseOwner)" in capsys.readouterr().err


def test_the_page_checks_then_imports(
    world, client, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safepath.conftest import sign_in

    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.SUPERVISOR))
    url = "/exchange/import/"
    content = _csv([_row(world), _row(world, prs_FirstName="Тэмүүлэн")])
    before = Case.objects.count()
    response = client.post(
        url, {"check": "1", "file": SimpleUploadedFile("cases.csv", content)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "2 cases will be imported." in page
    assert Case.objects.count() == before
    # The import runs as a job (at once in tests); its page tells the result.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"import": "1", "file": SimpleUploadedFile("cases.csv", content)}
        )
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert Case.objects.count() == before + 2
    page = client.get(response["Location"]).content.decode()
    assert "2 cases imported; 0 rows were imported before" in page
    assert 'href="/cases/"' in page
    response = client.post(
        url, {"import": "1", "file": SimpleUploadedFile("x.csv", _planted(world))}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "20 problems: nothing was imported." in page
    assert "Row 11, column A (cas_CaseOwner)" in page
    assert Case.objects.count() == before + 2


def test_a_csv_from_a_french_excel_with_semicolons(world):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["prs_FirstName", "con_Consent", "vic_MethodOfRecruitment"])
    writer.writerow(["Сарангэрэл", "oui", "At work; Through online social networks"])
    writer.writerow(["Тэмүүлэн", "non", "At work"])
    checked = _import(world, "cas.csv", out.getvalue().encode("utf-8-sig"))
    assert len(checked.new) == 2
    case = Case.objects.get(import_key=checked.rows[0].key)
    assert case.victim.vic_MethodOfRecruitment.count() == 2
