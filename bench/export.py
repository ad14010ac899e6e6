"""Export times and sizes: the harvest of a big event (2,000 notes, 50 photos) in every
format, beside a baseline measured in the same run (50 notes, 5 photos), and the cost of
storing one phone photo beside merely decoding it. The big event runs once per format
(the PDF of 2,000 notes takes tens of seconds); the baseline is the median of three.

Run: .venv/bin/python bench/export.py
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cafe import imaging  # noqa: E402
from cafe.export import FORMAT_NAMES, export  # noqa: E402
from cafe.export.facts import Attendance, Method, Mixing  # noqa: E402
from cafe.export.snapshot import NoteRow, PhotoRow, Question, Snapshot, Theme  # noqa: E402
from cafe.themes import extract_themes  # noqa: E402

WORDS = (
    "città impatto sociale valutazione dati fiducia scuole anziani comuni partecipazione "
    "giovani giovane lavoro piccole imprese associazione associazioni e il la di per che non "
    "trasporti quartiere quartieri bisogni cittadini cittadino progetti progetto"
).split()
KINDS = ("idea", "question", "tension", "proposal")


def photo_like(size: tuple[int, int], seed: int) -> Image.Image:
    """Soft noise: compresses like a real photo of a written tablecloth, unlike flat colour."""
    random.seed(seed)
    small = Image.effect_noise((size[0] // 8, size[1] // 8), 60).convert("RGB")
    return small.resize(size).filter(ImageFilter.GaussianBlur(2))


def snapshot(notes: int, photos: int, folder: Path, labels: dict) -> Snapshot:
    """A synthetic event of 12 tables and 3 rounds with `notes` notes and `photos` photos."""
    rng = random.Random(notes)
    start = datetime(2026, 11, 25, 9, 0)
    rows = [
        NoteRow(
            round=1 + i % 3,
            table=1 + i % 12,
            kind=KINDS[i % 4],
            text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30))),
            created_at=start + timedelta(seconds=20 * i),
            votes=rng.randint(0, 9),
            starred=i % 7 == 0,
            votes_by_group={"cittadini": rng.randint(0, 5)},
        )
        for i in range(notes)
    ]
    shots = []
    for i in range(photos):
        path = folder / f"p{i}.jpg"
        if not path.exists():
            path.write_bytes(imaging.process_photo(_jpeg(photo_like((2000, 1500), i))).jpeg)
        shots.append(PhotoRow(f"p{i}", 1 + i % 3, 1 + i % 12, 2000, 1500, path))
    return Snapshot(
        event_id=1,
        title="Bench",
        place="Sassuolo",
        starts_at=start,
        language="it",
        table_count=12,
        round_count=3,
        questions=[Question(n, f"Domanda {n}?") for n in (1, 2, 3)],
        notes=rows,
        labels=labels,
        taken_at=start,
        groups={"cittadini": 30, "esperti": 34},
        photos=shots,
        themes=_themes(rows),
        time_zone="Europe/Rome",
        method=Method(20, 6, True, 12, 12, True, Mixing(64, 11, 15, 13.1, 0, 36, 30, 4), 3),
        attendance=[Attendance("cittadini", 30, 28, 2, 1), Attendance("esperti", 34, 30, 0, 2)],
    )


def _themes(rows: list[NoteRow]) -> list[Theme]:
    found = extract_themes(_texts(rows), ["Domanda sull'impatto sociale?"], "it")
    return [Theme(t.term, tuple(rows[i].text for i in t.note_ids), t.weight) for t in found]


def _texts(rows: list[NoteRow]) -> dict[int, str]:
    return {i: n.text for i, n in enumerate(rows)}


def _jpeg(image: Image.Image, quality: int = 92) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def timed(action, repeat: int = 3) -> float:
    """Median seconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def _bench_themes(small: Snapshot, big: Snapshot) -> None:
    """Theme extraction on the notes alone, warm (dictionaries loaded by the first call)."""
    texts = [_texts(s.notes) for s in (small, big)]
    base, load = (timed(lambda t=t: extract_themes(t, ["Domanda?"], "it")) for t in texts)
    print(
        f"{'themes':<8} {base * 1000:>8.1f} ms {len(small.themes):>5} th. "
        f"{load * 1000:>9.1f} ms {len(big.themes):>6} th. {load / base:>6.1f}"
    )


def labels() -> dict:
    """The Italian report labels, through Flask-Babel as the app makes them."""
    from flask_babel import force_locale

    from cafe import create_app
    from cafe.services.harvest import report_labels

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.db", "TESTING": True})
        with app.test_request_context(), force_locale("it"):
            return report_labels()


def main() -> None:
    """Print the table of times and sizes."""
    words = labels()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, big = snapshot(50, 5, folder, words), snapshot(2000, 50, folder, words)
        print(f"{'format':<8} {'50 notes/5 photos':>20} {'2000 notes/50 photos':>22} {'ratio':>6}")
        for name in FORMAT_NAMES:
            base = timed(lambda n=name: export(small, n))
            load = timed(lambda n=name: export(big, n), repeat=1)
            size_small, size_big = len(export(small, name)), len(export(big, name))
            print(
                f"{name:<8} {base * 1000:>8.1f} ms {size_small / 1024:>8.0f} kB "
                f"{load * 1000:>9.1f} ms {size_big / 1024:>9.0f} kB {load / base:>6.1f}"
            )
        _bench_themes(small, big)
    camera = _jpeg(photo_like((4000, 3000), 99), quality=95)
    decode = timed(lambda: Image.open(io.BytesIO(camera)).load())
    store = timed(lambda: imaging.process_photo(camera))
    print(
        f"\nstoring one 12-megapixel photo ({len(camera) / 2**20:.1f} MB): "
        f"{store * 1000:.0f} ms; decoding it alone: {decode * 1000:.0f} ms "
        f"(ratio {store / decode:.2f})"
    )


if __name__ == "__main__":
    main()
