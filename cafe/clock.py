"""The morning's clock: a pure state machine and timer arithmetic (no Flask, no SQL).

check-in → round 1 → moving → round 2 → … → round N → harvest → closed.

The server is the clock: a running round has `ends_at`; a paused one keeps the seconds it
had left instead. `back` undoes the last step, once, while still in the phase it led to.
A clock survives a restart as the plain dict of `as_record` / `from_record`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

CHECKIN, ROUND, MOVING, HARVEST, CLOSED = "checkin", "round", "moving", "harvest", "closed"
PHASES = (CHECKIN, ROUND, MOVING, HARVEST, CLOSED)
# The older three-state names, still what the seating rules ask about.
WAITING, RUNNING, ENDED = "waiting", "running", "ended"


class ClockError(ValueError):
    """A control that the morning's current phase does not allow; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Clock:
    """Where the morning stands. `round` is the round running, or the last one started
    (1 during check-in, before anything started)."""

    phase: str
    round: int
    round_count: int
    minutes: int
    ends_at: datetime | None = None
    paused_left: float | None = None
    since: datetime | None = None
    undo: Clock | None = None

    @property
    def paused(self) -> bool:
        """True while a round is paused."""
        return self.phase == ROUND and self.paused_left is not None

    @property
    def state(self) -> str:
        """waiting (check-in), running (a round), or ended (moving, harvest, closed)."""
        return {CHECKIN: WAITING, ROUND: RUNNING}.get(self.phase, ENDED)

    @property
    def finished(self) -> bool:
        """True once every round is over (harvest or closed)."""
        return self.phase in (HARVEST, CLOSED)

    def seconds_left(self, now: datetime) -> float | None:
        """Seconds until the running round is due to end (never negative), or None."""
        if self.phase != ROUND:
            return None
        if self.paused_left is not None:
            return self.paused_left
        return max(0.0, (self.ends_at - now).total_seconds())

    def time_up(self, now: datetime) -> bool:
        """True when a round is running (not paused) and its time has run out."""
        return self.phase == ROUND and not self.paused and self.seconds_left(now) == 0


def new_clock(round_count: int, minutes: int) -> Clock:
    """A morning before anything started: check-in."""
    return Clock(phase=CHECKIN, round=1, round_count=round_count, minutes=minutes)


def next_step(clock: Clock, now: datetime) -> Clock:
    """The one obvious next step: start a round, end it, open the harvest, close."""
    steps = {CHECKIN: start, ROUND: end, MOVING: start, HARVEST: close}
    if clock.phase not in steps:
        raise ClockError("closed")
    return steps[clock.phase](clock, now)


def start(clock: Clock, now: datetime) -> Clock:
    """Start round 1 after check-in, or the next round after people moved."""
    if clock.phase not in (CHECKIN, MOVING):
        raise ClockError("not_waiting")
    number = clock.round if clock.phase == CHECKIN else clock.round + 1
    ends = now + timedelta(minutes=clock.minutes)
    return _step(clock, now, phase=ROUND, round=number, ends_at=ends)


def end(clock: Clock, now: datetime) -> Clock:
    """End the running round now: people move, or after the last round, the harvest."""
    if clock.phase != ROUND:
        raise ClockError("not_running")
    phase = HARVEST if clock.round >= clock.round_count else MOVING
    return _step(clock, now, phase=phase, ends_at=None, paused_left=None)


def finish(clock: Clock, now: datetime) -> Clock:
    """Skip the rounds still to come and go to the harvest (the morning ran late)."""
    if clock.phase not in (MOVING, ROUND):
        raise ClockError("not_moving")
    return _step(clock, now, phase=HARVEST, ends_at=None, paused_left=None)


def close(clock: Clock, now: datetime) -> Clock:
    """Close the event after the harvest."""
    if clock.phase != HARVEST:
        raise ClockError("not_harvest")
    return _step(clock, now, phase=CLOSED)


def pause(clock: Clock, now: datetime) -> Clock:
    """Stop the countdown, keeping the seconds left."""
    if clock.phase != ROUND:
        raise ClockError("not_running")
    if clock.paused:
        raise ClockError("already_paused")
    return replace(clock, paused_left=clock.seconds_left(now), ends_at=None)


def resume(clock: Clock, now: datetime) -> Clock:
    """Restart a paused countdown from the seconds it had left."""
    if not clock.paused:
        raise ClockError("not_paused")
    ends = now + timedelta(seconds=clock.paused_left)
    return replace(clock, ends_at=ends, paused_left=None)


def extend(clock: Clock, now: datetime, minutes: int) -> Clock:
    """Add (or, negative, take away) minutes; the time left never goes below zero.

    Adding to a round whose time is up counts from now, so "+2" gives two real minutes."""
    if clock.phase != ROUND:
        raise ClockError("not_running")
    delta = timedelta(minutes=minutes)
    if clock.paused:
        left = max(0.0, clock.paused_left + delta.total_seconds())
        return replace(clock, paused_left=left)
    base = max(clock.ends_at, now) if minutes > 0 else clock.ends_at
    return replace(clock, ends_at=max(now, base + delta))


def back(clock: Clock, now: datetime, notes_in_round: int = 0) -> Clock:
    """Undo the last step (a click made too soon), keeping the time a round had left.

    Refused when there is nothing to undo, or when undoing would rewrite history: a round
    that already has notes cannot be un-started."""
    previous = clock.undo
    if previous is None:
        raise ClockError("nothing_to_undo")
    if clock.phase == ROUND and previous.phase != ROUND and notes_in_round > 0:
        raise ClockError("round_has_notes")
    if previous.phase == ROUND and previous.paused_left is None and clock.since is not None:
        left = max(0.0, (previous.ends_at - clock.since).total_seconds())
        previous = replace(previous, ends_at=now + timedelta(seconds=left))
    return replace(previous, undo=None, since=now)


def _step(clock: Clock, now: datetime, **changes) -> Clock:
    """A change of phase, remembering where it came from (for `back`)."""
    return replace(clock, since=now, undo=replace(clock, undo=None), **changes)


def seated_round(clock: Clock) -> int:
    """The round whose seats phones should show: the next one while people move."""
    return clock.round + 1 if clock.phase == MOVING else clock.round


def note_round(clock: Clock) -> int:
    """The round a host's note belongs to: the one just ended stays open until the next
    starts, so the table's last points do not land in the round after."""
    return clock.round


def first_open_round(clock: Clock) -> int:
    """The first round whose seating may still change (running and past rounds are fixed)."""
    return clock.round if clock.phase == CHECKIN else clock.round + 1


def as_record(clock: Clock) -> dict:
    """The clock as plain JSON-able data, to keep in the database across restarts."""
    return {
        "phase": clock.phase,
        "round": clock.round,
        "ends_at": _iso(clock.ends_at),
        "paused_left": clock.paused_left,
        "since": _iso(clock.since),
        "undo": as_record(clock.undo) if clock.undo else None,
    }


def from_record(record: dict | None, round_count: int, minutes: int) -> Clock:
    """The clock kept by `as_record` (a fresh one when there is none)."""
    if not record:
        return new_clock(round_count, minutes)
    undo = record.get("undo")
    return Clock(
        phase=record["phase"],
        round=record["round"],
        round_count=round_count,
        minutes=minutes,
        ends_at=_parse(record.get("ends_at")),
        paused_left=record.get("paused_left"),
        since=_parse(record.get("since")),
        undo=from_record(undo, round_count, minutes) if undo else None,
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
