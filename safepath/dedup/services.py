"""Possible duplicates of a person about to be registered.

Candidates are found through the blind index (people/search.py: keyed
hashes of name words and initials, identity numbers and phones), so no one's
name is decrypted unless they share at least a name and an initial, an
identity number or a phone with the new record. The candidates are then
scored by the matching engine with the saved model (engine.MODEL).

What the registering user learns:
- in their own organisation, the people and their cases, for the cases
  they may open (others: only that a possible match exists there);
- in another organisation, only that a possible match exists there, and
  only if that organisation agreed to say so
  (Organisation.tells_of_possible_matches).

Every candidate whose record was decrypted for the comparison is audited
("person.match_check").
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record, audit_record_many
from safepath.cases.models import Case, PerpetratorContext
from safepath.cases.selectors import cases_visible_to
from safepath.dedup.engine import MODEL, find_pairs, reasons
from safepath.dedup.links import LINK_THRESHOLD, is_linked
from safepath.dedup.models import MatchPair, Merge
from safepath.organisations.models import Organisation
from safepath.people.models import Person, PersonSearchToken
from safepath.people.search import tokens_for
from safepath.people.services import person_update, refresh_age_bands

# "Likely" on the registration page: low enough to warn about a pair with
# only names and a birth date in common, which is what most records hold.
THRESHOLD = 0.5
CANDIDATES = 200  # at most, the most tokens in common first
NEW = "new"


@dataclass
class Match:
    person: Person
    probability: float
    cases: list[Case]  # those the user may open

    @property
    def percent(self) -> int:
        return round(100 * self.probability)


@dataclass
class PossibleMatches:
    own: list[Match] = field(default_factory=list)
    hidden_in_own: int = 0  # matches in one's own organisation one cannot open
    elsewhere: list[Organisation] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.own or self.hidden_in_own or self.elsewhere)


def person_record(person: Person, record_id: str) -> dict:
    """A Person as the engine's input (prepare.COLUMNS and the address)."""
    born = person.prs_Birthdate
    return {
        "id": record_id,
        "given_name": person.prs_FirstName or "",
        "patronymic": person.prs_SecondName or "",
        "birth_date": born.isoformat() if born else "",
        "sex": person.prs_Gender or "",
        "registration_number": person.prs_IdentityNumber or "",
        "phone": person.prs_MobilePhone or person.prs_HomePhone or "",
        "address": person.prs_MailingStreet or "",
        "locality": person.prs_MailingCity or "",
        "postcode": person.prs_MailingPostalCode or "",
    }


def _candidates(person: Person) -> list[Person]:
    tokens = tokens_for(person)
    if not tokens:
        return []
    shared = (
        PersonSearchToken.objects.filter(token__in=tokens)
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n")
        .values_list("person_id", flat=True)[:CANDIDATES]
    )
    return list(
        Person.objects.filter(
            pk__in=list(shared), merged_into__isnull=True
        ).prefetch_related("cases")
    )


def possible_matches(
    *, person: Person, organisation: Organisation, user
) -> PossibleMatches:
    """The likely matches of an unsaved person being registered in
    `organisation` by `user`."""
    found = PossibleMatches()
    candidates = _candidates(person)
    if not candidates:
        return found
    records = [person_record(person, NEW)]
    by_id = {}
    for candidate in candidates:
        records.append(person_record(candidate, str(candidate.pk)))
        by_id[str(candidate.pk)] = candidate
    audit_record_many(
        actor=user,
        action="person.match_check",
        targets=candidates,
        organisation_id=organisation.pk,
    )
    pairs = find_pairs(records, threshold=THRESHOLD, model=MODEL).frame
    scores: dict[str, float] = {}
    for left, right, probability in zip(
        pairs["id_left"], pairs["id_right"], pairs["probability"], strict=True
    ):
        if NEW in (left, right):
            other = right if left == NEW else left
            scores[other] = max(scores.get(other, 0.0), float(probability))
    visible = set(
        cases_visible_to(user)
        .filter(person_id__in=[by_id[i].pk for i in scores])
        .values_list("pk", flat=True)
    )
    elsewhere: set[int] = set()  # organisation ids
    for record_id, probability in sorted(scores.items(), key=lambda kv: -kv[1]):
        candidate = by_id[record_id]
        if candidate.organisation_id == organisation.pk:
            cases = [c for c in candidate.cases.all() if c.pk in visible]
            if cases:
                found.own.append(Match(candidate, probability, cases))
            else:
                found.hidden_in_own += 1
        else:
            elsewhere.add(candidate.organisation_id)
    found.elsewhere = list(
        Organisation.objects.filter(
            pk__in=list(elsewhere), tells_of_possible_matches=True, is_active=True
        ).order_by("org_Name")
    )
    return found


# The review of pairs found by a run over an organisation's records (or all
# of them): merge, reject, undo.

REVIEW_THRESHOLD = 0.8  # a pair within one organisation goes to the queue


class ReviewError(Exception):
    """A decision that cannot be taken (the message says why, for the user)."""


@dataclass
class RunResult:
    records: int = 0
    pairs: int = 0  # found at or above the thresholds
    new: int = 0
    removed: int = 0  # open pairs no longer found


def _people_to_compare(organisation: Organisation | None):
    people = Person.objects.filter(
        merged_into__isnull=True, pk__in=Case.objects.values("person_id")
    )
    if organisation is not None:
        people = people.filter(organisation=organisation)
    return people.order_by("pk")


def duplicates_find(
    *, organisation: Organisation | None = None, actor=None, model=MODEL
) -> RunResult:
    """Score every pair of victims' records (of one organisation, or of all)
    and keep the likely ones: pairs within an organisation from
    REVIEW_THRESHOLD, to be reviewed; pairs across organisations only from
    links.LINK_THRESHOLD (never shown; statistics count them as one person).

    A pair already decided keeps its decision; an open pair gets the new
    probability and reasons, and open pairs of these records that are no
    longer likely are removed. Every record read is audited
    ("person.match_batch").

    Pairs are scored with the saved model and without term frequencies, so
    that a pair's probability does not depend on the run's scope: a run for
    one organisation and the nightly run over all agree on its pairs (a
    model estimated on each run's records would not, and pairs would leave
    and re-enter the queue with every run)."""
    from safepath.stats.facts import facts_refresh_people

    result = RunResult()
    people = list(_people_to_compare(organisation).iterator(chunk_size=2000))
    result.records = len(people)
    by_id = {str(p.pk): p for p in people}
    audit_record_many(
        actor=actor,
        action="person.match_batch",
        targets=people,
        organisation_id=organisation.pk if organisation else None,
        role=roles_in(actor, organisation.pk) if actor and organisation else "",
    )
    records = [person_record(p, key) for key, p in by_id.items()]
    found = find_pairs(
        records,
        threshold=REVIEW_THRESHOLD,
        model=model,
        gammas=True,
        term_frequencies=False,
    ).frame
    kept: dict[tuple, tuple[float, dict]] = {}
    for row in found.to_dict("records"):
        left, right = by_id[row["id_left"]], by_id[row["id_right"]]
        probability = float(row["probability"])
        same = left.organisation_id == right.organisation_id
        if same or probability >= LINK_THRESHOLD:
            kept[(left.pk, right.pk)] = (probability, reasons(row))
    result.pairs = len(kept)
    now = timezone.now()
    compared = {p.pk for p in people}
    with transaction.atomic():
        # The stored pairs of the organisation (or all): a join, not two
        # lists of every id compared (too many parameters for SQLite).
        in_scope = MatchPair.objects.all()
        if organisation is not None:
            in_scope = in_scope.filter(
                left__organisation=organisation, right__organisation=organisation
            )
        existing = {
            (p.left_id, p.right_id): p
            for p in in_scope.iterator(chunk_size=5000)
            if p.left_id in compared and p.right_id in compared
        }
        changed_people: set = set()
        stale = [
            p
            for key, p in existing.items()
            if key not in kept and p.status == MatchPair.Status.OPEN
        ]
        for pair in stale:
            if is_linked(pair):
                changed_people |= {pair.left_id, pair.right_id}
        for start in range(0, len(stale), 2000):
            chunk = stale[start : start + 2000]
            MatchPair.objects.filter(pk__in=[p.pk for p in chunk]).delete()
        result.removed = len(stale)
        fresh, updated = [], []
        for (left_id, right_id), (probability, why) in kept.items():
            pair = existing.get((left_id, right_id))
            if pair is None:
                left = by_id[str(left_id)]
                same = left.organisation_id == by_id[str(right_id)].organisation_id
                pair = MatchPair(
                    left_id=left_id,
                    right_id=right_id,
                    organisation_id=left.organisation_id if same else None,
                    probability=probability,
                    reasons=why,
                    found_at=now,
                )
                fresh.append(pair)
                if is_linked(pair):
                    changed_people |= {left_id, right_id}
            elif pair.status == MatchPair.Status.OPEN:
                was = is_linked(pair)
                pair.probability, pair.reasons, pair.found_at = probability, why, now
                updated.append(pair)
                if was != is_linked(pair):
                    changed_people |= {left_id, right_id}
        MatchPair.objects.bulk_create(fresh, batch_size=2000)
        MatchPair.objects.bulk_update(
            updated, ["probability", "reasons", "found_at"], batch_size=2000
        )
        result.new = len(fresh)
        if changed_people:
            facts_refresh_people(changed_people)
    return result


# Fields a merge may fill in on the kept record when it has none: every
# detail but the record's own bookkeeping. Booleans always hold a value and
# are never filled (birthdate_is_estimate follows the birth date).
_NOT_MERGED = {
    "id", "organisation", "merged_into", "version", "created_at", "updated_at",
    "birthdate_is_estimate", "prs_Deceased",
}  # fmt: skip


def _mergeable_fields():
    return [f for f in Person._meta.concrete_fields if f.name not in _NOT_MERGED]


def _empty(value) -> bool:
    return value is None or value == ""


def _decider(pair: MatchPair, actor) -> None:
    pair.decided_by = actor
    pair.decided_at = timezone.now()


def _lock(*people: Person) -> dict:
    locked = Person.objects.select_for_update().filter(pk__in=[p.pk for p in people])
    return {p.pk: p for p in locked}


def _move_cases(cases, person: Person) -> None:
    for case in cases:
        case.person = person
        # update_fields: the case's own version and dates stay as they were;
        # the statistics rows follow (stats.facts signals).
        case.save(update_fields=["person"])


def _audit_both(actor, action: str, kept: Person, merged: Person, fields) -> None:
    """A merge or its undo, on both records; the kept one's with the fields
    it changed."""
    role = roles_in(actor, kept.organisation_id)
    for person, changed in ((kept, fields), (merged, ())):
        audit_record(
            actor=actor,
            action=action,
            target=person,
            organisation_id=kept.organisation_id,
            role=role,
            fields=changed,
        )


@transaction.atomic
def persons_merge(*, pair: MatchPair, keep: Person, actor) -> Merge:
    """Merge the pair's other record into `keep`: its cases and perpetrator
    records move to `keep`, which takes any detail it lacks from it. The
    other record is kept unchanged (marked merged_into) so the merge can be
    undone (merge_undo)."""
    pair = MatchPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != MatchPair.Status.OPEN:
        raise ReviewError(_("This pair has already been decided."))
    if keep.pk not in (pair.left_id, pair.right_id):
        raise ReviewError(_("Choose one of the pair's two records to keep."))
    other_id = pair.right_id if keep.pk == pair.left_id else pair.left_id
    people = _lock(keep, Person(pk=other_id))
    kept, merged = people[keep.pk], people[other_id]
    if kept.merged_into_id or merged.merged_into_id:
        raise ReviewError(_("One of these records was merged into another since."))
    if kept.organisation_id != merged.organisation_id:
        raise ReviewError(_("Records of two organisations cannot be merged."))
    filled, previous = [], {}
    for f in _mergeable_fields():
        if _empty(getattr(kept, f.attname)) and not _empty(getattr(merged, f.attname)):
            setattr(kept, f.attname, getattr(merged, f.attname))
            filled.append(f.name)
    if "prs_Birthdate" in filled:
        previous["birthdate_is_estimate"] = kept.birthdate_is_estimate
        kept.birthdate_is_estimate = merged.birthdate_is_estimate
    own = set(kept.prs_Citizenship.values_list("pk", flat=True))
    added = [
        pk
        for pk in merged.prs_Citizenship.values_list("pk", flat=True)
        if pk not in own
    ]
    _decider(pair, actor)
    pair.status = MatchPair.Status.MERGED
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    cases = list(merged.cases.all())
    perpetrators = list(PerpetratorContext.objects.filter(person=merged))
    merged.merged_into = kept
    merged.save(update_fields=["merged_into"])
    _move_cases(cases, kept)
    PerpetratorContext.objects.filter(pk__in=[p.pk for p in perpetrators]).update(
        person=kept
    )
    person_update(person=kept, changed=filled, actor=actor)
    kept.prs_Citizenship.add(*added)
    refresh_age_bands(kept)
    merge = Merge.objects.create(
        organisation_id=kept.organisation_id,
        pair=pair,
        kept=kept,
        merged=merged,
        cases=[str(c.pk) for c in cases],
        perpetrator_records=[p.pk for p in perpetrators],
        filled=filled,
        previous=previous,
        citizenship_added=added,
        merged_by=actor,
        merged_at=timezone.now(),
    )
    _audit_both(actor, "person.merge", kept, merged, filled)
    return merge


@transaction.atomic
def merge_undo(*, merge: Merge, actor) -> list[str]:
    """Undo a merge: the cases and perpetrator records it moved go back
    (those opened on the kept record since stay), the fields it filled in
    are emptied again, and the merged record is a record of its own again.

    A filled-in field someone has changed since is left as it is; the names
    of such fields are returned."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ReviewError(_("This merge has already been undone."))
    people = _lock(merge.kept, merge.merged)
    kept, merged = people[merge.kept_id], people[merge.merged_id]
    _move_cases(Case.objects.filter(pk__in=merge.cases, person=kept), merged)
    PerpetratorContext.objects.filter(
        pk__in=merge.perpetrator_records, person=kept
    ).update(person=merged)
    emptied, left_alone = [], []
    for name in merge.filled:
        f = Person._meta.get_field(name)
        if getattr(kept, f.attname) == getattr(merged, f.attname):
            setattr(kept, f.attname, None if f.null else "")
            emptied.append(name)
        else:
            left_alone.append(name)
    if "prs_Birthdate" in emptied:
        for name, value in merge.previous.items():
            setattr(kept, name, value)
    merged.merged_into = None
    merged.save(update_fields=["merged_into"])
    person_update(person=kept, changed=emptied, actor=actor)
    kept.prs_Citizenship.remove(*merge.citizenship_added)
    refresh_age_bands(kept)
    refresh_age_bands(merged)
    merge.undone_by, merge.undone_at = actor, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    if merge.pair_id:
        MatchPair.objects.filter(pk=merge.pair_id).update(
            status=MatchPair.Status.OPEN, decided_by=None, decided_at=None
        )
        from safepath.stats.facts import facts_refresh_people

        facts_refresh_people([kept.pk, merged.pk])
    _audit_both(actor, "person.unmerge", kept, merged, emptied)
    return left_alone


@transaction.atomic
def pair_decide(*, pair: MatchPair, same: bool, actor) -> None:
    """Record that the pair is not the same person (same=False: remembered,
    a later run does not bring it back) or reopen a rejected pair."""
    from safepath.stats.facts import facts_refresh_people

    pair = MatchPair.objects.select_for_update().get(pk=pair.pk)
    wanted_from = MatchPair.Status.OPEN if not same else MatchPair.Status.REJECTED
    if pair.status != wanted_from:
        raise ReviewError(_("This pair has already been decided."))
    was = is_linked(pair)
    pair.status = MatchPair.Status.OPEN if same else MatchPair.Status.REJECTED
    _decider(pair, actor)
    if same:
        pair.decided_by, pair.decided_at = None, None
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="pair.reopen" if same else "pair.reject",
        target=pair,
        organisation_id=pair.organisation_id,
        role=roles_in(actor, pair.organisation_id),
    )
    if was != is_linked(pair):
        facts_refresh_people([pair.left_id, pair.right_id])
