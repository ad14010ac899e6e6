"""Reads that arrive together share one statement (cafe/read_together.py), and a thousand
phones' syncs at a chime become a few statements, each phone still told its own seats."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from cafe.extensions import db
from cafe.read_together import ReadTogether

WAIT = 10  # seconds: a bound on waiting for the other threads, never a measurement


def until(condition, what: str) -> None:
    """Wait (bounded) for another thread to reach a point; fail saying which."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


class Gated:
    """A fetch whose first call waits for `release`, recording every call's keys."""

    def __init__(self, values: dict, fail_on: int | None = None, error=None):
        self.values, self.calls = values, []
        self.entered, self.release = threading.Event(), threading.Event()
        self.fail_on, self.error = fail_on, error

    def __call__(self, keys):
        self.calls.append(sorted(keys))
        if len(self.calls) == 1:
            self.entered.set()
            assert self.release.wait(WAIT)
        if len(self.calls) == self.fail_on:
            raise self.error
        return {k: self.values[k] for k in keys if k in self.values}


def read_in_threads(reads: ReadTogether, keys: list) -> tuple[list[threading.Thread], dict]:
    """Start one reader thread per key; their outcomes land in the returned dict."""
    outcomes: dict = {}

    def one(key):
        try:
            outcomes[key] = reads.read(key)
        except BaseException as error:  # noqa: BLE001 - the test reads what was raised
            outcomes[key] = error

    threads = [threading.Thread(target=one, args=(k,)) for k in keys]
    for thread in threads:
        thread.start()
    return threads, outcomes


def queued_behind_a_read(reads: ReadTogether, fetch: Gated, later: list) -> tuple[dict, dict]:
    """Reader "a" starts a read that `fetch` holds; the `later` readers queue behind it; then
    the read goes on and everyone finishes. (the first's outcomes, the later ones')."""
    first, outcomes = read_in_threads(reads, ["a"])
    assert fetch.entered.wait(WAIT)
    queued, more = read_in_threads(reads, later)
    until(lambda: reads.waiting == len(later), f"{len(later)} readers queued behind the read")
    fetch.release.set()
    for thread in first + queued:
        thread.join(WAIT)
    return outcomes, more


def test_readers_that_arrive_during_a_read_share_the_next_statement():
    fetch = Gated({"a": 1, "b": 2, "c": 3, "d": 4})
    reads = ReadTogether(fetch)
    outcomes, more = queued_behind_a_read(reads, fetch, ["b", "c", "d"])
    # The three that came while "a" was read are read together, after they asked.
    assert fetch.calls == [["a"], ["b", "c", "d"]]
    assert outcomes == {"a": 1} and more == {"b": 2, "c": 3, "d": 4}
    assert reads.batches == 2 and reads.waiting == 0


def test_a_key_asked_twice_is_read_once_and_a_missing_key_answers_missing():
    fetch = Gated({"a": 1, "b": 2})
    reads = ReadTogether(fetch, missing=())
    _, outcomes = queued_behind_a_read(reads, fetch, ["b", "b", "gone"])
    assert fetch.calls[1] == ["b", "gone"]
    assert outcomes == {"b": 2, "gone": ()}


def test_a_failed_statement_fails_each_of_its_readers_and_the_next_reads_again():
    broken = RuntimeError("no connection free")
    fetch = Gated({"a": 1, "b": 2, "c": 3, "z": 26}, fail_on=2, error=broken)
    reads = ReadTogether(fetch)
    outcomes, failed = queued_behind_a_read(reads, fetch, ["b", "c"])
    assert outcomes == {"a": 1}  # the leader's own read had succeeded
    assert failed == {"b": broken, "c": broken}
    assert reads.read("z") == 26 and fetch.calls[-1] == ["z"]


class Killed(BaseException):
    """What a greenlet's kill raises in it (like GreenletExit)."""


def test_when_the_leader_is_killed_its_readers_learn_why_and_the_next_reader_leads():
    fetch = Gated({"a": 1, "b": 2}, fail_on=1, error=Killed())
    reads = ReadTogether(fetch)
    outcomes, more = queued_behind_a_read(reads, fetch, ["b"])
    assert isinstance(outcomes["a"], Killed)
    assert more == {"b": 2}, "the reader left waiting took the lead and read"
    assert fetch.calls == [["a"], ["b"]]


# ----------------------------------------------------------- the phones at a chime


@pytest.fixture
def seated(app, make_event):
    """An event of 12 people seated and published, its round ended: the phones' tokens."""
    from cafe.models import CafeTable, Event, Participant, Seat
    from cafe.services import participants, rounds, seating
    from cafe.services.importing import ParticipantRow

    event_id = make_event(table_count=3, table_size=4)
    with app.app_context(), app.test_request_context():
        event = db.session.get(Event, event_id)
        rows = [ParticipantRow(i + 2, f"Persona {i}", "cittadini", False) for i in range(12)]
        for person in participants.import_participants(event, rows):
            participants.check_in(event, person.id)
        seating.publish(event)
        rounds.start_round(event)
        rounds.end_round(event)
        rows = db.session.execute(
            select(Participant.token, Seat.round_number, CafeTable.number)
            .join(Seat, Seat.participant_id == Participant.id)
            .join(CafeTable, CafeTable.id == Seat.table_id)
            .where(Participant.event_id == event_id)
        )
        seats: dict = {}
        for token, number, table in rows:
            seats.setdefault(token, {})[number] = table
        return seats


def test_phones_that_sync_together_share_a_statement_and_each_gets_its_own_seats(app, seated):
    from cafe.services.phones import _reads, sync_reply

    statements: list[str] = []
    reads: list[ReadTogether] = []

    def gate(_conn, _cursor, statement, *_args):
        if "participant.token IN" in statement:
            statements.append(statement)
            if len(statements) == 1:  # hold the first read until the others have asked
                until(lambda: reads and reads[0].waiting == len(seated) - 1, "the other phones")

    with app.app_context():
        reads.append(_reads())
        sa_event.listen(db.engine, "before_cursor_execute", gate)
    try:
        replies: dict = {}

        def phone(token):
            with app.app_context(), app.test_request_context():
                replies[token] = sync_reply(token)

        threads = [threading.Thread(target=phone, args=(t,)) for t in seated]
        threads[0].start()
        until(lambda: statements, "the first phone's read")
        for thread in threads[1:]:
            thread.start()
        for thread in threads:
            thread.join(WAIT)
    finally:
        with app.app_context():
            sa_event.remove(db.engine, "before_cursor_execute", gate)
    assert len(statements) == 2, "twelve phones, one statement for the first, one for the rest"
    assert {t: r["seats"] for t, r in replies.items()} == seated
    assert all(len(seats) == 3 for seats in seated.values())


def test_a_phone_whose_link_is_unknown_still_gets_no_reply(app, seated):
    from cafe.services.phones import sync_reply

    with app.app_context(), app.test_request_context():
        assert sync_reply("not-a-token") is None
        assert sync_reply(next(iter(seated)))["seats"]
