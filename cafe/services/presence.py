"""Whether each table's host phone is connected, and when it was last heard from."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, update

from cafe import live
from cafe.extensions import db
from cafe.models import CafeTable
from cafe.services.rounds import now

SEEN_WITHIN = timedelta(seconds=90)
"""A phone that pinged within this is connected, even if a crashed server lost its count."""
SILENT_AFTER = timedelta(minutes=5)
"""A table whose host has been offline, or has written nothing, this long is flagged."""


def host_came(table_id: int, event_id: int) -> None:
    """A host phone of this table opened its socket."""
    _write(table_id, event_id, CafeTable.host_online + 1)


def host_went(table_id: int, event_id: int) -> None:
    """A host phone of this table closed its socket."""
    online = case((CafeTable.host_online > 0, CafeTable.host_online - 1), else_=0)
    _write(table_id, event_id, online)


def host_pinged(table_id: int, event_id: int) -> None:
    """A connected host phone is still there (its regular clock check)."""
    _write(table_id, event_id, CafeTable.host_online, tell=False)


def _write(table_id: int, event_id: int, online, tell: bool = True) -> None:
    moment = now()
    db.session.execute(
        update(CafeTable)
        .where(CafeTable.id == table_id)
        .values(host_online=online, host_seen_at=moment)
    )
    db.session.commit()
    if tell:
        live.presence(event_id, {"table_id": table_id})


def is_connected(table: CafeTable, moment: datetime) -> bool:
    """True when a host phone of the table has its socket open right now."""
    seen = table.host_seen_at
    return table.host_online > 0 and seen is not None and moment - seen <= SEEN_WITHIN
