"""Reading event settings and participant CSVs. Bad inputs tried: missing title, numbers
out of range or not numbers, too few questions, a bad date, a bad language, invalid JSON,
a JSON list, an empty CSV, a CSV without a header, empty names, names over 80 characters,
unknown groups, a bad host value, Latin-1 bytes, semicolon-separated Excel exports."""

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
        (b"nome,gruppo\nAnna,esperti\n", 1),
        (b"name,group,host\n", 2),
        ("name\nNiccolò\n".encode("latin-1"), 1),
    ],
)
def test_unusable_csv_files_are_refused_whole(raw, line):
    with pytest.raises(ImportProblems) as info:
        parse_participants(raw, GROUPS)
    assert info.value.problems[0][0] == line
