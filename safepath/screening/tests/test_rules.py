"""The ILO/EC rules as loaded: every clause of the dimension rule, and the
adult and child suggestion rules."""

import pytest

from safepath.screening.models import IndicatorSet
from safepath.screening.rules import (
    LIKELY,
    NOT_INDICATED,
    POSSIBLE,
    YES,
    assess,
    profile_for,
)


@pytest.fixture
def ilo(db) -> dict:
    return IndicatorSet.objects.get(key="ilo-ec-2009", is_current=True).definition


def yes(*codes: str) -> dict[str, str]:
    return dict.fromkeys(codes, YES)


def positive(definition, profile, *codes) -> list[str]:
    return assess(definition, profile, yes(*codes)).positive


# In the adult labour profile (AL), within Coercion at destination (CD):
# CD01-CD04 are strong, CD05-CD14 medium, CD15 weak.
@pytest.mark.parametrize(
    ("found", "is_positive"),
    [
        (["CD01", "CD02"], True),  # two strong
        (["CD01", "CD05"], True),  # one strong and one medium
        (["CD01", "CD15"], True),  # one strong and one weak
        (["CD05", "CD06", "CD07"], True),  # three medium
        (["CD05", "CD06", "CD15"], True),  # two medium and one weak
        (["CD01"], False),  # one strong alone
        (["CD05", "CD06"], False),  # two medium
        (["CD05", "CD15"], False),  # one medium and one weak
        (["CD15"], False),  # weak alone never
        ([], False),
    ],
)
def test_it_applies_each_clause_of_the_dimension_rule(ilo, found, is_positive):
    assert ("CD" in positive(ilo, "AL", *found)) is is_positive


def test_it_counts_only_indicators_of_the_profile(ilo):
    # VR09 has no strength for children: it does not count towards VR.
    assert "VR" in positive(ilo, "AL", "VR08", "VR09", "VR10")
    assert "VR" not in positive(ilo, "CL", "VR08", "VR09")
    # EX03 is strong for child sexual exploitation only (provisional).
    assert "EX" in positive(ilo, "CS", "EX01", "EX03")


def test_it_treats_unknown_and_no_as_not_found(ilo):
    answers = {"CD01": "unknown", "CD02": "no", "CD03": YES}
    assert not assess(ilo, "AL", answers).positive


def test_it_suggests_likely_for_an_adult_with_act_purpose_and_means(ilo):
    answers = yes("DR01", "DR08", "EX01", "EX04", "CD01", "CD02")
    result = assess(ilo, "AL", answers)
    assert set(result.positive) == {"DR", "EX", "CD"}
    assert result.suggestion == LIKELY


def test_it_wants_means_at_destination_for_adults(ilo):
    result = assess(ilo, "AL", yes("DR01", "DR08", "EX01", "EX04"))
    assert set(result.positive) == {"DR", "EX"}
    assert result.suggestion == POSSIBLE


def test_it_does_not_want_means_for_children(ilo):
    result = assess(ilo, "CL", yes("DR01", "DR08", "EX01", "EX04"))
    assert result.suggestion == LIKELY


def test_the_coal_mine_case(ilo):
    """An adult labour case in a coal mine: deceived about wages (DR08,
    medium), documents confiscated (CD01, strong), excessive working hours
    (EX01, strong). No dimension reaches the rule on these alone, but strong
    indicators are there: a possible victim, to look into further."""
    result = assess(
        ilo, profile_for(child=False, sexual=False), yes("DR08", "CD01", "EX01")
    )
    assert result.profile == "AL"
    assert result.positive == []
    assert result.dimensions["CD"].counts == {"strong": 1, "medium": 0, "weak": 0}
    assert result.dimensions["DR"].found == ["DR08"]
    assert result.suggestion == POSSIBLE
    # With one more fact in each of those dimensions, the rule is met.
    more = assess(ilo, "AL", yes("DR08", "DR01", "CD01", "CD14", "EX01", "EX04"))
    assert set(more.positive) == {"DR", "CD", "EX"}
    assert more.suggestion == LIKELY


def test_it_finds_nothing_in_nothing(ilo):
    assert assess(ilo, "AL", {}).suggestion == NOT_INDICATED
    assert assess(ilo, "AL", yes("VR16")).suggestion == NOT_INDICATED  # one weak


def test_it_flags_provisional_parts(ilo):
    # The combination rule is unverified, the sexual-exploitation strengths too.
    assert assess(ilo, "AS", {}).provisional
    assert (
        ilo["profiles"]["AS"]["provisional"]
        and not ilo["profiles"]["AL"]["provisional"]
    )
