"""Erasing a person: their name is then nowhere, the statistics still count
the case, and the erasure is audited."""

import json
from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.utils import translation

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases import services as case_services
from safepath.cases.models import (
    Case,
    Consent,
    ConsentPurpose,
    PerpetratorContext,
    TraffickingEvent,
    VictimContext,
)
from safepath.conftest import World, build_world, sign_in, values
from safepath.dedup.models import MatchPair, Merge
from safepath.dedup.services import duplicates_find, persons_merge
from safepath.hotline import services as hotline_services
from safepath.hotline.models import Contact
from safepath.htcds.choices import Gender, TraffickingEventType
from safepath.htcds.exports import htcds_export
from safepath.jobs.models import Job, JobOutput
from safepath.jobs.services import job_output_save
from safepath.openrosa import services as openrosa_services
from safepath.openrosa.protocol import parse_instance
from safepath.openrosa.tests.helpers import (
    INTAKE_VALUES,
    JPEG,
    instance_xml,
    register_device,
)
from safepath.openrosa.xforms import intake_form
from safepath.people.models import Person, PersonSearchToken
from safepath.people.search import initial_token, tokens_for
from safepath.referrals import services as referral_services
from safepath.referrals.models import Referral
from safepath.retention.models import ErasureReason, ErasureRecord
from safepath.retention.services import person_erase
from safepath.screening import services as screening_services
from safepath.screening.models import Screening
from safepath.stats.models import CaseFact
from safepath.tests.test_data_at_rest import database_bytes
from safepath.xlsforms.models import SectionAnswers
from safepath.xlsforms.services import answers_save
from safepath.xlsforms.tests.forms import SMALL
from safepath.xlsforms.tests.forms import upload as upload_section


@pytest.fixture(autouse=True)
def english(settings):
    """Messages and pages in English (the default language is Mongolian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


FIRST, SECOND = "Zzyzxqorbat", "Qwertuulaan"
# The same person recorded twice, spelt differently: merged into the first.
VARIANT_FIRST, VARIANT_SECOND = "Zzyzxqorbaat", "Qwertuulan"
NAMES = [FIRST, SECOND, VARIANT_FIRST, VARIANT_SECOND]
PHONE = "+976 8877 6655"


def _intake(world: World) -> Case:
    """The person's case, opened from an ODK intake with a photo: the XML
    and the photo hold the name too."""
    caseworker = world.user("own", Role.CASEWORKER)
    device, _token = register_device(world, "own", Role.CASEWORKER)
    values_ = {
        **INTAKE_VALUES,
        "prs_FirstName": FIRST,
        "prs_SecondName": SECOND,
        "prs_MobilePhone": PHONE,
    }
    xml = instance_xml(intake_form(), "uuid:erasure-intake", values_)
    photo = JPEG[:-2] + f"{FIRST} {SECOND}".encode() + JPEG[-2:]
    submission = openrosa_services.submission_receive(
        device=device,
        xml=xml,
        instance=parse_instance(xml),
        files=[openrosa_services.File("1712345678.jpg", "image/jpeg", photo)],
    ).submission
    return openrosa_services.submission_accept_intake(
        submission=submission,
        person=Person(
            prs_FirstName=FIRST,
            prs_SecondName=SECOND,
            prs_Gender=Gender.FEMININE,
            prs_Birthdate=date(2001, 5, 4),
            prs_MobilePhone=PHONE,
            prs_IdentityNumber="УК01250414",
            prs_Email="zzyzxqorbat@example.org",
            prs_MailingStreet=f"{SECOND} street 4",
        ),
        citizenship=values("Country", "MN"),
        case=Case(cas_CaseOwner=caseworker, opened_on=date(2026, 3, 1)),
        victim=VictimContext(vic_DetailsOfVulnerabilities=f"{FIRST} has debts."),
        victim_many={
            "vic_TypeOfExploitation": values("TypeOfExploitation", "ForcedLabour")
        },
        consent_to_record=True,
        actor=caseworker,
    )


def _case_parts(world: World, case: Case) -> None:
    """Everything else a case can hold, each part naming the person."""
    caseworker = world.user("own", Role.CASEWORKER)
    named = f"{FIRST} {SECOND}"
    case_services.comment_add(case=case, text=f"Called {named}.", actor=caseworker)
    case_services.event_save(
        case=case,
        # hte_City is stored in clear: the raw database then holds the name.
        event=TraffickingEvent(
            hte_Type=TraffickingEventType.EXPLOITATION,
            hte_City=f"{SECOND} camp",
            hte_Description=f"{named} was kept at the mine.",
        ),
        changed=[],
        actor=caseworker,
    )
    case_services.perpetrator_save(
        case=case,
        perpetrator=PerpetratorContext(per_RoleDetails=f"Recruited {FIRST}."),
        person=Person(prs_FirstName="Perpetratorname"),
        citizenship=[],
        person_changed=[],
        roles=values("RoleInProcess", "Exploiter"),
        changed=[],
        actor=caseworker,
    )
    case_services.consent_record(
        case=case,
        consent=Consent(
            purpose=ConsentPurpose.REFERRAL,
            con_Consent=True,
            sections=["exploitation"],
            notes=f"{FIRST} agreed on the phone.",
        ),
        organisations=[world.other],
        actor=caseworker,
    )
    referral_services.referral_send(
        case=case,
        referral=Referral(
            to_organisation=world.other,
            reason="AdditionalServicesRequired",
            urgency="High",
            services_requested=["Shelter"],
            sections=["exploitation"],
            details=f"{named} needs a shelter.",
        ),
        actor=caseworker,
    )
    screening = screening_services.screening_start(
        screening=Screening(
            organisation=world.own,
            profile="AL",
            interviewed_on=date(2026, 2, 20),
            alias=FIRST,
        ),
        actor=caseworker,
    )
    screening_services.screening_attach(
        screening=screening, case=case, actor=caseworker
    )
    hotline_services.contact_record(
        contact=Contact(
            organisation=world.own,
            caller_type="Victim",
            topic="JobOfferCheck",
            caller_name=named,
            information_given=f"{FIRST} called about a job offer.",
            case=case,
        ),
        phone=PHONE,
        actor=world.user("own", Role.HOTLINE_OPERATOR),
    )
    section = upload_section(
        world.own, world.user("own", Role.SUPERVISOR), kind="case", form=SMALL
    )
    saved, _evaluation = answers_save(
        section=section,
        record=case,
        values={"place": f"With {SECOND}'s aunt"},
        counts={},
        expected_version=0,
        actor=caseworker,
    )
    assert saved is not None
    # Exports still kept for download: the organisation's (its file holds
    # the person) and another organisation's (it does not).
    for organisation in (world.own, world.other):
        supervisor = world.user(
            "own" if organisation == world.own else "other", Role.SUPERVISOR
        )
        job = Job.objects.create(
            kind=Job.Kind.HTCDS_EXPORT,
            organisation=organisation,
            created_by=supervisor,
            status=Job.Status.SUCCEEDED,
        )
        content, name = htcds_export(
            cases=Case.objects.filter(organisation=organisation),
            fmt="csv",
            password="an export password of the test",
            actor=supervisor,
        )
        job_output_save(job=job, name=name, content=content)


def _duplicate(world: World, case: Case) -> None:
    """A second record of the person, found by the duplicate search and
    merged into theirs."""
    supervisor = world.user("own", Role.SUPERVISOR)
    case_services.case_register(
        person=Person(
            prs_FirstName=VARIANT_FIRST,
            prs_SecondName=VARIANT_SECOND,
            prs_Gender=Gender.FEMININE,
            prs_Birthdate=date(2001, 5, 4),
            prs_MobilePhone=PHONE,
            prs_HomePhone="+976 7011 2233",
        ),
        citizenship=values("Country", "MN"),
        case=Case(organisation=world.own, cas_CaseOwner=supervisor),
        victim=VictimContext(),
        victim_many={},
        consent_to_record=True,
        actor=supervisor,
    )
    duplicates_find(organisation=world.own)
    pair = (
        MatchPair.objects.get(left=case.person)
        if MatchPair.objects.filter(left=case.person).exists()
        else MatchPair.objects.get(right=case.person)
    )
    persons_merge(pair=pair, keep=case.person, actor=supervisor)


def _text_values(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def names_in_database() -> list[str]:
    """Every (model, field) holding one of the names, read through the ORM
    so that encrypted values are decrypted: every text, JSON and encrypted
    column of every model."""
    found = []
    for model in apps.get_models():
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            or f.get_internal_type() == "TextField"
        ]
        if not columns:
            continue
        for row in model._base_manager.values_list(*columns):
            for column, value in zip(columns, row, strict=True):
                text = _text_values(value).casefold()
                found += [
                    f"{model._meta.label}.{column}: {name}"
                    for name in NAMES
                    if name.casefold() in text
                ]
    return found


def name_tokens() -> set[str]:
    """The blind-index tokens of the names, identity number and phones (not
    the initials, which many people share)."""
    tokens = set()
    for first, second in ((FIRST, SECOND), (VARIANT_FIRST, VARIANT_SECOND)):
        person = Person(
            prs_FirstName=first,
            prs_SecondName=second,
            prs_IdentityNumber="УК01250414",
            prs_MobilePhone=PHONE,
            prs_HomePhone="+976 7011 2233",
        )
        tokens |= tokens_for(person) - {initial_token(w) for w in (first, second)}
    return tokens


def names_in_files() -> list[str]:
    found = []
    for path in settings.VAR_DIR.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {n}" for n in NAMES if n.encode() in data]
    return found


def case_statistics(case: Case) -> dict:
    fact = CaseFact.objects.filter(case=case).values().get()
    victim = VictimContext.objects.get(case=case)
    return {
        **fact,
        "exploitation_values": sorted(
            victim.vic_TypeOfExploitation.values_list("value", flat=True)
        ),
        "citizenship": sorted(
            Person.objects.get(pk=case.person_id).prs_Citizenship.values_list(
                "value", flat=True
            )
        ),
    }


@pytest.fixture
def erased_world(db) -> tuple[World, Case]:
    world = build_world()
    case = _intake(world)
    _case_parts(world, case)
    _duplicate(world, case)
    return world, case


# Outside a transaction: SQLite's VACUUM INTO (database_bytes) needs it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_leaves_the_name_nowhere(erased_world, tmp_path):
    world, case = erased_world
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    # The name is everywhere first, so that each check below can fail.
    assert len({hit.split(":")[0] for hit in names_in_database()}) >= 15
    assert PersonSearchToken.objects.filter(token__in=name_tokens()).exists()
    assert SECOND.encode() in database_bytes(tmp_path / "before")
    assert Merge.objects.filter(kept=case.person).exists()
    assert SectionAnswers.objects.filter(case=case).exists()
    assert JobOutput.objects.filter(job__organisation=world.own).exists()
    statistics = case_statistics(case)
    facts = CaseFact.objects.count()

    record = person_erase(
        person=case.person,
        actor=world.user("own", Role.SUPERVISOR),
        reason=ErasureReason.REQUEST,
    )

    assert names_in_database() == []
    assert not PersonSearchToken.objects.filter(token__in=name_tokens()).exists()
    raw = database_bytes(tmp_path / "after")
    assert not [n for n in NAMES if n.encode() in raw]
    assert names_in_files() == []
    # The organisation's export files are gone; another's stays.
    assert not JobOutput.objects.filter(job__organisation=world.own).exists()
    assert JobOutput.objects.filter(job__organisation=world.other).exists()
    assert "jobs.joboutput" in record.fields
    # The case is still counted, with the same coded values.
    assert case_statistics(case) == statistics
    assert CaseFact.objects.count() == facts
    assert Case.objects.get(pk=case.pk).age_band == statistics["age_band"] != ""
    # Kept: the erasure's record and its audit, with field names only.
    # Both cases: the merged record's moved to the person's.
    person_cases = Case.objects.filter(person=case.person).values_list("pk", flat=True)
    assert len(person_cases) == 2
    assert sorted(record.cases) == sorted(str(pk) for pk in person_cases)
    assert ErasureRecord.objects.get(person=case.person).reason == "request"
    erase = AuditEvent.objects.get(action="person.erase", target_id=str(case.person_id))
    assert "prs_FirstName" in erase.fields
    assert AuditEvent.objects.filter(
        action="case.anonymise", target_id=str(case.pk)
    ).exists()
    call_command("verify_audit", verbosity=0)
    person = Person.objects.get(pk=case.person_id)
    assert person.erased_at is not None
    assert str(person) == "erased"


def test_it_refuses_to_erase_twice(erased_world):
    world, case = erased_world
    supervisor = world.user("own", Role.SUPERVISOR)
    person_erase(person=case.person, actor=supervisor, reason=ErasureReason.REQUEST)
    with pytest.raises(Exception, match="already been erased"):
        person_erase(person=case.person, actor=supervisor, reason=ErasureReason.REQUEST)


@pytest.fixture
def world(db) -> World:
    return build_world()


def test_it_erases_from_the_confirmation_page(world, client):
    case = world.case
    sign_in(client, world.user("own", Role.SUPERVISOR))
    detail = client.get(case.get_absolute_url()).content.decode()
    url = f"/retention/cases/{case.pk}/erase/"
    assert url in detail
    page = client.get(url).content.decode()
    assert "cannot be undone" in page
    wrong = client.post(url, {"reason": "request", "confirm": "OWN-0000-1"})
    assert wrong.status_code == 200
    assert Person.objects.get(pk=case.person_id).erased_at is None
    response = client.post(url, {"reason": "request", "confirm": case.reference})
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "Сэржмядаг" not in detail
    assert "personal data erased on" in detail
    assert url not in detail
    assert Person.objects.get(pk=case.person_id).erased_at is not None


@pytest.mark.parametrize(
    ("side", "role"),
    [("own", Role.CASEWORKER), ("own", Role.ORG_ADMIN), ("other", Role.SUPERVISOR)],
)
def test_it_hides_the_page_from_others(world, client, side, role):
    case = world.case
    sign_in(client, world.user(side, role))
    url = f"/retention/cases/{case.pk}/erase/"
    assert client.get(url).status_code == 404
    posted = client.post(url, {"reason": "request", "confirm": case.reference})
    assert posted.status_code == 404
    assert Person.objects.get(pk=case.person_id).erased_at is None
    if side == "own":
        assert url not in client.get(case.get_absolute_url()).content.decode()
