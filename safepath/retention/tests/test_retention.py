"""The retention rules: the dry run lists exactly what the real run then
anonymises, and nothing else is touched."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases import services as case_services
from safepath.cases.models import Case
from safepath.conftest import (
    World,
    build_world,
    make_organisation,
    make_user,
    register_case,
    sign_in,
)
from safepath.dedup.models import MatchPair
from safepath.dedup.services import persons_merge
from safepath.htcds.choices import CaseStatus
from safepath.people.models import Person
from safepath.retention.models import ErasureRecord, RetentionRun
from safepath.retention.selectors import add_years, retention_due
from safepath.retention.services import retention_rule_save


@pytest.fixture(autouse=True)
def english(settings):
    """Messages and pages in English (the default language is Mongolian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


TODAY = "2030-06-15"


def closed_case(world: World, side: str, name: str, closed_on: date | None) -> Case:
    organisation = world.own if side == "own" else world.other
    return close(
        register_case(organisation, world.user(side, "supervisor"), name), closed_on
    )


def close(case: Case, closed_on: date | None) -> Case:
    supervisor = case.cas_CaseOwner
    if closed_on is not None:
        case.cas_Status = CaseStatus.CLOSED
        case.closed_on = closed_on
        case_services.case_change_status(
            case=case, changed=["cas_Status", "closed_on"], actor=supervisor
        )
    return case


@pytest.fixture
def world(db) -> World:
    world = build_world()
    retention_rule_save(
        organisation=world.own, years=5, actor=world.user("own", Role.ORG_ADMIN)
    )
    retention_rule_save(
        organisation=world.other, years=2, actor=world.user("other", Role.ORG_ADMIN)
    )
    return world


@pytest.fixture
def cases(world) -> dict[str, Case]:
    made = {
        # own: 5 years
        "own_due": closed_case(world, "own", "Нэгдүгээр", date(2025, 6, 15)),
        "own_due_old": closed_case(world, "own", "Хоёрдугаар", date(2019, 1, 2)),
        "own_not_yet": closed_case(world, "own", "Гуравдугаар", date(2025, 6, 16)),
        "own_open": closed_case(world, "own", "Дөрөвдүгээр", None),
        # other: 2 years
        "other_due": closed_case(world, "other", "Тавдугаар", date(2028, 6, 1)),
        "other_not_yet": closed_case(world, "other", "Зургаадугаар", date(2029, 1, 1)),
    }
    return made


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, f"--today={TODAY}", stdout=out)
    return out.getvalue()


def listed(output: str) -> set[str]:
    return {line.split("\t")[0] for line in output.splitlines() if "\t" in line}


def test_it_anonymises_exactly_what_the_dry_run_lists(world, cases):
    third = make_organisation("thd", "Third NGO")
    no_rule = close(
        register_case(third, make_user(third, Role.SUPERVISOR, "third")),
        date(2001, 1, 1),
    )

    dry = run("--dry-run")
    expected = {cases[k].reference for k in ("own_due", "own_due_old", "other_due")}
    assert listed(dry) == expected
    assert "3 cases of 3 people would be anonymised" in dry
    assert not ErasureRecord.objects.exists()
    assert not Person.objects.filter(erased_at__isnull=False).exists()

    real = run()
    assert listed(real) == listed(dry)
    erased = set(
        Case.objects.filter(person__erased_at__isnull=False).values_list(
            "reference", flat=True
        )
    )
    assert erased == expected
    assert set(ErasureRecord.objects.values_list("reason", flat=True)) == {"retention"}
    assert Person.objects.get(pk=cases["own_due"].person_id).prs_FirstName == ""
    assert Person.objects.get(pk=no_rule.person_id).erased_at is None
    assert Person.objects.get(pk=no_rule.person_id).prs_FirstName == "Бат-Эрдэнэ"
    assert AuditEvent.objects.filter(action="case.anonymise").count() == 3
    assert AuditEvent.objects.filter(action="retention.run").count() == 1
    assert RetentionRun.objects.get().cases_anonymised == 3

    again = run()
    assert listed(again) == set()
    assert "0 cases of 0 people anonymised" in again
    assert AuditEvent.objects.filter(action="case.anonymise").count() == 3


def test_it_runs_for_one_organisation(world, cases):
    assert listed(run("--dry-run", "--organisation=oth")) == {
        cases["other_due"].reference
    }
    run("--organisation=oth")
    assert Person.objects.get(pk=cases["own_due"].person_id).erased_at is None
    assert Person.objects.get(pk=cases["other_due"].person_id).erased_at is not None


def test_it_waits_for_all_the_persons_cases(world, cases):
    """A person with a due case and an open one (two records merged) is not
    due; once the other is closed long enough, both cases are."""
    supervisor = world.user("own", Role.SUPERVISOR)
    person = cases["own_due"].person
    other = register_case(world.own, supervisor, "Нэгдүгээр", "Өөр")
    pair = MatchPair.objects.create(
        left=person,
        right=other.person,
        organisation=world.own,
        probability=0.95,
        found_at=timezone.now(),
    )
    persons_merge(pair=pair, keep=person, actor=supervisor)
    due = {row.reference for row in retention_due(as_of=date(2030, 6, 15))}
    assert cases["own_due"].reference not in due
    close(Case.objects.get(pk=other.pk), date(2025, 6, 1))
    due = {row.reference for row in retention_due(as_of=date(2030, 6, 15))}
    assert {cases["own_due"].reference, other.reference} <= due


def test_it_never_erases_with_no_years(world, cases):
    retention_rule_save(
        organisation=world.own, years=0, actor=world.user("own", Role.ORG_ADMIN)
    )
    assert listed(run("--dry-run")) == {cases["other_due"].reference}


def test_it_counts_whole_years():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2025, 6, 15), 5) == date(2030, 6, 15)


def test_it_lets_the_organisation_admin_set_the_rule(world, cases, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    url = f"/retention/organisations/{world.own.pk}/"
    page = client.get(url).content.decode()
    assert 'value="5"' in page
    response = client.post(url, {"anonymise_closed_after_years": "1"})
    assert response.status_code == 302
    assert (
        world.own.retention_rule.__class__.objects.get(
            organisation=world.own
        ).anonymise_closed_after_years
        == 1
    )
    assert AuditEvent.objects.filter(action="retention.rule.update").exists()


def test_the_admin_applies_the_rule_now_as_a_job(
    world, cases, client, django_capture_on_commit_callbacks
):
    from safepath.jobs.models import Job

    admin = world.user("own", Role.ORG_ADMIN)
    sign_in(client, admin)
    url = f"/retention/organisations/{world.own.pk}/"
    today = timezone.localdate()
    due = retention_due(as_of=today, organisation=world.own)
    assert {row.reference for row in due} == {cases["own_due_old"].reference}
    assert "Anonymise the due cases now" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + "apply/")
    job = Job.objects.get(kind=Job.Kind.RETENTION_APPLY)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"people": 1, "cases": 1}
    assert job.progress_done == job.progress_total == 1
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The personal data of 1 person was erased." in page
    assert "Cases kept, anonymised, for the statistics: 1." in page
    # Erased, as the nightly run would, but recorded as done by the admin.
    person = Person.objects.get(pk=cases["own_due_old"].person_id)
    assert person.erased_at is not None
    assert ErasureRecord.objects.get(person=person).erased_by == admin
    run = RetentionRun.objects.get(organisation=world.own)
    assert (
        AuditEvent.objects.get(action="retention.run", target_id=str(run.pk)).actor
        == admin
    )
    # Only what was due: the other organisation's case is untouched.
    other = Person.objects.get(pk=cases["other_due"].person_id)
    assert other.erased_at is None
    # Nothing is due any more: no button, and a post comes back to the page.
    assert "Anonymise the due cases now" not in client.get(url).content.decode()
    response = client.post(url + "apply/")
    assert response.status_code == 302 and response["Location"] == url
    assert Job.objects.filter(kind=Job.Kind.RETENTION_APPLY).count() == 1
