"""The k-anonymisation engine and the CTDC hierarchies (no database). The
k-anonymity of every output is checked with pycanon, independently of the
engine's own measures."""

import numpy as np
import pandas as pd
import pytest
from pycanon import anonymity

from safepath.stats.anonymity import (
    Anonymised,
    anonymise,
    class_sizes,
    plain_suppression,
)
from safepath.stats.hierarchies import (
    CTDC_HIERARCHIES,
    KANON_QUASI_IDENTIFIERS,
    SUPPRESSED,
    VP_QUASI_IDENTIFIERS,
    Hierarchy,
    flat_hierarchy,
    year_hierarchy,
)
from safepath.tests.shared import shared_file

VP_FILE = "CTDC_VPsynthetic_condensed.csv"
KANON_FILE = "ctdc_kanon_2020_extract.csv"
VP_QIS = VP_QUASI_IDENTIFIERS
KANON_QIS = KANON_QUASI_IDENTIFIERS


def read(name: str) -> pd.DataFrame:
    """A CTDC file from ../shared (skipped on a fresh clone, a failure in CI)."""
    path = shared_file(f"data/ctdc/{name}")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def ctdc(qis: list[str]) -> dict[str, Hierarchy]:
    return {name: CTDC_HIERARCHIES[name] for name in qis}


def check_release(
    original: pd.DataFrame, result: Anonymised, hierarchies: dict[str, Hierarchy]
) -> None:
    """What every output must satisfy, recounted without the engine: the
    same rows in the same order, non-QI columns untouched, each QI cell one of
    its value's labels, and the measures as reported."""
    out = result.data
    qis = list(hierarchies)
    assert out.shape == original.shape
    assert out.index.equals(original.index)
    assert list(out.columns) == list(original.columns)
    others = [name for name in original.columns if name not in hierarchies]
    pd.testing.assert_frame_equal(out[others], original[others])
    n = len(original)
    ncp_sum = 0.0
    star_rows = np.ones(n, dtype=bool)
    for name in qis:
        hierarchy = hierarchies[name]
        pairs = pd.DataFrame({"value": original[name], "label": out[name]})
        for value, label in pairs.drop_duplicates().itertuples(index=False):
            assert label in hierarchy.labels(value), (name, value, label)
        stars = out[name] == SUPPRESSED
        star_rows &= stars.to_numpy()
        changed = (out[name] != original[name]) & ~stars
        assert result.suppressed_by_column[name] == stars.sum()
        assert result.generalised_by_column[name] == changed.sum()
        # NCP: distinct values whose labels include the shown label.
        domain = sorted(set(original[name]))
        cost = {}
        for label in set(out[name]):
            if label == SUPPRESSED:
                cost[label] = 1.0
                continue
            leaves = sum(label in hierarchy.labels(v) for v in domain)
            cost[label] = (leaves - 1) / (len(domain) - 1) if len(domain) > 1 else 0.0
        column_ncp = out[name].map(cost).astype(float)
        assert result.ncp_by_column[name] == pytest.approx(column_ncp.mean())
        ncp_sum += column_ncp.sum()
    assert result.ncp == pytest.approx(ncp_sum / (n * len(qis)))
    suppressed = int(star_rows.sum())
    assert result.records_kept == n - suppressed
    sizes = out[~star_rows].groupby(qis).size()
    assert result.discernibility == int((sizes**2).sum()) + suppressed * n


# The CTDC data -----------------------------------------------------------


@pytest.fixture(scope="module")
def vp() -> pd.DataFrame:
    return read(VP_FILE)


@pytest.fixture(scope="module")
def vp_release(vp: pd.DataFrame) -> Anonymised:
    return anonymise(vp, ctdc(VP_QIS), k=11)


def test_plain_suppression_keeps_half_of_the_victim_perpetrator_data(
    vp: pd.DataFrame,
) -> None:
    kept = plain_suppression(vp, VP_QIS, 11)
    assert len(vp) == 21_195
    assert kept == 10_778
    assert round(100 * kept / len(vp), 1) == 50.9


def test_the_engine_keeps_nine_in_ten_k_anonymously(
    vp: pd.DataFrame, vp_release: Anonymised
) -> None:
    assert vp_release.records_in == 21_195
    assert vp_release.records_kept >= 0.9 * 21_195
    assert anonymity.k_anonymity(vp_release.data, VP_QIS) >= 11
    assert vp_release.smallest_class >= 11
    # Far better than suppressing everything (NCP 1), and than plain
    # suppression (its dropped records cost 1 per cell: NCP 0.49).
    assert vp_release.ncp < 0.2
    assert vp_release.ncp < (1 - 10_778 / 21_195) / 2
    assert vp_release.cells_generalised > 0
    assert vp_release.cells_suppressed > 0


def test_the_victim_perpetrator_release_is_what_it_reports(
    vp: pd.DataFrame, vp_release: Anonymised
) -> None:
    check_release(vp, vp_release, ctdc(VP_QIS))


def test_the_kanon_extract_is_already_11_anonymous_and_stays_unchanged() -> None:
    kanon = read(KANON_FILE)
    assert plain_suppression(kanon, KANON_QIS, 11) == len(kanon) == 48_773
    result = anonymise(kanon, ctdc(KANON_QIS), k=11)
    pd.testing.assert_frame_equal(result.data, kanon)
    assert result.records_kept == result.records_intact == 48_773
    assert result.ncp == 0
    assert result.cells_generalised == result.cells_suppressed == 0
    assert anonymity.k_anonymity(result.data, KANON_QIS) >= 11


def test_the_kanon_extract_at_k_50() -> None:
    kanon = read(KANON_FILE)
    plain = plain_suppression(kanon, KANON_QIS, 50)
    result = anonymise(kanon, ctdc(KANON_QIS), k=50)
    assert anonymity.k_anonymity(result.data, KANON_QIS) >= 50
    assert plain < 0.7 * len(kanon)
    assert result.records_kept == len(kanon)
    assert result.records_intact > 0.9 * len(kanon)
    assert 0 < result.ncp < 0.05
    check_release(kanon, result, ctdc(KANON_QIS))


# Small frames ------------------------------------------------------------

LETTERS = {"letter": flat_hierarchy("letter")}


def test_a_value_that_occurs_k_times_is_not_generalised() -> None:
    df = pd.DataFrame({"letter": ["A"] * 12 + ["B"] * 3 + ["C"] * 4, "n": range(19)})
    result = anonymise(df, LETTERS, k=5)
    assert list(result.data["letter"]) == ["A"] * 12 + [SUPPRESSED] * 7
    assert list(result.data["n"]) == list(range(19))
    assert result.records_kept == 12
    assert result.cells_suppressed == 7
    assert result.cells_generalised == 0
    assert result.ncp == pytest.approx(7 / 19)
    assert result.discernibility == 12**2 + 7 * 19
    assert result.classes == 2
    assert result.smallest_class == 7
    assert anonymity.k_anonymity(result.data, ["letter"]) == 7
    check_release(df, result, LETTERS)


def test_frequent_combinations_keep_their_values_rare_ones_are_generalised() -> None:
    hierarchies = ctdc(["gender", "ageBroad"])
    df = pd.DataFrame(
        {
            "gender": ["Female"] * 20 + ["Male"] * 20 + ["Transgender"] * 3 + [""] * 3,
            "ageBroad": ["21--23"] * 20
            + ["30--38"] * 20
            + ["0--8"] * 3
            + ["9--17"] * 3,
        }
    )
    result = anonymise(df, hierarchies, k=5)
    out = result.data
    assert (out.iloc[:40] == df.iloc[:40]).all().all()
    assert list(out["gender"].iloc[40:]) == [SUPPRESSED] * 6
    assert list(out["ageBroad"].iloc[40:]) == ["0--17"] * 6  # a coarser band
    assert result.cells_generalised == 6
    assert result.cells_suppressed == 6
    assert result.records_kept == result.records_in == 46
    assert anonymity.k_anonymity(out, list(hierarchies)) >= 5
    check_release(df, result, hierarchies)


def test_a_small_remainder_borrows_the_rarest_records_instead_of_dropping() -> None:
    hierarchies = ctdc(["gender", "ageBroad"])
    df = pd.DataFrame(
        {
            "gender": ["Female"] * 12 + ["Male"] * 3,
            "ageBroad": ["18--20"] * 10 + ["48+"] * 2 + ["18--20"] * 3,
        }
    )
    result = anonymise(df, hierarchies, k=5)
    out = result.data
    # The ten 18--20 women keep everything; the two women of 48+ join the
    # three men under `*` (all their QIs: suppressed records, still in the
    # table).
    assert (out.iloc[:10] == df.iloc[:10]).all().all()
    assert (out.iloc[10:] == SUPPRESSED).all().all()
    assert len(out) == 15
    assert anonymity.k_anonymity(out, list(hierarchies)) >= 5
    assert result.records_kept == 10
    # Without borrowing the remainder is merged into the women: all `*`.
    merged = anonymise(df, hierarchies, k=5, borrow=False)
    assert set(merged.data["gender"]) == {SUPPRESSED}
    assert merged.ncp > result.ncp
    assert anonymity.k_anonymity(merged.data, list(hierarchies)) >= 5


def test_year_bands_are_used_before_suppression() -> None:
    years = {"year": year_hierarchy("year")}
    df = pd.DataFrame({"year": ["2017"] * 6 + ["2018"] * 6 + ["2003"] * 11})
    result = anonymise(df, years, k=10)
    assert list(result.data["year"]) == ["2017-2018"] * 12 + ["2003"] * 11
    assert result.cells_generalised == 12
    assert result.cells_suppressed == 0
    # 2017-2018 holds 2 of the 3 values: (2 - 1) / (3 - 1).
    assert result.ncp == pytest.approx(12 * 0.5 / 23)
    assert anonymity.k_anonymity(result.data, ["year"]) == 11
    check_release(df, result, years)


def test_k_above_the_number_of_records_suppresses_everything() -> None:
    hierarchies = ctdc(["gender", "yearOfRegistration", "citizenship"])
    df = pd.DataFrame(
        {
            "gender": ["Female", "Male", "Female"],
            "yearOfRegistration": ["2019", "2020", ""],
            "citizenship": ["MN", "CN", "MN"],
            "note": ["a", "b", "c"],
        }
    )
    result = anonymise(df, hierarchies, k=11)
    assert (result.data[list(hierarchies)] == SUPPRESSED).all().all()
    assert list(result.data["note"]) == ["a", "b", "c"]
    assert result.records_kept == 0
    assert result.ncp == 1
    # One class of 3 < k: the engine says so, and pycanon agrees.
    assert result.smallest_class == 3
    assert anonymity.k_anonymity(result.data, list(hierarchies)) == 3
    check_release(df, result, hierarchies)


def random_frame(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(values: list[str], weights: list[float]) -> np.ndarray:
        p = np.array(weights) / sum(weights)
        return rng.choice(np.array(values, dtype=object), size=n, p=p)

    return pd.DataFrame(
        {
            "yearOfRegistration": pick(
                ["2015", "2016", "2019", "2020", "2024", ""], [5, 4, 3, 3, 1, 1]
            ),
            "gender": pick(["Female", "Male", ""], [6, 3, 1]),
            "ageBroad": pick(
                ["9--17", "18--20", "21--23", "30--38", "48+", ""], [3, 3, 3, 2, 1, 1]
            ),
            "citizenship": pick(["MN", "CN", "RU", "KZ", "0", ""], [20, 3, 1, 1, 1, 1]),
            "typeOfExploitConcatenated": pick(
                ["ForcedLabour", "SexualExploitation", "ForcedLabour;Other", ""],
                [4, 4, 1, 1],
            ),
            "id": np.arange(n).astype(str),
        }
    )


RANDOM_QIS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "typeOfExploitConcatenated",
]


def test_k_1_leaves_the_data_unchanged() -> None:
    df = random_frame(1, 500)
    result = anonymise(df, ctdc(RANDOM_QIS), k=1)
    pd.testing.assert_frame_equal(result.data, df)
    assert result.ncp == 0
    assert result.cells_generalised == result.cells_suppressed == 0
    assert result.records_intact == 500


@pytest.mark.parametrize(
    ("seed", "n", "k"), [(2, 300, 3), (3, 1000, 11), (4, 2000, 25)]
)
def test_random_frames_are_k_anonymous(seed: int, n: int, k: int) -> None:
    df = random_frame(seed, n)
    hierarchies = ctdc(RANDOM_QIS)
    result = anonymise(df, hierarchies, k=k)
    assert anonymity.k_anonymity(result.data, RANDOM_QIS) >= k
    assert result.smallest_class >= k
    assert class_sizes(result.data, RANDOM_QIS).min() >= k
    check_release(df, result, hierarchies)
    again = anonymise(df, hierarchies, k=k)
    pd.testing.assert_frame_equal(again.data, result.data)  # deterministic


def test_a_quasi_identifier_with_many_values() -> None:
    df = random_frame(6, 3000)
    rng = np.random.default_rng(6)
    df["place"] = (rng.zipf(1.6, size=len(df)) % 800).astype(str)
    hierarchies = ctdc(RANDOM_QIS) | {"place": flat_hierarchy("place")}
    result = anonymise(df, hierarchies, k=5)
    assert anonymity.k_anonymity(result.data, list(hierarchies)) >= 5
    assert (result.data["place"] == "1").sum() > 100  # a frequent place shows
    check_release(df, result, hierarchies)


def test_pycanon_catches_a_broken_release() -> None:
    df = random_frame(5, 1000)
    result = anonymise(df, ctdc(RANDOM_QIS), k=11)
    assert anonymity.k_anonymity(result.data, RANDOM_QIS) >= 11
    broken = result.data.copy()
    broken.loc[broken.index[0], "citizenship"] = "Atlantis"
    assert anonymity.k_anonymity(broken, RANDOM_QIS) == 1
    assert class_sizes(broken, RANDOM_QIS).min() == 1
    # A record put back to its original values: no longer hidden either.
    sizes = class_sizes(df, RANDOM_QIS)
    rare = int(np.flatnonzero(sizes < 11)[0])
    leaked = result.data.copy()
    leaked.iloc[rare] = df.iloc[rare]
    assert anonymity.k_anonymity(leaked, RANDOM_QIS) < 11


def test_plain_suppression_counts_records_in_classes_of_k() -> None:
    df = pd.DataFrame({"a": ["x"] * 5 + ["y"] * 4 + [""] * 6, "b": ["1"] * 15})
    assert plain_suppression(df, ["a", "b"], 5) == 11
    assert plain_suppression(df, ["a", "b"], 7) == 0
    assert plain_suppression(df, ["a", "b"], 1) == 15


def test_a_hierarchy_that_is_not_a_tree_is_refused() -> None:
    # 2014-2015 would sit under both 2010-2014 and 2015-2019.
    def pairs(value: str) -> str:
        start = int(value) // 2 * 2
        return f"{start}-{start + 1}"

    def fives(value: str) -> str:
        start = int(value) // 5 * 5
        return f"{start}-{start + 4}"

    overlapping = Hierarchy("year", (pairs, fives))
    df = pd.DataFrame({"year": ["2014", "2015"] * 10})
    with pytest.raises(ValueError, match="not a tree"):
        anonymise(df, {"year": overlapping}, k=5)


def test_bad_arguments() -> None:
    df = pd.DataFrame({"letter": ["A"] * 3})
    with pytest.raises(ValueError):
        anonymise(df, LETTERS, k=0)
    with pytest.raises(ValueError):
        anonymise(df, {}, k=2)
    with pytest.raises(KeyError):
        anonymise(df, {"other": flat_hierarchy("other")}, k=2)
    empty = anonymise(df.iloc[:0], LETTERS, k=2)
    assert empty.records_in == empty.records_kept == 0
    assert empty.data.empty


# Hierarchies -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "labels"),
    [
        ("2014", ["2014", "2014", "2010-2014", "2010-2019", "*"]),
        ("2015", ["2015", "2015-2016", "2015-2019", "2010-2019", "*"]),
        ("2018", ["2018", "2017-2018", "2015-2019", "2010-2019", "*"]),
        ("2026", ["2026", "2025-2026", "2025-2029", "2020-2029", "*"]),
        ("2002", ["2002", "2002-2003", "2000-2004", "2000-2009", "*"]),
        # CTDC's victim-perpetrator data has bands of its own.
        ("2014-2018", ["2014-2018", "2014-2018", "2014-2018", "2010-2019", "*"]),
        ("2021-2022", ["2021-2022", "2021-2022", "2020-2024", "2020-2029", "*"]),
        ("2005-2013", ["2005-2013"] * 4 + ["*"]),
        ("", ["", "", "", "", "*"]),
        ("unknown", ["unknown", "*", "*", "*", "*"]),
    ],
)
def test_year_labels(value: str, labels: list[str]) -> None:
    assert CTDC_HIERARCHIES["yearOfRegistration"].labels(value) == labels
    assert CTDC_HIERARCHIES["yearRegister"].labels(value) == labels


@pytest.mark.parametrize(
    ("band", "group"),
    [
        ("0--8", "0--17"),
        ("9--17", "0--17"),
        ("18--20", "18--29"),
        ("21--23", "18--29"),
        ("24--26", "18--29"),
        ("27--29", "18--29"),
        ("30--38", "30+"),
        ("39--47", "30+"),
        ("48+", "30+"),
        ("9—17", "0--17"),  # the codebook's dash
        ("", ""),
        ("0--29", "*"),
        ("old", "*"),
    ],
)
def test_age_labels(band: str, group: str) -> None:
    assert CTDC_HIERARCHIES["ageBroad"].labels(band) == [band, group, "*"]


@pytest.mark.parametrize(
    ("code", "subregion", "region"),
    [
        ("MN", "Eastern Asia", "Asia"),
        ("CN", "Eastern Asia", "Asia"),
        ("KZ", "Central Asia", "Asia"),
        ("PH", "South-eastern Asia", "Asia"),
        ("AE", "Western Asia", "Asia"),
        ("UA", "Eastern Europe", "Europe"),
        ("US", "Northern America", "Americas"),
        ("HT", "Caribbean", "Americas"),
        ("GH", "Western Africa", "Africa"),
        ("GR", "Southern Europe", "Europe"),
        ("GB", "Northern Europe", "Europe"),
        ("MNG", "Eastern Asia", "Asia"),  # alpha-3 too
        ("0", "*", "*"),  # CTDC's unknown
        ("", "", ""),
    ],
)
def test_country_labels(code: str, subregion: str, region: str) -> None:
    for name in ["citizenship", "CountryOfExploitation"]:
        assert CTDC_HIERARCHIES[name].labels(code) == [code, subregion, region, "*"]


def test_multi_valued_and_flat_labels() -> None:
    relation = CTDC_HIERARCHIES["IP_Relation"]
    assert relation.labels("FriendAcquaintance;StrangerUnknownOther") == [
        "FriendAcquaintance;StrangerUnknownOther",
        "several",
        "*",
    ]
    assert relation.labels("FriendAcquaintance") == [
        "FriendAcquaintance",
        "FriendAcquaintance",
        "*",
    ]
    assert CTDC_HIERARCHIES["IP_Gender"].labels("Female;Male")[1] == "several"
    kinds = CTDC_HIERARCHIES["typeOfExploitConcatenated"]
    assert kinds.labels("ForcedLabour;SexualExploitation")[1] == "several"
    for name, value in [
        ("gender", "Female"),
        ("majorityStatus", "Minor"),
        ("isForcedLabour", "1.0"),
        ("isSexualExploit", ""),
        ("UN_COO_Region", "Americas/Oceania"),
    ]:
        assert CTDC_HIERARCHIES[name].labels(value) == [value, "*"]


def test_the_registry_covers_the_ctdc_quasi_identifiers() -> None:
    for name in (
        VP_QIS
        + KANON_QIS
        + [
            "majorityStatusAtExploit",
            "isOtherExploit",
            "IP_ageBroad",
            "IP_citizen_UNRegion",
            "typeOfExploitConcatenated",
        ]
    ):
        hierarchy = CTDC_HIERARCHIES[name]
        assert hierarchy.label("anything", hierarchy.height) == SUPPRESSED
