"""k-anonymisation of CTDC-format data: records kept and information lost by
plain suppression and by Safepath's engine (safepath.stats.anonymity), and
the engine's time.

    .venv/bin/python bench/anonymise.py [--records 100000] [--k 11] [--seed 7] \
        [--no-borrow]

Runs on (a) CTDC's victim-perpetrator synthetic data and (b) the extract of
CTDC's k-anonymised 2020 release, from /work/shared/data/ctdc (skipped when
absent), and (c) N generated records with CTDC's quasi-identifiers (seeded:
mostly Mongolian citizens exploited in Mongolia or China, 2015-2026).
Prints, for each, the records and QIs, the share plain suppression keeps
(with its NCP and discernibility, a dropped record counting as all `*`), the
share the engine keeps (and keeps with no `*`), the cells generalised and
suppressed, NCP, discernibility and seconds, and the machine.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from pages import machine  # noqa: E402

from safepath.stats.anonymity import (  # noqa: E402
    anonymise,
    class_sizes,
    plain_suppression,
)
from safepath.stats.hierarchies import (  # noqa: E402
    CTDC_HIERARCHIES,
    KANON_QUASI_IDENTIFIERS,
    VP_QUASI_IDENTIFIERS,
    country_regions,
)

# CTDC's files where the project's tests read them (../shared, or
# SAFEPATH_SHARED), never copied into the repository.
DATA = (
    Path(
        os.environ.get(
            "SAFEPATH_SHARED", Path(__file__).resolve().parents[2] / "shared"
        )
    )
    / "data"
    / "ctdc"
)
VP_QIS = VP_QUASI_IDENTIFIERS
KANON_QIS = KANON_QUASI_IDENTIFIERS
GENERATED_QIS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "typeOfExploitConcatenated",
    "isForcedLabour",
]


def _pick(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    values = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return rng.choice(values, size=size, p=p / p.sum())


def generated(n: int, seed: int) -> pd.DataFrame:
    """N fictional CTDC records with skewed, roughly realistic distributions
    for an organisation in Mongolia (strings, "" = missing)."""
    rng = np.random.default_rng(seed)
    others = ["CN", "RU", "KZ", "KR", "VN", "PH", "KG", "UZ", "NP", "TH", "MM"]
    others += ["KH", "LA", "ID", "BD", "LK", "UA", "TJ", "TR", "NG", "GH", "ET"]
    others += ["US", "DE", "IN", "JP", "BY", "MD", "KP", "AF"]
    citizenship_weights = {"MN": 0.86, "": 0.02}
    zipf = 1 / np.arange(1, len(others) + 1)
    for code, share in zip(others, 0.12 * zipf / zipf.sum(), strict=True):
        citizenship_weights[code] = float(share)
    citizenship = _pick(rng, citizenship_weights, n)
    abroad = {
        "MN": 0.60,
        "CN": 0.22,
        "KR": 0.05,
        "JP": 0.025,
        "TR": 0.02,
        "AE": 0.015,
        "MY": 0.01,
        "RU": 0.01,
        "KZ": 0.01,
        "HK": 0.008,
        "MO": 0.007,
        "DE": 0.005,
        "PL": 0.005,
        "CZ": 0.004,
        "US": 0.004,
        "": 0.03,
    }
    exploited = _pick(rng, abroad, n)
    foreign = citizenship != "MN"
    home = _pick(
        rng, {"MN": 0.7, "CN": 0.13, "own": 0.12, "": 0.05}, int(foreign.sum())
    )
    home[home == "own"] = citizenship[foreign][home == "own"]
    exploited[foreign] = home
    gender = _pick(
        rng,
        {"Female": 0.62, "Male": 0.36, "Transgender/NonConforming": 0.005, "": 0.015},
        n,
    )
    ages = {
        "0--8": 0.03,
        "9--17": 0.17,
        "18--20": 0.12,
        "21--23": 0.13,
        "24--26": 0.11,
        "27--29": 0.09,
        "30--38": 0.17,
        "39--47": 0.09,
        "48+": 0.04,
        "": 0.05,
    }
    age = _pick(rng, ages, n)
    majority = np.where(np.isin(age, ["0--8", "9--17"]), "Minor", "Adult").astype(
        object
    )
    unknown_age = age == ""
    majority[unknown_age] = _pick(
        rng, {"": 0.5, "Adult": 0.4, "Minor": 0.1}, int(unknown_age.sum())
    )
    years = np.arange(2015, 2027)
    year_weights = {str(y): 1 + 0.15 * (y - 2015) for y in years} | {"": 0.1}
    year = _pick(rng, year_weights, n)
    kinds_female = {
        "SexualExploitation": 0.60,
        "ForcedLabour": 0.18,
        "ForcedLabour;SexualExploitation": 0.07,
        "ForcedMarriage": 0.06,
        "Other": 0.03,
        "ForcedLabour;Other": 0.01,
        "": 0.05,
    }
    kinds_male = {
        "SexualExploitation": 0.10,
        "ForcedLabour": 0.65,
        "ForcedLabour;SexualExploitation": 0.04,
        "ForcedMarriage": 0.01,
        "Other": 0.06,
        "ForcedLabour;Other": 0.04,
        "": 0.10,
    }
    female = gender == "Female"
    kinds = _pick(rng, kinds_male, n)
    kinds[female] = _pick(rng, kinds_female, int(female.sum()))
    labour = np.array(["ForcedLabour" in value for value in kinds])
    forced = np.where(labour, "1", "0").astype(object)
    forced[kinds == ""] = ""
    return pd.DataFrame(
        {
            "yearOfRegistration": year,
            "gender": gender,
            "ageBroad": age,
            "majorityStatus": majority,
            "citizenship": citizenship,
            "CountryOfExploitation": exploited,
            "typeOfExploitConcatenated": kinds,
            "isForcedLabour": forced,
        }
    )


def _read(name: str) -> pd.DataFrame | None:
    path = DATA / name
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def run(label: str, df: pd.DataFrame, qis: list[str], k: int, borrow: bool) -> None:
    n = len(df)
    plain = plain_suppression(df, qis, k)
    # Plain suppression's measures: a dropped record counts as all `*`.
    sizes = class_sizes(df, qis)
    plain_disc = int(sizes[sizes >= k].sum()) + (n - plain) * n
    started = time.perf_counter()
    hierarchies = {name: CTDC_HIERARCHIES[name] for name in qis}
    result = anonymise(df, hierarchies, k, borrow=borrow)
    seconds = time.perf_counter() - started
    print(f"{label}: {n:,} records × {len(qis)} QIs ({', '.join(qis)})")
    print(
        f"  plain suppression keeps  {plain:>9,} ({plain / n:.1%}); "
        f"NCP {(n - plain) / n:.4f}; discernibility {plain_disc:,}"
    )
    print(
        f"  Safepath keeps           {result.records_kept:>9,} "
        f"({result.kept_fraction:.1%}); with no * {result.records_intact:,} "
        f"({result.records_intact / n:.1%})"
    )
    print(
        f"  cells generalised {result.cells_generalised:,}, suppressed "
        f"{result.cells_suppressed:,} of {n * len(qis):,}; NCP {result.ncp:.4f}; "
        f"discernibility {result.discernibility:,}; {result.classes:,} classes, "
        f"smallest {result.smallest_class}; {seconds:.2f} s"
    )
    by_column = ", ".join(
        f"{name} {result.ncp_by_column[name]:.3f}" for name in result.quasi_identifiers
    )
    print(f"  NCP by column: {by_column}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=11)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-borrow",
        action="store_true",
        help="merge small remainders instead of lending them records",
    )
    args = parser.parse_args()
    borrow = not args.no_borrow
    print(f"Safepath bench/anonymise.py — {machine()}")
    started = time.perf_counter()
    country_regions()
    print(
        f"k = {args.k}{'' if borrow else ', no borrowing'}; the country table "
        f"(country_converter, once per process) "
        f"took {time.perf_counter() - started:.2f} s, not counted below"
    )
    vp = _read("CTDC_VPsynthetic_condensed.csv")
    if vp is None:
        print("(a) skipped: no CTDC_VPsynthetic_condensed.csv in", DATA)
    else:
        run("(a) CTDC victim-perpetrator synthetic", vp, VP_QIS, args.k, borrow)
    kanon = _read("ctdc_kanon_2020_extract.csv")
    if kanon is None:
        print("(b) skipped: no ctdc_kanon_2020_extract.csv in", DATA)
    else:
        run("(b) CTDC k-anonymised 2020 extract", kanon, KANON_QIS, args.k, borrow)
    frame = generated(args.records, args.seed)
    run(f"(c) generated (seed {args.seed})", frame, GENERATED_QIS, args.k, borrow)


if __name__ == "__main__":
    main()
