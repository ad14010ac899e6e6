"""What one phone's `sync` costs the server, in-process: a participant's `sync` (what each
of a thousand phones asks when woken at a round end) through Flask-SocketIO's test client
on a real SQLite file, beside the same clients' `time` event (the framework's own cost
per event, measured in the same run). Prints medians and the ratio; with --profile, the
functions the syncs spend most time in.

    .venv/bin/python bench/sync_cost.py [-n 1000] [--phones 200] [--profile]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from note_cost import bench_app, bench_event, beside_baseline  # noqa: E402


def build(folder: Path, phones: int):
    """The app on a SQLite file in `folder`: an event of 1,000 people at 170 tables, seated
    and published, in its first round's pause, and `phones` participant sockets."""
    from datetime import datetime

    from sqlalchemy import select, update

    from cafe.extensions import db, socketio
    from cafe.models import Participant
    from cafe.services import participants, rounds, seating
    from cafe.services.importing import ParticipantRow

    app = bench_app(folder, CAFE_MAX_PER_ADDRESS="5000")
    with app.app_context(), app.test_request_context():
        event = bench_event("Mille risvegli")
        rows = [ParticipantRow(i + 2, f"Persona {i}", "cittadini", False) for i in range(1000)]
        participants.import_participants(event, rows)
        db.session.execute(
            update(Participant).where(Participant.event_id == event.id)
            .values(arrived_at=datetime.now())
        )  # fmt: skip
        seating.publish(event)
        rounds.start_round(event)
        rounds.end_round(event)
        tokens = list(
            db.session.scalars(select(Participant.token).where(Participant.event_id == event.id))
        )
    return [
        socketio.test_client(app, auth={"role": "participant", "token": t}) for t in tokens[:phones]
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sync-cost-") as folder:
        phones = build(Path(folder), args.phones)

        def sync(i):
            reply = phones[i % len(phones)].emit("sync", {"since": 0}, callback=True)
            assert reply["ok"] and reply["seats"], reply

        def tick(i):
            assert phones[i % len(phones)].emit("time", {}, callback=True)["ok"]

        beside_baseline("participant sync", sync, tick, args.n, args.profile, 50)
    return 0


if __name__ == "__main__":
    sys.exit(main())
