"""How long ``quizgen play`` takes to show its first question on a big bank with a long history.

Generates a 10,000-question bank (every type; clozes make two cards each) and a
progress file with 100,000 past reviews, then times, in the same run:

- the floor: ``python -c "import typer"``;
- ``quizgen play BANK --state DB`` until the first question's prompt appears,
  with a cold bank cache (emptied before each run) and a warm one.

Each is repeated and the median reported, with its ratio to the floor. The
target is at most 3x the floor on the warm run (aim: 2x). Not part of the test suite.

Usage: python benchmarks/bench_play.py [--repeat N] [--keep DIR]
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

QUESTIONS = 10_000
PER_FILE = 500
REVIEWS = 100_000
NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
TYPES = ("basic", "mcq", "multi", "truefalse", "cloze", "typed")
PROMPT_MARK = b"(q quits)"


def write_bank(folder: Path) -> list[tuple[str, str, int]]:
    """Writes the bank; returns every card key (deck, id, cloze number)."""
    folder.mkdir(parents=True, exist_ok=True)
    keys: list[tuple[str, str, int]] = []
    for f in range(QUESTIONS // PER_FILE):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Build the bank and state here and keep them.")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="quizgen-bench-"))
    try:
        bank, state, cache = work / "bank", work / "state.sqlite3", work / "cache"
        print(f"generating {QUESTIONS} questions and {REVIEWS} reviews in {work} ...", flush=True)
        keys = write_bank(bank)
        if state.exists():
            state.unlink()
        write_state(state, keys)
        compile_quizgen()
        env = dict(os.environ, QUIZGEN_CACHE_DIR=str(cache), QUIZGEN_NOW=NOW.isoformat(), TERM="dumb")
        env.pop("FORCE_COLOR", None)
        # An installed package has its bytecode compiled (pip does it), as typer's has: compare like with like.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        time_first_question(bank, state, env)  # writes quizgen's own __pycache__ once
        time_floor()  # warm the OS file cache for the interpreter and typer
        floors, colds, warms = [], [], []
        for _ in range(args.repeat):
            floors.append(time_floor())
            shutil.rmtree(cache, ignore_errors=True)
            colds.append(time_first_question(bank, state, env))
            warms.append(time_first_question(bank, state, env))
        floor = statistics.median(floors)
        print(f"\n{len(keys)} cards, {REVIEWS} reviews; median of {args.repeat} runs\n")
        print(f"{'run':<42}{'median':>10}{'ratio':>8}")
        rows = [
            ('python -c "import typer" (floor)', floor),
            ("quizgen play, first question (cold cache)", statistics.median(colds)),
            ("quizgen play, first question (warm cache)", statistics.median(warms)),
        ]
        for name, seconds in rows:
            print(f"{name:<42}{seconds * 1000:>8.0f}ms{seconds / floor:>7.2f}x")
        warm_ratio = statistics.median(warms) / floor
        print(
            f"\nwarm run: {warm_ratio:.2f}x the floor (target <= 3x, aim 2x): {'ok' if warm_ratio <= 3 else 'TOO SLOW'}"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
