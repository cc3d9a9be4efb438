from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from safepath.ctdc.models import CtdcRecord
from safepath.ctdc.tests.conftest import KANON_HEADER, write_csv


def test_it_imports_the_files_and_prints_the_records_per_dataset(db, vp_csv, tmp_path):
    kanon = write_csv(
        tmp_path, "kanon.csv", [KANON_HEADER] + ["2016,Female,18--20,PH,0.0,1.0,MY"] * 3
    )
    out = StringIO()
    with translation.override("en"):
        call_command("import_ctdc", str(kanon), str(vp_csv), stdout=out)
    lines = out.getvalue().splitlines()
    assert "kanon.csv: 3/3" in lines
    assert "CTDC_VPsynthetic_condensed.csv: 21195/21195" in lines
    assert lines[-2:] == [
        "CTDC k-anonymised global data (2020 extract): 3 records",
        "CTDC victim–perpetrator synthetic data: 21195 records",
    ]


def test_it_stops_with_the_problems_and_imports_none_of_the_files(db, tmp_path):
    good = write_csv(tmp_path, "good.csv", [KANON_HEADER, "2016,Male,,,,,"])
    bad = write_csv(
        tmp_path, "bad.csv", [KANON_HEADER, "2016,Male,,,,,", "2016,M,,,,,"]
    )
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_ctdc", str(good), str(bad), stdout=StringIO())
    assert (
        str(error.value)
        .splitlines()[1]
        .startswith("Row 3, column gender: “M” is not in the codebook")
    )
    assert not CtdcRecord.objects.exists()


def test_it_names_a_file_it_cannot_open(db, tmp_path):
    with pytest.raises(CommandError, match="missing.csv"):
        call_command("import_ctdc", str(tmp_path / "missing.csv"))
