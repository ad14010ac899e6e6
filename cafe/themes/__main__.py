"""python -m cafe.themes NOTES.csv [--lang it|en]: group a file of notes into themes by
meaning, question by question, and print them as JSON (docs/themes.md).

The file has a header with the columns `round` and `text` (and optionally `table` and
`kind`, which are read and ignored); commas or semicolons, UTF-8 (with or without BOM).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from cafe.synthesis import group_notes

REQUIRED = ("round", "text")


class BadFile(ValueError):
    """The file cannot be read as notes; the message says why, for people."""


def main(argv: list[str] | None = None) -> int:
    """Print the themes of the notes file named on the command line; 1 on a bad file."""
    args = _parser().parse_args(argv)
    try:
        rows = read_notes(args.notes)
    except BadFile as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"themes": themes_of(rows, args.lang)}, ensure_ascii=False, indent=1))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cafe.themes", description="Group notes into themes by meaning."
    )
    parser.add_argument("notes", help="CSV file with the columns round,text (and table,kind)")
    parser.add_argument("--lang", choices=("it", "en"), default="it", help="notes' language")
    return parser


def themes_of(rows: Iterable[tuple[int, str]], language: str) -> list[dict]:
    """The themes of (round, text) rows, round by round, as the JSON prints them."""
    by_round: dict[int, dict[int, str]] = {}
    for index, (number, text) in enumerate(rows):
        by_round.setdefault(number, {})[index] = text
    return [
        {
            "round": number,
            "label": group.label,
            "other": group.other,
            "notes": [notes[i] for i in group.note_ids],
        }
        for number, notes in sorted(by_round.items())
        for group in group_notes(notes, [], language)
    ]


def read_notes(path: str) -> list[tuple[int, str]]:
    """(round, text) of every note in the CSV at `path`; BadFile says what is wrong."""
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        reason = error.__class__.__name__
        raise BadFile(f"{path}: cannot be read as UTF-8 text ({reason})") from None
    if not content.strip():
        raise BadFile(f"{path}: the file is empty")
    reader = csv.DictReader(content.splitlines(), dialect=_dialect(content))
    header = [(name or "").strip().casefold() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        found = ", ".join(header)
        raise BadFile(f"{path}: missing column(s) {', '.join(missing)} (found: {found})")
    reader.fieldnames = header
    notes = [_note(path, line, row) for line, row in enumerate(reader, start=2) if _filled(row)]
    if not notes:
        raise BadFile(f"{path}: no notes after the header")
    return notes


def _dialect(content: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(content.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _filled(row: dict) -> bool:
    return any((value or "").strip() for key, value in row.items() if key is not None)


def _note(path: str, line: int, row: dict) -> tuple[int, str]:
    raw_round = (row.get("round") or "").strip()
    if not raw_round.isdigit() or int(raw_round) < 1:
        raise BadFile(f"{path}, line {line}: the round must be a number from 1, not {raw_round!r}")
    text = (row.get("text") or "").strip()
    if row.get(None) and text and _last_column_is_text(row):
        # An unquoted comma in the last column (as hand-written files have) splits the text.
        text = ", ".join([text] + [part.strip() for part in row[None]])
    if not text:
        raise BadFile(f"{path}, line {line}: the note's text is empty")
    return int(raw_round), text


def _last_column_is_text(row: dict) -> bool:
    return [key for key in row if key is not None][-1] == "text"


if __name__ == "__main__":
    sys.exit(main())
