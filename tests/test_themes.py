"""Themes of the notes (cafe/themes.py) on fixed data, the reference notes in Italian among
them, and the themes section of every export parsed back (CSV: a themes column per note).
Bad inputs tried: empty notes, notes of only stop words, punctuation and digits, emoji,
a language neither package knows ('xx'), the same word in capitals and accents, notes hidden
by the organiser (left out of themes)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from cafe.export import export
from cafe.export.snapshot import NoteRow, Question, Snapshot, Theme
from cafe.themes import extract_themes

REFERENCE = Path("/work/shared/scenarios/distretto-ceramico")
SCHEMA = Path(__file__).parent.parent / "docs" / "export-schema.json"


def terms(themes) -> list[str]:
    return [t.term for t in themes]


def by_term(themes) -> dict:
    return {t.term: t for t in themes}


def test_singular_and_plural_count_as_one_theme_with_their_notes():
    notes = {1: "I giovani se ne vanno", 2: "Un giovane resta se trova lavoro", 3: "Il lavoro c'è"}
    themes = by_term(extract_themes(notes, [], "it"))
    young = [t for t in themes.values() if t.term in ("giovane", "giovani")]
    assert len(young) == 1 and young[0].note_ids == (1, 2)
    assert themes["lavoro"].note_ids == (2, 3)


def test_stop_words_never_become_themes():
    notes = {1: "Il la di che non per con", 2: "il la di che non per con", 3: "ma e o se"}
    assert extract_themes(notes, [], "it") == []


def test_words_of_the_questions_are_damped_below_equally_frequent_ones():
    notes = {i: text for i, text in enumerate(["impatto sui quartieri", "impatto e quartieri"])}
    plain = by_term(extract_themes(notes, [], "it"))
    damped = by_term(extract_themes(notes, ["Quale impatto vedete?"], "it"))
    assert plain["impatto"].weight == plain["quartieri"].weight == 2
    assert damped["impatto"].weight == 1 and damped["quartieri"].weight == 2
    assert terms(extract_themes(notes, ["Quale impatto?"], "it"))[0] != "impatto"


def test_a_phrase_that_recurs_is_a_theme_of_its_own_and_outweighs_its_words():
    notes = {1: "piccoli comuni soli", 2: "nei piccoli comuni", 3: "comuni grandi"}
    themes = extract_themes(notes, [], "it")
    phrase = by_term(themes)["piccoli comuni"]
    assert phrase.note_ids == (1, 2) and phrase.weight > by_term(themes)["piccoli"].weight


def test_english_notes_work_too():
    notes = {1: "The young people leave the valley", 2: "Young people need jobs", 3: "jobs!"}
    themes = by_term(extract_themes(notes, ["What should change for the valley?"], "en"))
    assert themes["jobs"].note_ids == (2, 3) and "the" not in themes
    assert themes["young people"].note_ids == (1, 2)
    assert "valley" not in themes  # one note only


def test_the_order_is_deterministic_and_ties_are_alphabetical():
    notes = {3: "zebra mela", 1: "mela zebra", 2: "Zebra, mela?"}
    first = extract_themes(notes, [], "it")
    assert first == extract_themes(dict(reversed(notes.items())), [], "it")
    singles = [t.term for t in first if " " not in t.term]
    assert singles == sorted(singles)


def test_odd_text_and_unknown_languages_give_no_crash_and_no_junk():
    notes = {1: "", 2: "!!! 123 ??? 🙂", 3: "🙂 123", 4: "ÉNERGIE énergie"}
    assert extract_themes(notes, [""], "it") == []
    unknown = extract_themes({1: "foo bar", 2: "bar baz"}, [], "xx")
    assert terms(unknown) == ["bar"]


def reference():
    rows = list(csv.DictReader((REFERENCE / "notes.csv").open(encoding="utf-8")))
    event = json.loads((REFERENCE / "event.json").read_text(encoding="utf-8"))
    return {i: r["text"] for i, r in enumerate(rows)}, [r["question"] for r in event["rounds"]]


def test_the_reference_notes_in_italian():
    notes, questions = reference()
    themes = extract_themes(notes, questions, "it")
    top = by_term(themes)
    assert themes[0].term == "comuni" and top["comuni"].weight == 3
    # 'cambiamento' is in four notes but the first question asks about 'cambiamenti'.
    assert top["cambiamento"].weight == 2 and len(top["cambiamento"].note_ids) == 4
    assert top["sociale"].weight == 1.5
    for note_ids in (t.note_ids for t in themes):
        assert all(t in notes for t in note_ids)
    assert all(t.term not in ("che", "di", "per", "anno", "prima") for t in themes)
    assert "distretto" in notes[top["distretto"].note_ids[0]].lower()


AT = datetime(2026, 11, 25, 9, 30)


@pytest.fixture
def snapshot(app):
    from flask_babel import force_locale

    from cafe.services.harvest import report_labels

    with app.test_request_context(), force_locale("en"):
        labels = report_labels()
    return Snapshot(
        event_id=1,
        title="Themes",
        place="",
        starts_at=None,
        language="en",
        table_count=1,
        round_count=1,
        questions=[Question(1, "What matters?")],
        notes=[NoteRow(1, 1, "idea", "Green parks", AT), NoteRow(1, 1, "idea", "Parks", AT)],
        labels=labels,
        taken_at=AT,
        themes=[
            Theme("parks", ("Green parks", "Parks"), 2.0),
            Theme("green <b>", ("Green parks",), 0.5),
        ],
    )


def test_json_carries_the_weights_and_matches_the_schema(snapshot):
    document = json.loads(export(snapshot, "json"))
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert document["themes"][0] == {
        "title": "parks",
        "round": None,
        "other": False,
        "weight": 2.0,
        "notes": ["Green parks", "Parks"],
    }
    document["themes"][0]["weight"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(SCHEMA.read_text()))


def test_the_report_puts_each_shown_note_of_the_reference_event_in_one_theme(app):
    from cafe.services.demo import load_reference_scenario
    from cafe.services.harvest import build_snapshot

    with app.app_context(), app.test_request_context():
        event = load_reference_scenario(with_notes=True)
        snapshot = build_snapshot(event, language="it")
    shown = sorted(n.text for n in snapshot.notes if not n.hidden)
    assert sorted(text for theme in snapshot.themes for text in theme.notes) == shown
    assert all(theme.weight == len(theme.notes) for theme in snapshot.themes)
    rounds = [theme.round for theme in snapshot.themes]
    assert rounds == sorted(rounds) and set(rounds) == {1, 2, 3}
    for number in (1, 2, 3):
        mine = [theme for theme in snapshot.themes if theme.round == number]
        assert [t.other for t in mine] == sorted(t.other for t in mine)  # "other" last


def test_csv_lists_each_notes_themes_and_none_for_hidden_notes(snapshot):
    snapshot.notes.append(NoteRow(1, 1, "idea", "Parks", AT, hidden=True))
    rows = list(csv.DictReader(io.StringIO(export(snapshot, "csv").decode("utf-8-sig"))))
    assert [(r["text"], r["themes"]) for r in rows] == [
        ("Green parks", "parks; green <b>"),
        ("Parks", "parks"),
        ("Parks", ""),
    ]


# python -m cafe.themes NOTES.csv: good files and bad ones.


def run_cli(tmp_path, content: str | bytes, *args: str, name: str = "notes.csv"):
    import subprocess
    import sys

    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "cafe.themes", str(path), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_command_groups_each_round_and_puts_every_note_in_one_theme(tmp_path):
    rows = [
        "round,table,kind,text",
        "1,1,idea,anziani soli",
        "1,2,idea,isolamento della terza età",
        "1,3,idea,nonni che non escono di casa",
        "1,4,idea,mancano autobus la sera",
        "1,5,idea,trasporto a chiamata per chi non guida",
        '2,1,idea,"i dati ci sono, ma sparsi"',
        "2,2,idea,un cruscotto condiviso dei dati",
    ]
    done = run_cli(tmp_path, "\n".join(rows) + "\n")
    assert done.returncode == 0, done.stderr
    themes = json.loads(done.stdout)["themes"]
    assert sorted(n for t in themes for n in t["notes"]) == sorted(
        r.split(",", 3)[3].strip('"') for r in rows[1:]
    )
    assert [t["round"] for t in themes] == sorted(t["round"] for t in themes)
    elderly = next(t for t in themes if "anziani soli" in t["notes"])
    assert sorted(elderly["notes"])[1:] == [
        "isolamento della terza età",
        "nonni che non escono di casa",
    ]
    assert elderly["label"] == "Anziani e isolamento" and elderly["round"] == 1


def test_the_command_reads_semicolons_a_bom_and_an_unquoted_comma_in_the_text(tmp_path):
    done = run_cli(tmp_path, "\ufeffRound;Text\n1;Più verde in città\n1;Più verde, alberi\n")
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)["themes"][0]["notes"]) == [
        "Più verde in città",
        "Più verde, alberi",
    ]
    done = run_cli(tmp_path, "round,text\n1,I dati ci sono, ma sparsi\n", "--lang", "en")
    notes = [n for t in json.loads(done.stdout)["themes"] for n in t["notes"]]
    assert notes == ["I dati ci sono, ma sparsi"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("round,text\n", "no notes after the header"),
        ("round,note\n1,ciao\n", "missing column(s) text"),
        ("text\nciao\n", "missing column(s) round"),
        ("round,text\n0,ciao\n", "line 2: the round must be a number from 1, not '0'"),
        ("round,text\n1,ciao\nuno,ciao\n", "line 3: the round must be a number from 1, not 'uno'"),
        ("round,text\n1.5,ciao\n", "the round must be a number from 1, not '1.5'"),
        ("round,text\n1,   \n", "line 2: the note's text is empty"),
        (b"round,text\n1,caf\xe9\n", "cannot be read as UTF-8 text"),
    ],
)
def test_the_command_says_what_is_wrong_with_a_bad_file(tmp_path, content, message):
    done = run_cli(tmp_path, content)
    assert done.returncode == 1 and done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr


def test_the_command_says_when_the_file_is_missing_or_the_language_unknown(tmp_path):
    import subprocess
    import sys

    missing = tmp_path / "nowhere.csv"
    done = subprocess.run(
        [sys.executable, "-m", "cafe.themes", str(missing)], capture_output=True, text=True
    )
    assert done.returncode == 1 and f"{missing}: no such file" in done.stderr
    done = run_cli(tmp_path, "round,text\n1,ciao\n", "--lang", "fr")
    assert done.returncode == 2 and "invalid choice" in done.stderr
