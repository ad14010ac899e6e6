"""Stored times are UTC without a zone; documents show them at the venue, with the offset."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str) -> tzinfo:
    """The IANA zone `name`, or UTC when the name is unknown on this machine."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local(moment: datetime, zone_name: str) -> datetime:
    """A stored (UTC, naive) time at the venue, zone-aware."""
    return moment.replace(tzinfo=UTC).astimezone(zone(zone_name))


def venue_time(moment: datetime, zone_name: str) -> datetime:
    """A stored (UTC, naive) time as the clock at the venue reads it, naive, for pages."""
    return local(moment, zone_name).replace(tzinfo=None)


def iso_local(moment: datetime | None, zone_name: str) -> str | None:
    """ISO 8601 at the venue with its offset ('2026-11-25T10:30:00+01:00')."""
    if moment is None:
        return None
    return local(moment.replace(microsecond=0), zone_name).isoformat()
