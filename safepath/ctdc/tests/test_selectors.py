"""The dashboard's counts of the reference data equal those computed from
the release files with pandas."""

import numpy as np
import pytest
from django.utils import translation

from safepath.ctdc.models import Dataset
from safepath.ctdc.selectors import (
    DIMENSIONS,
    datasets_loaded,
    reference_counts,
    reference_label,
)
from safepath.ctdc.services import import_ctdc
from safepath.ctdc.tests.conftest import KANON_HEADER, read_raw, write_csv

KANON = Dataset.KANON_2020
VP = Dataset.VP_SYNTHETIC


def counts(series) -> dict[str, int]:
    return {key: int(count) for key, count in series.value_counts().items()}


def type_of_exploitation(raw) -> dict[str, int]:
    labour, sexual = raw.isForcedLabour, raw.isSexualExploit
    yes = ("1", "1.0")
    no = ("0", "0.0")
    kind = np.select(
        [
            labour.isin(yes) & sexual.isin(yes),
            labour.isin(yes),
            sexual.isin(yes),
            labour.isin(no) & sexual.isin(no),
        ],
        ["Both", "ForcedLabour", "SexualExploitation", "Neither"],
        "Unknown",
    )
    return counts(raw.assign(kind=kind).kind)


@pytest.fixture
def both_loaded(db, kanon_csv, vp_csv):
    import_ctdc(kanon_csv)
    import_ctdc(vp_csv)
    return read_raw(kanon_csv), read_raw(vp_csv)


def test_it_counts_each_dimension_as_pandas_does(both_loaded):
    kanon, vp = both_loaded
    assert datasets_loaded() == {KANON: len(kanon), VP: len(vp)}
    gender = {"Female": "Feminine", "Male": "Masculine"}
    assert reference_counts(dataset=KANON, dimension="gender") == counts(
        kanon.gender.map(gender)
    )
    assert reference_counts(dataset=VP, dimension="gender") == counts(
        vp.gender.map(gender | {"": ""})
    )
    assert reference_counts(dataset=KANON, dimension="year") == counts(
        kanon.yearOfRegistration
    )
    assert reference_counts(dataset=VP, dimension="year") == counts(vp.yearRegister)
    assert reference_counts(dataset=KANON, dimension="age_band") == counts(
        kanon.ageBroad
    )
    minor = kanon.ageBroad.isin(["0--8", "9--17"])
    majority = np.where(kanon.ageBroad == "", "", np.where(minor, "Minor", "Adult"))
    assert reference_counts(dataset=KANON, dimension="majority_status") == counts(
        kanon.assign(majority=majority).majority
    )
    assert reference_counts(dataset=VP, dimension="majority_status") == counts(
        vp.majorityStatus
    )
    assert reference_counts(dataset=VP, dimension="citizenship_region") == counts(
        vp.UN_COO_Region
    )
    assert reference_counts(dataset=VP, dimension="exploitation_region") == counts(
        vp.UN_COE_Region
    )
    for raw, dataset in ((kanon, KANON), (vp, VP)):
        assert reference_counts(
            dataset=dataset, dimension="type_of_exploitation"
        ) == type_of_exploitation(raw)


def test_it_counts_only_the_years_asked_for(both_loaded):
    kanon, vp = both_loaded
    years = kanon.yearOfRegistration.astype(int)
    assert reference_counts(
        dataset=KANON, dimension="gender", year_from=2010, year_to=2015
    ) == counts(kanon[(years >= 2010) & (years <= 2015)].gender.map(
        {"Female": "Feminine", "Male": "Masculine"}
    ))  # fmt: skip
    assert sum(reference_counts(dataset=KANON, dimension="year", year_from=2017)
               .values()) == int((years >= 2017).sum())  # fmt: skip
    # A period counts only when it lies wholly within the years asked for.
    period = vp.yearRegister
    first = period.str[:4].replace("", "0").astype(int)
    last = period.str[-4:].replace("", "9999").astype(int)
    inside = vp[(first >= 2014) & (last <= 2020)]
    assert set(inside.yearRegister) == {"2014-2018", "2019", "2020"}
    assert reference_counts(
        dataset=VP, dimension="majority_status", year_from=2014, year_to=2020
    ) == counts(inside.majorityStatus)
    assert reference_counts(dataset=VP, dimension="year", year_to=2019) == counts(
        vp[vp.yearRegister.isin(["2005-2013", "2014-2018", "2019"])].yearRegister
    )


def test_it_orders_the_keys_and_labels_them(db, tmp_path):
    path = write_csv(
        tmp_path,
        "k.csv",
        [KANON_HEADER, "2016,Male,,,,,", "2002,Female,,,0.0,0.0,", "2016,,,,,,"],
    )
    import_ctdc(path)
    assert list(reference_counts(dataset=KANON, dimension="gender")) == [
        "Feminine",
        "Masculine",
        "",
    ]
    assert reference_counts(dataset=KANON, dimension="year") == {"2002": 1, "2016": 2}
    assert reference_counts(dataset=KANON, dimension="type_of_exploitation") == {
        "Neither": 1,
        "Unknown": 2,
    }
    assert reference_counts(dataset=VP, dimension="gender") == {}
    assert datasets_loaded() == {KANON: 3, VP: 0}
    with translation.override("en"):
        assert [str(label) for _key, label in DIMENSIONS][0] == "Gender"
        assert reference_label(dimension="gender", value="Feminine") == "Feminine"
        assert reference_label(dimension="citizenship_region", value="") == (
            "Not recorded"
        )
        assert reference_label(dimension="year", value="2014-2018") == "2014-2018"


def test_it_refuses_an_unknown_dataset_or_dimension(db):
    with pytest.raises(ValueError, match="dimension"):
        reference_counts(dataset=KANON, dimension="citizenship")
    with pytest.raises(ValueError, match="dataset"):
        reference_counts(dataset="global", dimension="gender")
