"""``quizgen moodle`` against ``quizgen anki`` on the same bank, in the same run (target: at most 1.5x).

Two comparisons, alternating the two so load on the machine falls on both:

* end to end, as fresh processes: ``quizgen moodle BANK -o out.xml`` against
  ``quizgen anki BANK -o out.apkg``;
* in process, the export step alone (the bank already loaded): the Moodle XML
  written against the Anki package written.

Medians of several runs are compared. Run:
``python benchmarks/bench_moodle.py [SIZES] [REPEATS]`` (defaults ``10000`` and 3).
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import timed, write_bank  # noqa: E402

from quizgen.atomic import write_outputs  # noqa: E402
from quizgen.exporters.anki import unlocked_package  # noqa: E402
from quizgen.exporters.moodle import moodle_xml  # noqa: E402
from quizgen.load import load_bank  # noqa: E402

TARGET = 1.5


def timed_step(step: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def bench(size: int, repeats: int, tmp: Path) -> list[tuple[str, float, float | None]]:
    bank_dir = write_bank(tmp / f"bank-{size}", size)
    moodle_cmd = [sys.executable, "-m", "quizgen", "moodle", str(bank_dir), "-o", str(tmp / "out.xml")]
    anki_cmd = [sys.executable, "-m", "quizgen", "anki", str(bank_dir), "-o", str(tmp / "out.apkg")]
    moodles, ankis, moodle_steps, anki_steps = [], [], [], []
    for _ in range(repeats):
        ankis.append(timed(anki_cmd))
        moodles.append(timed(moodle_cmd))
    bank = load_bank([bank_dir])
    for _ in range(repeats):
        anki_steps.append(
            timed_step(lambda: write_outputs([(tmp / "in.apkg", unlocked_package(bank.decks, 1_700_000_000))]))
        )
        moodle_steps.append(timed_step(lambda: write_outputs([(tmp / "in.xml", moodle_xml(bank.decks).xml)])))
    moodle, anki = statistics.median(moodles), statistics.median(ankis)
    moodle_step, anki_step = statistics.median(moodle_steps), statistics.median(anki_steps)
    return [
        (f"{size:,}: quizgen moodle -o (process)", moodle, moodle / anki),
        (f"{size:,}: quizgen anki -o (process)", anki, None),
        (f"{size:,}: Moodle XML step alone (in process)", moodle_step, moodle_step / anki_step),
        (f"{size:,}: Anki package step alone (in process)", anki_step, None),
    ]


def main() -> None:
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "10000").split(",")]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            rows.extend(bench(size, repeats, Path(tmp)))
    print(f"median of {repeats}; ratios against the quizgen anki line below (target: <= {TARGET}x)")
    print(f"{'what':<48} {'seconds':>8} {'ratio':>7}")
    for what, seconds, ratio in rows:
        shown = f"{ratio:6.2f}x" if ratio is not None else ""
        print(f"{what:<48} {seconds:8.2f} {shown:>7}")


if __name__ == "__main__":
    main()
