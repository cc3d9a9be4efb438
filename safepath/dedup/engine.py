"""Finding records of the same person: a Fellegi–Sunter model in Splink,
run on its embedded DuckDB backend (the same settings run on Spark when a
national dataset outgrows one machine).

The model compares the prepared columns (prepare.PREPARED):
- given name: the folded key exactly (weighted by how common the name is:
  two Бат-Эрдэнэ are weaker evidence than two Тэмүүжин), or close
  (Jaro–Winkler, for typos);
- patronymic: the key exactly, one key the start of the other (a bare name
  against a genitive the folding could not strip), close, or only the
  initials agree where one side wrote just the initial;
- birth date: exactly, one typo, day and month swapped, or the same year;
- sex, registration number (exactly or one typo) and phone exactly.

Its parameters are estimated on the data itself (no labelled pairs needed):
u from random pairs, m by expectation maximisation within blocks. Pairs are
only compared within blocks (same registration number, phone, birth date,
or given name with the year of birth or the patronymic's initial), so the
work grows with the size of the blocks, not with the square of the records.
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

from safepath.dedup.prepare import PREPARED, prepare_all

DEFAULT_THRESHOLD = 0.9
MAX_GROUP = 20
# Fewer records than this: too few pairs to estimate a model on; the saved
# one is used.
MIN_TRAIN = 5000
EM_PAIRS = 3e6  # pairs sampled for each EM estimation
MODEL = Path(__file__).with_name("model.json")


@dataclass
class Pairs:
    """Candidate pairs of one run: id_left < id_right, the probability that
    they are the same person, and the comparison levels behind it."""

    frame: pd.DataFrame  # id_left, id_right, probability, and the gammas

    def __len__(self) -> int:
        return len(self.frame)


# What each comparison's levels mean, best first (Splink numbers the levels
# of a comparison from len - 1 for the first down to 0 for "all other";
# -1 is missing). These codes are what a reviewer is shown, translated
# (dedup/reasons.py); test_engine checks they follow the model's levels.
LEVELS: dict[str, tuple[str, ...]] = {
    "given_key": ("exact", "swapped", "close", "similar", "different"),
    "patronymic_key": (
        "exact", "swapped", "prefix", "close", "initials", "different",
    ),
    "birth_date": ("exact", "one_typo", "day_month_swapped", "two_typos", "different"),
    "sex": ("exact", "different"),
    "regno": ("exact", "one_typo", "different"),
    "phone": ("exact", "different"),
    "address": ("exact", "close", "similar", "different"),
    "locality": ("exact", "close", "different"),
    "postcode": ("exact", "one_typo", "different"),
}  # fmt: skip


def reasons(gammas: dict[str, int]) -> dict[str, str]:
    """{comparison: level code} from a pair's gamma_ values; missing
    comparisons (gamma -1) are left out."""
    found = {}
    for name, levels in LEVELS.items():
        gamma = gammas.get(f"gamma_{name}")
        if gamma is None or gamma < 0:
            continue
        found[name] = levels[len(levels) - 1 - int(gamma)]
    return found


# Given name and patronymic written in each other's field, on both sides.
SWAPPED = "given_stem_l = patronymic_key_r AND patronymic_key_l = given_stem_r"


def _comparisons() -> list:
    given = cl.CustomComparison(
        output_column_name="given_key",
        comparison_levels=[
            cll.NullLevel("given_key"),
            cll.ExactMatchLevel("given_key", term_frequency_adjustments=True),
            cll.CustomLevel(SWAPPED, label_for_charts="written as the patronymic"),
            cll.JaroWinklerLevel("given_key", 0.92),
            cll.JaroWinklerLevel("given_key", 0.85),
            cll.ElseLevel(),
        ],
    )
    patronymic = cl.CustomComparison(
        output_column_name="patronymic_key",
        comparison_levels=[
            {
                "sql_condition": (
                    "(patronymic_key_l IS NULL AND NOT patronymic_is_initial_l) "
                    "OR (patronymic_key_r IS NULL AND NOT patronymic_is_initial_r)"
                ),
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            cll.ExactMatchLevel("patronymic_key", term_frequency_adjustments=True),
            cll.CustomLevel(SWAPPED, label_for_charts="written as the given name"),
            cll.CustomLevel(
                "length(patronymic_key_l) >= 3 AND length(patronymic_key_r) >= 3 "
                "AND (starts_with(patronymic_key_l, patronymic_key_r) "
                "OR starts_with(patronymic_key_r, patronymic_key_l))",
                label_for_charts="one is the start of the other",
            ),
            cll.JaroWinklerLevel("patronymic_key", 0.9),
            cll.CustomLevel(
                "(patronymic_is_initial_l OR patronymic_is_initial_r) "
                "AND patronymic_initial_l = patronymic_initial_r",
                label_for_charts="initials agree",
            ),
            cll.ElseLevel(),
        ],
    )
    birth = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.DamerauLevenshteinLevel("birth_date", 1),
            cll.CustomLevel(
                "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
                "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
                "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)",
                label_for_charts="day and month swapped",
            ),
            cll.DamerauLevenshteinLevel("birth_date", 2),
            cll.ElseLevel(),
        ],
    )
    identity = cl.CustomComparison(
        output_column_name="regno",
        comparison_levels=[
            cll.NullLevel("regno"),
            cll.ExactMatchLevel("regno"),
            cll.DamerauLevenshteinLevel("regno", 1),
            cll.ElseLevel(),
        ],
    )
    return [
        given,
        patronymic,
        birth,
        cl.ExactMatch("sex"),
        identity,
        cl.ExactMatch("phone"),
        cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
        cl.JaroWinklerAtThresholds("locality", [0.9]).configure(
            term_frequency_adjustments=True
        ),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
    ]


# Each rule lets through the pairs that agree exactly on a few columns, so
# that a pair is compared if any one of these survived intact. Every rule
# has two or more columns of many values (or one near-unique one): the pairs
# a rule makes grow with the square of its largest blocks, and common names
# (a few per cent of people are Оюунчимэг or Бат-Эрдэнэ) make large blocks.
BLOCKS = [
    block_on("regno"),
    block_on("phone"),
    block_on("birth_date", "patronymic_initial"),
    block_on("birth_date", "substr(given_key, 1, 2)"),
    block_on("given_key", "birth_year", "patronymic_initial"),
    block_on("given_key", "patronymic_key"),
    "l.given_stem = r.patronymic_key AND l.patronymic_key = r.given_stem",
    "l.given_stem = r.patronymic_key AND l.birth_year = r.birth_year",
    block_on("postcode", "birth_year"),
]


def _prepared(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(prepare_all(records), columns=["unique_id", *PREPARED])


def train(records: list[dict], *, seed: int = 1, gammas: bool = False) -> Linker:
    """A model estimated on these records (no labelled pairs needed): the
    share of matching pairs from deterministic rules, u from random pairs, m
    by expectation maximisation within two blockings."""
    table = DuckDBAPI().register(_prepared(records))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(),
        blocking_rules_to_generate_predictions=BLOCKS,
        retain_intermediate_calculation_columns=False,
        # Splink keeps the gamma_ columns of a prediction only with these.
        retain_matching_columns=gammas,
    )
    linker = Linker(table, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("regno"), block_on("given_key", "patronymic_key", "birth_date")],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for rule in (block_on("birth_date"), block_on("given_key", "patronymic_key")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=EM_PAIRS
        )
    return linker


def find_pairs(
    records: list[dict],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    model: Path | None = None,
    seed: int = 1,
    transitive: bool = False,
    gammas: bool = False,
    term_frequencies: bool | None = None,
) -> Pairs:
    """Pairs of records (COLUMNS dicts) likely to be the same person, with
    their match probability, at or above `threshold`.

    With `model` (a saved model's JSON), or when there are too few records
    to estimate one (under MIN_TRAIN), the saved model is used: the one
    shipped with Safepath (MODEL, estimated on generated Mongolian records
    by bench/dedup_model.py) unless another is given. Otherwise the model
    is estimated on the records themselves.

    With `gammas`, each pair also carries the level each comparison reached
    (gamma_<comparison> columns; reasons() reads them).

    `term_frequencies=False` scores names as the model does for an average
    name rather than by how common they are in these records (the default:
    only from MIN_TRAIN records). A pair's probability then depends on the
    pair alone, not on which other records were compared with it."""
    if len(records) < 2:
        return Pairs(_empty())
    if model is None and len(records) < MIN_TRAIN:
        model = MODEL
    if model is not None:
        table = DuckDBAPI().register(_prepared(records))
        settings = json.loads(Path(model).read_text(encoding="utf-8"))
        if term_frequencies is False or (
            term_frequencies is None and len(records) < MIN_TRAIN
        ):
            _without_term_frequencies(settings)
        settings["retain_matching_columns"] = gammas
        linker = Linker(table, settings, log_level=logging.ERROR)
    else:
        linker = train(records, seed=seed, gammas=gammas)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    frame = predictions.as_pandas_dataframe()
    if frame.empty:
        return Pairs(_empty())
    left, right = frame["unique_id_l"].astype(str), frame["unique_id_r"].astype(str)
    swap = left > right
    frame["id_left"] = left.where(~swap, right)
    frame["id_right"] = right.where(~swap, left)
    frame["probability"] = frame["match_probability"].astype(float)
    levels = [c for c in frame.columns if c.startswith("gamma_")] if gammas else []
    frame = frame[["id_left", "id_right", "probability", *levels]]
    if transitive:
        frame = _with_transitive_pairs(frame)
    frame = frame.sort_values(["probability", "id_left", "id_right"], ascending=False)
    return Pairs(frame.reset_index(drop=True))


def _without_term_frequencies(settings: dict) -> None:
    """How common a name is cannot be told from a few records (in two
    records every name is "common"): weigh agreement as the model does for
    an average name instead."""
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
            level.pop("tf_minimum_u_value", None)


def _with_transitive_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the pairs linked only through others (A–B and B–C likely: A–C too,
    though never compared or scored lower). A pair's probability becomes
    that of the weakest link on the strongest chain between them: edges are
    joined strongest first (Kruskal), and joining two groups at probability
    p links every record of one to every record of the other at p. A group
    never grows past MAX_GROUP records: a longer chain is more likely a
    run of near-misses than one person registered that many times."""
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked: dict[tuple[str, str], float] = {}
    ordered = frame.sort_values("probability", ascending=False)
    for a, b, p in zip(
        ordered["id_left"], ordered["id_right"], ordered["probability"], strict=True
    ):
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        group_a, group_b = members.get(ra, [ra]), members.get(rb, [rb])
        if len(group_a) + len(group_b) > MAX_GROUP:
            continue
        for x in group_a:
            for y in group_b:
                linked[(x, y) if x < y else (y, x)] = p
        parent[rb] = ra
        members[ra] = group_a + group_b
        members.pop(rb, None)
    known = set(zip(frame["id_left"], frame["id_right"], strict=True))
    extra = [(a, b, p) for (a, b), p in linked.items() if (a, b) not in known]
    if not extra:
        return frame
    added = pd.DataFrame(extra, columns=["id_left", "id_right", "probability"])
    return pd.concat([frame, added], ignore_index=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["id_left", "id_right", "probability"])
