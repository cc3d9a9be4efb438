from uuid import UUID

from django.db.models import Exists, OuterRef

from safepath.people.models import PersonSearchToken
from safepath.people.search import query_exact_tokens, query_name_tokens

# A search that matches more people than this is too vague to be useful.
MAX_MATCHES = 5000


def people_matching(query: str) -> list[UUID]:
    """Ids of the people whose names (every word), identity number or phone
    match `query`, through the blind indexes. Callers still decide, through
    their own selectors, which of these the user may see."""
    tokens = PersonSearchToken.objects
    ids = set(
        tokens.filter(token__in=query_exact_tokens(query)).values_list(
            "person_id", flat=True
        )[:MAX_MATCHES]
    )
    words = query_name_tokens(query)
    if words:
        # Start from the first (rarest) word and keep the people who also
        # have each other one: index probes on (person, token).
        first, *others = words
        named = tokens.filter(token=first)
        for token in others:
            named = named.filter(
                Exists(tokens.filter(person_id=OuterRef("person_id"), token=token))
            )
        ids |= set(named.values_list("person_id", flat=True)[:MAX_MATCHES])
    return list(ids)
