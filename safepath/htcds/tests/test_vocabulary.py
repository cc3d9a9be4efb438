"""The code's picklists are HTCDS 2.0's, checked against the field-standards
sheet (../shared/htcds/htcds_fields_2.0.csv) where it is present."""

import csv

import pytest
from django.apps import apps

from safepath.htcds.choices import HTCDS_PICKLISTS, MULTISELECT_PICKLISTS
from safepath.htcds.models import PicklistValue
from safepath.htcds.services import picklist_sync
from safepath.tests.shared import shared_file


@pytest.fixture(scope="module")
def sheet() -> dict[str, dict]:
    path = shared_file("htcds/htcds_fields_2.0.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["field"]: row for row in csv.DictReader(handle)}


def test_it_has_every_picklist_of_the_standard(sheet):
    picklists = {
        name
        for name, row in sheet.items()
        if row["type"] in ("Picklist", "Multiselect Picklist")
        and "|" in row["value_names"]
    }
    assert picklists == set(HTCDS_PICKLISTS)


def test_it_uses_the_standards_value_names_in_its_order(sheet):
    for field, choices in HTCDS_PICKLISTS.items():
        assert list(choices.values) == sheet[field]["value_names"].split("|"), field


def test_it_names_model_fields_as_the_standard_does(sheet):
    """Every prefixed model field is an HTCDS field name."""
    ours = {
        f.name
        for model in apps.get_models()
        if model._meta.app_label in ("organisations", "people", "cases")
        for f in model._meta.get_fields()
        if f.name[:4]
        in ("org_", "prs_", "vic_", "per_", "cas_", "cco_", "hte_", "con_")
    }
    assert ours <= set(sheet), ours - set(sheet)
    core_missing = {
        name
        for name, row in sheet.items()
        if row["core"] == "yes"
        and name[:4] in ("prs_", "vic_", "cas_", "con_")
        and name not in ours
    }
    # prs_MailingCountry etc. are all there; only the Person-level lookups that
    # are places (vic_Location*) are foreign keys under the same names.
    assert not core_missing, core_missing


def test_it_stores_multiselects_as_rows_the_database_can_count(db):
    for name, choices in MULTISELECT_PICKLISTS.items():
        assert set(
            PicklistValue.objects.filter(picklist=name).values_list("value", flat=True)
        ) == set(choices.values)
    assert PicklistValue.objects.filter(picklist="Country", value="MN").exists()
    assert picklist_sync() == 0  # the migration made them all


def test_it_labels_values_in_the_active_language(db):
    from django.utils import translation

    value = PicklistValue.objects.get(picklist="Country", value="MN")
    with translation.override("fr"):
        assert value.label == "Mongolie"
    with translation.override("mn"):
        assert value.label == "Монгол Улс"
