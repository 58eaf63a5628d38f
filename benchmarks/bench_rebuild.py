"""``quizgen build`` after a one-prompt edit, against a cold build of the same bank, in the same run.

Generates a 50,000-question bank in files of 500 questions (100 files), then,
alternately, as fresh processes in a folder of their own:

- the floor: a cold build: no cache (deleted first) and no outputs yet;
- the same build right after one prompt of one file was edited (the cache and
  the previous outputs left as the last build made them).

Medians are compared: the target is at most 25% of the cold build (aim 10%).
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


if __name__ == "__main__":
    main()
