"""The statistics rows (one per case, stats.facts) follow every change made
through the services, are repaired by `refresh_statistics` after bulk
writes, and are filled by the migration for cases that existed before."""

import importlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from safepath.accounts.models import Role
from safepath.assistance import services as assistance_services
from safepath.assistance.models import ServiceDelivered
from safepath.cases import services as case_services
from safepath.cases.models import Case, Consent, ConsentPurpose
from safepath.conftest import register_case, sign_in, values
from safepath.htcds.choices import CaseStatus, Gender, TraffickingStatus
from safepath.people import services as people_services
from safepath.places.models import Location
from safepath.stats.facts import facts_rebuild
from safepath.stats.models import CaseFact, ServiceFact


def _fact(case: Case) -> CaseFact:
    return CaseFact.objects.get(case=case)


def _in_step() -> None:
    """What is stored equals what a rebuild from the case tables computes."""
    assert facts_rebuild()["changed"] == 0


def test_the_rows_follow_every_change_made_through_the_services(world):
    owner = world.user("own", Role.CASEWORKER)
    case = register_case(
        world.own, owner, prs_Gender=Gender.FEMININE, prs_Birthdate=date(2010, 5, 1)
    )
    fact = _fact(case)
    assert (fact.organisation_id, fact.person_id) == (world.own.pk, case.person_id)
    assert fact.gender == Gender.FEMININE
    assert fact.age_band == case.age_band != ""
    assert fact.exploitation == "|ForcedLabour|"
    assert fact.status == case.cas_Status
    assert not fact.consented  # only consent to personal data so far
    _in_step()

    service = assistance_services.service_delivered_save(
        case=case,
        service=ServiceDelivered(
            case=case,
            service_type="Shelter",
            started_on=date(2026, 3, 1),
            provided_by=world.own,
        ),
        changed=[],
        actor=owner,
    )
    served = ServiceFact.objects.get(service=service)
    assert (served.case_id, served.person_id, served.service_type) == (
        case.pk,
        case.person_id,
        "Shelter",
    )
    assert not served.consented
    _in_step()

    consent = case_services.consent_record(
        case=case,
        consent=Consent(con_Consent=True, purpose=ConsentPurpose.ANONYMISED_STATISTICS),
        actor=owner,
    )
    assert _fact(case).consented
    assert ServiceFact.objects.get(service=service).consented
    _in_step()

    victim = case.victim
    victim.vic_TraffickingStatus = TraffickingStatus.ACTUAL_VICTIM_OF_TRAFFICKING
    victim.vic_ForcedLabourIndustry = "B_MiningAndQuarrying"
    victim.vic_LocationOfRecruitment = Location.objects.get(code="MN-1/bayanzurkh")
    victim.vic_LocationOfExploitation = Location.objects.get(code="MN-053/khanbogd")
    case_services.victim_context_update(
        case=case,
        victim=victim,
        many={
            "vic_TypeOfExploitation": values(
                "TypeOfExploitation", "ForcedLabour", "SexualExploitation"
            )
        },
        changed=["vic_TraffickingStatus"],
        actor=owner,
    )
    fact = _fact(case)
    assert fact.trafficking_status == TraffickingStatus.ACTUAL_VICTIM_OF_TRAFFICKING
    assert set(fact.exploitation.strip("|").split("|")) == {
        "ForcedLabour",
        "SexualExploitation",
    }
    assert fact.industry == "B_MiningAndQuarrying"
    assert fact.recruitment_aimag == "MN-1"
    assert (fact.exploitation_aimag, fact.exploitation_soum) == (
        "MN-053",
        "MN-053/khanbogd",
    )
    _in_step()

    case.cas_Status = CaseStatus.CLOSED
    case_services.case_change_status(case=case, changed=["cas_Status"], actor=owner)
    assert _fact(case).status == CaseStatus.CLOSED
    _in_step()

    person = case.person
    person.prs_Gender = Gender.MASCULINE
    person.prs_Birthdate = date(1990, 5, 1)
    people_services.person_update(
        person=person, changed=["prs_Gender", "prs_Birthdate"], actor=owner
    )
    fact = _fact(case)
    assert fact.gender == Gender.MASCULINE
    assert fact.age_band == Case.objects.get(pk=case.pk).age_band
    assert fact.age_band not in ("", "0--8", "9--17")
    _in_step()

    case_services.consent_withdraw(
        case=case, consent=consent, on=date.today(), actor=owner
    )
    assert not _fact(case).consented
    assert not ServiceFact.objects.get(service=service).consented
    _in_step()

    assistance_services.service_delivered_delete(
        case=case, service=service, actor=owner
    )
    assert not ServiceFact.objects.filter(service_id=service.pk).exists()
    _in_step()


def test_a_persons_first_case_counts_them_once(world):
    owner = world.user("own", Role.CASEWORKER)
    first = register_case(world.own, owner)
    second = Case.objects.create(
        organisation=first.organisation,
        person=first.person,
        cas_CaseOwner=owner,
        created_by=owner,
        reference="SECOND",
        opened_on=first.opened_on,
    )
    earlier, later = sorted([first, second], key=lambda c: str(c.pk))
    assert _fact(earlier).first_of_person and not _fact(later).first_of_person
    later.opened_on = date(2020, 1, 1)
    later.save()
    assert _fact(later).first_of_person and not _fact(earlier).first_of_person
    later.delete()
    assert _fact(earlier).first_of_person
    _in_step()


def test_deleting_a_consent_or_a_case_updates_the_rows(world):
    owner = world.user("own", Role.CASEWORKER)
    case = register_case(world.own, owner)
    consent = Consent.objects.create(
        case=case,
        con_Consent=True,
        purpose=ConsentPurpose.ANONYMISED_STATISTICS,
        recorded_by=owner,
    )
    assert _fact(case).consented
    consent.delete()
    assert not _fact(case).consented
    Consent.objects.create(
        case=case,
        con_Consent=True,
        purpose=ConsentPurpose.ANONYMISED_STATISTICS,
        recorded_by=owner,
    )
    case.delete()
    assert not CaseFact.objects.filter(case_id=case.pk).exists()


def test_refresh_statistics_repairs_rows_written_around_the_signals(world, client):
    owner = world.user("own", Role.CASEWORKER)
    cases = [register_case(world.own, owner, f"Name{i}") for i in range(3)]
    Case.objects.filter(pk=cases[0].pk).update(cas_Status=CaseStatus.CLOSED)
    CaseFact.objects.filter(pk=cases[1].pk).delete()
    sign_in(client, world.user("own", Role.SUPERVISOR))
    stale = client.get("/statistics/").context["tables"][0]
    own = Case.objects.filter(organisation=world.own)
    assert stale.total[1] == own.count() - 1

    out = io.StringIO()
    call_command("refresh_statistics", stdout=out)
    assert out.getvalue().strip() == (
        f"Statistics refreshed: {Case.objects.count()} cases, 2 rows had changed."
    )
    assert _fact(cases[0]).status == CaseStatus.CLOSED
    status = client.get("/statistics/").context["tables"][0]
    assert status.total[1] == own.count()
    closed = own.filter(cas_Status=CaseStatus.CLOSED).count()
    assert closed >= 1
    assert dict(status.rows)[str(CaseStatus.CLOSED.label)] == closed


@pytest.mark.django_db
def test_the_migration_fills_the_rows_of_existing_cases(world):
    owner = world.user("own", Role.CASEWORKER)
    for i in range(4):
        case = register_case(world.own, owner, f"Name{i}")
    Consent.objects.create(
        case=case,
        con_Consent=True,
        purpose=ConsentPurpose.ANONYMISED_STATISTICS,
        recorded_by=owner,
    )
    ServiceDelivered.objects.create(
        case=case,
        service_type="MedicalCare",
        started_on=date(2026, 2, 1),
        provided_by=world.own,
        recorded_by=owner,
    )
    CaseFact.objects.all().delete()
    ServiceFact.objects.all().delete()
    migration = importlib.import_module(
        "safepath.stats.migrations.0002_statistics_rows"
    )
    migration.fill_facts(apps, None)
    importlib.import_module(
        "safepath.stats.migrations.0003_casefact_identity"
    ).own_identity(apps, None)
    assert CaseFact.objects.count() == Case.objects.count()
    assert CaseFact.objects.filter(consented=True).count() == 1
    assert ServiceFact.objects.filter(consented=True).count() == 1
    _in_step()


def test_deferred_refreshes_give_the_same_rows_once_at_the_end(world):
    from safepath.stats.facts import facts_deferred

    owner = world.user("own", Role.CASEWORKER)
    with facts_deferred():
        cases = [register_case(world.own, owner, f"Name{i}") for i in range(3)]
        assert not CaseFact.objects.filter(case__in=cases).exists()
        with facts_deferred():  # nested: still the outer one's
            register_case(world.own, owner, "Nested")
    assert CaseFact.objects.filter(case__in=cases).count() == 3
    _in_step()
    # Given up by an error: nothing is refreshed, nothing stays pending.
    with pytest.raises(RuntimeError), facts_deferred():
        raise RuntimeError
    later = register_case(world.own, owner, "Later")
    assert CaseFact.objects.filter(case=later).exists()
