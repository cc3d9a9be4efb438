"""Picklists, places and organisations: for every user, never anonymous."""

from django.test import Client

from safepath.accounts.models import Role
from safepath.api.tests.helpers import token_client
from safepath.audit.models import AuditEvent
from safepath.places.models import Location


def test_it_gives_every_htcds_picklist_with_labels(world):
    client = token_client(world.user("own", Role.DATA_ANALYST))
    before = AuditEvent.objects.count()
    picklists = client.get("/api/v1/picklists/?language=en").json()
    fields = {p["field"]: p["values"] for p in picklists}
    assert {"cas_Status", "prs_Gender", "vic_TypeOfExploitation"} <= set(fields)
    assert {"value": "FollowUp", "label": "Follow Up"} in fields["cas_Status"]
    assert {"value": "MN", "label": "Mongolia"} in fields["prs_Citizenship"]
    one = client.get("/api/v1/picklists/?field=prs_Gender&language=fr").json()
    assert [p["field"] for p in one] == ["prs_Gender"]
    assert client.get("/api/v1/picklists/?language=de").status_code == 400
    assert AuditEvent.objects.count() == before  # reference data: no one's


def test_it_gives_places_by_level_and_parent(world):
    client = token_client(world.platform_admin)
    aimags = client.get("/api/v1/places/?level=1&page_size=100").json()
    codes = {p["code"] for p in aimags["results"]}
    assert "MN-053" in codes and all(p["level"] == 1 for p in aimags["results"])
    soums = client.get("/api/v1/places/?parent=MN-053&page_size=100").json()
    assert "MN-053/dalanzadgad" in {p["code"] for p in soums["results"]}
    place = Location.objects.get(code="MN-053/dalanzadgad")
    one = client.get(f"/api/v1/places/{place.pk}/").json()
    assert one["parent"] == "MN-053" and one["name_mn"] == place.name_mn
    assert client.get(f"/api/v1/places/{2**70}/").status_code == 404
    assert client.get("/api/v1/places/?level=-1").status_code == 400


def test_it_gives_the_directorys_organisations(world):
    client = token_client(world.user("other", Role.OUTREACH_OFFICER))
    listed = client.get("/api/v1/organisations/").json()
    assert [o["code"] for o in listed["results"]] == ["oth", "own"]
    own = client.get("/api/v1/organisations/own/").json()
    assert own["org_Name"] == "Own NGO" and own["services"] == ["Shelter"]
    assert own["location"] == "MN-053/dalanzadgad"
    assert client.get("/api/v1/organisations/?org_Type=LawEnforcement").json()[
        "count"
    ] == (0)
    world.other.is_active = False
    world.other.save(update_fields=["is_active"])
    assert client.get("/api/v1/organisations/oth/").status_code == 404


def test_it_gives_reference_data_only_with_a_token(world):
    for url in ("/api/v1/picklists/", "/api/v1/places/", "/api/v1/organisations/"):
        assert Client().get(url).status_code == 401
