"""Rendering a printable quiz against its floor: escaping and Markdown of the same text, no layout.

The bank is loaded once (loading has its own benchmark); then, in this one
process and alternately, the floor runs ``to_html`` over every text each
version prints (prompt, options, answers, explanation, source) and
``render_document`` builds the real file. Medians are compared.
Run: ``python benchmarks/bench_print.py [QUESTIONS] [VERSIONS] [REPEATS]`` (defaults 5000, 3, 5).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import write_bank  # noqa: E402

from quizgen.exporters.html import PrintOptions, render_document  # noqa: E402
from quizgen.load import load_bank  # noqa: E402
from quizgen.model import Bank, texts  # noqa: E402
from quizgen.render import to_html  # noqa: E402


def floor(bank: Bank, versions: int) -> int:
    """Every printed text through the Markdown/escape pass once per version (and once more for the key)."""
    size = 0
    for _ in range(versions * 2):
        for q in bank.questions():
            printed = [*texts(q), q.source or ""]  # prompt, answers, options and reasons, explanation
            size += sum(len(to_html(t)) for t in printed)
    return size


def timed(fn: object, *args: object) -> float:
    assert callable(fn)
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    questions = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    versions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with tempfile.TemporaryDirectory() as tmp:
        bank = load_bank([write_bank(Path(tmp) / "bank", questions)])
    options = PrintOptions(versions=versions, seed=1)
    render_document(bank.decks, options)  # warm up: template compilation
    floors, renders = [], []
    for _ in range(repeats):
        floors.append(timed(floor, bank, versions))
        renders.append(timed(render_document, bank.decks, options))
    size = len(render_document(bank.decks, options).encode())
    low, real = statistics.median(floors), statistics.median(renders)
    print(f"questions: {questions:,} x {versions} versions + key, {size / 1e6:.1f} MB of HTML (median of {repeats})")
    print(f"to_html over the printed text (floor): {low:6.3f} s")
    print(f"render_document:                       {real:6.3f} s")
    print(f"ratio render / floor:                  {real / low:6.2f}x  (target <= 4x)")


if __name__ == "__main__":
    main()
