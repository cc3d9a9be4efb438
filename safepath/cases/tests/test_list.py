import pytest

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases import services
from safepath.conftest import register_case, sign_in, values
from safepath.htcds.choices import CaseStatus
from safepath.places.models import Location


@pytest.fixture
def people(world):
    owner = world.user("own", Role.CASEWORKER)
    return {
        "bat": register_case(world.own, owner, "Бат-Эрдэнэ", "Дорж"),
        "tuvshin": register_case(world.own, owner, "Tuvshinbayar", "Bold"),
        "oyun": register_case(world.own, owner, "Оюунчимэг", "Цэрэн"),
    }


def search(client, **data) -> list[str]:
    response = client.post("/cases/", data)
    assert response.status_code == 200
    return [c.reference for c in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query",
    [
        "Bat-Erdene",
        "Baterdene",
        "Бат-Эрдэнэ",
        "Бат-Эрдэнэ Д.",
        "BAT ERDENE",
        "батэрдэнэ",
        "Д. Бат-Эрдэнэ",
    ],
)
def test_it_finds_a_name_in_either_script(world, client, people, query):
    sign_in(client, world.user("own", Role.CASEWORKER))
    assert search(client, q=query) == [people["bat"].reference]


def test_it_finds_a_latin_name_typed_in_cyrillic(world, client, people):
    sign_in(client, world.user("own", Role.CASEWORKER))
    assert search(client, q="Түвшинбаяр") == [people["tuvshin"].reference]
    # A part of a compound name is a word of its own; other prefixes are not
    # indexed (docs/decisions.md, "Blind indexes").
    assert search(client, q="Эрдэнэ") == [people["bat"].reference]
    assert search(client, q="Оюун") == []


def test_it_finds_by_reference_registration_number_and_phone(world, client, people):
    sign_in(client, world.user("own", Role.CASEWORKER))
    assert search(client, q=people["oyun"].reference.lower()) == [
        people["oyun"].reference
    ]
    # The world's case: ЧБ03271614 and +976 9911 2233, typed the way people type.
    assert search(client, q="ChB03271614") == []  # not a look-alike: no match
    assert search(client, q="чб 03271614") == [world.case.reference]
    assert search(client, q="ЧБ03271615") == []  # exact: one digit off finds nobody
    assert search(client, q="99112233") == [world.case.reference]


def test_it_never_puts_the_search_in_the_url(world, client, people):
    sign_in(client, world.user("own", Role.CASEWORKER))
    page = client.get("/cases/").content.decode()
    assert 'method="post" action="/cases/"' in page
    # A name in the query string is ignored, not searched.
    response = client.get("/cases/?q=Бат-Эрдэнэ")
    assert len(response.context["page"].object_list) == 4


def test_it_filters_by_status_exploitation_industry_place_and_owner(
    world, client, people
):
    owner = world.user("own", Role.CASEWORKER)
    bat = people["bat"]
    bat.cas_Status = CaseStatus.FOLLOW_UP
    services.case_change_status(case=bat, changed=["cas_Status"], actor=owner)
    victim = people["oyun"].victim
    victim.vic_ForcedLabourIndustry = "B_MiningAndQuarrying"
    victim.vic_LocationOfExploitation = Location.objects.get(code="MN-053/tsogttsetsii")
    services.victim_context_update(
        case=people["oyun"],
        victim=victim,
        many={
            "vic_TypeOfExploitation": values("TypeOfExploitation", "SexualExploitation")
        },
        changed=[],
        actor=owner,
    )
    sign_in(client, world.user("own", Role.SUPERVISOR))
    assert search(client, status=["FollowUp"]) == [bat.reference]
    assert search(client, exploitation="SexualExploitation") == [
        people["oyun"].reference
    ]
    assert search(client, industry="B_MiningAndQuarrying") == [people["oyun"].reference]
    omnogovi = Location.objects.get(code="MN-053")
    assert search(client, location=omnogovi.pk) == [people["oyun"].reference]
    assert len(search(client, owner=owner.pk)) == 4
    assert search(client, owner=world.user("own", Role.SUPERVISOR).pk) == []
    assert search(client, status=["FollowUp"], q="Оюунчимэг") == []


def test_it_pages_long_lists(world, client, settings):
    settings.CASES_PER_PAGE = 2
    owner = world.user("own", Role.CASEWORKER)
    for n in range(4):
        register_case(world.own, owner, f"Name{n}", "Test")
    sign_in(client, owner)
    first = search(client)
    second = search(client, page=2)
    third = search(client, page=3)
    assert len(first) == len(second) == 2 and len(third) == 1
    assert not set(first) & set(second)
    assert search(client, page=99) == third  # past the end: the last page


def test_it_answers_htmx_with_the_results_only(world, client, people):
    sign_in(client, world.user("own", Role.CASEWORKER))
    response = client.post("/cases/", {"q": "Оюунчимэг"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert people["oyun"].reference in body


def test_it_audits_who_saw_which_case_in_a_list(world, client, people):
    user = world.user("own", Role.CASEWORKER)
    sign_in(client, user)
    search(client, q="Оюунчимэг")
    assert AuditEvent.objects.filter(
        actor=user, action="case.list", target_id=str(people["oyun"].pk)
    ).exists()
    assert not AuditEvent.objects.filter(
        actor=user, action="case.list", target_id=str(people["bat"].pk)
    ).exists()


def test_it_shows_my_cases_and_follow_ups_due_on_the_home_page(world, client, people):
    from datetime import timedelta

    from django.utils import timezone

    owner = world.user("own", Role.CASEWORKER)
    bat = people["bat"]
    bat.next_follow_up = timezone.localdate() - timedelta(days=2)
    services.case_update(case=bat, changed=["next_follow_up"], actor=owner)
    sign_in(client, owner)
    response = client.get("/")
    assert [c.reference for c in response.context["due"]] == [bat.reference]
    assert bat.reference in [c.reference for c in response.context["my_cases"]]
    assert "overdue" in response.content.decode()
    # The supervisor sees the team's due follow-ups too.
    supervisor = sign_in(type(client)(), world.user("own", Role.SUPERVISOR))
    assert [c.reference for c in supervisor.get("/").context["due"]] == [bat.reference]


def test_it_lists_a_page_in_the_same_number_of_queries_however_full(world, client):
    owner = world.user("own", Role.CASEWORKER)
    sign_in(client, owner)
    client.post("/cases/")  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.post("/cases/", {"q": ""})
    for n in range(10):
        register_case(world.own, owner, f"Name{n}", "Test")
    with CaptureQueriesContext(connection) as many:
        client.post("/cases/", {"q": ""})
    assert len(many) == len(few), [q["sql"][:80] for q in many]


def test_it_shows_a_case_page_in_the_same_number_of_queries_however_full(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = world.user("own", Role.CASEWORKER)
    sign_in(client, owner)
    url = f"/cases/{world.case.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for text in ["a", "b", "c"]:
        services.comment_add(case=world.case, text=text, actor=owner)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
