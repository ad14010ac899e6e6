"""What the namesake check adds to a walk-in at the door: `registered_namesakes` (every
name on the list, compared without case, accents or word order) beside the door's own
name search (`participants.unclaimed`, one SQL LIKE) measured in the same run, on lists of
64 and 3,000 people in SQLite; and the pure CSV duplicate check on 5,000 rows.

Run: .venv/bin/python bench/namesakes.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cafe import create_app  # noqa: E402
from cafe.database import upgrade_database  # noqa: E402
from cafe.extensions import db  # noqa: E402
from cafe.models import Participant  # noqa: E402
from cafe.services.desk import registered_namesakes  # noqa: E402
from cafe.services.events import EventSettings, create_event  # noqa: E402
from cafe.services.namesakes import duplicate_names  # noqa: E402
from cafe.services.participants import unclaimed  # noqa: E402
from cafe.tokens import new_token  # noqa: E402

GIVEN = "Giulia Marco Anna Luca Sara Paolo Chiara Enrico Elena Davide Niccolò Zoë".split()
FAMILY = "Giordano Bianchi Rossi Ferrari Esposito Romano Colombo Ricci Marino Greco".split()


def names(n: int, seed: int = 1) -> list[str]:
    """n plausible Italian names (some repeat, as in life)."""
    rng = random.Random(seed)
    return [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.randrange(200)}" for _ in range(n)]


def timed(action, repeat: int = 30) -> float:
    """Median milliseconds of `action()`."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def event_with(n: int):
    settings = EventSettings(
        title=f"Bench {n}",
        table_count=max(1, n // 8),
        table_size=8,
        round_count=3,
        questions=["Uno?", "Due?", "Tre?"],
        groups=[],
        language="it",
    )
    event = create_event(settings)
    db.session.add_all(
        Participant(event_id=event.id, name=name, token=new_token()) for name in names(n)
    )
    db.session.commit()
    return event


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "CAFE_ASYNC_MODE": "threading",
            "SECRET_KEY": "bench",
        }
    )
    print("door, per walk-in (median of 30, ms)   list   namesakes   door search   ratio")
    with app.app_context():
        upgrade_database()
        for n in (64, 3000):
            event = event_with(n)
            typed = names(n)[n // 2]
            check = timed(lambda e=event, t=typed: registered_namesakes(e, t))
            search = timed(lambda e=event, t=typed: unclaimed(e, t))
            print(f"{'':38}{n:>6}   {check:9.2f}   {search:11.2f}   {check / search:5.1f}x")
    rows = list(enumerate(names(5000, seed=2), start=2))
    pure = timed(lambda: duplicate_names(rows, registered=[n for _line, n in rows[:3000]]), 10)
    print(f"CSV duplicate check, 5,000 rows against 3,000 registered: {pure:.1f} ms")


if __name__ == "__main__":
    main()
