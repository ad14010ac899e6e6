"""Dot voting, the pure part: which sets of dots the rules allow, tallies by group and the
agreement wording's cases, on fixed data. Bad inputs tried: more dots than allowed, two
dots on one insight without stacking, a note that is not an insight, negative, bool and
text counts."""

import pytest

from cafe.voting import Agreement, VoteRefused, agreement, check_dots, tally

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


def test_first_for_every_group():
    result = tally([(1, g, 2) for g in GROUPS] + [(2, g, 1) for g in GROUPS], GROUPS)
    assert agreement(result, 1) == Agreement("all_first", tuple(GROUPS))


def test_first_for_some_last_for_others():
    votes = [(1, "cittadini", 3), (2, "cittadini", 1), (2, "esperti", 3), (1, "esperti", 1)]
    result = tally(votes, ["cittadini", "esperti"])
    assert agreement(result, 1) == Agreement("split", ("cittadini",), ("esperti",))
    assert agreement(result, 2) == Agreement("split", ("esperti",), ("cittadini",))


def test_a_group_without_a_dot_on_it_counts_as_last_and_silent_groups_do_not_count():
    votes = [(1, "cittadini", 2), (2, "associazioni", 2)]
    result = tally(votes, GROUPS)  # administrations and experts did not vote
    assert agreement(result, 1) == Agreement("split", ("cittadini",), ("associazioni",))


def test_first_only_last_only_and_nothing():
    votes = [(1, "cittadini", 3), (3, "cittadini", 2), (2, "cittadini", 1)]
    votes += [(3, "esperti", 2), (1, "esperti", 1)]
    result = tally(votes, ["cittadini", "esperti"])
    assert agreement(result, 3) == Agreement("first", ("esperti",))
    assert agreement(result, 2) == Agreement("last", (), ("cittadini", "esperti"))
    assert agreement(tally([], GROUPS), 1) == Agreement("none")
