"""Rendering a printable quiz against its floor: escaping and Markdown of the same text, no layout.

The bank is loaded once (loading has its own benchmark); then, in this one
process and alternately, the floor runs ``to_html`` over every text each
version prints (prompt, options, answers, explanation, source) and
``render_document`` builds the real file. Medians are compared.
Run: ``python benchmarks/bench_print.py [QUESTIONS] [VERSIONS] [REPEATS] [--rebuild]`` (defaults 5000, 3, 5).

``--rebuild`` then times what ``quizgen build`` prints of the same bank (one version and its key, as
HTML, and the exam record), in this process: without the parts store, with an empty store (the first
build), and with the store warm right after one prompt of one file was edited (the run of questions
holding it alone is rendered; the plan is the kept one). The bank loads inside the store, as a build
loads it (the bank index hands each question's digest over). CPU seconds, so other processes on the
machine count less.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import write_bank  # noqa: E402

from quizgen import memo  # noqa: E402
from quizgen.exporters.html import PrintOptions, print_outputs, render_document  # noqa: E402
from quizgen.gcpause import gc_paused  # noqa: E402
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


def built(folder: Path, store: Path | None) -> tuple[float, list[tuple[Path, str]]]:
    """CPU seconds ``quizgen build`` spends on its printed quizzes and exam records, and what they are."""
    with gc_paused(), memo.kept(store):
        bank = load_bank([folder], cache_dir=store)  # as a build loads: the index hands each question's digest over
        start = time.process_time()
        outputs = [
            file
            for deck in bank.decks
            for file in print_outputs(Bank((deck,), bank.images), None, PrintOptions(), Path("decks"))
        ]
        spent = time.process_time() - start
    return spent, outputs


def rebuild(folder: Path, store: Path) -> None:
    """The build's print share without the store, with an empty one, and warm after a one-prompt edit."""
    bare, first = built(folder, None)
    cold, same = built(folder, store)
    assert same == first
    file = sorted(folder.glob("*.yaml"))[len(list(folder.glob("*.yaml"))) // 2]
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("prompt: ", "prompt: Edited ", 1), encoding="utf-8")
    warm, edited = built(folder, store)
    again, fresh = built(folder, None)
    assert edited == fresh and edited != first
    print(f"build's quizzes and exam records (1 version + key), CPU s: no store {bare:.2f}, empty store {cold:.2f}")
    print(f"after one prompt edited: no store {again:.2f}, warm store {warm:.2f} ({warm / again:.0%} of no store)")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    questions = int(args[0]) if len(args) > 0 else 5000
    versions = int(args[1]) if len(args) > 1 else 3
    repeats = int(args[2]) if len(args) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_bank(Path(tmp) / "bank", questions)
        bank = load_bank([folder])
        options = PrintOptions(versions=versions, seed=1)
        render_document(bank.decks, options)  # warm up: template compilation
        floors, renders = [], []
        for _ in range(repeats):
            floors.append(timed(floor, bank, versions))
            renders.append(timed(render_document, bank.decks, options))
        size = len(render_document(bank.decks, options).encode())
        low, real = statistics.median(floors), statistics.median(renders)
        shape = f"{questions:,} x {versions} versions + key, {size / 1e6:.1f} MB of HTML"
        print(f"questions: {shape} (median of {repeats})")
        print(f"to_html over the printed text (floor): {low:6.3f} s")
        print(f"render_document:                       {real:6.3f} s")
        print(f"ratio render / floor:                  {real / low:6.2f}x  (target <= 4x)")
        if "--rebuild" in sys.argv:
            rebuild(folder, Path(tmp) / "cache")


if __name__ == "__main__":
    main()
