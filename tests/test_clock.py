"""The morning's pure clock: every transition, every refused one, pause/extend arithmetic,
undo, and a restart (a round trip through the stored record) at every point.

Bad inputs tried: every control in every phase where it is not allowed, pausing twice,
resuming a running round, −1 minute below zero (running and paused), undo with nothing
to undo, undo of a start after notes, a record with no clock at all.
"""

from datetime import datetime, timedelta

import pytest

from cafe import clock

T0 = datetime(2026, 11, 25, 10, 0, 0)
MIN = timedelta(minutes=1)


def fresh(rounds=3, minutes=20):
    return clock.new_clock(rounds, minutes)


def at(phase, rounds=3):
    """A clock in `phase`, reached by real steps from check-in (round 2 for round/moving)."""
    c = fresh(rounds)
    path = {
        clock.CHECKIN: [],
        clock.ROUND: [clock.start, clock.end, clock.start],
        clock.MOVING: [clock.start, clock.end],
        clock.HARVEST: [clock.start, clock.end] * rounds,
        clock.CLOSED: [clock.start, clock.end] * rounds + [clock.close],
    }
    for step in path[phase]:
        c = step(c, T0)
    return c


CONTROLS = {
    "start": lambda c: clock.start(c, T0),
    "end": lambda c: clock.end(c, T0),
    "finish": lambda c: clock.finish(c, T0),
    "close": lambda c: clock.close(c, T0),
    "pause": lambda c: clock.pause(c, T0),
    "resume": lambda c: clock.resume(c, T0),
    "extend": lambda c: clock.extend(c, T0, 1),
}
ALLOWED = {
    clock.CHECKIN: {"start"},
    clock.ROUND: {"end", "finish", "pause", "extend"},
    clock.MOVING: {"start", "finish"},
    clock.HARVEST: {"close"},
    clock.CLOSED: set(),
}


@pytest.mark.parametrize("phase", clock.PHASES)
@pytest.mark.parametrize("control", sorted(CONTROLS))
def test_every_control_is_allowed_or_refused_in_every_phase(phase, control):
    c = at(phase)
    if control in ALLOWED[phase]:
        assert CONTROLS[control](c) != c
    else:
        with pytest.raises(clock.ClockError):
            CONTROLS[control](c)


def test_a_whole_morning_goes_through_every_phase_in_order():
    c, seen = fresh(), []
    while c.phase != clock.CLOSED:
        seen.append((c.phase, c.round))
        c = clock.next_step(c, T0)
    assert seen == [
        ("checkin", 1),
        ("round", 1),
        ("moving", 1),
        ("round", 2),
        ("moving", 2),
        ("round", 3),
        ("harvest", 3),
    ]
    with pytest.raises(clock.ClockError) as refused:
        clock.next_step(c, T0)
    assert refused.value.reason == "closed"


def test_finish_skips_the_rounds_left_and_goes_to_the_harvest():
    c = clock.finish(at(clock.MOVING), T0)
    assert (c.phase, c.round, c.finished) == ("harvest", 1, True)


def test_a_started_round_ends_after_its_minutes_and_never_goes_negative():
    c = clock.start(fresh(minutes=25), T0)
    assert c.ends_at == T0 + 25 * MIN
    assert c.seconds_left(T0 + 5 * MIN) == 20 * 60
    assert c.seconds_left(T0 + 60 * MIN) == 0
    assert c.time_up(T0 + 25 * MIN) and not c.time_up(T0 + 24 * MIN)
    assert fresh().seconds_left(T0) is None


def test_pause_keeps_the_seconds_left_and_resume_counts_them_from_then():
    c = clock.pause(clock.start(fresh(), T0), T0 + 5 * MIN)
    assert (c.paused, c.ends_at, c.paused_left) == (True, None, 15 * 60)
    assert c.seconds_left(T0 + 50 * MIN) == 15 * 60
    assert not c.time_up(T0 + 50 * MIN)
    c = clock.resume(c, T0 + 30 * MIN)
    assert c.ends_at == T0 + 45 * MIN and not c.paused


def test_pausing_twice_and_resuming_a_running_round_are_refused():
    running = clock.start(fresh(), T0)
    paused = clock.pause(running, T0)
    with pytest.raises(clock.ClockError) as twice:
        clock.pause(paused, T0)
    assert twice.value.reason == "already_paused"
    with pytest.raises(clock.ClockError) as not_paused:
        clock.resume(running, T0)
    assert not_paused.value.reason == "not_paused"


def test_pause_resume_pause_adds_up_the_time_spent_running():
    c = clock.start(fresh(), T0)
    c = clock.pause(c, T0 + 2 * MIN)
    c = clock.resume(c, T0 + 10 * MIN)
    c = clock.pause(c, T0 + 13 * MIN)
    assert c.paused_left == 15 * 60


def test_extending_moves_the_end_and_works_while_paused():
    running = clock.start(fresh(), T0)
    assert clock.extend(running, T0, 5).ends_at == T0 + 25 * MIN
    assert clock.extend(running, T0, -1).ends_at == T0 + 19 * MIN
    paused = clock.extend(clock.pause(running, T0 + 10 * MIN), T0, 1)
    assert paused.paused_left == 11 * 60
    assert clock.resume(paused, T0 + 30 * MIN).ends_at == T0 + 41 * MIN


def test_minus_one_minute_below_zero_stops_at_zero():
    nearly = clock.start(fresh(), T0)
    now = T0 + 19 * MIN + timedelta(seconds=30)
    c = clock.extend(nearly, now, -1)
    assert c.ends_at == now and c.seconds_left(now) == 0 and c.time_up(now)
    paused = clock.extend(clock.pause(nearly, now), now, -1)
    assert paused.paused_left == 0


def test_plus_minutes_after_time_is_up_count_from_now():
    over = clock.start(fresh(), T0)
    late = T0 + 23 * MIN
    assert over.time_up(late)
    assert clock.extend(over, late, 2).ends_at == late + 2 * MIN


def test_back_undoes_an_end_and_keeps_the_time_the_round_had_left():
    running = clock.start(fresh(), T0)
    moving = clock.end(running, T0 + 5 * MIN)
    again = clock.back(moving, T0 + 7 * MIN)
    assert (again.phase, again.round) == ("round", 1)
    assert again.ends_at == T0 + 22 * MIN
    assert again.seconds_left(T0 + 7 * MIN) == 15 * 60


def test_back_restores_a_paused_round_still_paused():
    paused = clock.pause(clock.start(fresh(), T0), T0 + 4 * MIN)
    again = clock.back(clock.end(paused, T0 + 6 * MIN), T0 + 9 * MIN)
    assert again.paused and again.paused_left == 16 * 60


def test_back_undoes_a_start_while_the_round_has_no_notes():
    moving = at(clock.MOVING)
    started = clock.start(moving, T0)
    undone = clock.back(started, T0)
    assert (undone.phase, undone.round) == ("moving", 1)
    with pytest.raises(clock.ClockError) as refused:
        clock.back(started, T0, notes_in_round=1)
    assert refused.value.reason == "round_has_notes"


def test_back_goes_only_one_step_and_not_from_check_in():
    with pytest.raises(clock.ClockError) as nothing:
        clock.back(fresh(), T0)
    assert nothing.value.reason == "nothing_to_undo"
    once = clock.back(clock.start(fresh(), T0), T0)
    assert once.phase == "checkin"
    with pytest.raises(clock.ClockError):
        clock.back(once, T0)


def test_back_from_closed_and_harvest():
    closed = at(clock.CLOSED)
    assert clock.back(closed, T0).phase == "harvest"
    assert clock.back(at(clock.HARVEST), T0).phase == "round"


def test_pause_and_extend_do_not_lose_the_undo_of_the_last_step():
    c = clock.pause(clock.start(at(clock.MOVING), T0), T0)
    assert clock.back(c, T0).phase == "moving"


def test_phones_show_the_next_round_while_moving_but_notes_stay_in_the_ended_one():
    moving = at(clock.MOVING)
    assert clock.seated_round(moving) == 2
    assert clock.note_round(moving) == 1
    assert clock.first_open_round(moving) == 2
    assert clock.first_open_round(fresh()) == 1
    assert clock.first_open_round(clock.start(fresh(), T0)) == 2
    harvest = at(clock.HARVEST)
    assert clock.seated_round(harvest) == 3 and clock.note_round(harvest) == 3


def test_state_names_for_the_seating_rules():
    assert [at(p).state for p in clock.PHASES] == [
        "waiting",
        "running",
        "ended",
        "ended",
        "ended",
    ]


def _every_reachable_clock():
    """Every phase, plus paused, extended, time-up and undo-able variants of a round."""
    clocks = [at(p) for p in clock.PHASES]
    running = at(clock.ROUND)
    clocks += [
        clock.pause(running, T0 + 3 * MIN),
        clock.extend(clock.pause(running, T0), T0, 5),
        clock.extend(running, T0, -30),
        clock.back(clock.end(running, T0 + MIN), T0 + 2 * MIN),
    ]
    return clocks


@pytest.mark.parametrize("index", range(9))
def test_a_restart_at_any_point_gives_back_the_same_clock(index):
    before = _every_reachable_clock()[index]
    after = clock.from_record(clock.as_record(before), before.round_count, before.minutes)
    assert after == before
    later = T0 + 7 * MIN
    assert after.seconds_left(later) == before.seconds_left(later)


def test_no_record_means_check_in():
    assert clock.from_record(None, 3, 20) == fresh()
