import pytest
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case, CaseComment
from safepath.conftest import edit, sign_in
from safepath.htcds.choices import CaseStatus


@pytest.fixture
def cw(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    return sign_in(client, world.user("own", Role.CASEWORKER))


def test_it_shows_every_section_and_audits_the_look(world, cw):
    response = cw.get(f"/cases/{world.case.pk}/")
    body = response.content.decode()
    for text in [
        "Сэржмядаг",
        "ЧБ03271614",
        "Жавхлантөгс",
        "Уулзалт болсон",
        "Forced labour",
    ]:
        assert text in body
    assert AuditEvent.objects.filter(
        action="case.view",
        target_id=str(world.case.pk),
        actor=world.user("own", "caseworker"),
    ).exists()


def test_it_edits_the_person_and_keeps_the_name_searchable(world, cw):
    response = edit(cw, f"/cases/{world.case.pk}/person/", prs_SecondName="Баатар")
    assert response.status_code == 302
    world.case.person.refresh_from_db()
    assert world.case.person.prs_SecondName == "Баатар"
    # Found under the new name, spelt as people spell it, and not the old one.
    for query, found in [
        ("Batar", True),
        ("Баатар Сэржмядаг", True),
        ("Хишигдорж", False),
    ]:
        response = cw.post("/cases/", {"q": query})
        assert (world.case in response.context["page"].object_list) is found, query
    event = AuditEvent.objects.get(action="person.update")
    assert "prs_SecondName" in event.fields
    assert "Баатар" not in str(event.fields)  # the trail names fields, never values


def test_it_edits_the_victim_context(world, cw):
    response = edit(
        cw,
        f"/cases/{world.case.pk}/victim/",
        vic_TraffickingStatus="ActualVictimOfTrafficking",
        vic_TraffickingStatusDecisionMakingOrg="Police",
        vic_TypeOfExploitation=["SexualExploitation"],
        vic_TypeOfSexExploitation=["Prostitution"],
        vic_MethodsOfControl=["DebtBondage", "WithholdsDocuments"],
        vic_AgeWhenTrafficked="17",
    )
    assert response.status_code == 302
    victim = Case.objects.get(pk=world.case.pk).victim
    # The status changes only by a recorded decision (test_decisions.py).
    assert victim.vic_TraffickingStatus == "PossibleVictimOfTrafficking"
    assert victim.vic_TraffickingStatusDecisionMakingOrg == ""
    assert {v.value for v in victim.vic_MethodsOfControl.all()} == {
        "DebtBondage",
        "WithholdsDocuments",
    }
    assert [v.value for v in victim.vic_TypeOfExploitation.all()] == [
        "SexualExploitation"
    ]


def test_it_refuses_an_impossible_age(world, cw):
    response = edit(cw, f"/cases/{world.case.pk}/victim/", vic_AgeWhenTrafficked="300")
    assert "vic_AgeWhenTrafficked" in response.context["form"].errors


def test_it_requires_a_reason_to_close(world, cw):
    url = f"/cases/{world.case.pk}/status/"
    response = edit(cw, url, cas_Status="Closed")
    assert "cas_ReasonForCaseClosure" in response.context["form"].errors
    response = edit(
        cw, url, cas_Status="Closed", cas_ReasonForCaseClosure="Returned home."
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=world.case.pk)
    assert case.cas_Status == CaseStatus.CLOSED
    assert case.closed_on == timezone.localdate()
    edit(cw, url, cas_Status="Active", cas_ReasonForCaseClosure="")
    assert Case.objects.get(pk=world.case.pk).closed_on is None


def test_it_requires_where_a_referred_case_went(world, cw):
    url = f"/cases/{world.case.pk}/status/"
    response = edit(cw, url, cas_Status="ClosedReferred", cas_ReasonForCaseClosure="x")
    errors = response.context["form"].errors
    assert "cas_ReferredOrganisation" in errors and "cas_OutgoingReferralDate" in errors
    response = edit(
        cw,
        url,
        cas_Status="ClosedReferred",
        cas_ReasonForCaseClosure="Needs a shelter.",
        cas_ReferredOrganisation=str(world.other.pk),
        cas_ReasonForOutgoingReferral="AdditionalServicesRequired",
        cas_OutgoingReferralDate=timezone.localdate().isoformat(),
    )
    assert response.status_code == 302


def test_it_lets_only_a_supervisor_reassign(world, cw, client_factory):
    other_worker = world.user("own", Role.SUPERVISOR)
    url = f"/cases/{world.case.pk}/edit/"
    edit(cw, url, cas_CaseOwner=str(other_worker.pk))
    assert Case.objects.get(pk=world.case.pk).cas_CaseOwner == world.user(
        "own", "caseworker"
    )
    supervisor = sign_in(client_factory(), other_worker)
    assert edit(supervisor, url, cas_CaseOwner=str(other_worker.pk)).status_code == 302
    assert Case.objects.get(pk=world.case.pk).cas_CaseOwner == other_worker


def test_it_restricts_a_case_to_named_users(world, cw, client_factory):
    supervisor = sign_in(client_factory(), world.user("own", Role.SUPERVISOR))
    url = f"/cases/{world.case.pk}/"
    edit(cw, f"{url}access/", is_restricted="on")
    assert supervisor.get(url).status_code == 404
    assert cw.get(url).status_code == 200  # the owner always
    edit(
        cw,
        f"{url}access/",
        restricted_to=[str(world.user("own", Role.SUPERVISOR).pk)],
    )
    assert supervisor.get(url).status_code == 200
    assert world.case.reference not in client_factory().get("/").content.decode()


def test_it_adds_a_comment_with_htmx(world, cw):
    response = cw.post(
        f"/cases/{world.case.pk}/comments/",
        {"cco_CaseComment": "Эмнэлэгт хүргэв."},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="comments"')
    assert "Эмнэлэгт хүргэв." in body


def _comments(world, count: int) -> None:
    author = world.user("own", Role.CASEWORKER)
    CaseComment.objects.bulk_create(
        CaseComment(case=world.case, author=author, cco_CaseComment=f"Тэмдэглэл №{n}.")
        for n in range(1, count + 1)
    )


def test_it_shows_the_newest_comments_and_links_to_the_others(world, cw, settings):
    settings.CASE_COMMENTS_SHOWN = 3
    _comments(world, 5)
    body = cw.get(f"/cases/{world.case.pk}/").content.decode()
    shown = [n for n in range(1, 6) if f"Тэмдэглэл №{n}." in body]
    assert shown == [3, 4, 5]
    assert f'href="/cases/{world.case.pk}/comments/all/"' in body
    # Adding one with htmx shows the newest three again, and the link.
    body = cw.post(
        f"/cases/{world.case.pk}/comments/",
        {"cco_CaseComment": "Тэмдэглэл №6."},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert [n for n in range(1, 7) if f"Тэмдэглэл №{n}." in body] == [4, 5, 6]
    assert f'href="/cases/{world.case.pk}/comments/all/"' in body


def test_it_has_no_link_when_every_comment_is_shown(world, cw, settings):
    # The world's case has comments of its own already.
    settings.CASE_COMMENTS_SHOWN = world.case.comments.count() + 3
    _comments(world, 3)
    body = cw.get(f"/cases/{world.case.pk}/").content.decode()
    assert all(f"Тэмдэглэл №{n}." in body for n in (1, 2, 3))
    assert "/comments/all/" not in body


def test_the_comments_page_shows_them_all_a_page_at_a_time(world, cw):
    _comments(world, 52)
    url = f"/cases/{world.case.pk}/comments/all/"
    first = cw.get(url).content.decode()
    assert "Page 1 of 2" in first
    assert "Тэмдэглэл №52." in first and "Тэмдэглэл №3." in first
    assert "Тэмдэглэл №2." not in first
    second = cw.get(f"{url}?page=2").content.decode()
    assert "Тэмдэглэл №2." in second and "Тэмдэглэл №1." in second
    assert "Тэмдэглэл №3." not in second
    # Reading them is audited as a look at the case's comments.
    looks = AuditEvent.objects.filter(
        action="case.view", target_id=str(world.case.pk), fields=["comments"]
    )
    assert looks.count() == 2


def test_it_keeps_an_oversized_comment_and_says_why(world, cw):
    text = "ж" * 10_001
    response = cw.post(f"/cases/{world.case.pk}/comments/", {"cco_CaseComment": text})
    assert response.status_code == 200
    assert "cco_CaseComment" in response.context["form"].errors
    assert text in response.content.decode()


def test_it_adds_edits_and_deletes_trafficking_events(world, cw):
    base = f"/cases/{world.case.pk}/events/"
    response = cw.post(
        f"{base}new/",
        {
            "hte_Type": "Exploitation",
            "hte_Country": "CN",
            "hte_City": "Erenhot",
            "hte_Date": "2025-05-01",
        },
    )
    assert response.status_code == 302
    event = world.case.events.get(hte_City="Erenhot")
    edit(cw, f"{base}{event.pk}/", hte_Type="Transit")
    event.refresh_from_db()
    assert event.hte_Type == "Transit"
    response = cw.post(f"{base}new/", {"hte_Type": "Teleportation"})
    assert "hte_Type" in response.context["form"].errors
    cw.post(f"{base}{event.pk}/delete/")
    assert not world.case.events.filter(pk=event.pk).exists()


def test_it_records_a_perpetrator(world, cw):
    response = cw.post(
        f"/cases/{world.case.pk}/perpetrators/new/",
        {
            "prs_FirstName": "Ганхуяг",
            "prs_Gender": "Masculine",
            "prs_Citizenship": ["CN"],
            "per_RoleInProcess": ["RecruiterOrIntermediary", "Transporter"],
        },
    )
    assert response.status_code == 302, (
        response.context["person_form"].errors,
        response.context["context_form"].errors,
    )
    perpetrator = world.case.perpetrators.latest("created_at")
    assert perpetrator.person.prs_FirstName == "Ганхуяг"
    assert perpetrator.person.organisation == world.own
    assert perpetrator.per_RoleInProcess.count() == 2


def test_it_records_and_withdraws_consent(world, cw):
    base = f"/cases/{world.case.pk}/consents/"
    cw.post(
        f"{base}new/",
        {
            "purpose": "PersonalData",
            "con_Consent": "on",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    consent = world.case.consents.filter(purpose="PersonalData").latest("created_at")
    cw.post(f"{base}{consent.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert not Case.objects.get(
        pk=world.case.pk
    ).victim.vic_AgreementToManagePersonalData


def test_it_shows_the_case_history_to_supervisors(world, cw, client_factory):
    cw.get(f"/cases/{world.case.pk}/")
    supervisor = sign_in(client_factory(), world.user("own", Role.SUPERVISOR))
    response = supervisor.get(f"/cases/{world.case.pk}/history/")
    actions = [e.action for e in response.context["page"].object_list]
    assert "case.view" in actions and "case.create" in actions
