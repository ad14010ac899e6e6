"""What one note costs the server, in-process: a host's `note:add` through Flask-SocketIO's
test client on a real SQLite file, beside the same client's `time` event (the framework's
own cost per event, measured in the same run). Prints medians and the ratio; with
--profile, the functions the notes spend most time in.

    .venv/bin/python bench/note_cost.py [-n 500] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def bench_app(folder: Path, **settings):
    """Café on a SQLite file in `folder`, handlers run in threads (Flask-SocketIO's test
    clients), plus `settings`."""
    from cafe import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'cafe.db'}",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"check_same_thread": False}},
            "CAFE_ASYNC_MODE": "threading",
            "CAFE_PUBLIC_URL": "http://192.0.2.10:5000",
            "SECRET_KEY": "bench",
            **settings,
        }
    )


def bench_event(title: str):
    """(In an app context.) The schema, an organiser and an event of 170 tables of six,
    three rounds, two groups."""
    from cafe.database import upgrade_database
    from cafe.services import events, organisers

    upgrade_database()
    owner = organisers.create_organiser("bench", "bench password")
    settings = events.EventSettings(
        title=title, table_count=170, table_size=6, round_count=3,
        questions=["Uno?", "Due?", "Tre?"], groups=["cittadini", "imprese"],
    )  # fmt: skip
    return events.create_event(settings, owner_id=owner.id)


def build(folder: Path):
    """The app on a SQLite file in `folder`, an event of 170 tables, fifty host sockets
    and a wall's."""
    from cafe.extensions import db, socketio
    from cafe.models import Event

    app = bench_app(folder)
    with app.app_context():
        event = bench_event("Costo di una nota")
        tokens = [t.host_token for t in db.session.get(Event, event.id).tables[:50]]
    # Fifty tables, each writing in turn: one table alone would reach the note rate limit.
    hosts = [socketio.test_client(app, auth={"role": "host", "token": t}) for t in tokens]
    wall_token = None
    with app.app_context():
        wall_token = db.session.get(Event, event.id).wall_token
    wall = socketio.test_client(app, auth={"role": "wall", "token": wall_token})
    return app, hosts, wall


def timed(call, count: int) -> list[float]:
    """Seconds per call, `count` calls."""
    out = []
    for i in range(count):
        started = time.perf_counter()
        call(i)
        out.append(time.perf_counter() - started)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="note-cost-") as folder:
        _app, hosts, wall = build(Path(folder))

        def note(i):
            data = {"uuid": str(uuid.uuid4()), "text": f"Nota {i}", "kind": "idea", "round": 1}
            reply = hosts[i % len(hosts)].emit("note:add", data, callback=True)
            assert reply["ok"], reply
            wall.get_received()

        def tick(_i):
            assert hosts[0].emit("time", {}, callback=True)["ok"]

        beside_baseline("note:add", note, tick, args.n, args.profile)
    return 0


def beside_baseline(name: str, call, tick, count: int, profile_it: bool, rows: int = 45) -> None:
    """Time `call` and the baseline `tick` (count calls each, interleaved so that load on
    the machine hits both alike) and print their medians and ratio; with profile_it, the
    functions they spent most time in."""
    call(0), tick(0)  # warm the statement caches
    profile = cProfile.Profile() if profile_it else None
    if profile:
        profile.enable()
    calls, ticks = [], []
    for _ in range(5):
        calls += timed(call, count // 5)
        ticks += timed(tick, count // 5)
    if profile:
        profile.disable()
    c50, t50 = statistics.median(calls) * 1000, statistics.median(ticks) * 1000
    print(f"{name} median {c50:.2f} ms   time (baseline) median {t50:.2f} ms   "
          f"ratio {c50 / t50:.1f}   ({len(calls)} each)")  # fmt: skip
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(rows)


if __name__ == "__main__":
    sys.exit(main())
