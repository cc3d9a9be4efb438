"""Referrals between organisations: consent checked when sending, only the
consented parts shown to the receiver, answers, withdrawal, the receiver's
case, notifications and overdue answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases import services as case_services
from safepath.cases.models import Case, Consent, ConsentPurpose
from safepath.conftest import make_organisation, make_user, sign_in
from safepath.notifications.models import Notification
from safepath.referrals.models import Referral, ReferralStatus

NAME = "Сэржмядаг"
PHONE = "9911 2233"
FORCED_LABOUR = "Forced labour"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def send(client, world, **changes):
    data = {
        "to_organisation": world.other.pk,
        "reason": "AdditionalServicesRequired",
        "urgency": "Emergency",
        "services_requested": ["Shelter", "Medical"],
        "sections": ["exploitation"],
        "details": "Needs a bed tonight.",
        **changes,
    }
    return client.post(f"/referrals/new/{world.case.pk}/", data)


def test_it_sends_a_consented_referral_to_the_organisations_inbox(
    world, client_factory
):
    sender = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    before = Referral.objects.count()
    response = send(sender, world)
    assert response.status_code == 302
    referral = Referral.objects.exclude(pk=world.referral.pk).get()
    assert Referral.objects.count() == before + 1
    assert referral.consent.purpose == ConsentPurpose.REFERRAL
    assert referral.respond_by - referral.sent_at == timedelta(hours=4)
    assert AuditEvent.objects.filter(
        action="referral.send", target_id=str(world.case.pk)
    ).exists()
    # Every caseworker and supervisor of the receiver is told, by link only.
    told = Notification.objects.filter(
        kind="referral_received", url=referral.get_absolute_url()
    )
    assert {n.user.username for n in told} == {"other-caseworker", "other-supervisor"}
    receiver = sign_in(client_factory(), world.user("other", Role.CASEWORKER))
    inbox = receiver.get("/referrals/").content.decode()
    assert referral.get_absolute_url() in inbox
    assert "Emergency" in inbox
    # The sender's side lists it under "Sent", with the case.
    sent = sender.get("/referrals/?box=out").content.decode()
    assert world.case.reference in sent


def test_it_refuses_an_organisation_the_person_did_not_name(world, client):
    third = make_organisation("thr", "Third Shelter")
    sign_in(client, world.user("own", Role.CASEWORKER))
    before = Referral.objects.count()
    response = send(client, world, to_organisation=third.pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert "has not consented to sharing with Third Shelter" in body
    assert "Needs a bed tonight." in body  # nothing typed is lost
    assert Referral.objects.count() == before


def test_it_refuses_parts_the_person_did_not_agree_to_share(world, client):
    sign_in(client, world.user("own", Role.CASEWORKER))
    before = Referral.objects.count()
    response = send(client, world, sections=["exploitation", "contact"])
    body = response.content.decode()
    assert "has not consented to sharing these parts with Other NGO" in body
    assert "Contact: phone" in body
    assert Referral.objects.count() == before


def test_only_a_supervisor_sends_without_consent_and_it_is_recorded(
    world, client_factory
):
    third = make_organisation("thr", "Third Shelter")
    caseworker = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    page = caseworker.get(f"/referrals/new/{world.case.pk}/").content.decode()
    assert "override_reason" not in page
    response = send(caseworker, world, to_organisation=third.pk, override_reason="x")
    assert response.status_code == 200
    assert not Referral.objects.filter(to_organisation=third).exists()

    supervisor = sign_in(client_factory(), world.user("own", Role.SUPERVISOR))
    response = send(
        supervisor,
        world,
        to_organisation=third.pk,
        sections=["identity"],
        override_reason="Child in danger, guardian unreachable.",
    )
    assert response.status_code == 302
    referral = Referral.objects.get(to_organisation=third)
    assert referral.was_overridden
    assert referral.override_by == world.user("own", Role.SUPERVISOR)
    assert AuditEvent.objects.filter(action="referral.override").exists()
    case_page = supervisor.get(world.case.get_absolute_url()).content.decode()
    assert "without consent" in case_page


def test_the_receiver_sees_only_the_shared_parts_and_the_reading_is_audited(
    world, client
):
    sign_in(client, world.user("other", Role.CASEWORKER))
    body = client.get(world.referral.get_absolute_url()).content.decode()
    assert FORCED_LABOUR in body  # exploitation was shared
    assert "Possible victim" in body or "Trafficking Status" in body
    for hidden in (NAME, PHONE, "ЧБ03271614", "Жавхлантөгс", "Уулзалт болсон"):
        assert hidden not in body
    view = AuditEvent.objects.filter(
        action="referral.view", target_id=str(world.case.pk)
    ).get()
    assert view.organisation_id == world.other.pk
    assert view.fields == ["exploitation", "identification"]
    # It cannot open the case itself.
    assert client.get(world.case.get_absolute_url()).status_code == 404


def test_withdrawing_consent_stops_the_sharing_at_once(world, client_factory):
    owner = world.user("own", Role.CASEWORKER)
    world.referral.details = "Бие нь муу, эмчид үзүүлэх."
    world.referral.save()
    receiver = sign_in(client_factory(), world.user("other", Role.CASEWORKER))
    body = receiver.get(world.referral.get_absolute_url()).content.decode()
    assert FORCED_LABOUR in body and "Бие нь муу" in body
    consent = world.case.consents.get(purpose=ConsentPurpose.REFERRAL)
    case_services.consent_withdraw(
        case=world.case, consent=consent, on=timezone.localdate(), actor=owner
    )
    body = receiver.get(world.referral.get_absolute_url()).content.decode()
    assert FORCED_LABOUR not in body and "Бие нь муу" not in body
    assert "no longer in force" in body
    # And nothing new can be sent on it.
    sender = sign_in(client_factory(), owner)
    before = Referral.objects.count()
    assert send(sender, world).status_code == 200
    assert Referral.objects.count() == before


def test_identity_shared_prefills_the_receivers_new_case(world, client_factory):
    owner = world.user("own", Role.CASEWORKER)
    case_services.consent_record(
        case=world.case,
        consent=Consent(
            purpose=ConsentPurpose.REFERRAL,
            con_Consent=True,
            sections=["identity", "exploitation"],
        ),
        organisations=[world.other],
        actor=owner,
    )
    sender = sign_in(client_factory(), owner)
    assert send(sender, world, sections=["identity", "exploitation"]).status_code == 302
    referral = Referral.objects.exclude(pk=world.referral.pk).get()

    receiver = sign_in(client_factory(), world.user("other", Role.CASEWORKER))
    answer = receiver.get(f"/referrals/{referral.pk}/answer/").content.decode()
    assert NAME in answer and PHONE not in answer
    response = receiver.post(
        f"/referrals/{referral.pk}/answer/", {"decision": "accept"}
    )
    assert response["Location"] == f"/referrals/{referral.pk}/case/"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert Notification.objects.filter(user=owner, kind="referral_accepted").exists()

    form = receiver.get(f"/referrals/{referral.pk}/case/")
    assert form.context["person_form"]["prs_FirstName"].value() == NAME
    assert not form.context["person_form"]["prs_MobilePhone"].value()
    data = {
        "prs_FirstName": NAME,
        "prs_SecondName": "Хишигдорж",
        "prs_Gender": "Masculine",
        "organisation": world.other.pk,
        "cas_CaseOwner": world.user("other", Role.CASEWORKER).pk,
        "opened_on": timezone.localdate().isoformat(),
        "cas_ReferringOrganisation": world.own.pk,
        "cas_IncomingReferralDate": timezone.localdate().isoformat(),
        "cas_ReasonForIncomingReferral": "AdditionalServicesRequired",
        "consent_to_record": "on",
    }
    response = receiver.post(f"/referrals/{referral.pk}/case/", data)
    assert response.status_code == 302
    referral.refresh_from_db()
    new_case = referral.receiver_case
    assert new_case.organisation == world.other
    assert new_case.cas_ReferringOrganisation == world.own
    assert new_case.person_id != world.case.person_id
    # The sender sees "Accepted" on its case.
    case_page = sender.get(world.case.get_absolute_url()).content.decode()
    assert "Accepted" in case_page


def test_accepting_can_link_a_case_the_receiver_already_has(world, client):
    sign_in(client, world.user("other", Role.CASEWORKER))
    url = f"/referrals/{world.referral.pk}/answer/"
    response = client.post(url, {"decision": "accept", "link_reference": "NOPE-1"})
    assert "No case with this reference" in response.content.decode()
    response = client.post(
        url,
        {
            "decision": "accept",
            "link_reference": world.other_case.reference,
            "reason": "Bed ready from tonight.",
        },
    )
    assert response.status_code == 302
    world.referral.refresh_from_db()
    assert world.referral.receiver_case == world.other_case
    assert world.referral.response_reason == "Bed ready from tonight."
    world.other_case.refresh_from_db()
    assert world.other_case.cas_ReferringOrganisation == world.own


def test_declining_needs_a_reason_and_ends_the_sharing(world, client_factory):
    receiver = sign_in(client_factory(), world.user("other", Role.SUPERVISOR))
    url = f"/referrals/{world.referral.pk}/answer/"
    response = receiver.post(url, {"decision": "decline"})
    assert "Say why the referral is declined." in response.content.decode()
    response = receiver.post(url, {"decision": "decline", "reason": "No bed free."})
    assert response.status_code == 302
    world.referral.refresh_from_db()
    assert world.referral.status == ReferralStatus.DECLINED
    body = receiver.get(world.referral.get_absolute_url()).content.decode()
    assert FORCED_LABOUR not in body
    # A second answer is refused, and says why.
    again = receiver.post(url, {"decision": "accept"}, follow=True)
    assert "already answered" in again.content.decode()
    sender = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    body = sender.get(world.referral.get_absolute_url()).content.decode()
    assert "Declined" in body and "No bed free." in body


def test_the_sender_withdraws_and_the_receiver_sees_nothing_more(world, client_factory):
    sender = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    response = sender.post(f"/referrals/{world.referral.pk}/withdraw/", {})
    assert response.status_code == 302
    world.referral.refresh_from_db()
    assert world.referral.status == ReferralStatus.WITHDRAWN
    receiver = sign_in(client_factory(), world.user("other", Role.CASEWORKER))
    body = receiver.get(world.referral.get_absolute_url()).content.decode()
    assert FORCED_LABOUR not in body
    assert receiver.get(f"/referrals/{world.referral.pk}/answer/").status_code == 302
    assert Notification.objects.filter(
        user=world.user("other", Role.CASEWORKER), kind="referral_withdrawn"
    ).exists()


def test_overdue_answers_are_marked_on_both_sides(world, client_factory):
    Referral.objects.filter(pk=world.referral.pk).update(
        respond_by=timezone.now() - timedelta(hours=1)
    )
    receiver = sign_in(client_factory(), world.user("other", Role.CASEWORKER))
    home = receiver.get("/").content.decode()
    assert "overdue" in home
    inbox = receiver.get("/referrals/").content.decode()
    assert 'class="overdue"' in inbox
    sender = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    assert "overdue" in sender.get(world.case.get_absolute_url()).content.decode()
    assert 'class="overdue"' in sender.get("/referrals/?box=out").content.decode()


def test_the_inbox_pages_a_long_list(world, client):
    owner = world.user("own", Role.CASEWORKER)
    base = Referral.objects.get(pk=world.referral.pk)
    for _ in range(30):
        Referral.objects.create(
            case=world.case,
            from_organisation=world.own,
            to_organisation=world.other,
            reason=base.reason,
            sections=base.sections,
            consent=base.consent,
            sent_by=owner,
        )
    sign_in(client, world.user("other", Role.CASEWORKER))
    first = client.get("/referrals/")
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get("/referrals/?page=2").context["page"].object_list) == 6


def test_someone_in_neither_organisation_gets_404(world, client):
    third = make_organisation("thr", "Third Shelter")
    outsider = make_user(third, Role.CASEWORKER, "outsider")
    sign_in(client, outsider)
    assert client.get(world.referral.get_absolute_url()).status_code == 404
    assert client.get(f"/referrals/{world.referral.pk}/answer/").status_code == 404
    assert client.post(f"/referrals/{world.referral.pk}/withdraw/").status_code == 404


def test_a_referral_consent_names_organisations_and_parts(world, client):
    sign_in(client, world.user("own", Role.CASEWORKER))
    url = f"/cases/{world.case.pk}/consents/new/"
    response = client.post(
        url,
        {
            "purpose": "Referral",
            "con_Consent": "on",
            "method": "Written",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    body = response.content.decode()
    assert "Name the organisations the person agrees to share with." in body
    assert "Choose the parts of the case that may be shared." in body
    response = client.post(
        url,
        {
            "purpose": "Referral",
            "con_Consent": "on",
            "method": "Written",
            "given_on": timezone.localdate().isoformat(),
            "organisations": [world.other.pk],
            "sections": ["identity"],
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.filter(case=world.case, method="Written").get()
    assert list(consent.organisations.all()) == [world.other]
    assert consent.sections == ["identity"]


def test_closing_as_referred_starts_from_the_accepted_referral(world, client_factory):
    receiver = sign_in(client_factory(), world.user("other", Role.CASEWORKER))
    receiver.post(
        f"/referrals/{world.referral.pk}/answer/",
        {"decision": "accept", "link_reference": world.other_case.reference},
    )
    sender = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    form = sender.get(f"/cases/{world.case.pk}/status/").context["form"]
    assert form["cas_ReferredOrganisation"].value() == world.other.pk
    assert form["cas_ReasonForOutgoingReferral"].value() == "AdditionalServicesRequired"
    assert Case.objects.get(pk=world.case.pk).cas_ReferredOrganisation is None


def test_overdue_referrals_are_notified_once_to_both_sides(world):
    from django.core.management import call_command

    Referral.objects.filter(pk=world.referral.pk).update(
        respond_by=timezone.now() - timedelta(minutes=1)
    )
    call_command("notify_overdue_referrals")
    call_command("notify_overdue_referrals")
    overdue = Notification.objects.filter(kind="referral_overdue")
    users = sorted(n.user.username for n in overdue)
    assert users == ["other-caseworker", "other-supervisor", "own-caseworker"]


def test_the_waiting_list_shows_the_first_due_and_counts_the_rest(world, client):
    owner = world.user("own", Role.CASEWORKER)
    base = Referral.objects.get(pk=world.referral.pk)
    for _ in range(12):
        Referral.objects.create(
            case=world.case,
            from_organisation=world.own,
            to_organisation=world.other,
            reason=base.reason,
            sections=base.sections,
            consent=base.consent,
            sent_by=owner,
        )
    sign_in(client, world.user("other", Role.CASEWORKER))
    for url in ("/", "/referrals/"):
        body = client.get(url).content.decode()
        assert "and 3 more" in body
        assert "status=Sent" in body
