"""Fictional service offers of the demo network, written through the services.

Every offer, contact, phone number and address here is invented.
"""

from safepath.directory.choices import ServiceType
from safepath.directory.models import ServiceOffer
from safepath.directory.services import service_offer_create
from safepath.htcds.choices import Gender
from safepath.organisations.models import Organisation
from safepath.places.models import Location

AIMAG = "MN-053"  # Ömnögovi
DALANZADGAD = "MN-053/dalanzadgad"
KHANBOGD = "MN-053/khanbogd"
TSOGTTSETSII = "MN-053/tsogttsetsii"
GURVANTES = "MN-053/gurvantes"

FEMININE = [Gender.FEMININE, Gender.TRANSGENDER_FEMININE]

# organisation, offer fields, location codes (none: nationwide)
OFFERS: list[tuple[str, dict, list[str]]] = [
    (
        "DSH",
        {
            "service_type": ServiceType.SHELTER,
            "name": "Safe house for women and girls",
            "description": (
                "Confidential accommodation, meals, clothing and a caseworker "
                "on site. Admission after a phone call, day or night."
            ),
            "min_age": 12,
            "max_age": 60,
            "genders": [Gender.FEMININE],
            "capacity": 20,
            "places_available": 6,
            "contact_name": "Уянга Жаргал",
            "phone": "+976 7053 2210",
            "email": "safehouse@example.org",
            "hours": "24 hours",
        },
        [DALANZADGAD],
    ),
    (
        "DSH",
        {
            "service_type": ServiceType.PSYCHOSOCIAL,
            "name": "Counselling for survivors of sexual exploitation",
            "description": "Individual and group sessions with a psychologist.",
            "min_age": 12,
            "genders": FEMININE,
            "capacity": 12,
            "places_available": 3,
            "contact_name": "Уянга Жаргал",
            "phone": "+976 7053 2211",
            "hours": "Mon–Fri 9:00–18:00",
        },
        [DALANZADGAD],
    ),
    (
        "OGH",
        {
            "service_type": ServiceType.MEDICAL,
            "name": "Medical examination and emergency care",
            "description": (
                "Examination, treatment and a medical certificate for the "
                "police file; a female doctor on request."
            ),
            "contact_name": "Emergency department",
            "phone": "+976 7053 0103",
            "hours": "24 hours",
        },
        [AIMAG],
    ),
    (
        "OGH",
        {
            "service_type": ServiceType.PSYCHOSOCIAL,
            "name": "Mental health consultations",
            "min_age": 16,
            "contact_name": "Маралмаа Энхболд",
            "phone": "+976 7053 0140",
            "hours": "Mon–Fri 8:30–17:30",
        },
        [DALANZADGAD],
    ),
    (
        "OPD",
        {
            "service_type": ServiceType.TRANSPORT,
            "name": "Escort to a shelter or hospital",
            "description": "A police escort from anywhere in the aimag.",
            "contact_name": "Duty officer",
            "phone": "+976 7053 0102",
            "hours": "24 hours",
        },
        [AIMAG],
    ),
    (
        "CPN",
        {
            "service_type": ServiceType.SHELTER,
            "name": "Emergency foster care for children",
            "description": "Trained foster families; siblings are kept together.",
            "max_age": 17,
            "capacity": 8,
            "places_available": 0,
            "contact_name": "Баярсайхан Очир",
            "phone": "+976 9911 0480",
            "hours": "24 hours",
        },
        [TSOGTTSETSII, KHANBOGD],
    ),
    (
        "CPN",
        {
            "service_type": ServiceType.FAMILY_TRACING,
            "name": "Family tracing and reunification for children",
            "max_age": 17,
            "contact_name": "Мөнхзул Сүх",
            "phone": "+976 9911 0481",
            "email": "tracing@example.org",
            "hours": "Mon–Fri 9:00–18:00",
        },
        [AIMAG],
    ),
    (
        "CPN",
        {
            "service_type": ServiceType.EDUCATION,
            "name": "Return-to-school support",
            "description": "Enrolment, school kit and a mentor for a year.",
            "min_age": 6,
            "max_age": 17,
            "capacity": 25,
            "places_available": 9,
            "phone": "+976 9911 0482",
        },
        [TSOGTTSETSII, KHANBOGD, GURVANTES],
    ),
    (
        "GEC",
        {
            "service_type": ServiceType.LEGAL_AID,
            "name": "Free legal counselling and court accompaniment",
            "min_age": 14,
            "contact_name": "Энхтуяа Гомбо",
            "phone": "+976 7053 3320",
            "email": "legal@example.org",
            "hours": "Mon–Sat 9:00–17:00",
        },
        [AIMAG],
    ),
    (
        "GEC",
        {
            "service_type": ServiceType.LIVELIHOOD,
            "name": "Vocational training and job placement",
            "description": "Sewing, cooking and driving courses; small grants.",
            "min_age": 16,
            "max_age": 45,
            "capacity": 15,
            "places_available": 4,
            "phone": "+976 7053 3321",
            "hours": "Mon–Fri 9:00–18:00",
        },
        [DALANZADGAD],
    ),
    (
        "IMA",
        {
            "service_type": ServiceType.RETURN_AND_REINTEGRATION,
            "name": "Return assistance for Mongolians exploited abroad",
            "description": (
                "Travel documents, the journey home and a reintegration plan."
            ),
            "min_age": 18,
            "nationalities": ["MN"],
            "contact_name": "Ганзориг Лхагва",
            "phone": "+976 7053 1100",
            "email": "return@example.org",
            "hours": "Mon–Fri 9:00–18:00",
        },
        [],
    ),
    (
        "IMA",
        {
            "service_type": ServiceType.INTERPRETATION,
            "name": "Chinese and Kazakh interpretation by phone",
            "phone": "+976 7053 1101",
            "hours": "Mon–Sun 8:00–22:00",
        },
        [],
    ),
    (
        "IMA",
        {
            "service_type": ServiceType.SHELTER,
            "name": "Transit accommodation for men",
            "description": "Rooms near the border crossing, for up to two weeks.",
            "min_age": 18,
            "genders": [Gender.MASCULINE],
            "capacity": 6,
            "places_available": 2,
            "phone": "+976 7053 1102",
            "hours": "24 hours",
        },
        [KHANBOGD],
    ),
    (
        "IMA",
        {
            "service_type": ServiceType.FINANCIAL,
            "name": "Emergency cash grant",
            "min_age": 18,
            "capacity": 30,
            "places_available": 12,
            "phone": "+976 7053 1103",
            "hours": "Mon–Fri 9:00–18:00",
        },
        [AIMAG],
    ),
]


def directory_demo_seed(*, orgs: dict[str, Organisation]) -> None:
    codes = {c for _org, _fields, location_codes in OFFERS for c in location_codes}
    places = {p.code: p for p in Location.objects.filter(code__in=codes)}
    for code, fields, location_codes in OFFERS:
        service_offer_create(
            offer=ServiceOffer(organisation=orgs[code], **fields),
            locations=[places[c] for c in location_codes],
            actor=None,
        )
