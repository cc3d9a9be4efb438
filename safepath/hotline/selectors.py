"""Who may see which contact: the members of the contact's organisation who
keep the contact log (CONTACT_ROLES). Everyone else gets 404."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safepath.accounts.models import CONTACT_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.hotline.models import Channel, Contact, Topic
from safepath.lib.crypto import blind_index
from safepath.people.search import phone_key


def contact_organisation_ids(*, user) -> list[int]:
    return organisation_ids_for(user=user, roles=CONTACT_ROLES)


def contacts_visible_to(user) -> QuerySet[Contact]:
    return Contact.objects.filter(
        organisation_id__in=contact_organisation_ids(user=user)
    )


def contact_get_for_user(*, user, contact_id: int) -> Contact:
    contact = (
        contacts_visible_to(user)
        .select_related(
            "organisation", "location__parent", "recorded_by", "screening", "case"
        )
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def code_word_token(code_word: str) -> str:
    """The code word as a keyed hash; case, spaces and script variants of
    the same letters do not matter."""
    folded = " ".join(code_word.casefold().split())
    return blind_index("contact-code-word", folded) if folded else ""


def phone_token(phone: str) -> str:
    key = phone_key(phone)
    return blind_index("contact-phone", key) if len(key) >= 6 else ""


def earlier_contacts(
    *, organisation_id: int, code_word_index: str = "", phone_index: str = "",
    before: Contact | None = None,
) -> list[Contact]:  # fmt: skip
    """The caller's earlier contacts with this organisation, newest first."""
    match = Q()
    if code_word_index:
        match |= Q(code_word_index=code_word_index)
    if phone_index:
        match |= Q(phone_index=phone_index)
    if not match:
        return []
    contacts = Contact.objects.filter(match, organisation_id=organisation_id)
    if before is not None:
        contacts = contacts.exclude(pk=before.pk).filter(
            contacted_at__lte=before.contacted_at
        )
    return list(contacts.order_by("-contacted_at", "-id")[:20])


def same_caller(*, contact: Contact) -> list[Contact]:
    """Every other contact of the same caller (by code word or phone)."""
    match = Q()
    if contact.code_word_index:
        match |= Q(code_word_index=contact.code_word_index)
    if contact.phone_index:
        match |= Q(phone_index=contact.phone_index)
    if not match:
        return []
    return list(
        Contact.objects.filter(match, organisation_id=contact.organisation_id)
        .exclude(pk=contact.pk)
        .order_by("-contacted_at")[:50]
    )


def follow_ups_open(*, user, count: int = 50) -> list[Contact]:
    return list(
        contacts_visible_to(user)
        .filter(follow_up_on__isnull=False, follow_up_done_on__isnull=True)
        .order_by("follow_up_on")[:count]
    )


@dataclass
class Dashboard:
    today: int
    week: int
    by_channel: list[tuple[str, int, int]]  # label, today, this week
    by_topic: list[tuple[str, int, int]]
    follow_ups: list[Contact]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def dashboard_for(*, user, today: date | None = None) -> Dashboard:
    """Counts only: what the dashboard shows carries no one's data."""
    today = today or timezone.localdate()
    day_start = _start_of(today)
    week = contacts_visible_to(user).filter(
        contacted_at__gte=_start_of(today - timedelta(days=today.weekday()))
    )
    in_day = Count("id", filter=Q(contacted_at__gte=day_start))
    counts = week.aggregate(week=Count("id"), today=in_day)

    def grouped(field: str, choices) -> list[tuple[str, int, int]]:
        rows = {
            row[field]: row
            for row in week.values(field).annotate(week=Count("id"), today=in_day)
        }
        return [
            (str(label), rows[value]["today"], rows[value]["week"])
            for value, label in choices
            if value in rows
        ]

    return Dashboard(
        today=counts["today"],
        week=counts["week"],
        by_channel=grouped("channel", Channel.choices),
        by_topic=grouped("topic", Topic.choices),
        follow_ups=follow_ups_open(user=user, count=20),
    )
