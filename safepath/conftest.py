"""The test cast: two organisations with a user for every role, a platform admin
and a case with every part, all made through the services."""

import logging
from dataclasses import dataclass, field
from datetime import date

import pytest
from django import forms
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import Role, User
from safepath.accounts.services import user_create
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
from safepath.directory.models import ServiceOffer
from safepath.directory.services import service_offer_create
from safepath.hotline import services as hotline_services
from safepath.hotline.models import Contact
from safepath.htcds.choices import Gender, TraffickingEventType
from safepath.htcds.models import PicklistValue
from safepath.knowledge.models import Article
from safepath.knowledge.services import article_create
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.places.models import Location
from safepath.prevention import services as prevention_services
from safepath.prevention.models import (
    Activity,
    Campaign,
    Module,
    Participant,
    Question,
    Training,
)
from safepath.public.models import AnonymousReport, ResourceCentre
from safepath.public.services import anonymous_report_submit, resource_centre_save
from safepath.referrals import services as referral_services
from safepath.referrals.models import Referral
from safepath.screening import services as screening_services
from safepath.screening.models import Assessment, Screening

PASSWORD = "correct horse battery staple"  # noqa: S105 - test users only


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (test_login checks it); tests hash many
    # passwords and do not need it to be slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_organisation(code: str, name: str) -> Organisation:
    return Organisation.objects.create(
        code=code,
        org_Name=name,
        org_Type="NGO",
        location=Location.objects.get(code="MN-053/dalanzadgad"),
    )


def make_user(organisation: Organisation, role: str, username: str) -> User:
    return user_create(
        organisation=organisation,
        role=role,
        username=username,
        first_name=username.title(),
        last_name="Test",
        email="",
        password=PASSWORD,
        created_by=None,
    )


def values(picklist: str, *names: str) -> list[PicklistValue]:
    return list(PicklistValue.objects.filter(picklist=picklist, value__in=names))


def register_case(
    organisation: Organisation,
    owner: User,
    first_name: str = "Бат-Эрдэнэ",
    second_name: str = "Дорж",
    **person_fields,
) -> Case:
    person = Person(
        prs_FirstName=first_name,
        prs_SecondName=second_name,
        prs_Gender=person_fields.pop("prs_Gender", Gender.MASCULINE),
        **person_fields,
    )
    return case_services.case_register(
        person=person,
        citizenship=values("Country", "MN"),
        case=Case(organisation=organisation, cas_CaseOwner=owner),
        victim=VictimContext(),
        victim_many={
            "vic_TypeOfExploitation": values("TypeOfExploitation", "ForcedLabour")
        },
        consent_to_record=True,
        actor=owner,
    )


@dataclass
class World:
    own: Organisation
    other: Organisation
    users: dict[str, User] = field(default_factory=dict)  # "own:caseworker", ...
    platform_admin: User | None = None
    case: Case | None = None
    other_case: Case | None = None
    screening: Screening | None = None
    decision: TraffickingStatusDecision | None = None
    assessment: Assessment | None = None
    offer: ServiceOffer | None = None
    referral: Referral | None = None
    contact: Contact | None = None
    article: Article | None = None
    anonymous_report: AnonymousReport | None = None
    training: Training | None = None
    participant: Participant | None = None
    module: Module | None = None
    question: Question | None = None
    campaign: Campaign | None = None
    activity: Activity | None = None

    def user(self, side: str, role: str) -> User:
        return self.users[f"{side}:{role}"]


def build_world() -> World:
    world = World(
        own=make_organisation("own", "Own NGO"),
        other=make_organisation("oth", "Other NGO"),
    )
    for side, organisation in (("own", world.own), ("other", world.other)):
        for role in Role.values:
            world.users[f"{side}:{role}"] = make_user(
                organisation, role, f"{side}-{role}".replace("_", "-")
            )
    world.platform_admin = User.objects.create_superuser(
        username="platform", password=PASSWORD, email=""
    )
    owner = world.user("own", Role.CASEWORKER)
    world.case = register_case(
        world.own,
        owner,
        "Сэржмядаг",
        "Хишигдорж",
        prs_Birthdate=date(2003, 7, 16),
        prs_IdentityNumber="ЧБ03271614",
        prs_MobilePhone="+976 9911 2233",
        prs_Gender=Gender.MASCULINE,
    )
    case = world.case
    case_services.comment_add(case=case, text="Уулзалт болсон.", actor=owner)
    case_services.event_save(
        case=case,
        event=TraffickingEvent(hte_Type=TraffickingEventType.RECRUITMENT),
        changed=[],
        actor=owner,
    )
    case_services.perpetrator_save(
        case=case,
        perpetrator=PerpetratorContext(),
        person=Person(prs_FirstName="Жавхлантөгс"),
        citizenship=[],
        person_changed=[],
        roles=values("RoleInProcess", "Exploiter"),
        changed=[],
        actor=owner,
    )
    case_services.consent_record(
        case=case,
        consent=Consent(
            purpose=ConsentPurpose.REFERRAL,
            con_Consent=True,
            sections=["exploitation", "identification"],
        ),
        organisations=[world.other],
        actor=owner,
    )
    world.screening = screening_services.screening_start(
        screening=Screening(
            organisation=world.own,
            profile="AL",
            interviewed_on=date(2026, 1, 5),
            alias="Гэрэлээ",
        ),
        actor=owner,
    )
    # The own organisation asks for a supervisor's approval of decisions.
    world.own.status_decisions_need_approval = True
    world.own.save(update_fields=["status_decisions_need_approval"])
    world.decision = case_services.decision_record(
        case=case,
        decision=TraffickingStatusDecision(
            vic_TraffickingStatus="ActualVictimOfTrafficking",
            vic_TraffickingStatusDecisionMakingOrg="NGO",
            decided_on=date(2026, 2, 1),
            basis="Ярилцлага, баримт бичиг.",
        ),
        actor=owner,
    )
    world.assessment = screening_services.assessment_start(
        assessment=Assessment(assessed_on=date(2026, 2, 2)), case=case, actor=owner
    )
    assistance_services.support_plan_save(
        case=case, plan=SupportPlan(spl_Type="Health"), changed=[], actor=owner
    )
    assistance_services.service_delivered_save(
        case=case,
        service=ServiceDelivered(
            service_type="Shelter",
            provided_by=world.own,
            started_on=date(2026, 1, 6),
        ),
        changed=[],
        actor=owner,
    )
    assistance_services.task_save(
        case=case,
        task=FollowUpTask(title="Эмчид үзүүлэх", due_on=date(2026, 1, 10)),
        changed=[],
        actor=owner,
    )
    world.offer = service_offer_create(
        offer=ServiceOffer(
            organisation=world.own, service_type="Shelter", name="Safe house"
        ),
        locations=[Location.objects.get(code="MN-053/dalanzadgad")],
        actor=world.user("own", Role.ORG_ADMIN),
    )
    # Referred to the other organisation, which sees only what happened and
    # the identification: never the name, contact, comments or perpetrators.
    world.referral = referral_services.referral_send(
        case=case,
        referral=Referral(
            to_organisation=world.other,
            reason="AdditionalServicesRequired",
            urgency="High",
            services_requested=["Shelter"],
            sections=["exploitation", "identification"],
        ),
        actor=owner,
    )
    world.contact = hotline_services.contact_record(
        contact=Contact(
            organisation=world.own,
            caller_type="Migrant",
            topic="JobOfferCheck",
            information_given="Солонгост ажлын санал, Болдбаатар гэдэг зуучлагч.",
        ),
        code_word="тэмээ",
        actor=world.user("own", Role.HOTLINE_OPERATOR),
    )
    world.article = article_create(
        article=Article(
            organisation=world.own,
            topic="Visas",
            title_mn="Гадаадад ажиллах виз",
            body_mn="Хөдөлмөр, халамжийн үйлчилгээний газраас лавлаарай.",
        ),
        actor=world.user("own", Role.SUPERVISOR),
    )
    resource_centre_save(
        centre=ResourceCentre(
            organisation=world.own,
            name_mn="Мэдээллийн төв",
            address_mn="Даланзадгад",
            hours_mn="Даваа–Баасан 9:00–18:00",
            hotline_number="7000-0000",
        ),
        actor=None,
    )
    world.anonymous_report = anonymous_report_submit(
        report=AnonymousReport(
            what_seen="Болдбаатар гэдэг зуучлагч паспортыг нь авсан.", language="mn"
        )
    )
    world.other_case = register_case(
        world.other, world.user("other", Role.CASEWORKER), "Оюунчимэг", "Батаа"
    )
    _prevention(world)
    return world


def _prevention(world: World) -> None:
    """A training with a participant (whose name only the own prevention
    staff may see), a module of the organisation's own, and a campaign."""
    officer = world.user("own", Role.OUTREACH_OFFICER)
    world.training = prevention_services.training_save(
        training=Training(
            organisation=world.own,
            title="Илрүүлэх сургалт",
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 3),
        ),
        modules=Module.objects.filter(organisation=None, key="identification"),
        actor=officer,
    )
    world.participant = prevention_services.participant_save(
        participant=Participant(
            training=world.training,
            name="Должинсүрэн",
            sector="Medical",
            gender="Feminine",
        ),
        actor=officer,
    )
    world.module = prevention_services.module_save(
        module=Module(organisation=world.own, name_mn="Уурхайн ажилчид"), actor=officer
    )
    world.question = prevention_services.question_save(
        question=Question(
            module=world.module,
            text_mn="Паспортоо ажил олгогчид өгөх үү?",
            options=[{"mn": "Тийм"}, {"mn": "Үгүй"}],
            correct=1,
        ),
        actor=officer,
    )
    world.campaign = prevention_services.campaign_save(
        campaign=Campaign(
            organisation=world.own, title="Аюулгүй шилжилт", starts_on=date(2026, 1, 1)
        ),
        actor=officer,
    )
    world.activity = prevention_services.activity_save(
        activity=Activity(
            campaign=world.campaign,
            kind="MiningCamp",
            held_on=date(2026, 2, 1),
            audience="MineWorkers",
        ),
        reach={("Feminine", "25-59"): 10},
        actor=officer,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


def sign_in(client: Client, user: User) -> Client:
    """Signed in and past the second factor, as after the login pages."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_factory():
    return Client


def pytest_report_header(config) -> list[str]:
    from django.conf import settings

    from safepath.tests.browser import browser_status

    db = settings.DATABASES["default"]
    where = f"{db.get('HOST') or 'local'}:{db.get('PORT') or '-'}"
    return [
        f"safepath database: {db['ENGINE'].rsplit('.', 1)[-1]} at {where}",
        f"safepath browser tests: {browser_status()}",
    ]


def _field_data(bound) -> object:
    value = bound.value()
    if isinstance(bound.field, forms.BooleanField):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def form_data(response, *form_names: str) -> dict:
    """What a browser would post back from the page's forms, unchanged:
    the values shown, the hidden initial values and the version."""
    data: dict = {}
    for name in form_names or ("form",):
        for bound in response.context[name]:
            value = _field_data(bound)
            if value is None:
                continue
            data[bound.html_name] = value
            if bound.field.show_hidden_initial:
                data[bound.html_initial_name] = value
    return data


def edit(client: Client, url: str, *form_names: str, **changes):
    """Open an edit page, change some fields (None unticks or empties one)
    and save, as a person would."""
    data = form_data(client.get(url), *form_names)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(url, data)


# --- Every log line the suite produces, for tests/test_logs.py ------------------
class LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


LOG_CAPTURE = LogCapture()
# Loggers that do not pass records on to the root logger get the handler too.
CAPTURED_LOGGERS = ["", "django.request", "django.server", "safepath"]


def pytest_sessionstart(session) -> None:
    for name in CAPTURED_LOGGERS:
        logging.getLogger(name).addHandler(LOG_CAPTURE)


def pytest_collection_modifyitems(config, items) -> None:
    """The log scan runs after everything else."""
    last = [item for item in items if item.get_closest_marker("after_all")]
    items[:] = [item for item in items if item not in last] + last
