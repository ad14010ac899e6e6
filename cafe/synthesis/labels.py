"""Short labels for groups of notes, in the event's language (pure, no Flask, no SQLAlchemy).

A group named by one concept of the lexicon takes that concept's label ("Trasporti e
mobilità"); one named by two takes both ("Anziani e isolamento"). Otherwise the label is
made of the words its notes share most, never a filler word ("serve", "viene", "proposta")
nor a word of the question, in the form people wrote it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cafe.synthesis.concepts import plain_words
from cafe.synthesis.lexicon import CONCEPTS
from cafe.themes.words import _content_words

LABELLED = frozenset({"it", "en"})
"""Languages the lexicon has labels in; others get labels of the notes' own words."""
AND = {"it": "e", "en": "and"}
OTHER = {"it": "Altre note", "en": "Other notes"}
NOTES_ON = {"it": "Note su", "en": "Notes on"}
MAX_WORDS = 6
LEADING = 0.4
"""Share of a group's notes a concept must name to label the group."""
SECOND = 0.4
"""Share the second concept must name to join the label."""

FILLERS = frozenset(
    """serve servono servire viene vengono venire proposta proposte proposto idea idee cosa
    cose fare fatto bisogna bisogno dovere dovrebbe dovrebbero potere possiamo può volere
    vorrei vorremmo essere avere stare andare dare dire detto tipo esempio modo volta volte
    parte tutto tutti tutte molto molti più meno poco pochi solo sempre mai ancora già
    anche invece quindi però comunque nota note tema temi punto cioè davvero veramente
    need needs should could would thing things idea ideas proposal make made get got
    really very much more less also just like""".split()
)
"""Words that never make a label on their own, whatever the notes say."""


def other_label(language: str) -> str:
    """The label of the group of notes that fit no theme."""
    return OTHER.get(language, OTHER["en"])


def label_group(
    texts: Sequence[str],
    concepts: Sequence[tuple[int, ...]],
    questions: Sequence[str],
    language: str,
    taken: set[str],
) -> str:
    """A label of 2-6 words for the notes `texts` (whose concept indexes are `concepts`),
    different from every label in `taken` where the notes allow it."""
    if language in LABELLED:
        for label in _concept_labels(concepts, len(texts), language):
            if label.casefold() not in taken:
                return label
    return _word_label(texts, questions, language, taken)


def _concept_labels(concepts: Sequence[tuple[int, ...]], size: int, language: str) -> list[str]:
    counts = Counter(c for found in concepts for c in found)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < max(2, LEADING * size) and size > 1:
        return []
    first = CONCEPTS[ranked[0][0]]
    labels = [first.label[language]]
    if len(ranked) > 1 and ranked[1][1] >= max(2, SECOND * size):
        second = CONCEPTS[ranked[1][0]]
        pair = _joined(_capital(first.short[language]), second.short[language], language)
        labels.insert(0, pair)
    return [label for label in labels if 2 <= len(label.split()) <= MAX_WORDS]


def _word_label(texts: Sequence[str], questions: Sequence[str], language: str, taken) -> str:
    """The group's two most shared content words ("Dati e indicatori"), else the shortest
    note with its most shared word, else "Note su <word>"; numbered if still taken."""
    words = _shared_words(texts, questions, language)
    candidates = [_joined(words[0], words[1], language)] if len(words) >= 2 else []
    if words:
        candidates.append(_phrase_with(texts, words[0]))
    candidates.append(_trimmed(min(texts, key=lambda t: (len(t), t))))
    for label in candidates:
        if 2 <= len(label.split()) <= MAX_WORDS and label.casefold() not in taken:
            return _capital(label)
    base = words[0] if words else (plain_words(" ".join(texts)) or ["…"])[0]
    label = f"{NOTES_ON.get(language, NOTES_ON['en'])} {base}"
    number = 2
    while label.casefold() in taken:
        label = f"{NOTES_ON.get(language, NOTES_ON['en'])} {base} ({number})"
        number += 1
    return label


def _shared_words(texts: Sequence[str], questions: Sequence[str], language: str) -> list[str]:
    """Content words by the number of notes that use them, in their commonest written form."""
    asked = {lemma for q in questions for lemma, _ in _content_words(q, language) if lemma}
    notes: Counter = Counter()
    forms: dict[str, Counter] = {}
    for text in texts:
        seen = set()
        for lemma, form in _content_words(text, language):
            if lemma and lemma not in asked and lemma not in FILLERS and form not in FILLERS:
                seen.add(lemma)
                forms.setdefault(lemma, Counter())[form] += 1
        notes.update(seen)
    ranked = sorted(notes.items(), key=lambda item: (-item[1], item[0]))
    return [min(forms[lemma].items(), key=lambda f: (-f[1], f[0]))[0] for lemma, _ in ranked]


def _phrase_with(texts: Sequence[str], word: str) -> str:
    """The shortest note that has `word`, cut to at most six words."""
    having = [t for t in texts if word in plain_words(t) or word in t.casefold().split()]
    return _trimmed(min(having, key=lambda t: (len(t), t))) if having else ""


def _trimmed(text: str) -> str:
    """`text` cut to six words at most, without trailing short words ("per", "di", "e")."""
    words = [w.strip(".,;:!?()\"'") for w in text.split()][:MAX_WORDS]
    while len(words) > 2 and len(words[-1]) <= 3:
        words.pop()
    return " ".join(w for w in words if w)


def _joined(first: str, second: str, language: str) -> str:
    """ "first e second" in the language ("ed" before a word starting with e in Italian)."""
    joiner = AND.get(language, "·")
    if language == "it" and plain_words(second)[:1] and plain_words(second)[0].startswith("e"):
        joiner = "ed"
    return f"{first} {joiner} {second}"


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]
