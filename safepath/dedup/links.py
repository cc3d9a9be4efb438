"""Which person records count as one person in statistics.

Two records are linked when a supervisor merged them, or when a run scored
them at LINK_THRESHOLD or more and no one has said they are different people
(a pair across organisations is never reviewed, so this is the only way it
counts). Records linked through others (A–B, B–C) count as one too.

The identity of a group is its smallest person id (as text), so that it does
not change with the order links were found in.
"""

from collections.abc import Iterable

from django.db.models import Q

from safepath.dedup.models import MatchPair

LINK_THRESHOLD = 0.99

LINKED = Q(status=MatchPair.Status.MERGED) | Q(
    status=MatchPair.Status.OPEN, probability__gte=LINK_THRESHOLD
)


def is_linked(pair: MatchPair) -> bool:
    return pair.status == MatchPair.Status.MERGED or (
        pair.status == MatchPair.Status.OPEN and pair.probability >= LINK_THRESHOLD
    )


def identities(person_ids: Iterable) -> dict:
    """{person id: identity} for these people and everyone linked to them."""
    parent: dict = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    frontier = set(person_ids)
    for x in frontier:
        root(x)
    while frontier:
        rows = MatchPair.objects.filter(LINKED).filter(
            Q(left_id__in=frontier) | Q(right_id__in=frontier)
        )
        frontier = set()
        for left, right in rows.values_list("left_id", "right_id"):
            for x in (left, right):
                if x not in parent:
                    frontier.add(x)
            a, b = root(left), root(right)
            if a != b:
                parent[max(a, b, key=str)] = min(a, b, key=str)
    return {x: root(x) for x in parent}
