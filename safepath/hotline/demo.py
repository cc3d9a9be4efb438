"""Fictional contacts of the demo resource centre over the last two weeks."""

import random
from datetime import timedelta

from django.utils import timezone

from safepath.accounts.models import User
from safepath.hotline.models import CallerType, Channel, Contact, Topic
from safepath.hotline.services import contact_record
from safepath.organisations.models import Organisation

NOTES = {
    Topic.JOB_OFFER_CHECK: "Asked whether a job offer in a factory abroad is real; "
    "explained the signs of a false offer.",
    Topic.VISA_DOCUMENTS: "Asked which visa a seasonal worker needs; gave the "
    "labour office's address.",
    Topic.LABOUR_DISPUTE: "Wages unpaid for two months at a mine camp; explained "
    "how to complain to the labour inspectorate.",
    Topic.SUSPECTED_TRAFFICKING: "Employer keeps the passports of the workers.",
    Topic.MISSING_PERSON: "A mother has had no news of her daughter for a month.",
    Topic.SAFE_MIGRATION: "Gave the safe-migration leaflet.",
    Topic.RETURN: "Wants to come home from the border town.",
    Topic.OTHER: "General question.",
}


def hotline_demo_seed(*, organisation: Organisation, rng: random.Random) -> None:
    operator = User.objects.get(username="demo-hotline")
    now = timezone.now()
    for number in range(40):
        topic = rng.choice(Topic.values)
        contact = Contact(
            organisation=organisation,
            channel=rng.choice(Channel.values),
            contacted_at=now - timedelta(hours=rng.randint(0, 14 * 24)),
            duration_minutes=rng.randint(1, 25),
            caller_type=rng.choice(CallerType.values),
            topic=topic,
            information_given=NOTES[topic],
        )
        if topic in (Topic.SUSPECTED_TRAFFICKING, Topic.MISSING_PERSON):
            contact.follow_up_on = timezone.localdate() + timedelta(
                days=rng.randint(-3, 5)
            )
        contact_record(
            contact=contact,
            # A few callers come back with the same code word.
            code_word=f"demo-{number % 7}" if number % 3 == 0 else "",
            actor=operator,
        )
