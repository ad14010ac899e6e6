"""Dates and times as people read them in the event's language ("25 ottobre 2019, 10:00").

Pure: Babel's CLDR formats, no Flask, so exports and pages say a date the same way.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time


def human_date(moment: date | datetime | None, language: str) -> str:
    """The long date in `language` ("25 ottobre 2019", "October 25, 2019"), '' for None."""
    if moment is None:
        return ""
    return format_date(moment, "long", locale=language)


def human_datetime(moment: datetime | None, language: str) -> str:
    """The long date and the time ("25 ottobre 2019, 10:00"); midnight, the form's value
    when no time was given, shows the date alone."""
    if moment is None:
        return ""
    if (moment.hour, moment.minute) == (0, 0):
        return human_date(moment, language)
    return f"{human_date(moment, language)}, {format_time(moment, 'short', locale=language)}"
