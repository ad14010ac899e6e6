"""What each screen may be sent of a change (docs/live.md, "Who gets what").

The change feed stores one payload per change: everything the organiser sees. Every push
and every replay passes it through the rule of its kind for the audience it goes to, so a
wall never receives a hidden note's text, whatever the browser's script would do with it.
A new kind of change declares its rule here (`rule`); recording a kind without one raises
UnknownKind before anything is written.

Pure: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable

ORGANISER = "organiser"
"""The event's organisers: every change, whole."""
WALL = "wall"
"""The projector: what the room may read."""
TABLE = "table"
"""The host phone(s) of the change's own table."""
EVENT = "event"
"""Everyone at the event (participants' and hosts' phones)."""
AUDIENCES = (ORGANISER, WALL, TABLE, EVENT)

Rule = Callable[[dict, str], "dict | None"]
"""(payload, audience) -> what that audience is sent (the same dict when it may see all
of it), or None when it is sent nothing."""

_RULES: dict[str, Rule] = {}

STATE_FIELDS = ("uuid", "id", "seq", "created_seq", "hidden", "pending", "deleted")
"""All a screen that may not show an item gets of it: enough to drop what it shows."""


class UnknownKind(LookupError):
    """A change kind with no rule: say who may see it in cafe/audience.py first."""


def rule(*kinds: str):
    """Register a function as the rule of `kinds`."""

    def register(function: Rule) -> Rule:
        for kind in kinds:
            _RULES[kind] = function
        return function

    return register


def check(kind: str) -> None:
    """UnknownKind unless `kind` has a rule."""
    if kind not in _RULES:
        raise UnknownKind(f"change kind {kind!r} has no audience rule (cafe/audience.py)")


def view(kind: str, payload: dict, audience: str) -> dict | None:
    """What `audience` is sent of a change of `kind` with `payload` (None: nothing)."""
    check(kind)
    return _RULES[kind](payload, audience)


def state_only(payload: dict) -> dict:
    """An item's id and state, without what it says or shows."""
    return {k: payload[k] for k in STATE_FIELDS if k in payload}


def withheld(payload: dict) -> bool:
    """True for an item the room may not see: hidden, waiting for approval, or deleted."""
    return bool(payload.get("hidden") or payload.get("pending") or payload.get("deleted"))


@rule("round", "seating", "voting")
def everyone(payload: dict, _audience: str) -> dict:
    """The clock, the seating's version and voting's state (its insights are shown notes)."""
    return payload


@rule("people", "view", "votes")
def staff_and_walls(payload: dict, audience: str) -> dict | None:
    """Check-in counts, the wall's view and vote results: walls and organisers only."""
    return payload if audience in (ORGANISER, WALL) else None


@rule("note")
def note(payload: dict, audience: str) -> dict | None:
    """A note whole to its own table's hosts and the organiser; to a wall only while the
    room may read it (else its id and state, so the wall drops it); never event-wide."""
    if audience in (ORGANISER, TABLE):
        return payload
    if audience == WALL:
        return state_only(payload) if withheld(payload) else payload
    return None


@rule("photo")
def photo(payload: dict, audience: str) -> dict | None:
    """A photo whole to the organiser; a hidden one to anyone else without its file's key."""
    if audience == ORGANISER or not withheld(payload):
        return payload
    return state_only(payload)


@rule("marks")
def harvest_settings(payload: dict, audience: str) -> dict:
    """The star limit and tags offered to hosts (their phones offer new tags at once);
    whether notes wait for approval only to staff and walls."""
    if audience == EVENT:
        return {k: payload[k] for k in ("star_limit", "tag_choices") if k in payload}
    return payload


@rule("synthesis")
def synthesis(payload: dict, audience: str) -> dict | None:
    """The organiser's synthesis decisions (which theme, what label, the summaries): walls
    and organisers only; a decision names notes by uuid, never by their text."""
    return payload if audience in (ORGANISER, WALL) else None


@rule("answer")
def answer(payload: dict, audience: str) -> dict | None:
    """An answer to the harvest question, without its author: whole to the organiser; to a
    wall only while the room may read it (else its id and state); to no phone."""
    if audience == ORGANISER:
        return payload
    if audience == WALL:
        return state_only(payload) if withheld(payload) else payload
    return None
