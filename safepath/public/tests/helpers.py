"""The resource centre of the test world and a report sent as a browser would."""

import re
import time

from safepath.organisations.models import Organisation
from safepath.public import guards
from safepath.public.models import AnonymousReport, ResourceCentre
from safepath.public.services import resource_centre_save


def make_centre(organisation: Organisation) -> ResourceCentre:
    """These tests' centre, in place of the test world's, with an empty queue."""
    ResourceCentre.objects.filter(organisation=organisation).delete()
    AnonymousReport.objects.all().delete()
    return resource_centre_save(
        centre=ResourceCentre(
            organisation=organisation,
            name_mn="Мэдээллийн төв",
            name_en="Resource centre",
            name_fr="Centre d’information",
            address_mn="Даланзадгад, 5-р баг",
            address_en="Dalanzadgad, 5th bag",
            address_fr="Dalanzadgad, 5e bag",
            hours_mn="Даваа–Баасан 9:00–18:00",
            hours_en="Monday to Friday 9:00–18:00",
            hours_fr="Du lundi au vendredi 9 h – 18 h",
            hotline_number="7000-0000",
        ),
        actor=None,
    )


def old_token(seconds: float = 10) -> str:
    """A token from a form shown `seconds` ago."""
    return guards.report_token(issued_at=time.time() - seconds)


def token_in(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def send(client, lang: str = "en", address: str = "203.0.113.7", **changes):
    data = {
        "what_seen": "Workers at the brick kiln are locked in at night.",
        "where": "Brick kiln by the river",
        "when": "2026-01-04",
        "contact": "",
        "website": "",
        "token": old_token(),
        **changes,
    }
    return client.post(
        f"/help/{lang}/report/",
        {k: v for k, v in data.items() if v is not None},
        REMOTE_ADDR=address,
    )
