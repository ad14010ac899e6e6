"""Reading event settings (a form or an event.json) and participant lists (CSV).

Everything is checked before anything is written, so a bad file imports nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import ngettext

from cafe.models import NAME_MAX
from cafe.services.events import EventSettings
from cafe.services.spreadsheets import UnreadableFile, fold, read_cells

HOST_YES = {"yes", "y", "si", "s", "true", "vero", "1", "x", "host", "facilitatore"}
HOST_NO = {"", "no", "n", "false", "falso", "0"}
"""Host values, compared folded (no case or accents), so "Sì" and "SI" count as yes."""
HEADERS = {
    **dict.fromkeys(("name", "nome", "nome e cognome", "nominativo", "full name"), "name"),
    **dict.fromkeys(("cognome", "surname", "last name"), "surname"),
    **dict.fromkeys(("group", "gruppo", "stakeholder", "categoria"), "group"),
    **dict.fromkeys(
        ("host", "facilitatore", "facilitatrice", "facilitatore/facilitatrice"), "host"
    ),
}
"""Column titles, folded, in Italian or English, and what each column holds."""
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
    organised_by = str(data.get("organised_by") or data.get("organiser") or "").strip()[:200]
    tables, size = need_int("tables"), need_int("table_size")
    rounds, minutes = need_int("rounds"), need_int("round_minutes")
    language = str(data.get("language") or "it")
    if language not in ("it", "en"):
        problems.append(("language", _("Choose Italian or English.")))
    questions = _questions(data.get("questions"))
    if len(questions) < rounds:
        problems.append(
            (
                "questions",
                ngettext(
                    "Write the question of the round.",
                    "Write one question for each of the %(num)d rounds.",
                    rounds,
                ),
            )
        )
    starts_at = _starts_at(data, problems)
    groups = _lines(data.get("groups"))
    if problems:
        raise ImportProblems(problems)
    return EventSettings(
        title=title,
        place=place,
        organised_by=organised_by,
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


def parse_participants(
    raw: bytes | str, groups: list[str], filename: str = ""
) -> list[ParticipantRow]:
    """Rows of a people file (CSV or .xlsx; headers in Italian or English), or
    ImportProblems listing every bad line. Nothing is written: the caller decides (and may
    show these rows, e.g. possible duplicates, before importing them)."""
    check_size(raw, "participants_file")
    try:
        return _rows(read_cells(raw, filename.lower()), groups)
    except UnreadableFile as exc:
        raise ImportProblems([(exc.line, str(exc))]) from None


def _rows(cells, groups: list[str]) -> list[ParticipantRow]:
    columns = _columns(next(cells, []))
    if "name" not in columns:
        raise ImportProblems(
            [(1, _("The first line must name the columns: name, group, host (or in Italian)."))]
        )
    known = {fold(g): g for g in groups}
    rows, problems = [], []
    for line, row in enumerate(cells, start=2):
        if line > MAX_ROWS + 1:
            raise ImportProblems([(line, _("At most %(n)d people per file.", n=MAX_ROWS))])
        if not any(row):
            continue
        record = {key: _joined(row, at) for key, at in columns.items()}
        person, problem = _participant_row(line, record, groups, known)
        if problem:
            problems.append((line, problem))
        else:
            rows.append(person)
    if problems:
        raise ImportProblems(problems)
    if not rows:
        raise ImportProblems([(2, _("The file lists nobody."))])
    return rows


def _columns(header: list[str]) -> dict[str, list[int]]:
    """Which cells hold the name, group and host; a separate surname column follows the name."""
    columns: dict[str, list[int]] = {}
    for index, title in enumerate(header):
        key = HEADERS.get(fold(title))
        if key and (key == "surname" or key not in columns):
            columns.setdefault(key, []).append(index)
    if "surname" in columns:
        columns["name"] = columns.get("name", []) + columns.pop("surname")
    return columns


def _joined(row: list[str], at: list[int]) -> str:
    return " ".join(row[i] for i in at if i < len(row) and row[i])


def _participant_row(line: int, record: dict, groups: list[str], known: dict[str, str]):
    name, group = record.get("name", ""), record.get("group", "") or None
    host = fold(record.get("host", ""))
    if not name:
        return None, _("The name is empty.")
    if len(name) > NAME_MAX:
        return None, _("The name is longer than %(limit)d characters.", limit=NAME_MAX)
    if group and groups:
        if fold(group) not in known:
            return None, _(
                "Unknown group “%(group)s”; the event has: %(groups)s.",
                group=group,
                groups=", ".join(groups),
            )
        group = known[fold(group)]
    if host not in HOST_YES | HOST_NO:
        return None, _(
            "In the host column write yes or leave it empty, not “%(value)s”.", value=host
        )
    return ParticipantRow(line, name, group, host in HOST_YES), None


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
