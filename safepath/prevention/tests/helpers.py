"""Trainings and campaigns made through the services, for the tests."""

from datetime import date, timedelta

from safepath.accounts.models import Role
from safepath.prevention import services
from safepath.prevention.models import (
    Activity,
    Campaign,
    Module,
    Participant,
    Training,
)


def make_training(world, *, title="Илрүүлэх сургалт", starts=date(2026, 3, 2),
                  days=2, location=None, modules=("identification",),
                  organisation=None) -> Training:  # fmt: skip
    officer = world.user("own", Role.OUTREACH_OFFICER)
    return services.training_save(
        training=Training(
            organisation=organisation or world.own,
            title=title,
            starts_on=starts,
            ends_on=starts + timedelta(days=days - 1),
            location=location,
        ),
        modules=Module.objects.filter(organisation=None, key__in=modules),
        actor=officer,
    )


def add_participant(world, training, name, sector="SocialWork",
                    gender="Feminine", **fields) -> Participant:  # fmt: skip
    return services.participant_save(
        participant=Participant(
            training=training, name=name, sector=sector, gender=gender, **fields
        ),
        actor=world.user("own", Role.OUTREACH_OFFICER),
    )


def make_campaign(world, *, starts=date(2026, 1, 1), organisation=None) -> Campaign:
    return services.campaign_save(
        campaign=Campaign(
            organisation=organisation or world.own,
            title="Аюулгүй шилжих хөдөлгөөн",
            starts_on=starts,
        ),
        actor=world.user("own", Role.OUTREACH_OFFICER),
    )


def add_activity(world, campaign, *, kind="MiningCamp", held_on=date(2026, 2, 1),
                 location=None, audience="MineWorkers", reach=None,
                 estimated_reach=None) -> Activity:  # fmt: skip
    return services.activity_save(
        activity=Activity(
            campaign=campaign,
            kind=kind,
            held_on=held_on,
            location=location,
            audience=audience,
            estimated_reach=estimated_reach,
        ),
        reach=reach or {},
        actor=world.user("own", Role.OUTREACH_OFFICER),
    )
