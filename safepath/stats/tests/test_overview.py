from safepath.accounts.models import Role
from safepath.conftest import register_case, sign_in
from safepath.stats.selectors import SMALL_COUNT


def test_it_counts_without_showing_anyone(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    owner = world.user("own", Role.CASEWORKER)
    for n in range(SMALL_COUNT):
        register_case(world.own, owner, f"Name{n}", "Test")
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    response = client.get("/statistics/")
    stats = response.context["stats"]
    assert stats["total"] == SMALL_COUNT + 1
    assert ("Forced labour", SMALL_COUNT + 1) in stats["by_exploitation"]
    assert ("Active", SMALL_COUNT + 1) in stats["by_status"]
    body = response.content.decode()
    assert "Сэржмядаг" not in body and "Name0" not in body
    assert world.case.reference not in body


def test_it_hides_small_counts(world, client):
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    stats = client.get("/statistics/").context["stats"]
    assert stats["total"] == 1
    assert all(count is None for _label, count in stats["by_status"])


def test_it_counts_only_the_analysts_organisation(world, client):
    sign_in(client, world.user("other", Role.DATA_ANALYST))
    assert client.get("/statistics/").context["stats"]["total"] == 1
