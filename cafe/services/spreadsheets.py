"""A people file as rows of text cells: CSV as Excel saves it (UTF-8, UTF-16 or the
Windows-1252 of an Italian Excel; commas, semicolons or tabs) or an `.xlsx` workbook."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator

from flask_babel import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
MAX_COLUMNS = 20
"""Cells read per row: a people list needs a handful; an .xlsx may claim thousands."""
MAX_UNPACKED = 20 * 1024 * 1024
"""An .xlsx of at most 1 MB that unpacks beyond this is a zip bomb, not a list of people."""


class UnreadableFile(ValueError):
    """The file (or its line `line`) cannot be read as a CSV or .xlsx; the message says why."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


def fold(text: str) -> str:
    """`text` compared as people mean it: no case, no accents, single spaces
    ("Università" and "universita" are the same group)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def read_cells(raw: bytes | str, filename: str = "") -> Iterator[list[str]]:
    """The rows of a CSV or .xlsx file, each a list of stripped text cells."""
    if isinstance(raw, bytes) and (raw.startswith(XLSX_MAGIC) or filename.endswith(".xlsx")):
        return _xlsx_rows(raw)
    text = decode(raw)
    # newline="" reads \r\n, \n and the classic Mac's lone \r as line ends, as csv expects.
    return _csv_rows(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))


def _csv_rows(reader) -> Iterator[list[str]]:
    try:
        for row in reader:
            yield [cell.strip() for cell in row]
    except csv.Error:
        raise UnreadableFile(
            _("This line cannot be read: a field is too long or badly quoted."), reader.line_num
        ) from None


def decode(raw: bytes | str) -> str:
    """The text of a CSV: a byte-order mark decides; else UTF-8 when the bytes are valid
    UTF-8, else Windows-1252 (what Excel writes in Italy), else Latin-1 (reads anything)."""
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _delimiter(text: str) -> str:
    first = text.replace("\r", "\n").split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def _xlsx_rows(raw: bytes | str) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # only imports that carry a workbook pay for it

    try:
        data = io.BytesIO(raw if isinstance(raw, bytes) else raw.encode())
        with zipfile.ZipFile(data) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise ValueError("the workbook unpacks too large")
        book = load_workbook(data, read_only=True, data_only=True)
        for row in book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True):
            yield [_cell_text(value) for value in row]
    # Anything a damaged workbook raises (zip, XML, openpyxl's own errors) means one thing
    # to the organiser: this file cannot be read.
    except Exception:  # noqa: BLE001
        raise UnreadableFile(
            _("This Excel file cannot be read. Save it again as .xlsx or as CSV.")
        ) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
