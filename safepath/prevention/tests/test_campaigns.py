from datetime import date

import pytest

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.prevention.models import Activity, Reach
from safepath.prevention.tests.helpers import make_campaign


@pytest.fixture
def officer(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.OUTREACH_OFFICER))
    return client


def test_an_activity_records_reach_by_gender_and_age(world, officer):
    response = officer.post(
        "/prevention/campaigns/new/",
        {
            "organisation": world.own.pk,
            "title": "Safe migration",
            "starts_on": "2026-01-01",
            "partners": [world.other.pk],
        },  # fmt: skip
    )
    campaign = world.own.campaigns.get()
    assert response["Location"] == campaign.get_absolute_url()
    url = f"/prevention/campaigns/{campaign.pk}/activities/new/"
    data = {"kind": "MiningCamp", "held_on": "2026-02-03", "audience": "MineWorkers",
            "reach_Feminine_18_24": "12", "reach_Masculine_25_59": "30",
            "reach_NonSpecifiedUnknown_60plus": "2"}  # fmt: skip
    response = officer.post(url, {**data, "held_on": "2025-12-31"})
    assert "The date is outside the campaign" in response.content.decode()
    assert response.context["form"]["reach_Masculine_25_59"].value() == "30"
    response = officer.post(url, {**data, "estimated_reach": "500"})
    assert "Count the people present" in response.content.decode()
    assert officer.post(url, data).status_code == 302
    activity = Activity.objects.get()
    assert {(r.gender, r.age_group, r.people) for r in Reach.objects.all()} == {
        ("Feminine", "18-24", 12), ("Masculine", "25-59", 30),
        ("NonSpecifiedUnknown", "60+", 2),
    }  # fmt: skip
    page = officer.get(campaign.get_absolute_url())
    assert page.context["totals"]["counted"] == 44
    # Editing replaces the grid.
    edit = officer.get(f"/prevention/activities/{activity.pk}/edit/")
    assert edit.context["form"]["reach_Feminine_18_24"].value() == 12
    officer.post(
        f"/prevention/activities/{activity.pk}/edit/",
        {**data, "reach_Feminine_18_24": "", "version": activity.version},
    )
    assert Reach.objects.count() == 2


def test_media_needs_an_estimated_reach(world, officer):
    campaign = make_campaign(world)
    url = f"/prevention/campaigns/{campaign.pk}/activities/new/"
    data = {"kind": "Radio", "held_on": "2026-02-03", "audience": "GeneralPublic"}
    response = officer.post(url, data)
    assert "Give the estimated reach" in response.content.decode()
    assert officer.post(url, {**data, "estimated_reach": "12000"}).status_code == 302
    assert Activity.objects.get().estimated_reach == 12000


def test_another_organisations_campaign_is_not_found(world, officer):
    campaign = make_campaign(world, organisation=world.other, starts=date(2026, 1, 1))
    assert officer.get(campaign.get_absolute_url()).status_code == 404
