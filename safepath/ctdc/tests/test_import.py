"""Importing the two CTDC releases: the records hold the codebooks' values,
re-importing replaces, and a file with a problem imports nothing."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import translation

from safepath.ctdc.models import CtdcRecord, Dataset
from safepath.ctdc.services import MAX_PROBLEMS, import_ctdc
from safepath.ctdc.tests.conftest import (
    KANON_HEADER,
    VP_HEADER,
    read_raw,
    write_csv,
)

KANON = Dataset.KANON_2020
VP = Dataset.VP_SYNTHETIC
# The codebooks' labels -> HTCDS gender values, written here apart from the import.
GENDER = {
    "Female": "Feminine",
    "Male": "Masculine",
    "Transgender/NonConforming": "NonConforming",
    "": "",
}
FLAG = {"1.0": "yes", "1": "yes", "0.0": "no", "0": "no", "": "unknown"}


def stored(dataset: str, field: str) -> dict:
    rows = CtdcRecord.objects.filter(dataset=dataset).order_by().values(field)
    return {row[field]: row["n"] for row in rows.annotate(n=Count("id"))}


def stored_flag(dataset: str, field: str) -> dict[str, int]:
    records = CtdcRecord.objects.filter(dataset=dataset)
    counts = {
        "yes": records.filter(**{field: True}).count(),
        "no": records.filter(**{field: False}).count(),
        "unknown": records.filter(**{f"{field}__isnull": True}).count(),
    }
    return {key: count for key, count in counts.items() if count}


def raw_counts(series, mapping: dict | None = None) -> dict:
    counts = series.value_counts()
    if mapping is not None:
        counts = counts.rename(index=mapping).groupby(level=0).sum()
    return {key: int(count) for key, count in counts.items()}


def test_it_imports_the_k_anonymised_extract_as_the_codebook_says(
    db, kanon_csv, ctdc_regions
):
    raw = read_raw(kanon_csv)
    result = import_ctdc(kanon_csv)
    assert (result.dataset, result.records, result.replaced) == (KANON, 48773, 0)
    assert CtdcRecord.objects.filter(dataset=KANON).count() == len(raw) == 48773
    assert stored(KANON, "year_of_registration") == raw_counts(
        raw.yearOfRegistration.astype(int)
    )
    assert stored(KANON, "gender") == raw_counts(raw.gender, GENDER)
    assert stored(KANON, "age_band") == raw_counts(raw.ageBroad)
    assert stored_flag(KANON, "is_forced_labour") == raw_counts(
        raw.isForcedLabour, FLAG
    )
    assert stored_flag(KANON, "is_sexual_exploit") == raw_counts(
        raw.isSexualExploit, FLAG
    )
    # "0" is the extract's unknown country (CTDC's "00" read as a number).
    citizenship = raw.citizenship.replace("0", "")
    assert stored(KANON, "citizenship") == raw_counts(citizenship)
    assert stored(KANON, "citizenship_region") == raw_counts(
        citizenship.map(lambda code: ctdc_regions.get(code, ""))
    )
    exploitation = raw.CountryOfExploitation.replace("0", "")
    assert stored(KANON, "exploitation_region") == raw_counts(
        exploitation.map(lambda code: ctdc_regions.get(code, ""))
    )


def test_it_imports_the_victim_perpetrator_set_as_the_codebook_says(db, vp_csv):
    raw = read_raw(vp_csv)
    result = import_ctdc(vp_csv)
    assert (result.dataset, result.records) == (VP, 21195)
    assert CtdcRecord.objects.filter(dataset=VP).count() == len(raw) == 21195
    assert stored(VP, "registration_period") == raw_counts(raw.yearRegister)
    single = raw.yearRegister.where(raw.yearRegister.str.len() == 4, "")
    assert stored(VP, "year_of_registration") == {
        int(year) if year else None: count for year, count in raw_counts(single).items()
    }
    assert stored(VP, "gender") == raw_counts(raw.gender, GENDER)
    assert stored(VP, "majority_status") == raw_counts(raw.majorityStatus)
    assert stored_flag(VP, "is_forced_labour") == raw_counts(raw.isForcedLabour, FLAG)
    assert stored_flag(VP, "is_sexual_exploit") == raw_counts(raw.isSexualExploit, FLAG)
    assert stored(VP, "citizenship_region") == raw_counts(raw.UN_COO_Region)
    assert stored(VP, "exploitation_region") == raw_counts(raw.UN_COE_Region)
    assert stored(VP, "citizenship") == {"": len(raw)}
    extras = CtdcRecord.objects.filter(dataset=VP).values_list("extra", flat=True)
    assert Counter(extra["IP_Relation"] for extra in extras) == raw_counts(
        raw.IP_Relation
    )
    assert set(extras[0]) == {name for name in raw.columns if name.startswith("IP_")}


def test_it_replaces_a_dataset_on_reimport_and_leaves_the_other(db, vp_csv, tmp_path):
    kanon = write_csv(
        tmp_path, "kanon.csv", [KANON_HEADER, "2016,Female,18--20,PH,0.0,1.0,MY"]
    )
    import_ctdc(kanon)
    kanon_ids = set(CtdcRecord.objects.filter(dataset=KANON).values_list("id"))
    import_ctdc(vp_csv)
    genders = stored(VP, "gender")
    again = import_ctdc(vp_csv)
    assert (again.records, again.replaced) == (21195, 21195)
    assert CtdcRecord.objects.filter(dataset=VP).count() == 21195
    assert stored(VP, "gender") == genders
    assert set(CtdcRecord.objects.filter(dataset=KANON).values_list("id")) == kanon_ids


def test_it_maps_the_codes_that_mean_unknown_or_something_else(db, tmp_path):
    path = write_csv(
        tmp_path,
        "kanon.csv",
        [
            KANON_HEADER,
            "2019,Transgender/NonConforming,9--17,0,,0.0,",
            "2003.0,,18—20,-99,1.0,,00",
            "2021,Male,,NA,0,0,AU",
        ],
    )
    import_ctdc(path)
    rows = list(
        CtdcRecord.objects.order_by("id").values(
            "year_of_registration", "gender", "age_band", "majority_status",
            "citizenship", "citizenship_region", "country_of_exploitation",
            "exploitation_region", "is_forced_labour", "is_sexual_exploit",
        )
    )  # fmt: skip
    assert rows == [
        {"year_of_registration": 2019, "gender": "NonConforming", "age_band": "9--17",
         "majority_status": "Minor", "citizenship": "", "citizenship_region": "",
         "country_of_exploitation": "", "exploitation_region": "",
         "is_forced_labour": None, "is_sexual_exploit": False},
        {"year_of_registration": 2003, "gender": "", "age_band": "18--20",
         "majority_status": "Adult", "citizenship": "", "citizenship_region": "",
         "country_of_exploitation": "", "exploitation_region": "",
         "is_forced_labour": True, "is_sexual_exploit": None},
        {"year_of_registration": 2021, "gender": "Masculine", "age_band": "",
         "majority_status": "", "citizenship": "NA", "citizenship_region": "Africa",
         "country_of_exploitation": "AU", "exploitation_region": "Americas/Oceania",
         "is_forced_labour": False, "is_sexual_exploit": False},
    ]  # fmt: skip


def test_it_refuses_a_header_of_neither_release_naming_their_columns(db, tmp_path):
    path = write_csv(tmp_path, "other.csv", ["year,sex,country", "2016,F,PH"])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        import_ctdc(path)
    messages = error.value.messages
    assert messages[0] == "The header is not that of a CTDC release this import knows."
    assert messages[1].startswith(
        "CTDC k-anonymised global data (2020 extract) needs the columns "
        "yearOfRegistration, gender, ageBroad, citizenship, isForcedLabour, "
        "isSexualExploit, CountryOfExploitation (missing: yearOfRegistration,"
    )
    assert messages[2].startswith(
        "CTDC victim–perpetrator synthetic data needs the columns yearRegister, "
    )
    assert not CtdcRecord.objects.exists()


def test_it_refuses_a_file_of_the_other_dataset_when_one_is_named(db, tmp_path):
    path = write_csv(
        tmp_path, "kanon.csv", [KANON_HEADER, "2016,Female,18--20,PH,0.0,1.0,MY"]
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        import_ctdc(path, dataset=VP)
    assert len(error.value.messages) == 2
    assert "(missing: yearRegister, majorityStatus," in error.value.messages[1]


def test_it_lists_each_bad_row_and_column_and_imports_nothing(db, tmp_path):
    good = write_csv(
        tmp_path, "good.csv", [KANON_HEADER, "2016,Female,18--20,PH,0.0,1.0,MY"]
    )
    import_ctdc(good)
    before = list(CtdcRecord.objects.values_list("id", "citizenship"))
    bad = write_csv(
        tmp_path,
        "bad.csv",
        [
            KANON_HEADER,
            "2016,Female,18--20,UA,0.0,1.0,RU",
            "2016,Female,18--20,XX,0.0,1.0,RU",  # row 3
            "2017,Male,30--38,MD,1.0,0.0,RU",
            "2017,Male,30--38,MD,2.0,0.0,RU",  # row 5
            "2018,Female,,,,,",
        ],
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        import_ctdc(bad)
    assert error.value.messages == [
        "Row 3, column citizenship: “XX” is not an ISO 3166-1 alpha-2 country code.",
        "Row 5, column isForcedLabour: “2.0” is not in the codebook; expected one "
        "of: empty, “0”, “0.0”, “1”, “1.0”.",
    ]
    assert list(CtdcRecord.objects.values_list("id", "citizenship")) == before


def test_it_checks_the_columns_kept_as_they_are_and_the_row_lengths(db, tmp_path):
    ok = "2019,Female,Adult,1,,Asia,Europe,1,Female;Male,0--29,Africa;Asia,,No,1,,"
    path = write_csv(
        tmp_path,
        "vp.csv",
        [
            VP_HEADER,
            ok,
            ok.replace("Female;Male", "Female;Other"),
            ok + ",",
            ok.replace("2019", "2017"),
        ],
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        import_ctdc(path)
    assert error.value.messages == [
        "Row 3, column IP_Gender: “Other” is not in the codebook; expected one "
        "of: “Female”, “Male”.",
        "Row 4: 17 cells where the header has 16.",
        "Row 5, column yearRegister: “2017” is not in the codebook; expected one "
        "of: empty, “2005-2013”, “2014-2018”, “2019”, “2020”, “2021-2022”.",
    ]


def test_it_lists_the_first_problems_and_counts_the_rest(db, tmp_path):
    lines = [KANON_HEADER] + ["1999,Female,,,,,"] * (MAX_PROBLEMS + 3)
    path = write_csv(tmp_path, "old.csv", lines)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        import_ctdc(path)
    messages = error.value.messages
    assert len(messages) == MAX_PROBLEMS + 1
    assert messages[0] == (
        "Row 2, column yearOfRegistration: “1999” is not a year from 2002 to 2021."
    )
    assert messages[-1] == "… and 3 more problems."


def test_it_reports_progress_as_it_writes(db, tmp_path):
    lines = [KANON_HEADER] + ["2016,Female,18--20,PH,0.0,1.0,MY"] * 4500
    calls = []
    import_ctdc(
        write_csv(tmp_path, "k.csv", lines),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(2000, 4500), (4000, 4500), (4500, 4500)]
