"""The search's incremental bookkeeping agrees with a fresh count after any moves."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from cafe.seating.state import Shape, State


def random_state(seed: int) -> State:
    """Random seats over a few rounds (the first one played), with groups and a previous plan."""
    rng = random.Random(seed)
    people, tables, rounds = rng.randint(6, 30), rng.randint(2, 6), rng.randint(2, 4)
    free = [r > 0 for r in range(rounds)]
    group = [rng.randrange(-1, 3) for _ in range(people)]
    host = {t: t for t in range(tables)} if rng.random() < 0.5 and people > tables else {}
    seat = []
    for _ in range(rounds):
        row = [rng.randrange(tables) if rng.random() < 0.9 else -1 for _ in range(people)]
        for t, p in host.items():
            row[p] = t
        seat.append(row)
    movable = [
        [free[r] and seat[r][p] >= 0 and p not in host.values() for p in range(people)]
        for r in range(rounds)
    ]
    previous = [[rng.randrange(tables) if t >= 0 else -1 for t in row] for row in seat]
    shape = Shape(
        people=people,
        tables=tables,
        rounds=rounds,
        free=free,
        movable=movable,
        traveller=[p not in host.values() for p in range(people)],
        group=group,
        groups=3,
        capacity=[people] * tables,
        previous=previous,
    )
    return State(shape, seat)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.booleans())
def test_deltas_match_cost_changes_and_a_recount(seed: int, groups_first: bool) -> None:
    state = random_state(seed)
    state.rank(groups_first)
    rng = random.Random(seed)
    free = [r for r in range(state.shape.rounds) if state.shape.free[r]]
    for _ in range(40):
        r = rng.choice(free)
        people = [p for p in range(state.shape.people) if state.shape.movable[r][p]]
        if len(people) < 2:
            continue
        p = rng.choice(people)
        options = state.swap_deltas(r, p)
        for delta, q, _ in options:
            assert delta == state.swap_delta(r, p, q)
        if options and rng.random() < 0.7:
            delta, q, _ = rng.choice(options)
            before = state.cost()
            state.swap(r, p, q)
            assert state.cost() - before == delta
        else:
            b = rng.randrange(state.shape.tables)
            if b != state.seat[r][p]:
                before = state.cost()
                delta = state.move_delta(r, p, b)
                state.move(r, p, b)
                assert state.cost() - before == delta
    fresh = State(state.shape, [row[:] for row in state.seat])
    assert fresh.terms() == state.terms()
    for mine, theirs in [
        (state.bad_pairs, fresh.bad_pairs),
        (state.bad_visits, fresh.bad_visits),
        (state.bad_tables, fresh.bad_tables),
        (state.moved, fresh.moved),
    ]:
        assert sorted(mine.items) == sorted(theirs.items)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_trading_itineraries_keeps_meetings_and_revisits(seed: int) -> None:
    """Two travellers who trade every seat (all rounds free) leave E and V as they were."""
    from cafe.seating.search import _trade

    rng = random.Random(seed)
    people, tables, rounds = rng.randint(6, 30), rng.randint(2, 6), rng.randint(1, 4)
    seat = [[rng.randrange(tables) for _ in range(people)] for _ in range(rounds)]
    shape = Shape(
        people=people,
        tables=tables,
        rounds=rounds,
        free=[True] * rounds,
        movable=[[True] * people for _ in range(rounds)],
        traveller=[True] * people,
        group=[rng.randrange(-1, 3) for _ in range(people)],
        groups=3,
        capacity=[people] * tables,
        previous=None,
    )
    state = State(shape, seat)
    e, v = state.e, state.v
    for _ in range(20):
        p, q = rng.sample(range(people), 2)
        _trade(state, list(range(rounds)), p, q)
        assert (state.e, state.v) == (e, v)
    fresh = State(shape, [row[:] for row in state.seat])
    assert fresh.terms() == state.terms()
