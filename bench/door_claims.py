"""The bulk attack on names with the public join link (issue 23, item 10), in-process on
the reference scenario (64 people on the list, none arrived) from five client addresses:
searches, then "this is me" on every name listed. Run alone, or from bench/door.py.

    .venv/bin/python bench/door_claims.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_door import COMMON_SURNAMES  # noqa: E402


def _app():
    from sqlalchemy import select

    from cafe import create_app
    from cafe.database import upgrade_database
    from cafe.extensions import db
    from cafe.models import Participant
    from cafe.services.demo import load_reference_scenario
    from cafe.services.organisers import create_organiser

    folder = tempfile.mkdtemp(prefix="door-claims-")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/cafe.db",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"check_same_thread": False}},
            "CAFE_PUBLIC_URL": "http://cafe.test",
            "CAFE_ASYNC_MODE": "threading",
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        upgrade_database()
        create_organiser("anna", "correct horse")
    with app.test_request_context():
        event = load_reference_scenario()
        db.session.commit()
        return app, event.join_token, list(db.session.scalars(select(Participant.name)))


def attack(queries: list[str]) -> str:
    """Five addresses search `queries` in turn, then claim every name listed."""
    app, join, names = _app()
    shown: dict[str, str] = {}
    answered, started = 0, time.perf_counter()
    for n, query in enumerate(queries):
        page = app.test_client().get(
            f"/j/{join}", query_string={"q": query}, environ_base={"REMOTE_ADDR": f"10.0.0.{n % 5}"}
        )
        answered += page.status_code == 200
        for ref, name in re.findall(
            r'name="who" value="([^"]+)"[^>]*>\s*<span>([^<]+)</span>', page.get_data(True)
        ):
            shown[ref] = name
    listing = time.perf_counter() - started
    claimed = sum(
        app.test_client()
        .post(f"/j/{join}/me", data={"who": ref}, environ_base={"REMOTE_ADDR": f"10.0.0.{n % 5}"})
        .status_code
        == 302
        for n, ref in enumerate(shown)
    )
    whole = sum(name in set(names) for name in shown.values())
    return (
        f"{answered} of {len(queries)} searches answered, {len(shown)} of {len(names)} people "
        f"listed ({whole} with their whole name) in {listing:.1f} s; {claimed} names claimed"
    )


def report() -> list[str]:
    """One line per attack: three-letter searches, and the fifty commonest surnames."""
    app, _join, names = _app()
    del app
    grams = sorted({w[i : i + 3].lower() for n in names for w in n.split() for i in range(3)})
    return [
        "200 three-letter searches: " + attack((grams * 4)[:200]),
        "the 50 commonest surnames x4: " + attack(COMMON_SURNAMES * 4),
    ]


if __name__ == "__main__":
    for line in report():
        print(line)
