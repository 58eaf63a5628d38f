"""``quizgen anki`` on large banks against its floor: a bare genanki script writing the same notes.

For each size, two comparisons, in the same run:

* end to end, as fresh processes, alternately: ``quizgen anki BANK -o out.apkg``
  with a warm cache (bank index and parts store) and with ``QUIZGEN_NO_CACHE=1``,
  against a bare script that reads the same files with PyYAML's C loader and
  writes the same notes with genanki (two plain note types, one deck);
* in process, the export step alone (the bank already loaded) against genanki
  writing the same notes from the loaded questions, with no store and with every
  note kept in the parts store by an earlier run. The loader's own time is
  shown on its own line, since it belongs to ``quizgen check`` as well.

Medians of several runs are compared. Run:
``python benchmarks/bench_anki.py [SIZES] [REPEATS]`` (defaults ``10000,50000`` and 3).
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import genanki

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import timed_with, write_bank  # noqa: E402

from quizgen import memo  # noqa: E402
from quizgen.atomic import write_outputs  # noqa: E402
from quizgen.exporters.anki import unlocked_package  # noqa: E402
from quizgen.load import load_bank  # noqa: E402
from quizgen.model import Bank, Cloze, Mcq, Multi, Question  # noqa: E402

BASIC = genanki.Model(
    1607392319,
    "Bare basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
)
CLOZE = genanki.Model(
    1607392320,
    "Bare cloze",
    fields=[{"name": "Text"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
    model_type=genanki.Model.CLOZE,
)

#: The floor as a fresh process: read the files, one genanki note per question.
BARE_SCRIPT = """
import sys, yaml, genanki
from pathlib import Path
basic = genanki.Model(1607392319, "Bare basic", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
cloze = genanki.Model(1607392320, "Bare cloze", fields=[{"name": "Text"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
    model_type=genanki.Model.CLOZE)
deck = genanki.Deck(2059400110, "Bench")
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    with open(path, "rb") as f:
        data = yaml.load(f, Loader=yaml.CSafeLoader)
    for q in data["questions"]:
        if q.get("type") == "cloze":
            deck.add_note(genanki.Note(model=cloze, fields=[q["prompt"]], guid=genanki.guid_for(q["id"])))
        else:
            deck.add_note(genanki.Note(model=basic, fields=[q["prompt"], str(q["answer"])],
                                       guid=genanki.guid_for(q["id"])))
genanki.Package(deck).write_to_file(sys.argv[2], timestamp=1700000000)
"""


def back(q: Question) -> str:
    """The answer as the bare script writes it (the YAML value as text)."""
    if isinstance(q, Mcq):
        return q.answer.text
    if isinstance(q, Multi):
        return str([o.text for o in q.answer])
    assert not isinstance(q, Cloze)
    return str(q.answer)


def bare_write(bank: Bank, out: Path) -> None:
    """The in-process floor: the same questions as genanki notes, written as genanki does."""
    deck = genanki.Deck(2059400110, "Bench")
    for q in bank.questions():
        if isinstance(q, Cloze):
            deck.add_note(genanki.Note(model=CLOZE, fields=[q.prompt], guid=genanki.guid_for(q.id)))
        else:
            deck.add_note(genanki.Note(model=BASIC, fields=[q.prompt, back(q)], guid=genanki.guid_for(q.id)))
    genanki.Package(deck).write_to_file(str(out), timestamp=1_700_000_000)


def timed_step(step: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


#: A row: what, wall seconds, its ratio, CPU seconds, its ratio (the CPU only for whole processes).
Row = tuple[str, float, float | None, float | None, float | None]


def bench(size: int, repeats: int, tmp: Path) -> list[Row]:
    bank_dir = write_bank(tmp / f"bank-{size}", size)
    out = tmp / "out.apkg"
    cache = tmp / f"cache-{size}"
    quizgen_cmd = [sys.executable, "-m", "quizgen", "anki", str(bank_dir), "-o", str(out)]
    bare_cmd = [sys.executable, "-c", BARE_SCRIPT, str(bank_dir), str(tmp / "bare.apkg")]
    warm_env = dict(os.environ, QUIZGEN_CACHE_DIR=str(cache))
    warm_env.pop("QUIZGEN_NO_CACHE", None)
    cold_env = dict(warm_env, QUIZGEN_NO_CACHE="1")
    timed_with(quizgen_cmd, warm_env)  # fills the bank index and the parts store
    runs: dict[str, list[tuple[float, float]]] = {"warm": [], "cold": [], "bare": []}
    loads, exports, kept, bare_writes = [], [], [], []
    for _ in range(repeats):
        runs["bare"].append(timed_with(bare_cmd))
        runs["warm"].append(timed_with(quizgen_cmd, warm_env))
        runs["cold"].append(timed_with(quizgen_cmd, cold_env))
    bank = load_bank([bank_dir])

    def write_ours() -> None:
        write_outputs([(tmp / "in.apkg", unlocked_package(bank.decks, 1_700_000_000))])

    def write_kept() -> None:
        with memo.kept(cache):
            write_ours()

    write_kept()  # this process's questions into the store
    for _ in range(repeats):
        loads.append(timed_step(lambda: load_bank([bank_dir])))
        bare_writes.append(timed_step(lambda: bare_write(bank, tmp / "bare-in.apkg")))
        exports.append(timed_step(write_ours))
        kept.append(timed_step(write_kept))
    wall = {k: statistics.median(t[0] for t in v) for k, v in runs.items()}
    cpu = {k: statistics.median(t[1] for t in v) for k, v in runs.items()}
    export, bare_w, export_kept = statistics.median(exports), statistics.median(bare_writes), statistics.median(kept)

    def process(what: str, key: str) -> Row:
        return (what, wall[key], wall[key] / wall["bare"], cpu[key], cpu[key] / cpu["bare"])

    return [
        process(f"{size:,}: quizgen anki -o, warm (process)", "warm"),
        process(f"{size:,}: quizgen anki -o, no cache (process)", "cold"),
        (f"{size:,}: bare yaml + genanki (process)", wall["bare"], None, cpu["bare"], None),
        (f"{size:,}: export step alone (in process)", export, export / bare_w, None, None),
        (f"{size:,}: export step, notes kept (in process)", export_kept, export_kept / bare_w, None, None),
        (f"{size:,}: bare genanki write (in process)", bare_w, None, None, None),
        (f"{size:,}: load_bank (in process, loader)", statistics.median(loads), None, None, None),
    ]


def main() -> None:
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "10000,50000").split(",")]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            rows.extend(bench(size, repeats, Path(tmp)))
    print(f"median of {repeats}; ratios against the bare genanki line below")
    print("(target: 10,000 questions <= 1.1x, warm and without cache)")
    print(f"{'what':<50} {'wall':>7} {'ratio':>7} {'CPU':>7} {'ratio':>7}")

    def shown(value: float | None, unit: str) -> str:
        return f"{value:6.2f}{unit}" if value is not None else ""

    for what, seconds, ratio, cpu, cpu_ratio in rows:
        figures = (shown(seconds, "s"), shown(ratio, "x"), shown(cpu, "s"), shown(cpu_ratio, "x"))
        print(f"{what:<50} " + " ".join(f"{figure:>7}" for figure in figures))


if __name__ == "__main__":
    main()
