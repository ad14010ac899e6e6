"""The grouping engine (cafe.synthesis.group_notes) on fixed Italian and English notes: every
note in exactly one group, the same notes give the same groups, labels of 2-6 words and never
a filler word. Bad inputs tried: no notes, one note, all notes identical, emoji only, a very
long note, English notes, a language neither package knows."""

from __future__ import annotations

from cafe.synthesis import ThemeGroup, group_notes

NOTES = {
    1: "Anziani soli nei piccoli comuni",
    2: "isolamento della terza età",
    3: "i nonni che non escono di casa",
    4: "trasporto a chiamata per chi non guida",
    5: "mancano autobus la sera verso le frazioni",
    6: "pochi mezzi pubblici in collina",
    7: "i giovani se ne vanno perchè non cè lavoro",
    8: "ragazzi che emigrano a Bologna dopo la laurea",
    9: "spazi per i giovani la sera",
}


def ids_of(groups: list[ThemeGroup]) -> list[int]:
    return sorted(i for g in groups for i in g.note_ids)


def test_every_note_is_in_exactly_one_group():
    groups = group_notes(NOTES, ["Quali cambiamenti vorreste vedere?"], "it")
    assert ids_of(groups) == sorted(NOTES)


def test_the_same_notes_give_the_same_groups_whatever_their_order():
    first = group_notes(NOTES, [], "it")
    assert group_notes(dict(reversed(NOTES.items())), [], "it") == first


def test_the_other_group_comes_last_and_is_marked():
    groups = group_notes(NOTES, [], "it")
    assert all(not g.other for g in groups[:-1])
    assert [g for g in groups if g.other] in ([], [groups[-1]])


def test_no_notes_give_no_groups():
    assert group_notes({}, [], "it") == []


def test_one_note_is_in_one_group():
    groups = group_notes({7: "Più fiducia tra cittadini e amministrazione"}, [], "it")
    assert ids_of(groups) == [7]


def test_identical_notes_stay_together():
    notes = dict.fromkeys(range(1, 6), "Trasporto a chiamata per gli anziani")
    groups = group_notes(notes, [], "it")
    assert len(groups) == 1 and groups[0].note_ids == (1, 2, 3, 4, 5)


def test_emoji_and_very_long_notes_are_grouped_without_crashing():
    notes = {1: "👍👍👍", 2: "🙂", 3: "dati " * 2000, 4: "dati aperti sul sito", 5: "?!"}
    assert ids_of(group_notes(notes, [], "it")) == [1, 2, 3, 4, 5]


def test_english_and_unknown_languages_work_too():
    notes = {1: "Lonely elderly people", 2: "old people who never leave home", 3: "bus at night"}
    assert ids_of(group_notes(notes, [], "en")) == [1, 2, 3]
    assert ids_of(group_notes(notes, [], "xx")) == [1, 2, 3]
