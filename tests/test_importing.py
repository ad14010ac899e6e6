"""Reading event settings and participant CSVs. Bad inputs tried: missing title, numbers
out of range or not numbers, too few questions, a bad date, a bad language, invalid JSON,
a JSON list, an empty CSV, a CSV without a header, empty names, names over 80 characters,
unknown groups, a bad host value, semicolon-separated Excel exports, Windows-1252 bytes, an
unknown group in another case, a damaged .xlsx, a zip bomb posing as .xlsx."""

import io
import zipfile
from pathlib import Path

import pytest

from cafe.services.importing import (
    ImportProblems,
    parse_participants,
    settings_from_dict,
    settings_from_json,
)

SCENARIO = Path(__file__).parent.parent / "cafe" / "scenarios" / "distretto-ceramico"
GROUPS = ["cittadini", "terzo settore", "pubblica amministrazione", "esperti"]


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context("/?lang=en"):
        yield


def test_reference_event_json_reads_every_setting():
    settings = settings_from_json((SCENARIO / "event.json").read_bytes())
    assert (settings.table_count, settings.table_size, settings.round_count) == (12, 5, 3)
    assert settings.round_minutes == 25 and settings.language == "it"
    assert settings.groups == GROUPS
    assert settings.questions[1].startswith("Come possiamo capire")
    assert settings.starts_at.isoformat() == "2019-10-25T10:00:00"
    assert settings.harvest_question.startswith("Qual è")


def test_reference_participants_csv_reads_64_people_and_12_hosts():
    rows = parse_participants((SCENARIO / "participants.csv").read_bytes(), GROUPS)
    assert len(rows) == 64
    assert sum(r.host for r in rows) == 12
    assert rows[0].name == "Sara Zanni" and rows[0].line == 2


def test_every_bad_form_field_is_named():
    with pytest.raises(ImportProblems) as info:
        settings_from_dict(
            {
                "title": " ",
                "tables": "many",
                "table_size": "1",
                "rounds": "3",
                "round_minutes": "20",
                "questions": "only one?",
                "language": "fr",
                "date": "25/10/2019",
            }
        )
    fields = dict(info.value.problems)
    assert set(fields) == {"title", "tables", "table_size", "questions", "language", "date"}
    assert "whole number" in fields["tables"]
    assert "from 2 to 12" in fields["table_size"]
    assert "3 rounds" in fields["questions"]


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", "\ufffe".encode("utf-16")])
def test_a_file_that_is_not_an_event_object_is_refused(raw):
    with pytest.raises(ImportProblems) as info:
        settings_from_json(raw)
    assert info.value.problems[0][0] == "file"


def test_bad_csv_lines_are_all_listed_with_line_numbers():
    csv = (
        "name,group,host\n"
        "Anna Rossi,cittadini,yes\n"
        ",esperti,\n"
        f"{'X' * 81},cittadini,\n"
        "Bruno Bianchi,marziani,\n"
        "Carla Verdi,esperti,forse\n"
        "\n"
        "Dario Neri,,no\n"
    )
    with pytest.raises(ImportProblems) as info:
        parse_participants(csv.encode(), GROUPS)
    lines = dict(info.value.problems)
    assert sorted(lines) == [3, 4, 5, 6]
    assert "empty" in lines[3]
    assert "80" in lines[4]
    assert "marziani" in lines[5]
    assert "forse" in lines[6]


def test_semicolon_csv_with_bom_from_excel_is_read():
    rows = parse_participants("\ufeffname;group;host\nAnna Rossi;esperti;sì\n".encode(), GROUPS)
    assert [(r.name, r.group, r.host) for r in rows] == [("Anna Rossi", "esperti", True)]


@pytest.mark.parametrize(
    "raw, line",
    [
        (b"", 1),
        (b"cognomi,gruppi\nRossi,esperti\n", 1),
        (b"name,group,host\n", 2),
        (b"PK\x03\x04 not really a workbook", 1),
    ],
)
def test_unusable_csv_files_are_refused_whole(raw, line):
    with pytest.raises(ImportProblems) as info:
        parse_participants(raw, GROUPS)
    assert info.value.problems[0][0] == line


GRUPPI = ["Cittadini", "Università", "Pubblica amministrazione"]


def test_italian_headers_and_host_words_are_read():
    raw = "nome,gruppo,facilitatore\nAnna,cittadini,sì\nBruno,UNIVERSITA,SI\nCarla,,x\nDario,,no\n"
    rows = parse_participants(raw.encode(), GRUPPI)
    assert [(r.name, r.group, r.host) for r in rows] == [
        ("Anna", "Cittadini", True),
        ("Bruno", "Università", True),
        ("Carla", None, True),
        ("Dario", None, False),
    ]


def test_an_unknown_group_in_another_case_is_still_unknown():
    raw = b"name,group,host\nAnna,CITTADINI,\nBruno,Marziani,\n"
    with pytest.raises(ImportProblems) as info:
        parse_participants(raw, GRUPPI)
    assert [where for where, _msg in info.value.problems] == [3]
    assert "Marziani" in info.value.problems[0][1]


def test_excel_italian_csv_in_windows_1252_with_semicolons_is_read():
    text = "Cognome;Nome;Gruppo;Facilitatore\r\nGiordano;Niccolò;università;Sì\r\n"
    text += "D’Amico;Lucía;Pubblica Amministrazione;\r\n"
    rows = parse_participants(text.encode("cp1252"), GRUPPI)
    assert [(r.name, r.group, r.host) for r in rows] == [
        ("Niccolò Giordano", "Università", True),
        ("Lucía D’Amico", "Pubblica amministrazione", False),
    ]


def test_utf8_is_preferred_when_the_bytes_are_valid_utf8():
    rows = parse_participants("nome\nNiccolò Šimić\n".encode(), [])
    assert rows[0].name == "Niccolò Šimić"


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_file_is_read_with_numbers_and_booleans_as_host():
    raw = xlsx(
        [["Nome", "Gruppo", "Facilitatore"], ["Anna", "cittadini", 1], ["Bruno", None, None]]
    )
    rows = parse_participants(raw, GRUPPI, "iscritti.xlsx")
    assert [(r.name, r.group, r.host) for r in rows] == [
        ("Anna", "Cittadini", True),
        ("Bruno", None, False),
    ]


def test_an_xlsx_with_a_bad_line_lists_it():
    raw = xlsx([["name", "group"], ["Anna", "Marziani"]])
    with pytest.raises(ImportProblems) as info:
        parse_participants(raw, GRUPPI, "iscritti.xlsx")
    assert info.value.problems[0][0] == 2


def test_a_zip_bomb_posing_as_xlsx_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"a" * (30 * 1024 * 1024))
    with pytest.raises(ImportProblems) as info:
        parse_participants(out.getvalue(), GRUPPI, "bomba.xlsx")
    assert info.value.problems[0][0] == 1 and "Excel" in info.value.problems[0][1]
