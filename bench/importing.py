"""People-file reading times: 5,000 people (the most one file may list) as a UTF-8 CSV
(the baseline, measured in the same run), as Excel's Italian CSV (semicolons,
Windows-1252, which is first tried as UTF-8) and as an .xlsx workbook.

Run: .venv/bin/python bench/importing.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from flask import Flask  # noqa: E402
from flask_babel import Babel  # noqa: E402

from cafe.services.importing import MAX_ROWS, parse_participants  # noqa: E402

GROUPS = ["Cittadini", "Terzo settore", "Pubblica amministrazione", "Università"]
NAMES = ["Niccolò", "Lucía", "Giosuè", "Anna", "Bruno", "Carla", "Dario", "Elena"]


def rows() -> list[tuple[str, str, str, str]]:
    """MAX_ROWS people with accented names, groups in other cases and hosts marked sì."""
    return [
        (NAMES[i % 8], f"Rossi{i}", GROUPS[i % 4].lower(), "sì" if i % 50 == 0 else "")
        for i in range(MAX_ROWS)
    ]


def utf8_csv(people) -> bytes:
    lines = ["name,surname,group,host"] + [",".join(p) for p in people]
    return "\n".join(lines).encode()


def excel_csv(people) -> bytes:
    lines = ["Nome;Cognome;Gruppo;Facilitatore"] + [";".join(p) for p in people]
    return "\r\n".join(lines).encode("cp1252")


def xlsx(people) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nome", "Cognome", "Gruppo", "Facilitatore"])
    for person in people:
        book.active.append(list(person))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def median_ms(raw: bytes, filename: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parsed = parse_participants(raw, GROUPS, filename)
        times.append((time.perf_counter() - start) * 1000)
        assert len(parsed) == MAX_ROWS
    return statistics.median(times)


def main() -> None:
    app = Flask(__name__)
    Babel(app)
    people = rows()
    files = {
        "UTF-8 CSV (baseline)": (utf8_csv(people), "people.csv"),
        "Excel CSV, ; and Windows-1252": (excel_csv(people), "iscritti.csv"),
        ".xlsx workbook": (xlsx(people), "iscritti.xlsx"),
    }
    with app.test_request_context():
        base = None
        print(f"{MAX_ROWS} people per file, median of 5 runs")
        for label, (raw, name) in files.items():
            ms = median_ms(raw, name)
            base = base or ms
            print(f"{label:32} {len(raw) / 1024:7.0f} KB {ms:8.1f} ms  ×{ms / base:.2f}")


if __name__ == "__main__":
    main()
