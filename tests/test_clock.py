"""The round clock's pure state machine."""

from datetime import datetime, timedelta

import pytest

from cafe import clock

T0 = datetime(2026, 11, 25, 10, 0, 0)


def fresh(rounds=3):
    return clock.Clock(round=1, state=clock.WAITING, round_count=rounds, minutes=20)


def test_a_whole_morning_runs_through_every_round_then_finishes():
    c = fresh()
    seen = []
    while not c.finished:
        c = clock.start(c, T0)
        seen.append((c.round, c.state))
        c = clock.end(c)
    assert seen == [(1, "running"), (2, "running"), (3, "running")]
    with pytest.raises(clock.ClockError):
        clock.start(c, T0)


def test_cannot_start_twice_or_end_a_round_that_is_not_running():
    running = clock.start(fresh(), T0)
    with pytest.raises(clock.ClockError):
        clock.start(running, T0)
    with pytest.raises(clock.ClockError):
        clock.end(fresh())


def test_countdown_uses_the_start_time_and_never_goes_negative():
    running = clock.start(fresh(), T0)
    assert running.ends_at() == T0 + timedelta(minutes=20)
    assert running.seconds_left(T0 + timedelta(minutes=5)) == 15 * 60
    assert running.seconds_left(T0 + timedelta(hours=1)) == 0
    assert fresh().seconds_left(T0) is None


def test_extending_changes_the_end_and_keeps_at_least_a_minute():
    running = clock.start(fresh(), T0)
    assert clock.extend(running, 5).ends_at() == T0 + timedelta(minutes=25)
    assert clock.extend(running, -100).minutes == 1


def test_phones_show_the_next_round_once_a_round_has_ended():
    ended = clock.end(clock.start(fresh(), T0))
    assert clock.seated_round(ended) == 2
    assert clock.first_open_round(ended) == 2
    assert clock.first_open_round(fresh()) == 1
    assert clock.first_open_round(clock.start(fresh(), T0)) == 2
    last = clock.Clock(round=3, state=clock.ENDED, round_count=3, minutes=20)
    assert clock.seated_round(last) == 3
