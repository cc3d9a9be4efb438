"""The `safepath` command: tools that run on files, without a Safepath
installation or database.

    safepath dedup --input people.csv --output pairs.csv [--threshold 0.9]

`dedup` reads person records (columns id, given_name, patronymic,
birth_date, sex, registration_number, phone, and optionally address,
locality, postcode; any may be empty, names in either script) and writes
the pairs of records likely to be the same person: id_left, id_right,
probability. See docs/deduplication.md.
"""

import argparse
import csv
import sys
import time
from pathlib import Path

from safepath.dedup.prepare import ADDRESS_COLUMNS, COLUMNS

KNOWN = [*COLUMNS, *ADDRESS_COLUMNS]


class InputError(Exception):
    """The input file cannot be used; the message says where and why."""


def read_records(path: Path) -> list[dict]:
    """The file's records, or InputError naming the row and column of every
    problem found (up to 20)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            if "id" not in header:
                raise InputError(
                    f"{path}: the first row must name the columns, with an 'id' "
                    f"column; found: {', '.join(header) or 'nothing'}."
                )
            unknown = [name for name in header if name not in KNOWN]
            if unknown:
                raise InputError(
                    f"{path}: unknown column(s) {', '.join(unknown)}; the columns "
                    f"are {', '.join(KNOWN)}."
                )
            records, seen, problems = [], {}, []
            for row_number, row in enumerate(reader, start=2):
                if None in row:
                    problems.append(f"row {row_number}: more values than columns")
                    continue
                record = {name: (row.get(name) or "").strip() for name in KNOWN}
                if not record["id"]:
                    problems.append(f"row {row_number}, column id: empty")
                elif record["id"] in seen:
                    problems.append(
                        f"row {row_number}, column id: {record['id']!r} is also on "
                        f"row {seen[record['id']]}"
                    )
                else:
                    seen[record["id"]] = row_number
                    records.append(record)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot be read as UTF-8 CSV ({error}).") from None
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise InputError(
            f"{path}: nothing was compared, because of these problems{more}:\n  "
            + "\n  ".join(problems[:20])
        )
    return records


def write_pairs(path: Path, frame) -> None:
    """Written beside and then moved over the target: a failed run leaves no
    half-written file."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id_left", "id_right", "probability"])
        for left, right, probability in zip(
            frame["id_left"], frame["id_right"], frame["probability"], strict=True
        ):
            writer.writerow([left, right, f"{probability:.6f}"])
    partial.replace(path)


def dedup(args: argparse.Namespace) -> int:
    from safepath.dedup.engine import MODEL, find_pairs

    started = time.perf_counter()
    if args.model not in (None, "shipped") and not Path(args.model).is_file():
        print(f"safepath dedup: no model file {args.model}.", file=sys.stderr)
        return 2
    try:
        records = read_records(Path(args.input))
    except InputError as error:
        print(f"safepath dedup: {error}", file=sys.stderr)
        return 2
    print(f"{len(records)} records read; comparing...", file=sys.stderr)
    pairs = find_pairs(
        records,
        threshold=args.threshold,
        transitive=args.transitive,
        model=MODEL if args.model == "shipped" else args.model,
    )
    write_pairs(Path(args.output), pairs.frame)
    took = time.perf_counter() - started
    print(
        f"{len(pairs)} pairs at probability {args.threshold} or more written to "
        f"{args.output} in {took:.1f} s.",
        file=sys.stderr,
    )
    return 0


def _probability(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError("a probability between 0 and 1, exclusive")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="safepath")
    commands = parser.add_subparsers(dest="command", required=True)
    finder = commands.add_parser(
        "dedup", help="find records of the same person in a CSV file"
    )
    finder.add_argument("--input", required=True, help="CSV of person records")
    finder.add_argument("--output", required=True, help="CSV of pairs to write")
    finder.add_argument(
        "--threshold",
        type=_probability,
        default=0.9,
        help="lowest probability of a pair written (default 0.9)",
    )
    finder.add_argument(
        "--model",
        help=(
            "a saved model (JSON) to use instead of estimating one on the input; "
            "'shipped' for Safepath's own (used anyway under 5,000 records)"
        ),
    )
    finder.add_argument(
        "--transitive",
        action="store_true",
        help="also write pairs linked only through other records (A-B, B-C: A-C)",
    )
    args = parser.parse_args(argv)
    return dedup(args)


if __name__ == "__main__":
    sys.exit(main())
