"""What a screening's answers add up to, by the rules of its indicator set.

The rules are data (the set's definition, see definitions.py), not code: a
dimension is positive when one of its `any_of` clauses is met, each clause
giving minimum counts of indicators found by strength ("medium+weak" counts
either); the suggestion rules are boolean trees of dimension codes. Only the
indicators that have a strength in the screening's profile count.

The result is a suggestion for a caseworker to review, never a decision.
"""

from dataclasses import dataclass, field

YES, NO, UNKNOWN = "yes", "no", "unknown"
LIKELY, POSSIBLE, NOT_INDICATED = "likely_victim", "possible_victim", "not_indicated"
ADULT_PROFILES = ("AL", "AS")


@dataclass
class DimensionResult:
    code: str
    positive: bool
    counts: dict[str, int]
    found: list[str] = field(default_factory=list)
    clause: dict | None = None  # the clause that made it positive


@dataclass
class Assessment:
    profile: str
    dimensions: dict[str, DimensionResult]
    suggestion: str
    provisional: bool

    @property
    def positive(self) -> list[str]:
        return [code for code, result in self.dimensions.items() if result.positive]


def _meets(clause: dict[str, int], counts: dict[str, int]) -> bool:
    return all(
        sum(counts.get(s, 0) for s in group.split("+")) >= minimum
        for group, minimum in clause.items()
    )


def assess_dimension(dimension: dict, profile: str, answers: dict, rule: dict):
    counts = {"strong": 0, "medium": 0, "weak": 0}
    found = []
    for indicator in dimension["indicators"]:
        strength = indicator["strength"].get(profile)
        if strength and answers.get(indicator["code"]) == YES:
            counts[strength] += 1
            found.append(indicator["code"])
    clause = next((c for c in rule["any_of"] if _meets(c, counts)), None)
    return DimensionResult(dimension["code"], clause is not None, counts, found, clause)


def _holds(tree, positive: set[str]) -> bool:
    if isinstance(tree, str):
        return tree in positive
    if "all_of" in tree:
        return all(_holds(t, positive) for t in tree["all_of"])
    return any(_holds(t, positive) for t in tree["any_of"])


def assess(definition: dict, profile: str, answers: dict[str, str]) -> Assessment:
    """Answers map indicator codes to "yes", "no" or "unknown"."""
    rules = definition["rules"]
    dimensions = {
        d["code"]: assess_dimension(d, profile, answers, rules["dimension_positive"])
        for d in definition["dimensions"]
    }
    positive = {code for code, result in dimensions.items() if result.positive}
    age = "adult" if profile in ADULT_PROFILES else "child"
    strong_found = any(
        indicator["strength"].get(profile) == "strong"
        and answers.get(indicator["code"]) == YES
        for d in definition["dimensions"]
        for indicator in d["indicators"]
    )
    if _holds(rules["suggestion"][age], positive):
        suggestion = LIKELY
    elif positive or strong_found:
        # Indicators are there but not enough for the rule: a case to review.
        suggestion = POSSIBLE
    else:
        suggestion = NOT_INDICATED
    provisional = bool(
        definition["profiles"][profile].get("provisional")
        or rules.get("provisional", {}).get("suggestion")
    )
    return Assessment(profile, dimensions, suggestion, provisional)


def profile_for(*, child: bool, sexual: bool) -> str:
    return ("C" if child else "A") + ("S" if sexual else "L")
