"""``quizgen qti`` on a large bank against ``quizgen anki`` on the same bank, in one session.

The target: 10,000 questions export in at most 1.5x the time ``quizgen anki``
takes. Both run as fresh processes, alternately (``-o``, one file each); the
export steps alone (the bank already loaded) are timed in process too. Medians
of several runs are compared. Run:
``python benchmarks/bench_qti.py [SIZES] [REPEATS]`` (defaults ``10000`` and 3).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import timed, write_bank  # noqa: E402
from bench_anki import timed_step  # noqa: E402

from quizgen.exporters.anki import unlocked_package  # noqa: E402
from quizgen.exporters.qti import qti_package  # noqa: E402
from quizgen.load import load_bank  # noqa: E402

TARGET = 1.5


def bench(size: int, repeats: int, tmp: Path) -> list[tuple[str, float, float | None]]:
    bank_dir = write_bank(tmp / f"bank-{size}", size)
    anki_cmd = [sys.executable, "-m", "quizgen", "anki", str(bank_dir), "-o", str(tmp / "out.apkg")]
    qti_cmd = [sys.executable, "-m", "quizgen", "qti", str(bank_dir), "-o", str(tmp / "out.zip")]
    ankis, qtis, anki_steps, qti_steps = [], [], [], []
    for _ in range(repeats):
        ankis.append(timed(anki_cmd))
        qtis.append(timed(qti_cmd))
    bank = load_bank([bank_dir])
    for _ in range(repeats):
        anki_steps.append(timed_step(lambda: unlocked_package(bank.decks, 1_700_000_000)))
        qti_steps.append(timed_step(lambda: qti_package(bank.decks)))
    anki, qti = statistics.median(ankis), statistics.median(qtis)
    anki_step, qti_step = statistics.median(anki_steps), statistics.median(qti_steps)
    return [
        (f"{size:,}: quizgen qti -o (process)", qti, qti / anki),
        (f"{size:,}: quizgen anki -o (process)", anki, None),
        (f"{size:,}: qti export step alone (in process)", qti_step, qti_step / anki_step),
        (f"{size:,}: anki export step alone (in process)", anki_step, None),
    ]


def main() -> None:
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "10000").split(",")]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            rows.extend(bench(size, repeats, Path(tmp)))
    print(f"median of {repeats}; ratios against the anki line below (target: 10,000 questions <= {TARGET}x)")
    print(f"{'what':<46} {'seconds':>8} {'ratio':>7}")
    for what, seconds, ratio in rows:
        shown = f"{ratio:6.2f}x" if ratio is not None else ""
        print(f"{what:<46} {seconds:8.2f} {shown:>7}")


if __name__ == "__main__":
    main()
