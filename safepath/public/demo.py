"""The demo resource centre's public details and three anonymous reports,
written through the services. The hotline number, the reports and the places
in them are invented."""

from datetime import timedelta

from django.utils import timezone

from safepath.organisations.models import Organisation
from safepath.public.models import AnonymousReport, ResourceCentre
from safepath.public.services import anonymous_report_submit, resource_centre_save

REPORTS = [
    # what was seen, where, days before today it happened, contact, language
    (
        "Зуучлагч залуучуудаас паспортыг нь аваад хилийн цаана уурхайд ажил "
        "амлаж байна. Өнөөдөр автобусны буудал дээр уулзсан.",
        "Даланзадгад, автобусны буудал",
        1,
        "",
        "mn",
    ),
    (
        "Workers at a camp near the mine are not allowed to leave and say they "
        "have not been paid for three months.",
        "Road to the mine, camp with blue containers",
        10,
        "",
        "en",
    ),
    (
        "Миний найзыг гадаадад зөөгч хийлгэнэ гэж аваачсан, одоо утсаа авахгүй байна.",
        "",
        None,
        "9900 0000 (demo)",
        "mn",
    ),
]


def public_demo_seed(*, organisation: Organisation) -> ResourceCentre:
    centre = resource_centre_save(
        centre=ResourceCentre(
            organisation=organisation,
            name_mn="Шилжин суурьшигчдын мэдээллийн төв",
            name_en="Migrant resource centre",
            name_fr="Centre d'information pour les migrants",
            address_mn="Өмнөговь аймаг, Даланзадгад сум, 5-р баг, "
            "Засаг даргын тамгын газрын 2 давхар (демо)",
            address_en="2nd floor, governor's office building, 5th bag, "
            "Dalanzadgad, Ömnögovi (demo)",
            address_fr="2e étage, bâtiment du gouverneur, 5e bag, "
            "Dalanzadgad, Ömnögovi (démo)",
            hours_mn="Даваа–Баасан 9:00–18:00",
            hours_en="Monday to Friday, 9:00–18:00",
            hours_fr="Du lundi au vendredi, 9 h 00 – 18 h 00",
            hotline_number="7000-0000 (demo)",
        ),
        actor=None,
    )
    now = timezone.now()
    for number, (what_seen, where, days_ago, contact, language) in enumerate(REPORTS):
        anonymous_report_submit(
            report=AnonymousReport(
                what_seen=what_seen,
                where=where,
                when=timezone.localdate() - timedelta(days=days_ago)
                if days_ago is not None
                else None,
                contact=contact,
                language=language,
                received_at=now - timedelta(hours=5 * number + 2),
            )
        )
    return centre
