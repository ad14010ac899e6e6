"""Dot voting, the pure part: which sets of dots the rules allow and tallies by group, on
fixed data (where the groups agree: tests/test_consensus.py). Bad inputs tried: more dots
than allowed, two dots on one insight without stacking, a note that is not an insight,
negative, bool and text counts."""

import pytest

from cafe.voting import VoteRefused, check_dots, tally

GROUPS = ["cittadini", "associazioni", "pubblica amministrazione", "esperti"]


@pytest.mark.parametrize(
    "dots, stack, reason",
    [
        ({1: 1, 2: 1, 3: 1, 4: 1}, False, "total"),
        ({1: 2}, False, "stack"),
        ({1: 4}, True, "total"),
        ({9: 1}, False, "note"),
        ({1: -1}, False, "number"),
        ({1: True}, False, "number"),
        ({1: "1"}, False, "number"),
    ],
)
def test_sets_of_dots_against_the_rules_are_refused(dots, stack, reason):
    with pytest.raises(VoteRefused) as refused:
        check_dots(dots, {1, 2, 3, 4}, 3, stack)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "dots, stack", [({1: 1, 2: 1, 3: 1}, False), ({1: 3}, True), ({}, False), ({9: 0}, False)]
)
def test_sets_within_the_rules_pass(dots, stack):
    check_dots(dots, {1, 2, 3}, 3, stack)


def test_the_tally_adds_dots_overall_and_by_group_with_every_group_listed():
    result = tally(
        [(1, "cittadini", 2), (1, "esperti", 1), (2, "cittadini", 1), (1, "", 1)], GROUPS
    )
    assert result.overall == {1: 4, 2: 1}
    assert result.by_group["cittadini"] == {1: 2, 2: 1}
    assert result.by_group["associazioni"] == {} and result.by_group[""] == {1: 1}
    assert result.ranked() == [1, 2] and result.rank(2, "cittadini") == 2
    assert result.rank(2, "esperti") is None
