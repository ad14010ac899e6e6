"""The round clock: a pure state machine and timer arithmetic (no Flask).

The server is the clock. A round is WAITING (people check in or move), RUNNING, or ENDED;
the event moves through round 1 … round_count and then closes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

WAITING, RUNNING, ENDED = "waiting", "running", "ended"


class ClockError(ValueError):
    """An action that the round's current state does not allow."""


@dataclass(frozen=True)
class Clock:
    """Where the event's rounds stand."""

    round: int
    state: str
    round_count: int
    minutes: int
    started_at: datetime | None = None

    @property
    def finished(self) -> bool:
        """True after the last round has ended."""
        return self.round >= self.round_count and self.state == ENDED

    def ends_at(self) -> datetime | None:
        """When the running round is due to end, or None."""
        if self.state != RUNNING or self.started_at is None:
            return None
        return self.started_at + timedelta(minutes=self.minutes)

    def seconds_left(self, now: datetime) -> int | None:
        """Whole seconds until the running round is due to end (never negative), or None."""
        ends = self.ends_at()
        if ends is None:
            return None
        return max(0, int((ends - now).total_seconds()))


def start(clock: Clock, now: datetime) -> Clock:
    """Start the current round, or the next one after a round has ended."""
    if clock.state == RUNNING:
        raise ClockError("round already running")
    if clock.state == ENDED:
        if clock.finished:
            raise ClockError("the last round is over")
        return replace(clock, round=clock.round + 1, state=RUNNING, started_at=now)
    return replace(clock, state=RUNNING, started_at=now)


def end(clock: Clock) -> Clock:
    """End the running round."""
    if clock.state != RUNNING:
        raise ClockError("no round is running")
    return replace(clock, state=ENDED)


def extend(clock: Clock, minutes: int) -> Clock:
    """Give the running round more (or, negative, fewer) minutes."""
    if clock.state != RUNNING:
        raise ClockError("no round is running")
    return replace(clock, minutes=max(1, clock.minutes + minutes))


def seated_round(clock: Clock) -> int:
    """The round whose seats phones should show: the next one once a round has ended."""
    if clock.state == ENDED and not clock.finished:
        return clock.round + 1
    return clock.round


def first_open_round(clock: Clock) -> int:
    """The first round whose seating may still change (running and past rounds are fixed)."""
    return clock.round if clock.state == WAITING else clock.round + 1
