"""Tests on the participant's phone, through their own link: no account, no
cookie, no name on the page."""

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.prevention.models import FollowUpSurvey, TestResult
from safepath.prevention.selectors import training_questions
from safepath.prevention.tests.helpers import add_participant, make_training


def _open(world, client, training, test: str) -> None:
    sign_in(client, world.user("own", Role.OUTREACH_OFFICER))
    client.post(f"/prevention/trainings/{training.pk}/open-test/", {"open_test": test})
    client.logout()
    training.refresh_from_db()


def test_a_participant_takes_the_pre_test_on_a_phone(world, client):
    training = make_training(world, modules=("identification", "referral"))
    participant = add_participant(world, training, "Сарангэрэл Бат")
    start = client.get(f"/learn/{participant.token}/")
    assert start["Location"] == f"/learn/mn/{participant.token}/"
    page = client.get(f"/learn/en/{participant.token}/")
    assert "No test is open now" in page.content.decode()
    _open(world, client, training, "pre")
    client.cookies.clear()
    url = f"/learn/en/{participant.token}/"
    page = client.get(url)
    body = page.content.decode()
    questions = training_questions(training)
    assert len(questions) == 12
    assert questions[0].text_en in body
    assert "Сарангэрэл" not in body
    assert not page.cookies
    # Half answered: refused, the answers given are kept.
    half = {f"q{q.pk}": str(q.correct) for q in questions[:6]}
    response = client.post(url, half)
    assert response.status_code == 400
    assert "Some questions have no answer yet" in response.content.decode()
    assert response.content.decode().count(" checked") == 6
    assert not TestResult.objects.exists()
    answers = {f"q{q.pk}": str(q.correct if n % 3 else (q.correct + 1) % 4)
               for n, q in enumerate(questions)}  # fmt: skip
    response = client.post(url, answers)
    assert response.status_code == 302 and not response.cookies
    result = TestResult.objects.get()
    assert (result.kind, result.score, result.max_score, result.source) == (
        "pre",
        8,
        12,
        "phone",
    )
    # Sent again (the back button): one result, the page says it is done.
    client.post(url, answers)
    assert TestResult.objects.count() == 1
    assert "8 of 12 correct" in client.get(url).content.decode()


def test_an_unknown_link_is_not_found(db, client):
    assert client.get("/learn/not-a-token/").status_code == 404
    assert client.get("/learn/en/not-a-token/").status_code == 404


def test_the_follow_up_survey_is_answered_on_the_phone(world, client):
    training = make_training(world)
    participant = add_participant(world, training, "Батбаяр")
    _open(world, client, training, "follow_up")
    url = f"/learn/fr/{participant.token}/"
    response = client.post(url, {"identified": "2"})
    assert response.status_code == 400
    response = client.post(
        url, {"identified": "2", "referred": "1", "used_training": "yes"}
    )
    assert response.status_code == 302
    survey = FollowUpSurvey.objects.get()
    assert (survey.identified, survey.referred, survey.source) == (2, 1, "phone")
    assert 'class="done"' in client.get(url).content.decode()


def test_a_test_without_questions_is_not_opened(world, client):
    training = make_training(world, modules=())
    participant = add_participant(world, training, "Батбаяр")
    _open(world, client, training, "pre")
    assert training.open_test == ""
    training.open_test = "pre"
    training.save(update_fields=["open_test"])
    url = f"/learn/en/{participant.token}/"
    assert "No test is open now" in client.get(url).content.decode()
    client.post(url, {})
    assert not TestResult.objects.exists()
