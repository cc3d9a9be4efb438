"""Finding a service for someone: by type, age, gender, place and nationality."""

import pytest

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.directory.choices import ServiceType
from safepath.directory.models import ServiceOffer
from safepath.directory.selectors import service_offers_matching
from safepath.directory.services import service_offer_create, service_offer_update
from safepath.htcds.choices import Gender
from safepath.places.models import Location


def place(code: str) -> Location:
    return Location.objects.get(code=code)


def make_offer(organisation, actor, places=(), **fields) -> ServiceOffer:
    fields.setdefault("service_type", ServiceType.SHELTER)
    fields.setdefault("name", "Offer")
    return service_offer_create(
        offer=ServiceOffer(organisation=organisation, **fields),
        locations=[place(code) for code in places],
        actor=actor,
    )


@pytest.fixture(autouse=True)
def _only_this_tests_offers(world):
    """Offers the shared test world may hold are hidden from these searches."""
    for offer in ServiceOffer.objects.filter(is_active=True):
        offer.is_active = False
        service_offer_update(
            offer=offer,
            locations=offer.locations.all(),
            changed=["is_active"],
            actor=world.platform_admin,
        )


@pytest.fixture
def offers(world):
    admin = world.user("own", Role.ORG_ADMIN)

    def offer(name, places=(), **fields):
        return make_offer(world.own, admin, places, name=name, **fields)

    return {
        "girls": offer(
            "Safe house for women and girls",
            ["MN-053/dalanzadgad"],
            genders=[Gender.FEMININE],
            min_age=12,
            max_age=60,
            capacity=20,
            places_available=6,
        ),
        "men": offer(
            "Shelter for men", ["MN-053/dalanzadgad"], genders=[Gender.MASCULINE]
        ),
        "adults": offer("Shelter for adults", ["MN-053/dalanzadgad"], min_age=18),
        "elsewhere": offer(
            "Shelter in Dornogovi", ["MN-063"], genders=[Gender.FEMININE]
        ),
        "nationwide": offer("Legal aid hotline", service_type=ServiceType.LEGAL_AID),
        "aimag": offer(
            "Hospital", ["MN-053"], service_type=ServiceType.MEDICAL, capacity=40
        ),
        "khanbogd": offer(
            "School support", ["MN-053/khanbogd"], service_type=ServiceType.EDUCATION
        ),
        "inactive": offer(
            "Closed shelter",
            ["MN-053/dalanzadgad"],
            genders=[Gender.FEMININE],
            is_active=False,
        ),
    }


def names(**criteria) -> list[str]:
    return [offer.name for offer in service_offers_matching(**criteria)]


def test_it_finds_the_shelter_for_a_girl_of_15_in_omnogovi(world, offers):
    found = names(
        service_type=ServiceType.SHELTER,
        age=15,
        gender=Gender.FEMININE,
        location=place("MN-053"),
    )
    assert found == ["Safe house for women and girls"]


def test_it_keeps_to_the_age_range_bounds_included(world, offers):
    shelters = {"service_type": ServiceType.SHELTER, "gender": Gender.FEMININE}
    assert "Safe house for women and girls" in names(age=12, **shelters)
    assert "Safe house for women and girls" in names(age=60, **shelters)
    assert "Safe house for women and girls" not in names(age=11, **shelters)
    assert "Safe house for women and girls" not in names(age=61, **shelters)
    assert "Shelter for adults" in names(age=90, **shelters)  # no upper bound


def test_it_matches_a_nationwide_offer_everywhere(world, offers):
    for code in ("MN", "MN-053", "MN-053/tsogttsetsii", "MN-063", "MN-1"):
        assert "Legal aid hotline" in names(location=place(code)), code


def test_it_finds_an_aimag_wide_offer_from_a_soum(world, offers):
    found = names(location=place("MN-053/tsogttsetsii"))
    assert "Hospital" in found
    assert "School support" not in found  # another soum of the aimag
    assert "Safe house for women and girls" not in found


def test_it_finds_a_soum_offer_from_its_aimag_and_the_country(world, offers):
    assert "School support" in names(location=place("MN-053"))
    assert "School support" in names(location=place("MN"))
    assert "School support" not in names(location=place("MN-063"))


def test_it_tells_genders_apart(world, offers):
    admin = world.user("own", Role.ORG_ADMIN)
    make_offer(world.own, admin, genders=[Gender.TRANSGENDER_FEMININE], name="T")
    assert "T" not in names(gender=Gender.FEMININE)
    assert "Safe house for women and girls" not in names(
        gender=Gender.TRANSGENDER_FEMININE
    )
    assert "T" in names(gender=Gender.TRANSGENDER_FEMININE)
    assert "Shelter for adults" in names(gender=Gender.NON_CONFORMING)  # any gender


def test_it_matches_nationalities(world, offers):
    admin = world.user("own", Role.ORG_ADMIN)
    make_offer(world.own, admin, nationalities=["MN"], name="Mongolians")
    make_offer(world.own, admin, nationalities=["RU", "CN", "KZ"], name="Three")
    assert "Mongolians" in names(nationality="MN")
    assert "Mongolians" not in names(nationality="CN")
    for code in ("CN", "KZ", "RU"):
        assert "Three" in names(nationality=code), code
    assert "Three" not in names(nationality="MN")
    assert "Shelter for adults" in names(nationality="VN")  # any nationality


def test_it_hides_inactive_offers_and_organisations(world, offers):
    assert "Closed shelter" not in names()
    world.own.is_active = False
    world.own.save(update_fields=["is_active"])
    assert names() == []


def test_it_lists_offers_with_places_free_first(world, offers):
    admin = world.user("own", Role.ORG_ADMIN)
    make_offer(world.other, world.user("other", Role.ORG_ADMIN), name="A unknown")
    make_offer(world.own, admin, name="A full", capacity=5, places_available=0)
    make_offer(world.own, admin, name="Z free", capacity=5, places_available=1)
    found = names(service_type=ServiceType.SHELTER, location=place("MN-053"))
    assert found[:2] == ["Safe house for women and girls", "Z free"]
    assert found[-1] == "A full"  # full: still listed, last
    # Then by organisation ("Other NGO" before "Own NGO"), then by name.
    assert found[2:5] == ["A unknown", "Shelter for adults", "Shelter for men"]


# --- The page ---------------------------------------------------------------------
@pytest.fixture
def caseworker(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    user = world.user("other", Role.CASEWORKER)
    user.language = "en"
    user.save()
    return sign_in(client, user)


def test_it_searches_from_the_query_string(world, offers, caseworker):
    dalanzadgad = place("MN-053/dalanzadgad")
    response = caseworker.get(
        "/directory/",
        {"service_type": "Shelter", "age": "15", "gender": "Feminine",
         "location": dalanzadgad.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert [o.name for o in response.context["page"].object_list] == [
        "Safe house for women and girls"
    ]
    body = response.content.decode()
    assert "<html" in body and "1 service" in body
    assert "6 of 20 free" in body and "Dalanzadgad, Ömnögovi" in body
    assert "Aged 12–60" in body and "Feminine" in body
    assert 'value="15"' in body  # the search stays in the form


def test_it_answers_htmx_with_the_results_only(world, offers, caseworker):
    response = caseworker.get("/directory/", {"age": "15"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    # Going back in history asks for the whole page again.
    restore = caseworker.get(
        "/directory/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


def test_it_shows_bad_input_next_to_the_field(world, offers, caseworker):
    response = caseworker.get("/directory/", {"age": "fifteen", "gender": "Feminine"})
    assert response.status_code == 200
    assert "age" in response.context["form"].errors
    assert list(response.context["page"].object_list) == []
    body = response.content.decode()
    assert 'value="fifteen"' in body
    assert '<option value="Feminine" selected>' in body


def test_it_pages_by_25_and_keeps_the_query(world, caseworker):
    admin = world.user("own", Role.ORG_ADMIN)
    for number in range(27):
        make_offer(world.own, admin, name=f"Offer {number:02d}")
    first = caseworker.get("/directory/", {"service_type": "Shelter"})
    assert len(first.context["page"].object_list) == 25
    assert "service_type=Shelter&amp;page=2" in first.content.decode()
    second = caseworker.get("/directory/", {"service_type": "Shelter", "page": "2"})
    assert [o.name for o in second.context["page"].object_list] == [
        "Offer 25",
        "Offer 26",
    ]
