"""The CTDC release files are read where they are (../shared/data/ctdc), never
copied; the expected counts are computed from them with pandas, apart from
the import code."""

from pathlib import Path

import pandas as pd
import pytest

from safepath.tests.shared import shared_file

KANON_HEADER = (
    "yearOfRegistration,gender,ageBroad,citizenship,isForcedLabour,"
    "isSexualExploit,CountryOfExploitation"
)
VP_HEADER = (
    "yearRegister,gender,majorityStatus,isForcedLabour,isSexualExploit,"
    "UN_COO_Region,UN_COE_Region,IP_Exploiter,IP_Gender,IP_ageBroad,"
    "IP_citizen_UNRegion,IP_Relation,IP_PayMoney,IP_RecruiterBroker,"
    "IP_TransactionProcess,IP_ControlAbuseKidnap"
)


def read_raw(path: Path) -> pd.DataFrame:
    """Every cell as written: no NaN for "" and no "NA" (Namibia) lost."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_csv(directory: Path, name: str, lines: list[str]) -> Path:
    path = directory / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def kanon_csv() -> Path:
    return shared_file("data/ctdc/ctdc_kanon_2020_extract.csv")


@pytest.fixture
def vp_csv() -> Path:
    return shared_file("data/ctdc/CTDC_VPsynthetic_condensed.csv")


@pytest.fixture
def ctdc_regions() -> dict[str, str]:
    """CTDC's own country -> UN region table (the victim–perpetrator data
    dictionary), with the Americas and Oceania merged as that release does."""
    path = shared_file("data/ctdc/CTDC_VPsynthetic_dict_20221201.xlsx")
    sheet = pd.read_excel(path, sheet_name="Region", dtype=str, keep_default_na=False)
    merged = {"Americas": "Americas/Oceania", "Oceania": "Americas/Oceania"}
    return {
        row.ISO2: merged.get(row.UNRegion, row.UNRegion)
        for row in sheet.itertuples()
        if row.UNRegion not in ("", "NULL")
    }
