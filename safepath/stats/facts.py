"""Keeping stats.CaseFact current: one row per case with the coded values the
dashboard counts, recomputed from the case tables.

`facts_refresh(case_ids)` recomputes some cases (the signals below call it
whenever a case, its victim context, its types of exploitation, its consents
or its person are saved); `facts_rebuild()` recomputes every case (the
`refresh_statistics` command, after bulk loads, and as a nightly check that
nothing drifted).

Signals rather than calls in each service: every writer of these tables
(the case services, the admin, the demo, later imports and merges) must keep
the facts current, and one forgotten call would skew published figures
silently. Writes that bypass save() (QuerySet.update) are the exception and
must call facts_refresh themselves.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from safepath.assistance.models import ServiceDelivered
from safepath.cases.models import Case, Consent, ConsentPurpose, VictimContext
from safepath.dedup.links import identities
from safepath.people.models import Person
from safepath.stats.models import CaseFact, ServiceFact

CHUNK = 2000


def _consented() -> Exists:
    return Exists(
        Consent.objects.filter(
            case=OuterRef("pk"),
            purpose=ConsentPurpose.ANONYMISED_STATISTICS,
            con_Consent=True,
            withdrawn_on__isnull=True,
        )
    )


def _level(path: str | None, level: int) -> str:
    """The code at one level of a place path ("|MN|MN-063|MN-063-05|":
    1 = aimag or the capital, 2 = soum or district)."""
    parts = (path or "").strip("|").split("|")
    return parts[level] if len(parts) > level else ""


def _facts(case_ids: list) -> list[CaseFact]:
    rows = (
        Case.objects.filter(pk__in=case_ids)
        .annotate(consented=_consented())
        .values_list(
            "pk",
            "organisation_id",
            "person_id",
            "opened_on",
            "cas_Status",
            "age_band",
            "person__prs_Gender",
            "victim__vic_TraffickingStatus",
            "victim__vic_ForcedLabourIndustry",
            "victim__vic_LocationOfRecruitment__path",
            "victim__vic_LocationOfExploitation__path",
            "consented",
        )
    )
    first, identity = _first_cases(case_ids)
    kinds: dict = defaultdict(list)
    through = VictimContext.vic_TypeOfExploitation.through
    for case_id, value in (
        through.objects.filter(victimcontext_id__in=case_ids)
        .order_by("picklistvalue__position", "picklistvalue__value")
        .values_list("victimcontext_id", "picklistvalue__value")
    ):
        kinds[case_id].append(value)
    return [
        CaseFact(
            case_id=pk,
            organisation_id=organisation_id,
            person_id=person_id,
            opened_on=opened_on,
            status=status,
            trafficking_status=trafficking_status or "",
            exploitation=f"|{'|'.join(kinds[pk])}|" if kinds.get(pk) else "",
            industry=industry or "",
            recruitment_aimag=_level(recruited, 1),
            exploitation_aimag=_level(exploited, 1),
            exploitation_soum=_level(exploited, 2),
            age_band=age_band or "",
            gender=gender or "",
            consented=consented,
            identity=identity.get(person_id, person_id),
            first_of_person=pk in first,
        )
        for (
            pk,
            organisation_id,
            person_id,
            opened_on,
            status,
            age_band,
            gender,
            trafficking_status,
            industry,
            recruited,
            exploited,
            consented,
        ) in rows
    ]


def _identities(case_ids: list) -> dict:
    """{person id: identity} of the people of these cases and of everyone
    linked to them as the same person (dedup.links)."""
    people = Case.objects.filter(pk__in=case_ids).values_list("person_id", flat=True)
    return identities(set(people))


def _first_cases(case_ids: list) -> tuple[set, dict]:
    """Of these cases, those that are their identity's first (a person's,
    across the records linked as theirs); and the identities."""
    identity = _identities(case_ids)
    first: dict = {}
    for person_id, pk in (
        Case.objects.filter(person_id__in=list(identity))
        .order_by("opened_on", "pk")
        .values_list("person_id", "pk")
    ):
        first.setdefault(identity[person_id], pk)
    return set(first.values()), identity


def _with_siblings(case_ids: list) -> list:
    """The cases and the other cases of their people and of those linked to
    them, whose "first case" may change with them."""
    people = list(_identities(case_ids))
    siblings = Case.objects.filter(person_id__in=people).values_list("pk", flat=True)
    return list(dict.fromkeys([*case_ids, *siblings]))


def facts_refresh_people(person_ids: Iterable) -> None:
    """Recompute the facts of these people's cases (and their linked
    people's): after their links changed."""
    person_ids = list(person_ids)
    for start in range(0, len(person_ids), CHUNK):
        chunk = person_ids[start : start + CHUNK]
        facts_refresh(
            Case.objects.filter(person_id__in=chunk).values_list("pk", flat=True)
        )


def _service_facts(services: QuerySet[ServiceDelivered]) -> list[ServiceFact]:
    """From the services and their cases' (already current) facts."""
    rows = services.filter(case__fact__isnull=False).values_list(
        "pk",
        "case_id",
        "case__fact__person_id",
        "case__fact__organisation_id",
        "case__fact__consented",
        "started_on",
        "service_type",
    )
    return [
        ServiceFact(
            service_id=row[0],
            case_id=row[1],
            person_id=row[2],
            organisation_id=row[3],
            consented=row[4],
            started_on=row[5],
            service_type=row[6],
        )
        for row in rows
    ]


def _write(chunk: list, fresh: list[CaseFact]) -> None:
    CaseFact.objects.filter(case_id__in=chunk).delete()
    CaseFact.objects.bulk_create(fresh)
    ServiceFact.objects.filter(case_id__in=chunk).delete()
    ServiceFact.objects.bulk_create(
        _service_facts(ServiceDelivered.objects.filter(case_id__in=chunk))
    )


# While set (facts_deferred), the cases whose rows are due for a refresh.
_pending: ContextVar[set | None] = ContextVar("facts_pending", default=None)


@contextmanager
def facts_deferred() -> Iterator[None]:
    """Within this block, saves only note which cases' rows are due; they
    are recomputed once on leaving it. For bulk work (an import registers
    thousands of cases, each saved several times): one refresh instead of
    several per case. Call it inside the bulk work's transaction."""
    if _pending.get() is not None:  # already deferring: the outer one refreshes
        yield
        return
    token = _pending.set(set())
    try:
        yield
        due = _pending.get()
    finally:
        _pending.reset(token)
    due = list(due)
    for start in range(0, len(due), CHUNK):
        facts_refresh(due[start : start + CHUNK])


@transaction.atomic
def facts_refresh(case_ids: Iterable) -> None:
    """Recompute the facts of these cases and of their services (those of
    deleted cases go with them, by cascade)."""
    pending = _pending.get()
    if pending is not None:
        pending.update(case_ids)
        return
    case_ids = _with_siblings(list(case_ids))
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start : start + CHUNK]
        _write(chunk, _facts(chunk))


@transaction.atomic
def service_facts_refresh(service: ServiceDelivered) -> None:
    ServiceFact.objects.filter(service_id=service.pk).delete()
    ServiceFact.objects.bulk_create(
        _service_facts(ServiceDelivered.objects.filter(pk=service.pk))
    )


def facts_rebuild() -> dict[str, int]:
    """Recompute the facts of every case and service. Returns how many cases
    there are and how many rows were added, changed or removed (0 when
    nothing had drifted)."""
    before = _stored()
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _write(chunk, _facts(chunk))
        CaseFact.objects.exclude(case_id__in=Case.objects.values("pk")).delete()
    after = _stored()
    changed = len(after - before) + len(
        {r[:2] for r in before} - {r[:2] for r in after}
    )
    return {"cases": len(ids), "changed": changed}


def _stored() -> set[tuple]:
    """Every stored row as (table, key, values...)."""
    rows = set()
    for model in (CaseFact, ServiceFact):
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.values_list(*names).iterator(chunk_size=5000):
            rows.add((model.__name__, *row))
    return rows


# Signals: every save of what the facts are made from refreshes them.


@receiver(post_save, sender=Case)
def _case_saved(sender, instance: Case, raw: bool = False, **kwargs) -> None:
    if not raw:
        facts_refresh([instance.pk])


@receiver(post_delete, sender=Case)
def _case_deleted(sender, instance: Case, **kwargs) -> None:
    # Another of the person's cases may now be their first.
    facts_refresh(
        Case.objects.filter(person_id=instance.person_id).values_list("pk", flat=True)
    )


@receiver(post_save, sender=VictimContext)
def _victim_saved(sender, instance: VictimContext, raw: bool = False, **kwargs) -> None:
    if not raw:
        facts_refresh([instance.case_id])


@receiver(m2m_changed, sender=VictimContext.vic_TypeOfExploitation.through)
def _exploitation_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, VictimContext):
        facts_refresh([instance.case_id])
    elif pk_set:  # from the picklist value's side
        facts_refresh(list(pk_set))


@receiver(post_save, sender=Consent)
def _consent_saved(sender, instance: Consent, raw: bool = False, **kwargs) -> None:
    if not raw:
        facts_refresh([instance.case_id])


@receiver(post_delete, sender=Consent)
def _consent_deleted(sender, instance: Consent, origin=None, **kwargs) -> None:
    # Not when the consent goes with its case or person: the fact goes too.
    if isinstance(origin, Consent) or getattr(origin, "model", None) is Consent:
        facts_refresh([instance.case_id])


@receiver(post_save, sender=ServiceDelivered)
def _service_saved(
    sender, instance: ServiceDelivered, raw: bool = False, **kwargs
) -> None:
    if not raw:
        service_facts_refresh(instance)


@receiver(post_save, sender=Person)
def _person_saved(sender, instance: Person, raw: bool = False, **kwargs) -> None:
    if not raw:
        facts_refresh(instance.cases.values_list("pk", flat=True))
