import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from safepath.screening.models import IndicatorSet
from safepath.screening.services import DATA, indicator_set_save
from safepath.tests.shared import shared_file


@pytest.fixture
def current(db) -> IndicatorSet:
    return IndicatorSet.objects.get(key="ilo-ec-2009", is_current=True)


def test_it_ships_the_ilo_ec_set(current):
    definition = current.definition
    assert [d["code"] for d in definition["dimensions"]] == [
        "DR",
        "CR",
        "VR",
        "EX",
        "CD",
        "VD",
    ]
    counts = [len(d["indicators"]) for d in definition["dimensions"]]
    # Adult labour list: 10/10/16/9/15/7 (the per-dimension counts Seafish publishes).
    assert counts == [10, 10, 16, 9, 15, 7]


def test_it_matches_the_reference_it_was_written_from(current):
    import yaml  # noqa: PLC0415 - only this test reads YAML

    reference = yaml.safe_load(shared_file("reference/ilo_indicators.yaml").read_text())
    ours = {
        i["code"]: i["strength"]
        for d in current.definition["dimensions"]
        for i in d["indicators"]
    }
    theirs = {
        i["id"]: {p: i.get(p) for p in ("AL", "AS", "CL", "CS")}
        for d in reference["dimensions"]
        for i in d["indicators"]
    }
    assert ours == theirs


def test_it_makes_a_new_version_on_edit_and_keeps_the_old(current):
    edited = copy.deepcopy(current.definition)
    edited["dimensions"][0]["indicators"][0]["label"]["en"] = "Lied to about the job"
    new = indicator_set_save(definition=edited)
    assert new.version == current.version + 1 and new.is_current
    current.refresh_from_db()
    assert not current.is_current
    assert current.definition["dimensions"][0]["indicators"][0]["label"]["en"] != (
        "Lied to about the job"
    )
    assert (
        indicator_set_save(definition=edited).pk == new.pk
    )  # unchanged: no new version


def test_it_lists_every_problem_and_stores_nothing(current):
    broken = copy.deepcopy(current.definition)
    broken["dimensions"][1]["code"] = "DR"
    broken["dimensions"][2]["indicators"][0]["strength"]["AL"] = "huge"
    broken["rules"]["suggestion"]["adult"] = {"all_of": ["EX", "XX"]}
    with pytest.raises(ValidationError) as error:
        indicator_set_save(definition=broken)
    messages = " ".join(error.value.messages)
    assert "dimensions[1]" in messages and "dimensions[2].indicators[0]" in messages
    assert "XX" in messages
    assert IndicatorSet.objects.count() == 1


def test_it_loads_a_file_from_the_command(current, tmp_path, capsys):
    call_command("load_indicator_set")
    assert "version 1 is current" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"key": "x"}))
    with pytest.raises(CommandError, match="dimensions"):
        call_command("load_indicator_set", str(bad))
    assert (DATA / "ilo_ec_2009.json").exists()


def test_it_lets_a_platform_admin_add_a_version_in_the_admin(current, client):
    from safepath.accounts.models import User
    from safepath.conftest import sign_in

    admin = User.objects.create_superuser(username="platform", password="x" * 20)
    sign_in(client, admin)
    page = client.get("/admin/screening/indicatorset/add/")
    assert page.status_code == 200
    assert "Deceived about wages" in page.content.decode()  # starts from the current
    edited = copy.deepcopy(current.definition)
    edited["dimensions"][0]["label"]["mn"] = "Хууран мэхэлсэн элсүүлэлт"
    response = client.post(
        "/admin/screening/indicatorset/add/", {"definition": json.dumps(edited)}
    )
    assert response.status_code == 302
    assert IndicatorSet.objects.get(is_current=True).version == 2
    bad = client.post("/admin/screening/indicatorset/add/", {"definition": "{}"})
    assert bad.status_code == 200 and "title" in bad.content.decode()
    assert (
        client.get(f"/admin/screening/indicatorset/{current.pk}/change/").status_code
        == 200
    )
