from datetime import date

import pytest

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in
from safepath.prevention.models import (
    Attendance,
    Module,
    Participant,
    Question,
    TestResult,
    Training,
)
from safepath.prevention.selectors import training_questions
from safepath.prevention.tests.helpers import add_participant, make_training


@pytest.fixture
def officer(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.OUTREACH_OFFICER))
    return client


def test_the_built_in_question_bank_is_loaded_in_three_languages(db):
    modules = Module.objects.filter(organisation=None)
    assert set(modules.values_list("key", flat=True)) == {
        "identification", "assistance", "referral", "prevention"
    }  # fmt: skip
    for question in Question.objects.filter(module__in=modules):
        assert question.text_mn and question.text_en and question.text_fr
        assert 0 <= question.correct < len(question.options)
        assert all(o["mn"] and o["en"] and o["fr"] for o in question.options)


def test_an_officer_plans_a_training_and_keeps_what_was_typed_on_errors(world, officer):
    data = {
        "organisation": world.own.pk,
        "title": "Сургалт",
        "starts_on": "2026-03-05",
        "ends_on": "2026-03-02",
        "modules": [Module.objects.get(key="identification").pk],
        "facilitators": "Тэмүүжин",
    }
    response = officer.post("/prevention/trainings/new/", data)
    assert response.status_code == 200
    assert "The last day cannot be before the first." in response.content.decode()
    assert response.context["form"]["facilitators"].value() == "Тэмүүжин"
    data["ends_on"] = "2026-03-06"
    response = officer.post("/prevention/trainings/new/", data)
    training = Training.objects.get()
    assert response["Location"] == f"/prevention/trainings/{training.pk}/"
    assert training.days == [date(2026, 3, d) for d in range(5, 7)]
    assert AuditEvent.objects.filter(action="training.create").exists()


def test_contact_details_are_kept_only_with_consent(world, officer):
    training = make_training(world)
    url = f"/prevention/trainings/{training.pk}/participants/new/"
    data = {"name": "Оюунцэцэг Дорж", "sector": "Medical", "gender": "Feminine",
            "phone": "9911 4455"}  # fmt: skip
    response = officer.post(url, data)
    assert response.status_code == 200
    assert "agrees to be contacted" in response.content.decode()
    assert response.context["form"]["phone"].value() == "9911 4455"
    assert not Participant.objects.exists()
    response = officer.post(url, {**data, "consent_to_contact": "on"})
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.phone == "9911 4455"
    # Stored encrypted: the name is not in the table as typed.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM prevention_participant")
        raw = cursor.fetchone()
    assert "Оюунцэцэг" not in raw[0] and "4455" not in raw[1]


def test_attendance_and_paper_scores_give_completion_and_gain(world, officer):
    training = make_training(world, days=2)
    a = add_participant(world, training, "Батбаяр", sector="Police", gender="Masculine")
    b = add_participant(world, training, "Нарантуяа", sector="Police")
    c = add_participant(world, training, "Уранчимэг", sector="Education")
    response = officer.post(
        f"/prevention/trainings/{training.pk}/attendance/",
        {
            f"p{a.pk}-2026-03-02": "1",
            f"p{a.pk}-2026-03-03": "1",
            f"p{b.pk}-2026-03-02": "1",
            f"p{c.pk}-2026-03-03": "1",
            f"p{c.pk}-2026-03-09": "1",
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert Attendance.objects.count() == 4  # the day outside the training ignored
    url = f"/prevention/trainings/{training.pk}/scores/"
    response = officer.post(url, {"max_score": "10", f"pre_{a.pk}": "4",
                                  f"post_{a.pk}": "11"})  # fmt: skip
    assert response.status_code == 200
    assert "More than the 10 questions" in response.content.decode()
    assert not TestResult.objects.exists()
    officer.post(url, {"max_score": "10", f"pre_{a.pk}": "4", f"post_{a.pk}": "9",
                       f"pre_{b.pk}": "5", f"post_{b.pk}": "6", f"pre_{c.pk}": "2",
                       f"post_{c.pk}": "8"})  # fmt: skip
    summary = officer.get(training.get_absolute_url()).context["summary"]
    assert summary.completed == 1
    assert summary.average_gain == pytest.approx((50 + 10 + 60) / 3)
    assert dict((label, gain) for label, _n, gain in summary.by_sector) == {
        "Police": pytest.approx(30.0),
        "Educator": pytest.approx(60.0),
    }
    # Certificates only for the participant present every day.
    body = officer.get(f"/prevention/trainings/{training.pk}/certificates/")
    body = body.content.decode()
    assert "Батбаяр" in body and "Нарантуяа" not in body and "Уранчимэг" not in body
    # Emptying a box removes that result.
    officer.post(url, {"max_score": "10", f"pre_{a.pk}": "4", f"post_{a.pk}": "9",
                       f"pre_{b.pk}": "5", f"post_{b.pk}": "6", f"pre_{c.pk}": "2",
                       f"post_{c.pk}": ""})  # fmt: skip
    assert TestResult.objects.count() == 5


def test_a_paper_test_is_scored_question_by_question(world, officer):
    training = make_training(world)
    participant = add_participant(world, training, "Ганбат")
    questions = training_questions(training)
    assert len(questions) == 6
    answers = {f"q{q.pk}": str(q.correct) for q in questions[:4]}
    answers[f"q{questions[4].pk}"] = str((questions[4].correct + 1) % 4)
    response = officer.post(
        f"/prevention/participants/{participant.pk}/test/pre/", answers
    )
    assert response.status_code == 302
    result = TestResult.objects.get()
    assert (result.score, result.max_score, result.source) == (4, 6, "paper")
    # The questions are now fixed for the post-test, whatever the modules become.
    training.refresh_from_db()
    training.modules.add(Module.objects.get(key="referral"))
    assert [q.pk for q in training_questions(training)] == [q.pk for q in questions]


def test_the_training_page_records_who_looked(world, officer):
    training = make_training(world)
    add_participant(world, training, "Ганбат")
    officer.get(training.get_absolute_url())
    event = AuditEvent.objects.filter(action="training.view").get()
    assert event.fields == ["participants"]


def test_an_organisation_adds_its_own_module_and_questions(world, officer):
    response = officer.post(
        "/prevention/modules/new/",
        {"organisation": world.own.pk, "name_mn": "Уурхайн аюулгүй байдал"},
    )
    module = Module.objects.get(organisation=world.own)
    assert response["Location"] == f"/prevention/modules/{module.pk}/"
    url = f"/prevention/modules/{module.pk}/questions/new/"
    bad = {"text_mn": "Асуулт?", "option_0_mn": "Нэг", "option_1_en": "Two",
           "correct": "3"}  # fmt: skip
    response = officer.post(url, bad)
    body = response.content.decode()
    assert "Give the option in Mongolian too." in body
    assert "The correct answer must be one of the options given." in body
    assert response.context["form"]["option_1_en"].value() == "Two"
    good = {"text_mn": "Асуулт?", "option_0_mn": "Нэг", "option_2_mn": "Гурав",
            "option_2_en": "Three", "correct": "2"}  # fmt: skip
    assert officer.post(url, good).status_code == 302
    question = Question.objects.get(module=module)
    assert question.options == [
        {"mn": "Нэг", "en": "", "fr": ""},
        {"mn": "Гурав", "en": "Three", "fr": ""},
    ]
    assert question.correct == 1
    # The built-in modules cannot be changed here; another's module is hidden.
    builtin = Module.objects.get(key="referral")
    assert (
        officer.get(f"/prevention/modules/{builtin.pk}/questions/new/").status_code
        == 404
    )
    sign_in(officer, world.user("other", Role.OUTREACH_OFFICER))
    assert officer.get(f"/prevention/modules/{module.pk}/").status_code == 404


def test_screening_practice_links_back_to_the_training(world, officer):
    training = make_training(world)
    response = officer.get(f"/screenings/training/?from_training={training.pk}")
    assert training.title in response.content.decode()
    scenario = response.context["scenarios"][0]["key"]
    officer.post(
        "/screenings/training/", {"scenario": scenario, "from_training": training.pk}
    )
    body = officer.get("/screenings/training/result/").content.decode()
    assert f'href="{training.get_absolute_url()}"' in body
    # Another organisation's training is not linked.
    other = make_training(world, organisation=world.other, title="Бусад")
    response = officer.get(f"/screenings/training/?from_training={other.pk}")
    assert "Бусад" not in response.content.decode()


def test_the_home_page_lists_the_trainings_coming_up(world, officer):
    from django.utils import timezone

    today = timezone.localdate()
    soon = make_training(world, title="Удахгүй", starts=today)
    make_training(world, title="Өнгөрсөн", starts=date(2025, 1, 6))
    body = officer.get("/").content.decode()
    assert soon.get_absolute_url() in body and "Өнгөрсөн" not in body
    sign_in(officer, world.user("own", Role.CASEWORKER))
    assert "trainings-coming-up" not in officer.get("/").content.decode()
