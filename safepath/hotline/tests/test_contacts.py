"""The contact log: quick recording, anonymous callers linked by code word or
phone fingerprint, escalation to a screening and a case, the dashboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
from safepath.conftest import sign_in
from safepath.hotline.models import Contact
from safepath.screening.models import Screening


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def log(client, world, **changes):
    data = {
        "organisation": world.own.pk,
        "channel": "Call",
        "caller_type": "Migrant",
        "topic": "JobOfferCheck",
        "language": "mon",
        "information_given": "Asked about a job in a factory abroad.",
        "is_anonymous": "on",
        "contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        **changes,
    }
    return client.post("/hotline/contacts/new/", {k: v for k, v in data.items() if v})


def test_an_operator_logs_an_anonymous_call(world, client):
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    assert client.get("/hotline/contacts/new/").status_code == 200
    response = log(client, world, duration_minutes="4")
    assert response.status_code == 302
    contact = Contact.objects.exclude(pk=world.contact.pk).get()
    assert contact.is_anonymous and contact.caller_name == ""
    assert contact.recorded_by == world.user("own", Role.HOTLINE_OPERATOR)
    assert contact.linked_to is None
    assert AuditEvent.objects.filter(
        action="contact.create", target_id=str(contact.pk)
    ).exists()


def test_a_repeat_caller_is_linked_by_code_word_in_any_case(world, client):
    sign_in(client, world.user("own", Role.OUTREACH_OFFICER))
    log(client, world, code_word="  ТЭМЭЭ ")
    contact = Contact.objects.exclude(pk=world.contact.pk).get()
    assert contact.linked_to == world.contact
    assert contact.code_word_index == world.contact.code_word_index
    assert "тэмээ" not in contact.code_word_index  # a fingerprint only
    page = client.get(contact.get_absolute_url()).content.decode()
    assert world.contact.get_absolute_url() in page


def test_a_repeat_caller_is_linked_by_phone_without_storing_it(world, client):
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    log(client, world, phone="+976 8811-2233")
    log(client, world, phone="88112233", topic="VisaDocuments")
    first, second = Contact.objects.exclude(pk=world.contact.pk).order_by("id")
    assert second.linked_to == first
    assert first.phone_index and first.phone_index == second.phone_index
    stored = [str(v) for v in Contact.objects.values_list().get(pk=first.pk)]
    assert not any("8811" in v for v in stored)


def test_identified_needs_a_name_and_keeps_what_was_typed(world, client):
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    before = Contact.objects.count()
    response = log(client, world, is_anonymous="")
    body = response.content.decode()
    assert "Give the name the caller gave" in body
    assert "Asked about a job in a factory abroad." in body
    assert Contact.objects.count() == before
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    body = log(client, world, contacted_at=future).content.decode()
    assert "cannot be in the future" in body
    assert Contact.objects.count() == before


def test_other_organisations_and_analysts_see_nothing(world, client_factory):
    for side, role in (("other", Role.HOTLINE_OPERATOR), ("own", Role.DATA_ANALYST)):
        client = sign_in(client_factory(), world.user(side, role))
        assert client.get(world.contact.get_absolute_url()).status_code == 404
    other = sign_in(client_factory(), world.user("other", Role.HOTLINE_OPERATOR))
    assert (
        world.contact.get_absolute_url()
        not in other.get("/hotline/contacts/").content.decode()
    )


def test_escalation_to_a_screening_and_a_case_types_nothing_twice(
    world, client_factory
):
    operator = sign_in(client_factory(), world.user("own", Role.HOTLINE_OPERATOR))
    log(
        operator,
        world,
        is_anonymous="",
        caller_name="Наранцэцэг",
        topic="SuspectedTrafficking",
        information_given="Passport kept by the employer.",
    )
    contact = Contact.objects.get(topic="SuspectedTrafficking")
    form = operator.get(f"/hotline/contacts/{contact.pk}/screening/").context["form"]
    assert form["alias"].value() == "Наранцэцэг"
    response = operator.post(
        f"/hotline/contacts/{contact.pk}/screening/",
        {
            "organisation": world.own.pk,
            "profile": "AL",
            "interviewed_on": timezone.localdate().isoformat(),
            "alias": "Наранцэцэг",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    screening = contact.screening
    assert screening.alias == "Наранцэцэг"
    # Hotline operators do not open cases; caseworkers do.
    assert operator.get(f"/hotline/contacts/{contact.pk}/case/").status_code == 404
    caseworker = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    page = caseworker.get(f"/hotline/contacts/{contact.pk}/case/")
    assert page.context["person_form"]["prs_FirstName"].value() == "Наранцэцэг"
    response = caseworker.post(
        f"/hotline/contacts/{contact.pk}/case/",
        {
            "prs_FirstName": "Наранцэцэг",
            "prs_PrimaryLanguage": "mon",
            "organisation": world.own.pk,
            "cas_CaseOwner": world.user("own", Role.CASEWORKER).pk,
            "opened_on": timezone.localdate().isoformat(),
            "consent_to_record": "on",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    case = Case.objects.get(pk=contact.case_id)
    assert Screening.objects.get(pk=screening.pk).case == case
    assert case.comments.get().cco_CaseComment == "Passport kept by the employer."


def test_a_screening_converted_on_its_own_page_links_the_contact(world, client):
    sign_in(client, world.user("own", Role.CASEWORKER))
    client.post(
        f"/hotline/contacts/{world.contact.pk}/screening/",
        {
            "organisation": world.own.pk,
            "profile": "AL",
            "interviewed_on": timezone.localdate().isoformat(),
        },
    )
    world.contact.refresh_from_db()
    screening = world.contact.screening
    response = client.post(
        f"/screenings/{screening.pk}/case/new/",
        {
            "prs_FirstName": "Батболд",
            "organisation": world.own.pk,
            "cas_CaseOwner": world.user("own", Role.CASEWORKER).pk,
            "opened_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    world.contact.refresh_from_db()
    assert world.contact.case is not None


def test_the_dashboard_counts_and_lists_follow_ups(world, client):
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    yesterday = timezone.localdate() - timedelta(days=1)
    log(client, world, follow_up_on=yesterday.isoformat(), channel="WalkIn")
    response = client.get("/hotline/")
    dashboard = response.context["dashboard"]
    assert dashboard.today == 2  # the world's contact and this one
    assert ("Walk-in", 1, 1) in dashboard.by_channel
    assert ("Checking a job offer", 2, 2) in dashboard.by_topic
    body = response.content.decode()
    assert 'class="overdue"' in body
    assert "Болдбаатар" not in body  # counts, not contents
    contact = dashboard.follow_ups[0]
    client.post(f"/hotline/contacts/{contact.pk}/follow-up-done/")
    assert client.get("/hotline/").context["dashboard"].follow_ups == []


def test_the_list_filters_and_pages(world, client):
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    for _ in range(26):
        Contact.objects.create(
            organisation=world.own,
            caller_type="Public",
            topic="SafeMigration",
            recorded_by=world.user("own", Role.HOTLINE_OPERATOR),
        )
    page = client.get("/hotline/contacts/?topic=SafeMigration").context["page"]
    assert page.paginator.count == 26 and len(page.object_list) == 25
    page = client.get("/hotline/contacts/?topic=JobOfferCheck").context["page"]
    assert page.paginator.count == 1
