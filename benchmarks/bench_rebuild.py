"""``quizgen build`` after a one-prompt edit, against a cold build of the same bank, in the same run.

Generates a 50,000-question bank in files of 500 questions (100 files), then,
alternately, as fresh processes in a folder of their own:

- the floor: a cold build: no cache (deleted first) and no outputs yet;
- the same build right after one prompt of one file was edited (the cache and
  the previous outputs left as the last build made them).

Medians are compared: the target is at most 25% of the cold build (aim 10%).
Then one more edited build, in a process that times its steps, says where the
time goes (loading, locks, each exporter, the parts store, writing).
Not part of the test suite.

Usage: python benchmarks/bench_rebuild.py [QUESTIONS] [REPEATS]   (defaults 50000 and 3)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import compile_quizgen, write_bank  # noqa: E402

PER_FILE = 500


def build(folder: Path, env: dict[str, str]) -> float:
    """Seconds of one ``quizgen build questions`` run in ``folder``."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "quizgen", "build", "questions"],
        cwd=folder,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


#: Run in the bank's folder: one ``quizgen build questions`` with its steps timed (wall clock), printed after.
STEPS = """
import functools, sys, time
from pathlib import Path
from quizgen import commands, memo
from quizgen.env import Env
import quizgen.exporters.anki as anki, quizgen.exporters.html as html
import quizgen.exporters.moodle as moodle, quizgen.exporters.qti as qti
spent = {}
def timed(owner, name, label):
    function = getattr(owner, name)
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
    setattr(owner, name, wrapper)
for owner, name, label in [
    (memo.Store, "open", "parts store: open"), (commands, "load", "load (bank index)"),
    (commands, "read_locks", "read the locks"), (anki, "locked_package", "anki (with its lock)"),
    (html, "print_outputs", "print + exam record"), (moodle, "moodle_outputs", "moodle"),
    (qti, "qti_outputs", "qti"), (memo.Store, "close", "parts store: write"),
    (commands, "write_outputs", "write the outputs"),
]:
    timed(owner, name, label)
started = time.perf_counter()
commands.build([Path("questions")], Env.read())
total = time.perf_counter() - started
for label, seconds in spent.items():
    print(f"  {label:<26}{seconds:>7.2f}")
print(f"  {'the rest':<26}{total - sum(spent.values()):>7.2f}")
print(f"  {'build':<26}{total:>7.2f}")
"""


def edit_one_prompt(bank: Path, round_: int) -> None:
    """Rewords question 0's prompt (a basic question in the first file), as an author fixing a typo does."""
    target = bank / "topic-000.yaml"
    text = target.read_text(encoding="utf-8")
    start = text.index("    prompt: ") + len("    prompt: ")
    end = text.index("\n", start)
    target.write_text(text[:start] + f"Why does question 0 matter (edit {round_})?" + text[end:], encoding="utf-8")


def main() -> None:
    questions = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory(prefix="quizgen-rebuild-") as tmp:
        work = Path(tmp)
        bank = write_bank(work / "questions", questions, per_file=PER_FILE)
        cache = work / "cache"
        # sys.path[0] is this folder: put the quizgen beside benchmarks/ first for the child processes too
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, QUIZGEN_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1700000000")
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [os.environ.get("PYTHONPATH")])])
        env.pop("QUIZGEN_NO_CACHE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        compile_quizgen()
        colds, edits = [], []
        for round_ in range(1, repeats + 1):
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(work / "decks", ignore_errors=True)
            colds.append(build(work, env))
            edit_one_prompt(bank, round_)
            edits.append(build(work, env))
        cold, edit = statistics.median(colds), statistics.median(edits)
        files = len(list(bank.glob("*.yaml")))
        print(f"{questions:,} questions in {files} files; median of {repeats} runs")
        print(f"{'run':<46}{'seconds':>9}{'ratio':>8}")
        print(f"{'quizgen build, cold (floor)':<46}{cold:>9.2f}{1:>7.2f}x")
        print(f"{'quizgen build, one prompt of one file edited':<46}{edit:>9.2f}{edit / cold:>7.2f}x")
        print(f"\nafter an edit: {edit / cold:.0%} of a cold build (target <= 25%, aim 10%)")
        edit_one_prompt(bank, repeats + 1)
        print("\none more edited build, step by step (seconds):", flush=True)
        subprocess.run([sys.executable, "-c", STEPS], cwd=work, env=env, check=True)


if __name__ == "__main__":
    main()
