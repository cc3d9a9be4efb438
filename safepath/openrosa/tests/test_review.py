"""The review queue: submissions become cases or screenings only when a
caseworker or supervisor of the organisation accepts them."""

from datetime import date

from django.test import Client

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
from safepath.conftest import sign_in
from safepath.openrosa import protocol, services, xforms
from safepath.openrosa.models import Submission
from safepath.openrosa.services import File
from safepath.openrosa.tests.helpers import (
    INTAKE_VALUES,
    JPEG,
    instance_xml,
    register_device,
)
from safepath.screening.models import Screening
from safepath.screening.selectors import current_indicator_set


def receive(world, form, values: dict, role=Role.CASEWORKER, side="own", files=()):
    device, _token = register_device(world, side, role)
    xml = instance_xml(form, f"uuid:{side}-{role}-{len(values)}", values)
    return services.submission_receive(
        device=device, xml=xml, instance=protocol.parse_instance(xml), files=[*files]
    ).submission


def intake(world, side="own", **changes):
    photo = File("1712345678.jpg", "image/jpeg", JPEG)
    return receive(
        world,
        xforms.intake_form(),
        {**INTAKE_VALUES, **changes},
        side=side,
        files=[photo],
    )


def actions(submission: Submission, action: str) -> int:
    return AuditEvent.objects.filter(
        action=action, target_id=str(submission.pk)
    ).count()


def test_it_lists_the_organisations_submissions_only(world, client):
    mine, theirs = intake(world), intake(world, side="other")
    sign_in(client, world.user("own", Role.SUPERVISOR))
    body = client.get("/openrosa/queue/").content.decode()
    assert mine.get_absolute_url() in body
    assert theirs.get_absolute_url() not in body
    assert "Нарантуяа" not in body  # the list shows no one's data


def test_it_shows_the_answers_with_labels_and_audits_the_read(world, client):
    submission = intake(world)
    sign_in(client, world.user("own", Role.CASEWORKER))
    body = client.get(submission.get_absolute_url()).content.decode()
    assert "Нарантуяа" in body
    assert "Forced labour" in body or "Албадан хөдөлмөр" in body  # a choice label
    assert actions(submission, "openrosa.submission.view") == 1


def test_it_hides_a_submission_and_its_photos_from_other_organisations(world):
    submission = intake(world)
    photo = submission.attachments.get()
    photo_url = f"{submission.get_absolute_url()}files/{photo.pk}/"
    for user in (
        world.user("other", Role.SUPERVISOR),
        world.user("other", Role.CASEWORKER),
        world.user("own", Role.HOTLINE_OPERATOR),
        world.user("own", Role.DATA_ANALYST),
    ):
        client = sign_in(Client(), user)
        assert client.get(submission.get_absolute_url()).status_code == 404
        assert client.get(photo_url).status_code == 404
        response = client.post(f"{submission.get_absolute_url()}accept/")
        assert response.status_code == 404
    anonymous = Client().get(photo_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    own = sign_in(Client(), world.user("own", Role.CASEWORKER)).get(photo_url)
    assert own.status_code == 200
    assert own.content == JPEG
    assert own["Content-Type"] == "image/jpeg"
    assert "no-store" in own["Cache-Control"]
    assert actions(submission, "openrosa.attachment.view") == 1
    assert Case.objects.count() == 2  # the world's two cases only


def test_it_accepts_an_intake_as_exactly_one_case(world, client):
    submission = intake(world)
    reviewer = world.user("own", Role.SUPERVISOR)
    sign_in(client, reviewer)
    before = Case.objects.count()
    response = client.post(f"{submission.get_absolute_url()}accept/")
    assert response.status_code == 302
    case = Case.objects.exclude(pk__in=[world.case.pk, world.other_case.pk]).get()
    assert response["Location"] == case.get_absolute_url()
    assert Case.objects.count() == before + 1
    assert case.organisation == world.own
    assert case.opened_on == date(2026, 3, 1)
    # The field worker collected it and works on cases: they own it.
    assert case.cas_CaseOwner == world.user("own", Role.CASEWORKER)
    person = case.person
    assert (person.prs_FirstName, person.prs_SecondName) == ("Нарантуяа", "Ганбаатар")
    assert person.prs_Birthdate == date(2001, 5, 4)
    assert [c.value for c in person.prs_Citizenship.all()] == ["MN"]
    assert sorted(v.value for v in case.victim.vic_TypeOfExploitation.all()) == [
        "ForcedLabour",
        "SexualExploitation",
    ]
    assert case.victim.vic_AgreementToManagePersonalData
    submission.refresh_from_db()
    assert (submission.status, submission.case, submission.reviewed_by) == (
        Submission.Status.ACCEPTED,
        case,
        reviewer,
    )
    assert actions(submission, "openrosa.submission.accept") == 1
    assert AuditEvent.objects.filter(
        action="case.create", target_id=str(case.pk)
    ).exists()
    # Accepting twice makes no second case.
    again = client.post(f"{submission.get_absolute_url()}accept/")
    assert again.status_code == 200
    assert Case.objects.count() == before + 1


def test_it_shows_what_stops_an_intake_and_makes_no_case(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    submission = intake(world, prs_IdentityNumber="УК99999999")
    sign_in(client, world.user("own", Role.CASEWORKER))
    before = Case.objects.count()
    response = client.post(f"{submission.get_absolute_url()}accept/")
    assert response.status_code == 200
    assert "registration number" in response.content.decode()
    assert Case.objects.count() == before
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_it_asks_about_possible_duplicates_before_registering(world, client):
    submission = intake(
        world, prs_FirstName="Сэржмядаг", prs_SecondName="Хишигдорж",
        prs_Birthdate="2003-07-16", prs_Gender="Masculine",
        prs_IdentityNumber="ЧБ03271614", prs_MobilePhone="+976 9911 2233",
    )  # fmt: skip
    sign_in(client, world.user("own", Role.CASEWORKER))
    before = Case.objects.count()
    url = f"{submission.get_absolute_url()}accept/"
    first = client.post(url)
    assert first.status_code == 200
    assert 'name="duplicates_seen"' in first.content.decode()
    assert Case.objects.count() == before
    assert client.post(url, {"duplicates_seen": "1"}).status_code == 302
    assert Case.objects.count() == before + 1


def test_it_accepts_a_screening_with_the_field_worker_as_interviewer(world, client):
    indicator_set = current_indicator_set()
    form = xforms.screening_form()
    values = {
        "indicator_set": f"{indicator_set.key}:{indicator_set.version}",
        "interviewed_on": "2026-02-10",
        "alias": "Б.Н.",
        "profile": "AL",
        "DR01": "yes",
        "DR02": "yes",
    }
    submission = receive(world, form, values, role=Role.HOTLINE_OPERATOR)
    assert submission.kind == "screening"
    sign_in(client, world.user("own", Role.CASEWORKER))
    before = Screening.objects.count()
    response = client.post(f"{submission.get_absolute_url()}accept/")
    assert response.status_code == 302
    assert Screening.objects.count() == before + 1
    screening = Screening.objects.order_by("-created_at").first()
    assert response["Location"] == screening.get_absolute_url()
    assert screening.conducted_by == world.user("own", Role.HOTLINE_OPERATOR)
    assert screening.organisation == world.own
    assert (screening.profile, screening.interviewed_on) == ("AL", date(2026, 2, 10))
    assert screening.alias == "Б.Н."
    assert screening.answers["DR01"] == "yes"
    assert screening.answers["DR03"] == "unknown"
    assert screening.completed_at is not None
    assert screening.suggestion
    submission.refresh_from_db()
    assert submission.screening == screening
    assert submission.status == Submission.Status.ACCEPTED


def test_it_rejects_with_a_reason(world, client):
    submission = intake(world)
    sign_in(client, world.user("own", Role.CASEWORKER))
    url = f"{submission.get_absolute_url()}reject/"
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is needed
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    response = client.post(url, {"reason": "Давхардсан бүртгэл."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert submission.reject_reason == "Давхардсан бүртгэл."
    assert actions(submission, "openrosa.submission.reject") == 1
    before = Case.objects.count()
    client.post(f"{submission.get_absolute_url()}accept/")
    assert Case.objects.count() == before


def test_it_audits_each_submission_received(world):
    submission = intake(world)
    event = AuditEvent.objects.get(
        action="openrosa.submission.receive", target_id=str(submission.pk)
    )
    assert event.actor == world.user("own", Role.CASEWORKER)
    assert event.organisation_id == world.own.pk
