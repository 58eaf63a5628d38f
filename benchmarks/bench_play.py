"""How long ``quizgen play`` takes to show its first question on a big bank with a long history.

For each size (10,000 and 50,000 questions by default; every type, clozes make
two cards each) generates a bank and a progress file with 100,000 past reviews,
then times, in the same run:

- the floor: ``python -c "import typer"``;
- ``quizgen play BANK --state DB`` until the first question's prompt appears:
  with an empty cache (deleted before the run), right after one prompt of one
  file was edited (the first run after an edit), and warm (nothing changed).

Each is repeated and the median reported, with its ratio to the floor. The
target is at most 2x the floor warm, at 10,000 and at 50,000 questions, and
at most 4x the first run after an edit at 10,000. Not part of the test suite.

Usage: python benchmarks/bench_play.py [--sizes 10000,50000] [--repeat N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import compile_quizgen  # noqa: E402

from quizgen.state import SCHEMA, SCHEMA_VERSION  # noqa: E402

PER_FILE = 500
REVIEWS = 100_000
NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
TYPES = ("basic", "mcq", "multi", "truefalse", "cloze", "typed")
PROMPT_MARK = b"(q quits)"


def write_bank(folder: Path, questions: int) -> list[tuple[str, str, int]]:
    """Writes the bank; returns every card key (deck, id, cloze number)."""
    folder.mkdir(parents=True, exist_ok=True)
    keys: list[tuple[str, str, int]] = []
    for f in range(questions // PER_FILE):
        deck = f"Bench {f % 4}"
        lines = [f"deck: {deck}", f"topic: Topic {f}", "tags: [bench]", "questions:"]
        for i in range(PER_FILE):
            kind = TYPES[(f * PER_FILE + i) % len(TYPES)]
            qid = f"q-{f}-{i}"
            lines.append(f"  - id: {qid}\n    type: {kind}")
            if kind == "cloze":
                lines.append(f"    prompt: The {{{{c1::answer {i}}}}} of **question** {i} is {{{{c2::here::where}}}}.")
                keys += [(deck, qid, 1), (deck, qid, 2)]
            else:
                lines.append(f"    prompt: What is the *answer* to question {i} of file {f}?")
                keys.append((deck, qid, 0))
            if kind in ("basic", "typed", "mcq"):
                lines.append(f"    answer: answer {i}")
            elif kind == "multi":
                lines.append(f"    answer: [right {i}, also right {i}]")
            elif kind == "truefalse":
                lines.append("    answer: true")
            if kind in ("mcq", "multi"):
                lines.append(f"    distractors: [wrong a {i}, wrong b {i}, wrong c {i}]")
            if kind == "typed":
                lines.append(f"    accept: [ans {i}]")
            lines.append(f"    explanation: Because {i} is the answer.")
        (folder / f"topic-{f:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return keys


def write_state(path: Path, keys: list[tuple[str, str, int]]) -> None:
    """A progress file in which most cards were studied, with REVIEWS log rows spread over a year."""
    rng = random.Random(7)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};")
    studied = keys[: int(len(keys) * 0.8)]
    cards = []
    for index, (deck, qid, ord_) in enumerate(studied, start=1):
        first = NOW - timedelta(days=rng.uniform(30, 365))
        last = NOW - timedelta(days=rng.uniform(0, 30))
        due = last + timedelta(days=rng.uniform(1, 60))
        cards.append((index, deck, qid, ord_, 2, None, rng.uniform(1, 100), rng.uniform(1, 10),
                      due.isoformat(timespec="microseconds"), last.isoformat(timespec="microseconds"),
                      first.isoformat(timespec="microseconds"), 8, 1))  # fmt: skip
    db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
    reviews = []
    for _ in range(REVIEWS):
        card = rng.randrange(1, len(studied) + 1)
        at = (NOW - timedelta(days=rng.uniform(0, 365))).isoformat(timespec="microseconds")
        due = (NOW + timedelta(days=rng.uniform(-30, 60))).isoformat(timespec="microseconds")
        reviews.append((card, at, rng.randint(1, 4), rng.randint(500, 20000), 2, None, 10.0, 5.0, due))
    db.executemany(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, phase, step, stability, difficulty, due)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reviews,
    )
    db.commit()
    db.execute("PRAGMA journal_mode = WAL")
    db.close()


def time_floor() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import typer"], check=True)
    return time.perf_counter() - started


def time_first_question(bank: Path, state: Path, env: dict[str, str]) -> float:
    """Seconds from spawning ``quizgen play`` until its first answer prompt is printed."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "quizgen", "play", str(bank), "--state", str(state)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    seen = b""
    try:
        while PROMPT_MARK not in seen:
            ready, _, _ = select.select([child.stdout], [], [], 60)
            chunk = os.read(child.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                err = child.stderr.read().decode() if child.stderr else ""
                raise SystemExit(f"quizgen play ended before its first question:\n{seen.decode()}\n{err}")
            seen += chunk
        return time.perf_counter() - started
    finally:
        child.kill()
        child.wait()


def edit_one_prompt(bank: Path, round_: int) -> None:
    """Changes the text of one prompt in one file, as an author fixing a typo does."""
    target = bank / "topic-00.yaml"
    text = target.read_text(encoding="utf-8")
    old = "of file 0?" if "of file 0?" in text else f"of file 0 (edit {round_ - 1})?"
    target.write_text(text.replace(old, f"of file 0 (edit {round_})?", 1), encoding="utf-8")


def bench_size(work: Path, questions: int, repeat: int) -> list[tuple[str, float, float]]:
    """The rows of one bank size: (what, median seconds, ratio to the floor measured alongside)."""
    bank, state, cache = work / f"bank-{questions}", work / f"state-{questions}.sqlite3", work / "cache"
    print(f"generating {questions} questions and {REVIEWS} reviews in {work} ...", flush=True)
    keys = write_bank(bank, questions)
    if state.exists():
        state.unlink()
    write_state(state, keys)
    compile_quizgen()
    env = dict(os.environ, QUIZGEN_CACHE_DIR=str(cache), QUIZGEN_NOW=NOW.isoformat(), TERM="dumb")
    env.pop("FORCE_COLOR", None)
    env.pop("QUIZGEN_NO_CACHE", None)
    # An installed package has its bytecode compiled (pip does it), as typer's has: compare like with like.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    time_first_question(bank, state, env)  # writes quizgen's own __pycache__ once
    time_floor()  # warm the OS file cache for the interpreter and typer
    floors, empties, edits, warms = [], [], [], []
    for round_ in range(1, repeat + 1):
        floors.append(time_floor())
        shutil.rmtree(cache, ignore_errors=True)
        empties.append(time_first_question(bank, state, env))
        edit_one_prompt(bank, round_)
        edits.append(time_first_question(bank, state, env))
        warms.append(time_first_question(bank, state, env))
    floor = statistics.median(floors)
    n = f"{questions:,}"
    rows = [(f'{n}: python -c "import typer" (floor)', floor)]
    rows += [(f"{n}: play, empty cache", statistics.median(empties))]
    rows += [(f"{n}: play, first run after an edit", statistics.median(edits))]
    rows += [(f"{n}: play, warm", statistics.median(warms))]
    print(f"{questions:,} questions, {len(keys)} cards, {REVIEWS} reviews; median of {repeat} runs", flush=True)
    return [(name, seconds, seconds / floor) for name, seconds in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000", help="Bank sizes, comma-separated.")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Build the banks and states here and keep them.")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="quizgen-bench-"))
    try:
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            rows += bench_size(work, size, args.repeat)
        print(f"\n{'run':<46}{'median':>10}{'ratio':>8}")
        for name, seconds, ratio in rows:
            print(f"{name:<46}{seconds * 1000:>8.0f}ms{ratio:>7.2f}x")
        print("\ntargets: warm <= 2x the floor at every size; first run after an edit <= 4x at 10,000")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
