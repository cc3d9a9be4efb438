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

from django.db.models import Count

from safepath.audit.services import audit_record_many
from safepath.cases.models import Case
from safepath.cases.selectors import cases_visible_to
from safepath.dedup.engine import MODEL, find_pairs
from safepath.organisations.models import Organisation
from safepath.people.models import Person, PersonSearchToken
from safepath.people.search import tokens_for

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
    return list(Person.objects.filter(pk__in=list(shared)).prefetch_related("cases"))


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
