"""A clearly fictional Ömnögovi network with a user for every role and a few
hundred cases, written through the same services as the pages use.

Every organisation, person and event here is invented. Names are common
Mongolian names, combined at random, in Cyrillic or Latin script.
"""

import random
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import Membership, Role, User
from safepath.assistance import services as assistance_services
from safepath.assistance.models import FollowUpTask, ServiceDelivered, SupportPlan
from safepath.cases import services as case_services
from safepath.cases.models import (
    Case,
    Consent,
    ConsentPurpose,
    PerpetratorContext,
    TraffickingEvent,
    TraffickingStatusDecision,
    VictimContext,
)
from safepath.dedup.services import duplicates_find
from safepath.directory.demo import directory_demo_seed
from safepath.hotline.demo import hotline_demo_seed
from safepath.htcds.choices import (
    CaseStatus,
    ForcedLabourIndustry,
    Gender,
    Language,
    MethodOfRecruitment,
    MethodsOfControl,
    RelationshipToTrafficker,
    RoleInProcess,
    TraffickingEventType,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
    TypeOfExploitation,
    TypeOfSexExploitation,
    Vulnerabilities,
    WebsitesAndApps,
)
from safepath.htcds.models import PicklistValue
from safepath.knowledge.demo import knowledge_demo_seed
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.places.models import Location
from safepath.prevention.demo import prevention_demo_seed
from safepath.public.demo import public_demo_seed
from safepath.referrals import services as referral_services
from safepath.referrals.models import Referral
from safepath.screening import services as screening_services
from safepath.screening.models import Assessment, IndicatorSet, Screening
from safepath.xlsforms.demo import xlsforms_demo_seed

ORGANISATIONS = [
    # code, name, HTCDS org_Type, soum
    (
        "IMA",
        "International Migration Agency, Ömnögovi office (demo)",
        "NGO",
        "dalanzadgad",
    ),
    ("GEC", "Gobi Gender Equality Centre (demo)", "NGO", "dalanzadgad"),
    ("CPN", "South Gobi Child Protection Network (demo)", "NGO", "tsogttsetsii"),
    ("OPD", "Ömnögovi Police Department (demo)", "LawEnforcement", "dalanzadgad"),
    ("DSH", "Dalanzadgad Safe House (demo)", "NGO", "dalanzadgad"),
    (
        "OGH",
        "Ömnögovi General Hospital (demo)",
        "HealthServiceOrganisation",
        "dalanzadgad",
    ),
]
# username, organisation, role, first name, last name
USERS = [
    ("demo-caseworker", "IMA", Role.CASEWORKER, "Оюунчимэг", "Батаа"),
    ("demo-supervisor", "IMA", Role.SUPERVISOR, "Ганзориг", "Лхагва"),
    ("demo-hotline", "IMA", Role.HOTLINE_OPERATOR, "Номин", "Пүрэв"),
    ("demo-outreach", "IMA", Role.OUTREACH_OFFICER, "Тэмүүжин", "Цэрэн"),
    ("demo-analyst", "IMA", Role.DATA_ANALYST, "Anne", "Martin"),
    ("demo-orgadmin", "IMA", Role.ORG_ADMIN, "Болормаа", "Дамдин"),
    ("gec-caseworker", "GEC", Role.CASEWORKER, "Сарангэрэл", "Нямаа"),
    ("gec-supervisor", "GEC", Role.SUPERVISOR, "Энхтуяа", "Гомбо"),
    ("cpn-caseworker", "CPN", Role.CASEWORKER, "Мөнхзул", "Сүх"),
    ("cpn-supervisor", "CPN", Role.SUPERVISOR, "Баярсайхан", "Очир"),
    ("dsh-caseworker", "DSH", Role.CASEWORKER, "Уянга", "Жаргал"),
    ("ogh-caseworker", "OGH", Role.CASEWORKER, "Маралмаа", "Энхболд"),
    ("opd-caseworker", "OPD", Role.CASEWORKER, "Эрдэнэбат", "Баатар"),
]
CASE_SHARE = {"IMA": 45, "GEC": 20, "CPN": 15, "DSH": 10, "OGH": 5, "OPD": 5}

FEMALE = [
    "Оюунчимэг",
    "Сарангэрэл",
    "Энхтуяа",
    "Нарантуяа",
    "Болормаа",
    "Мөнхзул",
    "Ариунаа",
    "Цэцэгмаа",
    "Золзаяа",
    "Хонгорзул",
    "Уянга",
    "Номин",
    "Анужин",
    "Маралмаа",
    "Гэрэлмаа",
    "Түмэнжаргал",
    "Солонго",
    "Алтанцэцэг",
    "Навчаа",
    "Туяа",
    "Дэлгэрмаа",
    "Одгэрэл",
    "Ану",
    "Хулан",
    "Сэлэнгэ",
    "Айгерим",
]
MALE = [
    "Бат-Эрдэнэ",
    "Батбаяр",
    "Ганзориг",
    "Төмөрбаатар",
    "Тэмүүжин",
    "Мөнх-Эрдэнэ",
    "Эрдэнэбат",
    "Болд",
    "Ганбат",
    "Сүхбат",
    "Баярсайхан",
    "Түвшинбаяр",
    "Энхбат",
    "Пүрэвдорж",
    "Отгонбаяр",
    "Билгүүн",
    "Хүрэлбаатар",
    "Жавхлан",
    "Ерлан",
]
PATRONYMS = [
    "Дорж",
    "Батаа",
    "Ганбаатар",
    "Лхагва",
    "Пүрэв",
    "Цэрэн",
    "Дамдин",
    "Нямаа",
    "Гомбо",
    "Сүх",
    "Энхболд",
    "Баатар",
    "Мөнх",
    "Очир",
    "Жаргал",
    "Цогт",
    "Хишиг",
    "Түмэн",
    "Бямба",
    "Даваа",
    "Нурлан",
]
DECISION_BASES = [
    "Screening interview and the person's account, confirmed by payroll records.",
    "Police investigation file; found at the work site without documents.",
    "Interview with a social worker and a doctor's report.",
    "Court decision in the criminal case.",
]
COMMENTS = [
    "Утсаар холбогдож, байдлыг нь асуув. Аюулгүй байгаа.",
    "Эмнэлгийн үзлэгт хамт явсан.",
    "Хууль зүйн зөвлөгөө авах цаг товлосон.",
    "Ээжтэй нь уулзаж, гэр бүлийн нөхцөлийг ярилцав.",
    "Called to check in; she is safe and staying with her aunt.",
    "Wants to go back to school in September; to discuss at next visit.",
]
EVENT_PLACES = [
    (TraffickingEventType.RECRUITMENT, "MN", "MN-053/dalanzadgad", ""),
    (TraffickingEventType.RECRUITMENT, "MN", "MN-053/khanbogd", ""),
    (TraffickingEventType.RECRUITMENT, "MN", "MN-1/songinokhairkhan", ""),
    (TraffickingEventType.TRANSIT, "MN", "MN-053/gurvantes", ""),
    (TraffickingEventType.TRANSIT, "MN", "MN-063", ""),
    (TraffickingEventType.EXPLOITATION, "MN", "MN-053/tsogttsetsii", ""),
    (TraffickingEventType.EXPLOITATION, "MN", "MN-053/khanbogd", ""),
    (TraffickingEventType.EXPLOITATION, "CN", None, "Erenhot"),
    (TraffickingEventType.EXPLOITATION, "CN", None, "Baotou"),
    (TraffickingEventType.EXPLOITATION, "KR", None, "Seoul"),
]

_ROMAN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "ye", "ё": "yo",
          "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
          "н": "n", "о": "o", "ө": "u", "п": "p", "р": "r", "с": "s", "т": "t",
          "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
          "щ": "sh", "ъ": "i", "ы": "y", "ь": "i", "э": "e", "ю": "yu",
          "я": "ya"}  # fmt: skip


def romanise(name: str) -> str:
    """Everyday English spelling of a Mongolian name (Түвшинбаяр → Tuvshinbayar)."""
    latin = "".join(_ROMAN.get(c, c) for c in name.lower())
    return "-".join(part.capitalize() for part in latin.split("-"))


def registration_number(rng: random.Random, born: date, female: bool) -> str:
    letters = "".join(rng.choice("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯӨҮ") for _ in range(2))
    month = born.month + (20 if born.year >= 2000 else 0)
    sex_digit = rng.choice("02468" if female else "13579")
    return f"{letters}{born:%y}{month:02d}{born:%d}{sex_digit}{rng.randint(0, 9)}"


@dataclass
class DemoLogin:
    username: str
    role: str
    organisation: str
    totp_key: str | None


def _values(picklist: str, values: list[str]) -> list[PicklistValue]:
    return list(PicklistValue.objects.filter(picklist=picklist, value__in=values))


def _place(code: str | None) -> Location | None:
    return Location.objects.get(code=code) if code else None


def _organisations() -> dict[str, Organisation]:
    made = {}
    for code, name, org_type, soum in ORGANISATIONS:
        made[code] = Organisation.objects.create(
            code=code.lower(),
            org_Name=name,
            org_Type=org_type,
            org_ShippingCity="Dalanzadgad",
            org_ShippingState="Ömnögovi",
            org_ShippingCountry="MN",
            org_Phone="+976 7053 0000",
            location=Location.objects.get(code=f"MN-053/{soum}"),
        )
    return made


def _users(orgs: dict[str, Organisation], password: str) -> list[DemoLogin]:
    logins = []
    admin = User.objects.create_superuser(
        username="demo-platform-admin", password=password, email="", language="en"
    )
    admin.first_name, admin.last_name = "Platform", "Admin"
    admin.save()
    for username, org, role, first, last in USERS:
        user = User.objects.create_user(
            username=username, password=password, first_name=first, last_name=last
        )
        Membership.objects.create(user=user, organisation=orgs[org], role=role)
    for user in User.objects.prefetch_related("memberships__organisation"):
        memberships = list(user.memberships.all())
        needs_2fa = user.is_superuser or any(
            m.role != Role.DATA_ANALYST for m in memberships
        )
        key = None
        if needs_2fa:
            device = TOTPDevice.objects.create(user=user, name="Demo", confirmed=True)
            key = device.key
        logins.append(
            DemoLogin(
                username=user.username,
                role=", ".join(m.get_role_display() for m in memberships)
                or "platform admin",
                organisation=", ".join(
                    m.organisation.code.upper() for m in memberships
                ),
                totp_key=key,
            )
        )
    return logins


def _person(rng: random.Random, org: Organisation, today: date) -> tuple[Person, list]:
    female = rng.random() < 0.78
    given = rng.choice(FEMALE if female else MALE)
    patronym = rng.choice(PATRONYMS)
    latin = rng.random() < 0.3
    age = rng.choice([rng.randint(12, 17), rng.randint(18, 45), rng.randint(18, 30)])
    born = today - timedelta(days=age * 365 + rng.randint(0, 364))
    person = Person(
        organisation=org,
        prs_FirstName=romanise(given) if latin else given,
        prs_SecondName=romanise(patronym) if latin else patronym,
        prs_Birthdate=born,
        birthdate_is_estimate=rng.random() < 0.15,
        prs_Gender=Gender.FEMININE if female else Gender.MASCULINE,
        prs_PrimaryLanguage=Language.KAZ
        if given in ("Айгерим", "Ерлан")
        else Language.MON,
        prs_MobilePhone=(
            f"+976 {rng.choice('89')}{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        ),
        location=Location.objects.get(
            code=rng.choice(
                ["MN-053/dalanzadgad"] * 4
                + [
                    "MN-053/khanbogd",
                    "MN-053/tsogttsetsii",
                    "MN-053/gurvantes",
                    "MN-053/bayandalai",
                    "MN-053/nomgon",
                    "MN-1/songinokhairkhan",
                    "MN-1/bayanzurkh",
                    "MN-063",
                ]
            )
        ),
    )
    if rng.random() < 0.6:
        person.prs_IdentityNumber = registration_number(rng, born, female)
    citizenship = _values("Country", ["MN"] if rng.random() < 0.95 else ["CN"])
    return person, citizenship


def _exploitation(rng: random.Random, minor: bool) -> list[str]:
    kinds = rng.choice(
        [
            [TypeOfExploitation.FORCED_LABOUR],
            [TypeOfExploitation.FORCED_LABOUR],
            [TypeOfExploitation.SEXUAL_EXPLOITATION],
            [TypeOfExploitation.SEXUAL_EXPLOITATION],
            [TypeOfExploitation.FORCED_MARRIAGE],
            [TypeOfExploitation.FORCED_LABOUR, TypeOfExploitation.SEXUAL_EXPLOITATION],
            [TypeOfExploitation.SERVITUDE],
        ]
    )
    if minor and TypeOfExploitation.FORCED_LABOUR in kinds:
        kinds = [*kinds, TypeOfExploitation.CHILD_LABOUR]
    return kinds


def _registered_again(
    rng: random.Random, earlier: Person, org: Organisation
) -> tuple[Person, list]:
    """The same person registered a second time, as happens: in the other
    script, or with the patronymic cut to its initial; the registration
    number given half the time; no phone."""
    given, patronym = earlier.prs_FirstName, earlier.prs_SecondName
    if re.fullmatch(r"[A-Za-z -]+", given):
        patronym = f"{patronym[:1]}."
    else:
        given, patronym = romanise(given), romanise(patronym)
    person = Person(
        organisation=org,
        prs_FirstName=given,
        prs_SecondName=patronym,
        prs_Birthdate=earlier.prs_Birthdate,
        prs_Gender=earlier.prs_Gender,
        prs_PrimaryLanguage=earlier.prs_PrimaryLanguage,
        location=earlier.location,
        prs_IdentityNumber=earlier.prs_IdentityNumber if rng.random() < 0.5 else "",
    )
    return person, list(earlier.prs_Citizenship.all())


def _case(rng, org, owner, today: date, again: Person | None = None) -> Case:
    if again is None:
        person, citizenship = _person(rng, org, today)
    else:
        person, citizenship = _registered_again(rng, again, org)
    opened = today - timedelta(days=rng.randint(0, 700))
    minor = (opened - person.prs_Birthdate).days < 18 * 365
    case = Case(organisation=org, cas_CaseOwner=owner, opened_on=opened)
    if rng.random() < 0.5:
        case.next_follow_up = today + timedelta(days=rng.randint(-20, 40))
    status = rng.choice(TraffickingStatus.values)
    victim = VictimContext(
        vic_AgeWhenTrafficked=max(
            0, (opened - person.prs_Birthdate).days // 365 - rng.randint(0, 2)
        ),
        vic_RelationshipToTrafficker=rng.choice(RelationshipToTrafficker.values),
    )
    kinds = _exploitation(rng, minor)
    case = case_services.case_register(
        person=person,
        citizenship=citizenship,
        case=case,
        victim=victim,
        victim_many={"vic_TypeOfExploitation": _values("TypeOfExploitation", kinds)},
        consent_to_record=rng.random() < 0.9,
        actor=owner,
    )
    _details(rng, case, victim, kinds, owner, today)
    if rng.random() < 0.8:
        case_services.consent_record(
            case=case,
            consent=Consent(
                con_Consent=True,
                purpose=ConsentPurpose.ANONYMISED_STATISTICS,
                given_on=opened,
            ),
            actor=owner,
        )
    if status != TraffickingStatus.POSSIBLE_VICTIM_OF_TRAFFICKING:
        _decision(rng, case, status, owner, today)
    return case


def _decision(rng, case: Case, status: str, owner, today: date) -> None:
    """The status is set by a decision, approved where the organisation asks
    for it (most of them; some are left waiting for the demo's home page)."""
    decision = case_services.decision_record(
        case=case,
        decision=TraffickingStatusDecision(
            vic_TraffickingStatus=status,
            vic_TraffickingStatusDecisionMakingOrg=rng.choice(
                TraffickingStatusDecisionMakingOrg.values
            ),
            decided_on=min(today, case.opened_on + timedelta(days=rng.randint(1, 60))),
            basis=rng.choice(DECISION_BASES),
        ),
        actor=owner,
    )
    if decision.state == TraffickingStatusDecision.State.PENDING:
        approver = (
            User.objects.filter(
                memberships__organisation_id=case.organisation_id,
                memberships__role=Role.SUPERVISOR,
            )
            .exclude(pk=owner.pk)
            .first()
        )
        if approver is not None and rng.random() < 0.85:
            case_services.decision_review(
                decision=decision, approve=True, note="", actor=approver
            )


def _screenings(rng, org: Organisation, today: date) -> None:
    """Anonymous screenings at the resource centre, a few joined to cases."""
    operator = User.objects.get(username="demo-hotline")
    caseworker = User.objects.get(username="demo-caseworker")
    indicator_set = IndicatorSet.objects.get(key="ilo-ec-2009", is_current=True)
    codes = [
        i["code"]
        for d in indicator_set.definition["dimensions"]
        for i in d["indicators"]
    ]
    cases = list(Case.objects.filter(organisation=org).order_by("reference")[:4])
    for number in range(12):
        screening = screening_services.screening_start(
            screening=Screening(
                organisation=org,
                profile=rng.choice(["AL", "AL", "AS", "CL"]),
                interviewed_on=today - timedelta(days=rng.randint(0, 120)),
                alias=rng.choice(["Б.", "Н.О.", "Saraa", "Т-1", ""]),
                location=_place("MN-053/dalanzadgad"),
                from_paper=rng.random() < 0.2,
            ),
            actor=operator,
        )
        found = set(rng.sample(codes, rng.randint(0, 9)))
        screening.answers = {c: "yes" if c in found else "no" for c in codes}
        screening.save(update_fields=["answers"])
        screening_services.screening_complete(screening=screening, actor=operator)
        if number < len(cases):
            screening_services.screening_attach(
                screening=screening, case=cases[number], actor=caseworker
            )
            assessment = screening_services.assessment_start(
                assessment=Assessment(assessed_on=today), case=cases[number],
                actor=caseworker,
            )  # fmt: skip
            factors = [
                f["code"]
                for level in assessment.template.definition["levels"]
                for f in level["factors"]
            ]
            answers = {f: rng.choice(["risk", "protective", "neither", "unknown"])
                       for f in factors}  # fmt: skip
            screening_services.assessment_answer(
                assessment=assessment, level="all", answers=answers, notes="",
                actor=caseworker,
            )  # fmt: skip
            screening_services.assessment_complete(
                assessment=assessment, actor=caseworker
            )


def _details(rng, case: Case, victim: VictimContext, kinds, owner, today: date) -> None:
    if TypeOfExploitation.FORCED_LABOUR in kinds:
        victim.vic_ForcedLabourIndustry = rng.choice(
            [ForcedLabourIndustry.B_MINING_AND_QUARRYING] * 3
            + [
                ForcedLabourIndustry.F_CONSTRUCTION,
                ForcedLabourIndustry.H_TRANSPORTATION_AND_STORAGE,
                ForcedLabourIndustry.I_ACCOMMODATION_AND_FOOD_SERVICE_ACTIVITIES,
                ForcedLabourIndustry.A_AGRICULTURE_FORESTRY_AND_FISHING,
            ]
        )
    victim.vic_LocationOfRecruitment = _place(
        rng.choice(
            ["MN-053/dalanzadgad", "MN-053/khanbogd", "MN-1/songinokhairkhan", None]
        )
    )
    victim.vic_LocationOfExploitation = _place(
        rng.choice(["MN-053/tsogttsetsii", "MN-053/khanbogd", "MN-053/gurvantes", None])
    )
    many = {
        "vic_MethodOfRecruitment": _values(
            "MethodOfRecruitment",
            rng.sample(
                [
                    MethodOfRecruitment.THROUGH_ONLINE_SOCIAL_NETWORKS,
                    MethodOfRecruitment.THROUGH_AN_ONLINE_ADVERTISEMENT,
                    MethodOfRecruitment.THROUGH_FRIENDS_OR_SOCIAL_EVENTS,
                    MethodOfRecruitment.THROUGH_FAMILY_OR_FAMILY_EVENTS,
                    MethodOfRecruitment.AT_WORK,
                ],
                k=rng.randint(1, 2),
            ),
        ),
        "vic_RecruitmentWebsitesAndApps": _values(
            "WebsitesAndApps",
            rng.sample(
                [
                    WebsitesAndApps.FACEBOOK,
                    WebsitesAndApps.WE_CHAT,
                    WebsitesAndApps.FACEBOOK_MESSENGER,
                    WebsitesAndApps.TELEGRAM,
                ],
                k=rng.randint(0, 2),
            ),
        ),
        "vic_MethodsOfControl": _values(
            "MethodsOfControl", rng.sample(MethodsOfControl.values, k=rng.randint(1, 4))
        ),
        "vic_Vulnerabilities": _values(
            "Vulnerabilities",
            rng.sample(
                [
                    Vulnerabilities.POVERTY,
                    Vulnerabilities.MIGRATION,
                    Vulnerabilities.EDUCATION,
                    Vulnerabilities.ABUSE_PHYSICAL,
                    Vulnerabilities.ADDICTION,
                ],
                k=rng.randint(1, 3),
            ),
        ),
    }
    if TypeOfExploitation.SEXUAL_EXPLOITATION in kinds:
        many["vic_TypeOfSexExploitation"] = _values(
            "TypeOfSexExploitation",
            rng.sample(TypeOfSexExploitation.values, k=rng.randint(1, 2)),
        )
    case_services.victim_context_update(
        case=case, victim=victim, many=many, changed=[], actor=owner
    )
    # Recruitment, then transit, then exploitation, in the months before the
    # case was opened.
    order = list(TraffickingEventType.values)
    events = sorted(
        rng.sample(EVENT_PLACES, k=rng.randint(0, 3)), key=lambda e: order.index(e[0])
    )
    day = case.opened_on - timedelta(days=rng.randint(60, 500))
    for kind, country, code, city in events:
        day += timedelta(days=rng.randint(1, 50))
        case_services.event_save(
            case=case,
            event=TraffickingEvent(
                hte_Type=kind,
                hte_Country=country,
                location=_place(code),
                hte_City=city,
                hte_Date=min(day, case.opened_on),
            ),
            changed=[],
            actor=owner,
        )
    if rng.random() < 0.25:
        perpetrator = Person(
            organisation=case.organisation,
            prs_FirstName=rng.choice(MALE + FEMALE),
            prs_SecondName=rng.choice(PATRONYMS),
            prs_Gender=rng.choice([Gender.MASCULINE, Gender.FEMININE]),
        )
        case_services.perpetrator_save(
            case=case,
            perpetrator=PerpetratorContext(per_RoleDetails=""),
            person=perpetrator,
            citizenship=_values("Country", [rng.choice(["MN", "MN", "CN"])]),
            person_changed=[],
            roles=_values(
                "RoleInProcess",
                [
                    rng.choice(
                        [
                            RoleInProcess.RECRUITER_OR_INTERMEDIARY,
                            RoleInProcess.TRANSPORTER,
                            RoleInProcess.EXPLOITER,
                        ]
                    )
                ],
            ),
            changed=[],
            actor=owner,
        )
    for _ in range(rng.randint(0, 3)):
        case_services.comment_add(case=case, text=rng.choice(COMMENTS), actor=owner)
    if rng.random() < 0.3:
        case_services.consent_record(
            case=case,
            consent=Consent(
                purpose=ConsentPurpose.REFERRAL, con_Consent=rng.random() < 0.8
            ),
            actor=owner,
        )
    roll = rng.random()
    if roll < 0.25:
        case.cas_Status = CaseStatus.FOLLOW_UP
    elif roll < 0.40:
        case.cas_Status = CaseStatus.CLOSED
        case.cas_ReasonForCaseClosure = (
            "Support plan completed; she returned to her family."
        )
    if case.cas_Status != CaseStatus.ACTIVE:
        case_services.case_change_status(case=case, changed=["cas_Status"], actor=owner)


SPL_TYPES = ["SocialCare", "Health", "Education", "Legal", "Livelihood"]
TASKS = [
    "Call to check she arrived safely",
    "Accompany to the hospital appointment",
    "Ask the soum governor's office about the birth certificate",
    "Visit the family in Tsogttsetsii",
]


def _assistance_and_referrals(
    rng: random.Random, orgs: dict[str, Organisation], today: date
) -> None:
    """Support plans, services and tasks for some open cases of the lead
    organisation, and referrals to the safe house and the hospital: some
    answered, some waiting, one overdue."""
    shelter, hospital = orgs["DSH"], orgs["OGH"]
    receiver = User.objects.get(username="dsh-caseworker")
    cases = list(
        Case.objects.filter(organisation=orgs["IMA"], cas_Status=CaseStatus.ACTIVE)
        .select_related("cas_CaseOwner")
        .order_by("reference")[:40]
    )
    for number, case in enumerate(cases):
        owner = case.cas_CaseOwner
        started = today - timedelta(days=rng.randint(5, 120))
        assistance_services.support_plan_save(
            case=case,
            plan=SupportPlan(
                spl_Type=rng.choice(SPL_TYPES),
                spl_Objectives="Safe accommodation, medical check, return to school.",
                spl_PlannedEndDate=started + timedelta(days=90),
            ),
            changed=[],
            actor=owner,
        )
        assistance_services.service_delivered_save(
            case=case,
            service=ServiceDelivered(
                service_type=rng.choice(["Shelter", "Medical", "Psychosocial"]),
                provided_by=rng.choice([shelter, hospital, orgs["IMA"]]),
                started_on=started,
                location=_place("MN-053/dalanzadgad"),
            ),
            changed=[],
            actor=owner,
        )
        if number % 3 == 0:
            assistance_services.task_save(
                case=case,
                task=FollowUpTask(
                    title=rng.choice(TASKS),
                    due_on=today + timedelta(days=rng.randint(-5, 10)),
                ),
                changed=[],
                actor=owner,
            )
        if number >= 12:
            continue
        case_services.consent_record(
            case=case,
            consent=Consent(
                purpose=ConsentPurpose.REFERRAL,
                con_Consent=True,
                method="Written",
                sections=["identity", "exploitation", "assistance"],
            ),
            organisations=[shelter, hospital],
            actor=owner,
        )
        referral = referral_services.referral_send(
            case=case,
            referral=Referral(
                to_organisation=shelter if number % 4 else hospital,
                reason="AdditionalServicesRequired",
                urgency=rng.choice(["High", "Normal", "Low"]),
                services_requested=["Shelter"] if number % 4 else ["Medical"],
                sections=["identity", "exploitation"],
            ),
            actor=owner,
        )
        if number == 0:
            Referral.objects.filter(pk=referral.pk).update(
                sent_at=timezone.now() - timedelta(days=5),
                respond_by=timezone.now() - timedelta(days=2),
            )
        elif number % 3 == 1 and referral.to_organisation == shelter:
            referral_services.referral_accept(referral=referral, actor=receiver)
        elif number % 3 == 2 and referral.to_organisation == shelter:
            referral_services.referral_decline(
                referral=referral, actor=receiver, reason="No bed free this week."
            )


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # nosec B311  # fictional data, the same every run


@transaction.atomic
def demo_seed(*, cases: int = 300, seed: int = 2026, password: str | None = None):
    """Create the demo network. Returns (password, logins)."""
    rng = _rng(seed)
    password = password or secrets.token_urlsafe(9)
    orgs = _organisations()
    # The lead organisation has decisions approved by a supervisor.
    orgs["IMA"].status_decisions_need_approval = True
    orgs["IMA"].save(update_fields=["status_decisions_need_approval"])
    # The partners agreed to the lead's programme-wide statistics.
    for code, org in orgs.items():
        if code != "IMA":
            org.shares_statistics_with.add(orgs["IMA"])
    logins = _users(orgs, password)
    directory_demo_seed(orgs=orgs)
    today = timezone.localdate()
    owners = {
        code: list(
            User.objects.filter(
                memberships__organisation=org,
                memberships__role__in=[Role.CASEWORKER, Role.SUPERVISOR],
            )
        )
        for code, org in orgs.items()
    }
    codes = [code for code, share in CASE_SHARE.items() for _ in range(share)]
    # The last few cases are people registered before, again: every other
    # one by the lead organisation, twice (for its supervisors' duplicates
    # queue), the others by any.
    again = max(2, cases // 25)
    made: list[Case] = []
    for i in range(cases):
        code, earlier = rng.choice(codes), None
        if i >= cases - again and made:
            same = (cases - i) % 2 == 0
            pool = [
                c
                for c in made[: max(1, len(made) // 2)]
                if not same or c.organisation_id == orgs["IMA"].pk
            ]
            earlier = rng.choice(pool or made).person
            if same:
                code = "IMA"
        made.append(
            _case(rng, orgs[code], rng.choice(owners[code]), today, again=earlier)
        )
    restricted = Case.objects.filter(organisation=orgs["IMA"]).order_by("reference")[:3]
    supervisor = User.objects.get(username="demo-supervisor")
    for case in restricted:
        case_services.case_set_restriction(
            case=case, is_restricted=True, users=[supervisor], actor=case.cas_CaseOwner
        )
    _screenings(rng, orgs["IMA"], today)
    _assistance_and_referrals(_rng(seed + 1), orgs, today)
    hotline_demo_seed(organisation=orgs["IMA"], rng=_rng(seed + 2))
    knowledge_demo_seed(organisation=orgs["IMA"])
    public_demo_seed(organisation=orgs["IMA"])
    prevention_demo_seed(organisation=orgs["IMA"], rng=_rng(seed + 3))
    xlsforms_demo_seed(organisation=orgs["IMA"], rng=_rng(seed + 4))
    duplicates_find()
    return password, logins
