"""Fictional trainings and campaigns of the demo programme in Ömnögovi:
participants of every sector with attendance, pre- and post-tests and a few
follow-up surveys; campaign activities at mining camps, schools, the border
crossing and on the radio."""

import random
from datetime import date, timedelta

from django.utils import timezone

from safepath.accounts.models import User
from safepath.htcds.choices import Gender
from safepath.organisations.models import Organisation
from safepath.places.models import Location
from safepath.prevention import services
from safepath.prevention.models import (
    MEDIA_KINDS,
    REACH_GENDERS,
    Activity,
    ActivityKind,
    AgeGroup,
    Audience,
    Campaign,
    FollowUpSurvey,
    Module,
    Participant,
    ResultSource,
    Sector,
    Training,
    UsedTraining,
)
from safepath.prevention.selectors import training_questions

GIVEN = [
    "Сарангэрэл", "Батбаяр", "Оюунцэцэг", "Энхжаргал", "Мөнхбат", "Нарантуяа",
    "Ганбат", "Алтанцэцэг", "Төмөрбаатар", "Уранчимэг", "Бямбасүрэн", "Отгонбаяр",
]  # fmt: skip
FAMILY = ["Дорж", "Бат", "Пүрэв", "Лхагва", "Цэрэн", "Гомбо", "Даваа", "Нямаа"]
TRAININGS = [
    ("Хүн худалдаалах гэмт хэргийн хохирогчийг илрүүлэх сургалт", "dalanzadgad", 2,
     ["identification", "referral"],
     [Sector.SOCIAL_WORK, Sector.MEDICAL, Sector.POLICE]),
    ("Уурхайн компаниудын төлөөлөгчдөд зориулсан сургалт", "khanbogd", 1,
     ["prevention", "identification"], [Sector.BUSINESS, Sector.RECRUITMENT,
                                        Sector.COMMUNITY_LEADER]),
    ("Багш нарт зориулсан урьдчилан сэргийлэх сургалт", "tsogttsetsii", 1,
     ["prevention", "assistance"], [Sector.EDUCATION, Sector.SOCIAL_WORK]),
]  # fmt: skip


def _place(code: str) -> Location | None:
    return Location.objects.filter(code=f"MN-053/{code}").first()


def _take_test(rng, participant, questions, kind: str, skill: float) -> None:
    answers = {
        str(q.pk): q.correct
        if rng.random() < skill
        else (q.correct + 1) % len(q.options)
        for q in questions
    }
    services.test_submit(
        participant=participant, kind=kind, answers=answers,
        source=rng.choice(ResultSource.values),
    )  # fmt: skip


def prevention_demo_seed(*, organisation: Organisation, rng: random.Random) -> None:
    officer = User.objects.get(username="demo-outreach")
    today = timezone.localdate()
    if Training.objects.filter(organisation=organisation).exists():
        return
    for number, (title, place, days, modules, sectors) in enumerate(TRAININGS):
        starts = today - timedelta(days=120 - 45 * number)
        training = services.training_save(
            training=Training(
                organisation=organisation,
                title=title,
                starts_on=starts,
                ends_on=starts + timedelta(days=days - 1),
                location=_place(place),
                venue="Сумын соёлын төв",
                facilitators="Тэмүүжин Цэрэн, Ганзориг Лхагва",
                funders="Demo donor programme",
            ),
            modules=Module.objects.filter(organisation=None, key__in=modules),
            actor=officer,
        )
        questions = training_questions(training)
        present: dict[int, set[date]] = {}
        for _ in range(rng.randint(12, 18)):
            consent = rng.random() < 0.5
            participant = services.participant_save(
                participant=Participant(
                    training=training,
                    name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    sector=rng.choice(sectors),
                    gender=rng.choice([Gender.FEMININE] * 3 + [Gender.MASCULINE] * 2),
                    workplace="Ömnögovi",
                    consent_to_contact=consent,
                    phone=f"99{rng.randint(100000, 999999)}" if consent else "",
                ),
                actor=officer,
            )
            present[participant.pk] = {
                day for day in training.days if rng.random() < 0.9
            }
            skill = rng.uniform(0.3, 0.6)
            _take_test(rng, participant, questions, "pre", skill)
            if rng.random() < 0.9:
                _take_test(rng, participant, questions, "post", min(skill + 0.3, 0.95))
            if number == 0 and rng.random() < 0.6:
                identified = rng.choice([0, 0, 1, 2])
                services.follow_up_save(
                    survey=FollowUpSurvey(
                        participant=participant,
                        answered_on=today - timedelta(days=rng.randint(1, 20)),
                        identified=identified,
                        referred=min(identified, rng.randint(0, 2)),
                        used_training=rng.choice(UsedTraining.values),
                    ),
                    source=ResultSource.PHONE,
                )
        services.attendance_set(training=training, present=present, actor=officer)

    # One coming up: participants registered, nothing taken yet.
    upcoming = services.training_save(
        training=Training(
            organisation=organisation,
            title="Цагдаагийн ажилтнуудад зориулсан хандуулах сургалт",
            starts_on=today + timedelta(days=14),
            ends_on=today + timedelta(days=15),
            location=_place("gurvantes"),
            facilitators="Тэмүүжин Цэрэн",
        ),
        modules=Module.objects.filter(organisation=None, key__in=["referral"]),
        actor=officer,
    )
    for _ in range(8):
        services.participant_save(
            participant=Participant(
                training=upcoming,
                name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                sector=Sector.POLICE,
                gender=rng.choice([Gender.FEMININE, Gender.MASCULINE]),
            ),
            actor=officer,
        )

    campaign = services.campaign_save(
        campaign=Campaign(
            organisation=organisation,
            title="Аюулгүй шилжих хөдөлгөөн — Өмнөговь",
            description="Safe migration and the hotline number, for mine workers, "
            "truck drivers at the border crossing, and school leavers.",
            starts_on=today - timedelta(days=90),
            other_partners="Сумын засаг даргын тамгын газар",
        ),
        actor=officer,
    )
    plan = [
        (ActivityKind.MINING_CAMP, "khanbogd", Audience.MINE_WORKERS),
        (ActivityKind.BORDER_CROSSING, "gurvantes", Audience.DRIVERS),
        (ActivityKind.SCHOOL_SESSION, "dalanzadgad", Audience.STUDENTS),
        (ActivityKind.COMMUNITY_MEETING, "tsogttsetsii", Audience.GENERAL_PUBLIC),
        (ActivityKind.RADIO, "dalanzadgad", Audience.GENERAL_PUBLIC),
        (ActivityKind.SOCIAL_MEDIA, "dalanzadgad", Audience.MIGRANTS),
        (ActivityKind.POSTERS, "khanbogd", Audience.MINE_WORKERS),
    ]
    for number, (kind, place, audience) in enumerate(plan * 2):
        media = kind in MEDIA_KINDS
        reach = {}
        if not media:
            for gender in REACH_GENDERS[:2]:
                for age, _label in AgeGroup.choices:
                    reach[(gender, age)] = rng.randint(0, 30)
        services.activity_save(
            activity=Activity(
                campaign=campaign,
                kind=kind,
                held_on=today - timedelta(days=85 - 6 * number),
                location=_place(place),
                audience=audience,
                materials="Leaflets, hotline stickers",
                estimated_reach=rng.randint(2000, 15000) if media else None,
            ),
            reach=reach,
            actor=officer,
        )
