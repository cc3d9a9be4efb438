"""The batch run and a supervisor's review: pairs with their reasons,
merge (cases and everything under them move, missing details filled in),
undo (both records exactly as before), reject (remembered), and statistics
counting linked records once."""

from datetime import date

import pytest
from django.urls import reverse

from safepath.accounts.models import Role
from safepath.assistance.models import ServiceDelivered
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
from safepath.conftest import register_case, sign_in, values
from safepath.dedup import services
from safepath.dedup.links import LINK_THRESHOLD
from safepath.dedup.models import MatchPair, Merge
from safepath.people.models import Person
from safepath.stats.models import CaseFact

BORN = date(1996, 3, 7)


def _sarangerel(world, organisation=None, latin=False, **fields):
    organisation = organisation or world.own
    side = "own" if organisation == world.own else "other"
    owner = world.user(side, Role.CASEWORKER)
    names = ("Sarangerel", "Ganbaatar") if latin else ("Сарангэрэл", "Ганбаатарын")
    fields.setdefault("prs_Birthdate", BORN)
    return register_case(organisation, owner, *names, prs_Gender="Feminine", **fields)


def _snapshot(person: Person) -> dict:
    person = Person.objects.get(pk=person.pk)
    state = {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.name not in ("version", "updated_at")
    }
    state["citizenship"] = sorted(person.prs_Citizenship.values_list("pk", flat=True))
    state["cases"] = sorted(
        (str(c.pk), c.age_band, c.version, c.updated_at)
        for c in Case.objects.filter(person=person)
    )
    return state


@pytest.fixture
def pair(world):
    first = _sarangerel(world, latin=True, prs_MobilePhone="+97699112233")
    second = _sarangerel(world, prs_IdentityNumber="УК96030712")
    supervisor = world.user("own", Role.SUPERVISOR)
    result = services.duplicates_find(organisation=world.own, actor=supervisor)
    assert result.new >= 1
    found = MatchPair.objects.get(
        left_id__in=[first.person_id, second.person_id],
        right_id__in=[first.person_id, second.person_id],
    )
    return found, first, second


def test_a_run_finds_the_pair_in_two_scripts_with_its_reasons(world, pair):
    found, first, second = pair
    assert found.organisation_id == world.own.pk
    assert found.status == MatchPair.Status.OPEN
    assert found.probability >= services.REVIEW_THRESHOLD
    assert found.reasons["given_key"] == "exact"
    assert found.reasons["patronymic_key"] == "exact"
    assert found.reasons["birth_date"] == "exact"
    assert "regno" not in found.reasons  # only one side has one
    # Each record read by the run is audited.
    assert AuditEvent.objects.filter(
        action="person.match_batch", target_id=str(first.person_id)
    ).exists()


def test_a_rejected_pair_is_remembered_by_later_runs(world, pair):
    found, *_ = pair
    supervisor = world.user("own", Role.SUPERVISOR)
    services.pair_decide(pair=found, same=False, actor=supervisor)
    services.duplicates_find(organisation=world.own, actor=supervisor)
    found.refresh_from_db()
    assert found.status == MatchPair.Status.REJECTED
    assert found.decided_by == supervisor
    services.pair_decide(pair=found, same=True, actor=supervisor)
    found.refresh_from_db()
    assert found.status == MatchPair.Status.OPEN


def test_an_open_pair_no_longer_likely_is_removed(world, pair):
    found, first, second = pair
    person = second.person
    person.prs_FirstName, person.prs_SecondName = "Тэмүүлэн", "Болдын"
    person.prs_Birthdate = date(1970, 1, 1)
    person.prs_Gender = "Masculine"
    person.save()
    result = services.duplicates_find(organisation=world.own)
    assert result.removed >= 1
    assert not MatchPair.objects.filter(pk=found.pk).exists()


def test_merge_moves_everything_and_undo_restores_both_records_exactly(world, pair):
    found, first, second = pair
    supervisor = world.user("own", Role.SUPERVISOR)
    ServiceDelivered.objects.create(
        case=second,
        service_type="MedicalCare",
        started_on=date(2026, 2, 1),
        provided_by=world.own,
        recorded_by=supervisor,
    )
    second.person.prs_Citizenship.add(*values("Country", "CN"))
    before = {p.pk: _snapshot(p) for p in (first.person, second.person)}
    merge = services.persons_merge(pair=found, keep=first.person, actor=supervisor)

    kept = Person.objects.get(pk=first.person_id)
    merged = Person.objects.get(pk=second.person_id)
    assert merged.merged_into_id == kept.pk
    assert set(kept.cases.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert not merged.cases.exists()
    assert ServiceDelivered.objects.get(case=second).case.person_id == kept.pk
    # The kept record takes what it lacked, keeps what it had.
    assert kept.prs_IdentityNumber == "УК96030712"
    assert kept.prs_MobilePhone == "+97699112233"
    assert kept.prs_FirstName == "Sarangerel"
    assert "prs_IdentityNumber" in merge.filled and "prs_FirstName" not in merge.filled
    assert set(values("Country", "CN")) <= set(kept.prs_Citizenship.all())
    # Statistics: one person now, with one first case.
    facts = CaseFact.objects.filter(case__in=[first, second])
    assert {f.person_id for f in facts} == {kept.pk}
    assert sum(f.first_of_person for f in facts) == 1
    found.refresh_from_db()
    assert found.status == MatchPair.Status.MERGED
    # The merged record is no longer a candidate at registration.
    assert merged.pk not in {p.pk for p in services._candidates(merged)}

    assert services.merge_undo(merge=merge, actor=supervisor) == []
    for person_id, state in before.items():
        assert _snapshot(Person(pk=person_id)) == state
    facts = CaseFact.objects.filter(case__in=[first, second])
    assert {f.case_id: f.person_id for f in facts} == {
        first.pk: first.person_id,
        second.pk: second.person_id,
    }
    found.refresh_from_db()
    assert found.status == MatchPair.Status.OPEN
    merge.refresh_from_db()
    assert merge.undone_by == supervisor
    actions = set(
        AuditEvent.objects.filter(target_id=str(kept.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"person.merge", "person.unmerge"} <= actions
    with pytest.raises(services.ReviewError):
        services.merge_undo(merge=merge, actor=supervisor)


def test_undo_leaves_a_detail_changed_since_the_merge(world, pair):
    found, first, second = pair
    supervisor = world.user("own", Role.SUPERVISOR)
    merge = services.persons_merge(pair=found, keep=first.person, actor=supervisor)
    kept = Person.objects.get(pk=first.person_id)
    kept.prs_IdentityNumber = "УК96030713"
    kept.save()
    later = register_case(world.own, supervisor, "Сарангэрэл", "Ганбаатарын")
    Case.objects.filter(pk=later.pk).update(person=kept)
    assert services.merge_undo(merge=merge, actor=supervisor) == ["prs_IdentityNumber"]
    kept.refresh_from_db()
    assert kept.prs_IdentityNumber == "УК96030713"
    assert kept.prs_MobilePhone == "+97699112233"  # its own
    assert Case.objects.get(pk=later.pk).person_id == kept.pk  # opened since: stays
    assert Case.objects.get(pk=second.pk).person_id == second.person_id


def test_a_decided_pair_cannot_be_merged_again(world, pair):
    found, first, second = pair
    supervisor = world.user("own", Role.SUPERVISOR)
    services.pair_decide(pair=found, same=False, actor=supervisor)
    with pytest.raises(services.ReviewError):
        services.persons_merge(pair=found, keep=first.person, actor=supervisor)
    assert Case.objects.get(pk=second.pk).person_id == second.person_id


def test_statistics_count_records_linked_across_organisations_once(world):
    own = _sarangerel(world, prs_IdentityNumber="УК96030712")
    other = _sarangerel(world, world.other, latin=True, prs_IdentityNumber="UK96030712")
    services.duplicates_find()
    pair = MatchPair.objects.get(
        left_id__in=[own.person_id, other.person_id],
        right_id__in=[own.person_id, other.person_id],
    )
    assert pair.organisation_id is None  # across organisations: never reviewed
    assert pair.probability >= LINK_THRESHOLD
    facts = {f.case_id: f for f in CaseFact.objects.filter(case__in=[own, other])}
    assert facts[own.pk].identity == facts[other.pk].identity
    assert facts[own.pk].first_of_person != facts[other.pk].first_of_person
    # A supervisor rejecting the link (were it ever put to one) splits them.
    services.pair_decide(
        pair=pair, same=False, actor=world.user("own", Role.SUPERVISOR)
    )
    facts = {f.case_id: f for f in CaseFact.objects.filter(case__in=[own, other])}
    assert facts[own.pk].identity != facts[other.pk].identity
    assert facts[own.pk].first_of_person and facts[other.pk].first_of_person


def test_pairs_across_organisations_are_kept_only_when_near_certain(world):
    _sarangerel(world)
    _sarangerel(world, world.other, latin=True, prs_Birthdate=date(1996, 3, 8))
    services.duplicates_find()
    for pair in MatchPair.objects.filter(organisation=None):
        assert pair.probability >= LINK_THRESHOLD


@pytest.fixture
def supervisor_client(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.SUPERVISOR))
    return client


def test_the_pages_review_merge_and_undo(world, pair, supervisor_client):
    found, first, second = pair
    page = supervisor_client.get(reverse("dedup:queue")).content.decode()
    assert "Ganbaatar Sarangerel" in page and "Ганбаатарын Сарангэрэл" in page
    assert "Given name: the same" in page
    page = supervisor_client.get(
        reverse("dedup:pair", args=[found.pk])
    ).content.decode()
    assert first.reference in page and second.reference in page
    assert "УК96030712" in page
    response = supervisor_client.post(
        reverse("dedup:merge", args=[found.pk]), {"keep": "nobody"}, follow=True
    )
    assert "Choose which of the two records to keep." in response.content.decode()
    assert Case.objects.get(pk=second.pk).person_id == second.person_id
    supervisor_client.post(
        reverse("dedup:merge", args=[found.pk]), {"keep": str(second.person_id)}
    )
    assert Case.objects.get(pk=first.pk).person_id == second.person_id
    merge = Merge.objects.get()
    response = supervisor_client.post(
        reverse("dedup:undo", args=[merge.pk]), follow=True
    )
    assert "The merge is undone" in response.content.decode()
    assert Case.objects.get(pk=first.pk).person_id == first.person_id


def test_a_pair_with_a_restricted_case_is_not_shown_to_a_supervisor_left_out(
    world, pair, supervisor_client
):
    found, first, second = pair
    Case.objects.filter(pk=second.pk).update(is_restricted=True)
    page = supervisor_client.get(reverse("dedup:queue")).content.decode()
    assert "Ganbaatar Sarangerel" not in page
    assert "1 more pair involves a restricted case" in page
    assert (
        supervisor_client.get(reverse("dedup:pair", args=[found.pk])).status_code == 404
    )


def test_the_run_button_finds_pairs(
    world, supervisor_client, django_capture_on_commit_callbacks
):
    _sarangerel(world)
    _sarangerel(world, latin=True)
    # The search runs as a job (at once in tests), whose page tells the result.
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(reverse("dedup:run"))
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    page = supervisor_client.get(response["Location"]).content.decode()
    assert "1 possible duplicate found, 1 of them new." in page
    assert MatchPair.objects.filter(organisation=world.own).exists()


def test_the_nightly_command(world):
    import io

    from django.core.management import CommandError, call_command

    _sarangerel(world)
    _sarangerel(world, latin=True)
    out = io.StringIO()
    call_command("find_duplicates", "--organisation", world.own.code, stdout=out)
    assert "likely pairs, 1 new" in out.getvalue()
    call_command("find_duplicates", stdout=out)
    assert "0 new" in out.getvalue().splitlines()[-1]
    with pytest.raises(CommandError, match="No organisation has the code"):
        call_command("find_duplicates", "--organisation", "nowhere")


def test_a_restricted_case_shared_with_the_supervisor_is_shown(
    world, pair, supervisor_client
):
    found, first, second = pair
    Case.objects.filter(pk=second.pk).update(is_restricted=True)
    second.restricted_to.add(world.user("own", Role.SUPERVISOR))
    assert (
        supervisor_client.get(reverse("dedup:pair", args=[found.pk])).status_code == 200
    )


def test_a_pairs_probability_does_not_depend_on_the_runs_scope(world, pair):
    found, *_ = pair
    _sarangerel(world, world.other, latin=True)
    services.duplicates_find()
    again = MatchPair.objects.get(pk=found.pk)
    assert again.probability == pytest.approx(found.probability)
    assert again.reasons == found.reasons


def test_the_queue_pages_keep_the_tab(world, pair, supervisor_client, settings):
    found, first, second = pair
    third = _sarangerel(world, prs_IdentityNumber="УК96030712").person
    MatchPair.objects.create(
        left=first.person,
        right=third,
        organisation=world.own,
        probability=0.9,
        status=MatchPair.Status.REJECTED,
        found_at=found.found_at,
    )
    MatchPair.objects.filter(pk=found.pk).update(status=MatchPair.Status.REJECTED)
    settings.CASES_PER_PAGE = 1
    page = supervisor_client.get(reverse("dedup:queue") + "?status=rejected")
    assert "?status=rejected&amp;page=2" in page.content.decode()
