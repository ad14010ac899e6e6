"""Reading event settings (a form or an event.json) and participant lists (CSV).

Everything is checked before anything is written, so a bad file imports nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _

from cafe.models import NAME_MAX
from cafe.services.events import EventSettings

HOST_YES = {"yes", "y", "si", "sì", "true", "1", "x", "host"}
HOST_NO = {"", "no", "n", "false", "0"}
LIMITS = {"tables": (1, 300), "table_size": (2, 12), "rounds": (1, 8), "round_minutes": (1, 180)}
MAX_BYTES = 1024 * 1024
"""The largest import file: a list of thousands of people is far below it."""
MAX_ROWS = 5000
"""The most people one CSV may list (300 tables of 12 is 3,600 seats)."""


class ImportProblems(ValueError):
    """A list of problems, each (where, message): a field name or a CSV line number."""

    def __init__(self, problems: list[tuple[str | int, str]]):
        super().__init__("; ".join(f"{where}: {msg}" for where, msg in problems))
        self.problems = problems


@dataclass(frozen=True)
class ParticipantRow:
    """One valid line of a participants CSV."""

    line: int
    name: str
    group: str | None
    host: bool


def settings_from_dict(data: dict) -> EventSettings:
    """EventSettings from form or JSON fields, or ImportProblems naming each bad field."""
    problems: list[tuple[str | int, str]] = []

    def need_text(key: str, limit: int = 200) -> str:
        value = str(data.get(key) or "").strip()
        if not value:
            problems.append((key, _("This field is required.")))
        elif len(value) > limit:
            problems.append((key, _("At most %(limit)d characters.", limit=limit)))
        return value

    def need_int(key: str) -> int:
        low, high = LIMITS[key]
        try:
            value = int(str(data.get(key, "")).strip())
        except ValueError:
            problems.append((key, _("Enter a whole number.")))
            return low
        if not low <= value <= high:
            problems.append(
                (key, _("Enter a number from %(low)d to %(high)d.", low=low, high=high))
            )
        return value

    title = need_text("title")
    place = str(data.get("place") or "").strip()[:200]
    tables, size = need_int("tables"), need_int("table_size")
    rounds, minutes = need_int("rounds"), need_int("round_minutes")
    language = str(data.get("language") or "it")
    if language not in ("it", "en"):
        problems.append(("language", _("Choose Italian or English.")))
    questions = _questions(data.get("questions"))
    if len(questions) < rounds:
        problems.append(
            ("questions", _("Write one question for each of the %(n)d rounds.", n=rounds))
        )
    starts_at = _starts_at(data, problems)
    groups = _lines(data.get("groups"))
    if problems:
        raise ImportProblems(problems)
    return EventSettings(
        title=title,
        place=place,
        starts_at=starts_at,
        language=language,
        table_count=tables,
        table_size=size,
        round_count=rounds,
        round_minutes=minutes,
        questions=questions[:rounds],
        host_stays=_truthy(data.get("host_stays", True)),
        groups=groups,
        harvest_question=str(data.get("harvest_question") or "").strip(),
    )


def check_size(raw: bytes | str, field: str) -> None:
    """ImportProblems when an uploaded file is larger than MAX_BYTES."""
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // 1024
        raise ImportProblems([(field, _("The file is too large: at most %(kb)d KB.", kb=limit))])


def settings_from_json(raw: bytes | str) -> EventSettings:
    """EventSettings from an event.json in the reference scenario's format."""
    check_size(raw, "file")
    data = _read_json(raw)
    if not isinstance(data, dict):
        raise ImportProblems([("file", _("The file must hold one JSON object."))])
    data = dict(data)
    rounds = data.get("rounds")
    if isinstance(rounds, list):
        data["questions"] = [
            r.get("question", "") if isinstance(r, dict) else str(r) for r in rounds
        ]
        data["rounds"] = len(rounds)
    return settings_from_dict(data)


def _read_json(raw: bytes | str):
    """The parsed JSON, or ImportProblems: bad syntax, nesting too deep for the parser, a
    number too long to read, or text no database can store (a lone `\\ud800`)."""
    try:
        data = json.loads(raw)
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = {"line": getattr(exc, "lineno", 1), "column": getattr(exc, "colno", 1)}
        raise ImportProblems(
            [
                (
                    "file",
                    _("This is not a valid JSON file (line %(line)d, column %(column)d).", **where),
                )
            ]
        ) from None
    except (RecursionError, ValueError):
        raise ImportProblems(
            [("file", _("This JSON file holds values that are too deep, too long or not text."))]
        ) from None
    return data


def parse_participants(raw: bytes | str, groups: list[str]) -> list[ParticipantRow]:
    """Rows of a `name,group,host` CSV, or ImportProblems listing every bad line."""
    check_size(raw, "participants_file")
    text = _decode(raw)
    # newline="" reads \r\n, \n and the classic Mac's lone \r as line ends, as csv expects.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _rows(reader, groups)
    except csv.Error:
        raise ImportProblems(
            [(reader.line_num, _("This line cannot be read: a field is too long or badly quoted."))]
        ) from None


def _rows(reader, groups: list[str]) -> list[ParticipantRow]:
    header = [h.strip().lower() for h in next(reader, [])]
    if "name" not in header:
        raise ImportProblems([(1, _("The first line must name the columns: name,group,host."))])
    rows, problems = [], []
    for line, cells in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            raise ImportProblems([(line, _("At most %(n)d people per file.", n=MAX_ROWS))])
        if not any(c.strip() for c in cells):
            continue
        record = dict(zip(header, (c.strip() for c in cells), strict=False))
        row, problem = _participant_row(line, record, groups)
        if problem:
            problems.append((line, problem))
        else:
            rows.append(row)
    if problems:
        raise ImportProblems(problems)
    if not rows:
        raise ImportProblems([(2, _("The file lists nobody."))])
    return rows


def _participant_row(line: int, record: dict, groups: list[str]):
    name, group = record.get("name", ""), record.get("group", "") or None
    host = record.get("host", "").lower()
    if not name:
        return None, _("The name is empty.")
    if len(name) > NAME_MAX:
        return None, _("The name is longer than %(limit)d characters.", limit=NAME_MAX)
    if group and groups and group not in groups:
        return None, _(
            "Unknown group “%(group)s”; the event has: %(groups)s.",
            group=group,
            groups=", ".join(groups),
        )
    if host not in HOST_YES | HOST_NO:
        return None, _(
            "In the host column write yes or leave it empty, not “%(value)s”.", value=host
        )
    return ParticipantRow(line, name, group, host in HOST_YES), None


def _decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems(
            [(1, _("Save the file as UTF-8 text (CSV UTF-8) and try again."))]
        ) from None


def _delimiter(text: str) -> str:
    first = text.replace("\r", "\n").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _questions(value) -> list[str]:
    if isinstance(value, list):
        return [str(q).strip() for q in value if str(q).strip()]
    return _lines(value)


def _lines(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _truthy(value) -> bool:
    return value is True or str(value).lower() in {"true", "on", "1", "yes", "y"}


def _starts_at(data: dict, problems: list) -> datetime | None:
    day, hour = str(data.get("date") or "").strip(), str(data.get("starts") or "").strip()
    if not day:
        return None
    try:
        return datetime.combine(date.fromisoformat(day), time.fromisoformat(hour or "00:00"))
    except ValueError:
        problems.append(("date", _("Enter the date as YYYY-MM-DD and the time as HH:MM.")))
        return None
