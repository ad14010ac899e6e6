"""Bringing the schema up to date at start-up (Alembic migrations via Flask-Migrate)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from flask_migrate import upgrade
from sqlalchemy import text

from cafe.extensions import db

UPGRADE_LOCK = 4_242_001  # any constant: the PostgreSQL advisory lock's key
T = TypeVar("T")


def upgrade_database(then: Callable[[], T] | None = None) -> T | None:
    """Run pending migrations, then `then()` (start-up work such as making the first
    organiser). On PostgreSQL both run under an advisory lock, so several server
    processes starting at once do not collide (ARCHITECTURE.md, trap 3)."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with _startup_lock():
        upgrade()
        return then() if then else None


@contextmanager
def _startup_lock():
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": UPGRADE_LOCK})
        try:
            yield
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": UPGRADE_LOCK})
            lock.commit()
