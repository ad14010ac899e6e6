"""Bringing the schema up to date at start-up (Alembic migrations via Flask-Migrate)."""

from __future__ import annotations

import logging

from flask_migrate import upgrade
from sqlalchemy import text

from cafe.extensions import db

UPGRADE_LOCK = 4_242_001  # any constant: the PostgreSQL advisory lock's key


def upgrade_database() -> None:
    """Run pending migrations; on PostgreSQL hold an advisory lock so that several
    server processes starting at once do not collide (ARCHITECTURE.md, trap 3)."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if db.engine.dialect.name != "postgresql":
        upgrade()
        return
    with db.engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": UPGRADE_LOCK})
        try:
            upgrade()
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": UPGRADE_LOCK})
            lock.commit()
