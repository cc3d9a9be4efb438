"""Estimate the duplicate finder's saved model (safepath/dedup/model.json),
used where there are too few records to estimate one (a single
organisation's people at registration, small files).

    .venv/bin/python bench/dedup_model.py [--people 50000] [--seed 11]

The model is estimated, without labels, on fictional Mongolian records made
by bench/mongolian_people.py with a seed other than the benchmark's (7), so
the benchmark never scores records the model was estimated on.
"""

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    from safepath.dedup.engine import MODEL, train

    output = args.output or MODEL
    with tempfile.TemporaryDirectory() as folder:
        people = Path(folder) / "people.csv"
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                str(ROOT / "bench" / "mongolian_people.py"),
                "--people",
                str(args.people),
                "--seed",
                str(args.seed),
                "--output",
                str(people),
            ],
            check=True,
        )
        with people.open(encoding="utf-8") as handle:
            records = list(csv.DictReader(handle))
    started = time.perf_counter()
    linker = train(records, seed=args.seed)
    linker.misc.save_model_to_json(str(output), overwrite=True)
    print(
        f"model estimated on {len(records)} records in "
        f"{time.perf_counter() - started:.1f} s, written to {output}"
    )


if __name__ == "__main__":
    main()
