"""Conflict-directed tabu search over swaps (and balance-keeping moves) within one round.

Each step picks a person in a conflict (a repeated pair, a revisit, a lopsided table or a
moved person), weighs every swap or move of that person in that round, and makes the best
one that is not tabu. It stops at the lower bound, at the work cap, or at the time cap.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from cafe.seating.balance import balanced_owners
from cafe.seating.state import Shape, State

TENURE = (4, 14)
"""Steps a person may not return to the table they just left (drawn per move)."""
STALL_STEPS = 400
"""Steps without a new best before a few random swaps shake the plan."""
KICKS = 3
"""Random swaps per shake."""
NOISE = 0.05
"""Chance of taking the best move of a conflict even when it makes the plan worse."""
PICKS = 1
"""Conflicts whose moves are weighed together in one step."""
SETTLE_STEPS = 30
"""Steps without progress on moved people, once E, V and B are at their bounds."""
FIRST_RUN = 30000
"""Work cap of the first run."""
GROWTH = 2
"""Each restart gets GROWTH times the work of the one before."""


MIXING_SHARE = 25
"""With groups: percent of the work, at most, for mixing people while ignoring groups."""
BALANCING_SHARE = 85
"""With groups: percent of the rest for mixing with groups held balanced."""
RELABEL_SHARE = 5
"""With groups: percent of the work kept for trading whole itineraries to balance groups."""
TRADE_SHARE = 8
"""With groups: after mixing, 1/TRADE_SHARE of the mixing share goes to trading itineraries
(enough when the plan admits a balance at all; when it does not, more does not help)."""
RELABEL_NOISE = 0.1
"""Chance of keeping an itinerary trade that adds one to group spread (and nothing else)."""
SKIP_COST = 2
"""A swap left out unweighed costs about half of one weighed (for the work count)."""

Choice = tuple[int, int, int, int, int]
"""(cost change, round, person, swap partner or -1 for a move, target table)."""


@dataclass(frozen=True)
class Limits:
    """When the search stops: lower bounds on (E, V), a work cap and a wall-clock deadline."""

    min_e: int
    min_v: int
    min_b: int
    work: int
    deadline: float


@dataclass
class Best:
    """The best seats seen so far (free rounds only) and their cost."""

    cost: int
    seat: list[list[int]]
    terms: tuple[int, int, int, int]
    work: int = 0
    stuck: bool = False
    """The run ended because no conflict left can be changed (all in played rounds)."""


def improve(state: State, limits: Limits, rng: random.Random) -> list[list[int]]:
    """Run the search and return the best seats found (a copy).

    With stakeholder groups there are three phases. First (at most a quarter of the work)
    people are mixed ignoring groups until E and V reach their bounds, so a plan with the
    fewest excess meetings is in hand early. Then, from the same start, group spread ranks
    above meetings, mixing people while groups stay balanced. If neither plan reaches the
    bounds, the last part of the work polishes the better one in the true order.
    """
    free = [r for r in range(state.shape.rounds) if state.shape.free[r]]
    if not state.shape.groups:
        return _restarts(state, limits, limits.work, free, rng, False).seat
    origin = [row[:] for row in state.seat]
    total = limits.work - limits.work * RELABEL_SHARE // 100
    share = total * MIXING_SHARE // 100
    best = _restarts(state, limits, share, free, rng, False, ignore_groups=True)
    spent = best.work
    fresh = state.shape.previous is None and all(state.shape.free)
    if fresh and best.terms[2] > limits.min_b:
        best, used = _traded(state.shape, best, free, rng, share // TRADE_SHARE, limits)
        spent += used
    if not _done(state, limits, SETTLE_STEPS, best.terms):
        state = State(state.shape, [row[:] for row in best.seat] if fresh else origin)
        share = (total - spent) * BALANCING_SHARE // 100
        balanced = _restarts(state, limits, share, free, rng, True)
        spent += balanced.work
        state.rank(groups_first=False)
        if _cost_of(state, balanced.terms) < _cost_of(state, best.terms):
            best = balanced
        if not _done(state, limits, SETTLE_STEPS, best.terms) and spent < total:
            state = State(state.shape, [row[:] for row in best.seat])
            polished = _restarts(state, limits, total - spent, free, rng, False)
            spent += polished.work
            if _cost_of(state, polished.terms) < _cost_of(state, best.terms):
                best = polished
    if best.terms[2] <= limits.min_b:
        return best.seat
    if fresh:
        return _traded(state.shape, best, free, rng, max(0, limits.work - spent), limits)[0].seat
    state = State(state.shape, [row[:] for row in best.seat])
    return _relabel(state, free, rng, max(0, limits.work - spent), limits)


def _restarts(
    state: State,
    limits: Limits,
    budget: int,
    free: list[int],
    rng: random.Random,
    groups_first: bool,
    ignore_groups: bool = False,
) -> Best:
    """Runs with doubling work caps (run times are heavy-tailed), each from the same start.

    With ignore_groups, B is left out of the cost and E and V at their bounds are enough.
    """
    start = [row[:] for row in state.seat]
    period = FIRST_RUN
    best: Best | None = None
    spent = 0
    while True:
        state.rank(groups_first, ignore_groups)
        run = _run(state, limits, min(period, budget - spent), free, rng, ignore_groups)
        spent += run.work + 1
        if best is None or _cost_of(state, run.terms) < _cost_of(state, best.terms):
            best = run
        if (
            spent >= budget
            or run.stuck
            or _done(state, limits, SETTLE_STEPS, best.terms, ignore_groups)
            or time.perf_counter() > limits.deadline
        ):
            best.work = spent
            return best
        period *= GROWTH
        state = State(state.shape, [row[:] for row in start])


def _cost_of(state: State, terms: tuple[int, int, int, int]) -> int:
    """The cost of (E, V, B, D) under the state's current order."""
    e, v, b, d = terms
    return e * state.w_e + v * state.w_v + b * state.w_b + d * state.w_d


def _run(
    state: State,
    limits: Limits,
    budget: int,
    free: list[int],
    rng: random.Random,
    meetings_only: bool = False,
) -> Best:
    """Tabu search under the state's current cost order until bound, work or clock."""
    best = Best(state.cost(), [row[:] for row in state.seat], state.terms())
    tabu: dict[tuple[int, int, int], int] = {}
    work = step = stall = 0
    while work < budget and not _done(state, limits, stall, state.terms(), meetings_only):
        if step % 32 == 0 and time.perf_counter() > limits.deadline:
            break
        step += 1
        picks = [pick for pick in (_pick_conflict(state, free, rng) for _ in range(PICKS)) if pick]
        if not picks:
            best.stuck = True
            break
        work += _step(state, picks, step, tabu, best.cost, rng)
        if state.cost() < best.cost:
            best = Best(state.cost(), [row[:] for row in state.seat], state.terms())
            stall = 0
        else:
            stall += 1
            if stall % STALL_STEPS == 0:
                _kick(state, free, rng)
    best.work = work
    return best


def _done(
    state: State,
    limits: Limits,
    stall: int,
    terms: tuple[int, int, int, int],
    meetings_only: bool = False,
) -> bool:
    """True when the terms are at their bounds (Δp: when it has stopped improving)."""
    e, v, b, d = terms
    if meetings_only:
        return e <= limits.min_e and v <= limits.min_v
    if e > limits.min_e or v > limits.min_v or b > limits.min_b:
        return False
    return d == 0 or stall >= SETTLE_STEPS


def _pick_conflict(state: State, free: list[int], rng: random.Random) -> tuple[int, int] | None:
    """A (round, person) in some conflict, higher-priority conflicts more often."""
    options = []
    if state.bad_pairs:
        options.append((8, _from_pair))
    if state.bad_visits:
        options.append((3, _from_visit))
    if state.bad_tables:
        options.append((3, _from_table))
    if state.moved:
        options.append((1, _from_moved))
    for _ in range(8):
        if not options:
            return None
        chooser = rng.choices([o[1] for o in options], weights=[o[0] for o in options])[0]
        pick = chooser(state, free, rng)
        if pick is not None:
            return pick
    return None


def _from_pair(state: State, free: list[int], rng: random.Random) -> tuple[int, int] | None:
    n = state.shape.people
    key = state.bad_pairs.pick(rng)
    u, v = divmod(key, n)
    rounds = [r for r in free if state.seat[r][u] == state.seat[r][v] >= 0]
    if not rounds:
        return None
    r = rng.choice(rounds)
    people = [p for p in (u, v) if state.shape.movable[r][p]]
    return (r, rng.choice(people)) if people else None


def _from_visit(state: State, free: list[int], rng: random.Random) -> tuple[int, int] | None:
    p, t = divmod(state.bad_visits.pick(rng), state.shape.tables)
    rounds = [r for r in free if state.seat[r][p] == t and state.shape.movable[r][p]]
    return (rng.choice(rounds), p) if rounds else None


def _from_table(state: State, free: list[int], rng: random.Random) -> tuple[int, int] | None:
    r, t = divmod(state.bad_tables.pick(rng), state.shape.tables)
    movable = state.shape.movable[r]
    people = [p for p in state.members[r][t] if movable[p]]
    if not people:
        # Nobody here can leave (only its host): someone else must come in.
        people = [p for p in range(state.shape.people) if movable[p]]
    return (r, rng.choice(people)) if people else None


def _from_moved(state: State, free: list[int], rng: random.Random) -> tuple[int, int] | None:
    p = state.moved.pick(rng)
    prev = state.shape.previous
    assert prev is not None
    rounds = [
        r
        for r in free
        if state.shape.movable[r][p] and prev[r][p] >= 0 and state.seat[r][p] != prev[r][p]
    ]
    return (rng.choice(rounds), p) if rounds else None


def _step(
    state: State,
    picks: list[tuple[int, int]],
    step: int,
    tabu: dict[tuple[int, int, int], int],
    best_cost: int,
    rng: random.Random,
) -> int:
    """Make the best admissible swap or move among the picked people; return the work spent."""
    best_delta: int | None = None
    choices: list[Choice] = []
    work = 1
    for r, p in picks:
        work += _weigh(state, r, p, step, tabu, best_cost, choices)
        if choices:
            best_delta = choices[0][0] if best_delta is None else min(best_delta, choices[0][0])
            choices = [c for c in choices if c[0] == best_delta]
    if not choices or (best_delta is not None and best_delta > 0 and rng.random() >= NOISE):
        return work
    _, r, p, q, b = rng.choice(choices)
    a = state.seat[r][p]
    tenure = rng.randint(*TENURE)
    tabu[(p, r, a)] = step + tenure
    if q >= 0:
        tabu[(q, r, b)] = step + tenure
        state.swap(r, p, q)
    else:
        state.move(r, p, b)
    if len(tabu) > 4096:
        for key in [k for k, until in tabu.items() if until <= step]:
            del tabu[key]
    return work


def _weigh(
    state: State,
    r: int,
    p: int,
    step: int,
    tabu: dict[tuple[int, int, int], int],
    best_cost: int,
    choices: list[Choice],
) -> int:
    """Append to choices every admissible swap or move of p in round r that ties the best."""
    a = state.seat[r][p]
    members = state.members[r]
    cap = state.shape.capacity
    size_a = len(members[a])
    current = state.cost()
    best = choices[0][0] if choices else None
    work = 0
    for b, table in enumerate(members):
        if b != a and len(table) == size_a - 1 and len(table) < cap[b]:
            work += 1
            delta = state.move_delta(r, p, b)
            if tabu.get((p, r, b), 0) <= step or current + delta < best_cost:
                best = _consider(best, choices, (delta, r, p, -1, b))
    for delta, q, b in state.swap_deltas(r, p):
        work += 1
        tabu_move = tabu.get((p, r, b), 0) > step or tabu.get((q, r, a), 0) > step
        if tabu_move and current + delta >= best_cost:
            continue
        best = _consider(best, choices, (delta, r, p, q, b))
    return work + state.skipped // SKIP_COST


def _consider(best: int | None, choices: list[Choice], choice: Choice) -> int:
    if best is None or choice[0] < best:
        choices.clear()
        choices.append(choice)
        return choice[0]
    if choice[0] == best:
        choices.append(choice)
    return best


def _kick(state: State, free: list[int], rng: random.Random) -> None:
    """A few random swaps to leave a plateau the tabu list cannot escape."""
    for _ in range(KICKS):
        r = rng.choice(free)
        people = [p for p in range(state.shape.people) if state.shape.movable[r][p]]
        if len(people) < 2:
            continue
        p = rng.choice(people)
        if state.groups_first:
            # Trade within a group so the shake does not undo the group balance.
            people = [q for q in people if state.shape.group[q] == state.shape.group[p]]
        q = rng.choice(people)
        if state.seat[r][p] != state.seat[r][q]:
            state.swap(r, p, q)


def _traded(
    shape: Shape, best: Best, free: list[int], rng: random.Random, work: int, limits: Limits
) -> tuple[Best, int]:
    """best with whole itineraries handed between travellers of the same presence so that
    groups balance (labels.py); E and V stay as they are. Returns it and the work spent."""
    seat = best.seat
    people = range(shape.people)
    free_of = [p for p in people if _free_throughout(shape, seat, free, p)]
    keep = [p for p in people if p not in set(free_of)]
    routes = [[seat[r][p] for r in free] for p in free_of]
    holder, spent = balanced_owners(
        routes,
        [shape.group[p] for p in free_of],
        [sum(1 << i for i, t in enumerate(route) if t >= 0) for route in routes],
        [[seat[r][p] for r in free] for p in keep],
        [shape.group[p] for p in keep],
        shape.groups,
        shape.tables,
        rng,
        work,
        limits.min_b,
        limits.deadline,
    )
    new = [row[:] for row in seat]
    for i, p in enumerate(free_of):
        for r in free:
            new[r][free_of[holder[i]]] = seat[r][p]
    state = State(shape, new)
    traded = Best(state.cost(), new, state.terms())
    return (traded if traded.terms <= best.terms else best), spent


def _free_throughout(shape: Shape, seat: list[list[int]], free: list[int], p: int) -> bool:
    """A traveller who may move in every round they attend."""
    return shape.traveller[p] and all(shape.movable[r][p] for r in free if seat[r][p] >= 0)


def _relabel(
    state: State, free: list[int], rng: random.Random, budget: int, limits: Limits
) -> list[list[int]]:
    """Balance groups by trading the whole itineraries of two travellers; return the best seats.

    Two travellers who are present in the same rounds and may move in all of them can trade
    every seat: each keeps the other's meetings and tables, so E and V stay as they are (when
    no round is played) and only group balance changes. A trade is kept when the cost does
    not rise, or (with probability RELABEL_NOISE) when it adds one unit of group spread and
    nothing else; the cost is checked in full, so a trade that touches played rounds or
    moved people is undone when it costs more.
    """
    sh = state.shape
    can = [
        p
        for p in range(sh.people)
        if sh.traveller[p] and sh.group[p] >= 0 and any(sh.movable[r][p] for r in free)
    ]
    pattern = {p: tuple(sh.movable[r][p] for r in free) for p in can}
    work = 0
    best_cost, best_seat = state.cost(), [row[:] for row in state.seat]
    while work < budget and state.b > 0:
        if work % 64 == 0 and time.perf_counter() > limits.deadline:
            break
        work += len(free)
        r, t = divmod(state.bad_tables.pick(rng), sh.tables)
        here = [p for p in state.members[r][t] if p in pattern]
        if not here:
            continue
        p = rng.choice(here)
        q = rng.choice(can)
        if sh.group[q] == sh.group[p] or pattern[q] != pattern[p]:
            continue
        before = state.cost()
        _trade(state, free, p, q)
        after = state.cost()
        if after > before + state.w_b or (after > before and rng.random() >= RELABEL_NOISE):
            _trade(state, free, p, q)
        elif after < best_cost:
            best_cost, best_seat = after, [row[:] for row in state.seat]
    return best_seat if state.cost() > best_cost else state.seat


def _trade(state: State, free: list[int], p: int, q: int) -> None:
    """Swap p's and q's seats in every free round where both sit (at different tables) and
    both may move: a pinned seat is never traded away."""
    movable = state.shape.movable
    for r in free:
        seat = state.seat[r]
        if seat[p] >= 0 and seat[q] >= 0 and seat[p] != seat[q] and movable[r][p] and movable[r][q]:
            state.swap(r, p, q)
