"""The grouping engine (cafe.synthesis) on fixed Italian and English notes: every note in
exactly one group, the same notes give the same groups, paraphrases that share no word end up
together, labels of 2-6 words in the event's language and never a filler word. Bad inputs
tried: no notes, one note, blank and emoji-only notes, all notes identical, a very long note,
English notes, a language neither the lexicon nor the lemmatiser knows, notes full of filler
words ("serve", "viene", "proposta")."""

from __future__ import annotations

import numpy as np
import pytest

from cafe.synthesis import ThemeGroup, closeness, group_notes, grouping
from cafe.synthesis.clustering import average_linkage
from cafe.synthesis.concepts import concepts_of, plain_words
from cafe.synthesis.labels import FILLERS, label_group
from cafe.synthesis.lexicon import CONCEPTS

ELDERLY = {1: "anziani soli", 2: "isolamento della terza età", 3: "nonni che non escono di casa"}
TRANSPORT = {
    4: "trasporto a chiamata per chi non guida",
    5: "mancano autobus la sera verso le frazioni",
    6: "senza macchina in collina sei tagliato fuori",
}
YOUTH = {
    7: "i giovani se ne vanno perchè non cè lavoro",
    8: "ragazzi che emigrano a Bologna dopo la laurea",
    9: "fuga dei cervelli dal distretto",
}
NOTES = {**ELDERLY, **TRANSPORT, **YOUTH}
QUESTION = ["Che cosa significa per voi «impatto sociale»? Quali cambiamenti vorreste vedere?"]


def ids_of(groups: list[ThemeGroup]) -> list[int]:
    return sorted(i for g in groups for i in g.note_ids)


def group_of(groups: list[ThemeGroup], note_id: int) -> ThemeGroup:
    return next(g for g in groups if note_id in g.note_ids)


def test_every_note_is_in_exactly_one_group():
    groups = group_notes(NOTES, QUESTION, "it")
    assert ids_of(groups) == sorted(NOTES)


def test_notes_that_say_the_same_thing_in_other_words_are_grouped_together():
    groups = group_notes(NOTES, QUESTION, "it")
    for theme in (ELDERLY, TRANSPORT, YOUTH):
        assert set(group_of(groups, min(theme)).note_ids) == set(theme)
    assert len(groups) == 3 and not any(g.other for g in groups)


def test_labels_are_readable_words_of_the_event_language():
    groups = group_notes(NOTES, QUESTION, "it")
    assert group_of(groups, 1).label == "Anziani e isolamento"
    assert group_of(groups, 4).label == "Trasporti e mobilità"
    assert {"giovani", "emigrazione"} <= set(plain_words(group_of(groups, 7).label))
    english = {
        1: "lonely elderly people in the hills",
        2: "old people who never leave home",
        3: "grandparents living alone",
        4: "no bus in the evening",
        5: "you need a car to get anywhere",
    }
    groups = group_notes(english, [], "en")
    assert group_of(groups, 1).label == "Older people and isolation"
    assert set(group_of(groups, 4).note_ids) == {4, 5}


def test_the_same_notes_give_the_same_groups_whatever_their_order():
    first = group_notes(NOTES, QUESTION, "it")
    assert group_notes(dict(reversed(NOTES.items())), QUESTION, "it") == first
    assert group_notes(NOTES, QUESTION, "it") == first


def test_groups_come_largest_first_and_the_other_group_last():
    notes = {**NOTES, 10: "dati aperti sul sito", 11: "Chi decide il bilancio?", 12: "?!"}
    groups = group_notes(notes, QUESTION, "it")
    assert groups[-1].other and not any(g.other for g in groups[:-1])
    assert set(groups[-1].note_ids) >= {12}
    sizes = [len(g.note_ids) for g in groups[:-1]]
    assert sizes == sorted(sizes, reverse=True)


def test_no_notes_give_no_groups():
    assert group_notes({}, QUESTION, "it") == []


def test_one_note_goes_to_the_other_group():
    groups = group_notes({7: "Più fiducia tra cittadini e amministrazione"}, [], "it")
    assert groups == [ThemeGroup("Altre note", (7,), other=True)]


def test_identical_notes_stay_together_under_a_label_of_two_words_or_more():
    notes = dict.fromkeys(range(1, 6), "dati")
    groups = group_notes(notes, [], "it")
    assert len(groups) == 1 and groups[0].note_ids == (1, 2, 3, 4, 5) and not groups[0].other
    assert 2 <= len(groups[0].label.split()) <= 6


def test_emoji_blank_and_very_long_notes_are_grouped_without_crashing():
    notes = {1: "👍👍👍", 2: "   ", 3: "dati " * 2000, 4: "dati aperti sul sito", 5: "🙂 ok"}
    groups = group_notes(notes, [], "it")
    assert ids_of(groups) == [1, 2, 3, 4, 5]
    assert {1, 2} <= set(groups[-1].note_ids) and groups[-1].other


def test_a_language_without_labels_takes_the_notes_own_words():
    notes = {1: "foo bar baz", 2: "bar baz qux", 3: "bar baz"}
    groups = group_notes(notes, [], "xx")
    assert ids_of(groups) == [1, 2, 3]
    assert all(2 <= len(g.label.split()) <= 6 for g in groups)


FILLER_NOTES = {
    1: "serve un budget dedicato, viene sempre tagliato",
    2: "serve personale che viene pagato per valutare",
    3: "proposta: servono più soldi per misurare",
    4: "serve una proposta sui trasporti che viene dai cittadini",
    5: "viene fuori che servono autobus la sera",
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_labels_are_two_to_six_words_and_never_a_filler(language):
    for notes in (NOTES, FILLER_NOTES, {**NOTES, **{i + 20: t for i, t in FILLER_NOTES.items()}}):
        for group in group_notes(notes, QUESTION, language):
            words = plain_words(group.label)
            assert 2 <= len(group.label.split()) <= 6, group.label
            assert words[0] not in FILLERS and not set(words) <= FILLERS | {"e", "ed", "and"}


def test_a_word_label_leaves_out_fillers_and_the_question_words():
    texts = ["serve valutare le biblioteche civiche", "viene la proposta: biblioteche civiche"]
    label = label_group(texts, [(), ()], ["Come valutare?"], "xx", set())
    assert label.casefold() == "biblioteche · civiche"


def test_a_label_already_taken_is_not_given_twice():
    texts = ["autobus la sera", "trasporto a chiamata"]
    found = [concepts_of(t) for t in texts]
    first = label_group(texts, found, [], "it", set())
    second = label_group(texts, found, [], "it", {first.casefold()})
    assert first == "Trasporti e mobilità" and second != first and second


def test_concepts_are_found_through_plurals_accents_typos_and_phrases():
    names = lambda text: {CONCEPTS[i].key for i in concepts_of(text)}  # noqa: E731
    assert names("Le NONNE vivono da sole") == {"elderly", "loneliness"}
    assert names("la terza eta") == names("terza età") == {"elderly"}
    # A phrase is matched before its words: "fattori esterni" is not an outside evaluator.
    assert names("tanti fattori esterni") == {"attribution"}
    assert names("il sole splende") == set()


def test_a_word_listed_under_two_concepts_names_both():
    names = lambda text: {CONCEPTS[i].key for i in concepts_of(text)}  # noqa: E731
    # The family doctor is health on a question about the town, an informal observer on
    # one about how to see change; the Caritas is poverty and an association.
    assert names("il medico di base") == {"health", "sentinels"}
    assert names("la caritas") == {"poverty", "third_sector"}
    assert names("il farmacista") == {"sentinels"}


def test_a_concept_outside_the_questions_main_family_weighs_less():
    # Most notes are on how to measure: "gli anziani non usano le app" is about the tool,
    # and sits closer to the other notes on tools than to a note on older people.
    texts = [
        "gli anziani non usano le app",
        "una app per i sondaggi",
        "questionari online brevi",
        "dati condivisi tra i comuni",
        "incrociare i dati dell'anagrafe",
        "raccogliere storie e testimonianze",
        "anziani soli",
    ]
    found = [concepts_of(t) for t in texts]
    similar = grouping.similarity(texts, found)
    assert similar[0, 1] > similar[0, 6]


def test_a_typing_slip_still_names_the_concept_but_a_real_word_is_never_taken_for_one():
    names = lambda text: {CONCEPTS[i].key for i in concepts_of(text)}  # noqa: E731
    # A letter missing, changed, added, or two swapped, in a word or in a stem's part.
    assert names("tanti anzini soli") == names("tanti anziani soli")
    assert names("inquinamnto") == {"environment"}
    assert names("trasproti pubblici") == {"transport"}
    assert names("raagzzi") == {"youth"} and names("sollitudine") == {"loneliness"}
    # Real words one slip from a lexicon word stay themselves, with a pronoun joined too.
    assert names("sentirsi ascoltati") == {"trust"} and names("doverli chiedere") == set()
    assert names("porco") == set() and names("sono") == set()
    # Short words are never slips: among them one slip makes another word.
    assert names("arua") == set()


def test_grouping_is_not_thrown_by_typos_in_the_notes():
    typed = {
        **NOTES,
        1: "anzini soli",
        2: "isolamnto della terza età",
        5: "mancano autbous la sera",
    }
    groups = group_notes(typed, QUESTION, "it")
    for theme in (ELDERLY, TRANSPORT, YOUTH):
        assert set(group_of(groups, min(theme)).note_ids) == set(theme)


def test_a_note_whose_words_the_lexicon_lacks_joins_the_notes_of_its_subject():
    # None of its words is in a concept: the note's meaning is closest to loneliness,
    # which the notes on older people name.
    widows = "passano le giornate davanti alla tv senza vedere nessuno"
    assert concepts_of(widows) == ()
    groups = group_notes({**NOTES, 10: widows}, QUESTION, "it")
    assert set(group_of(groups, 10).note_ids) == set(ELDERLY) | {10}
    assert group_of(groups, 10).label == "Anziani e isolamento"


def test_the_blend_of_concepts_is_a_unit_row_per_note_led_by_the_closest_concept():
    texts = ["passano le giornate davanti alla tv senza vedere nessuno", "nessuno bussa"]
    blend = closeness.concept_blend(grouping._embedded(texts))
    assert blend.shape == (2, len(CONCEPTS))
    assert np.allclose(np.linalg.norm(blend, axis=1), 1.0) and (blend >= 0).all()
    assert CONCEPTS[int(np.argmax(blend[0]))].key == "loneliness"


def test_average_linkage_merges_down_to_the_threshold_then_to_the_most_themes():
    s = np.array([[1, 0.9, 0.1, 0.0], [0.9, 1, 0.0, 0.1], [0.1, 0.0, 1, 0.8], [0.0, 0.1, 0.8, 1]])
    assert average_linkage(s, 0.5, 12) == [[0, 1], [2, 3]]
    assert average_linkage(s, 0.95, 12) == [[0], [1], [2], [3]]
    assert average_linkage(s, 0.5, 1) == [[0, 1, 2, 3]]  # two themes, but one at most
    assert average_linkage(np.zeros((0, 0)), 0.5, 12) == []
