"""The progress file: round trips, card keys, refusing what is not ours (untouched), two writers at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizgen.errors import QuizgenError
from quizgen.scheduler import CardState, Rating, Scheduler
from quizgen.state import SCHEMA_VERSION, StateFile, open_state

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
EXACT = Scheduler(fuzz=False)


def answer(path: Path, key: tuple[str, str, int], rating: Rating, at: datetime, ms: int = 1200) -> CardState:
    with open_state(path) as store:
        return store.record(key, rating, at, ms, lambda before: EXACT.review(before, rating, at))


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.sqlite3"  # the folder is created
    key = ("Baclofen", "receptor-target", 0)
    first = answer(path, key, Rating.GOOD, T0)
    later = T0 + timedelta(minutes=10)
    second = answer(path, key, Rating.GOOD, later)
    with open_state(path) as store:
        assert store.known_keys() == {key}
        assert store.due_states(later) == {}
        assert store.due_states(second.due) == {key: second}
        stored = store.cards()[key]
        assert stored.state == second
        assert stored.first_review == T0
        assert (stored.reps, stored.lapses) == (2, 0)
        assert store.introduced_since(T0) == {key}
        assert store.introduced_since(later) == set()
        assert store.next_due({key}, later) == second.due
        log = store.reviews_since(T0)
    assert [(r.key, r.rating, r.reviewed_at, r.duration_ms) for r in log] == [
        (key, Rating.GOOD, T0, 1200),
        (key, Rating.GOOD, later, 1200),
    ]
    assert first.due == later
    db = sqlite3.connect(path)
    (version,) = db.execute("PRAGMA user_version").fetchone()
    (mode,) = db.execute("PRAGMA journal_mode").fetchone()
    rows = db.execute("SELECT deck, qid, ord, reviewed_at, rating, duration_ms, phase, due FROM review_log").fetchall()
    db.close()
    assert version == SCHEMA_VERSION
    assert mode == "wal"
    assert rows[0] == ("Baclofen", "receptor-target", 0, "2026-01-05T10:00:00.000000+00:00", 3, 1200, 1,
                       "2026-01-05T10:10:00.000000+00:00")  # fmt: skip


def test_cards_are_keyed_by_deck_id_and_cloze_number(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    keys = [("A", "q", 0), ("B", "q", 0), ("A", "cloze", 1), ("A", "cloze", 2)]
    for key, rating in zip(keys, (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY), strict=True):
        answer(path, key, rating, T0)
    with open_state(path) as store:
        cards = store.cards()
    assert set(cards) == set(keys)
    assert cards[("A", "cloze", 1)].state.due < cards[("A", "cloze", 2)].state.due
    assert cards[("A", "q", 0)].state.due < cards[("B", "q", 0)].state.due


def test_schedule_sees_the_state_as_stored(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    key = ("D", "q", 0)
    stored = answer(path, key, Rating.GOOD, T0)
    seen: list[CardState | None] = []

    def schedule(before: CardState | None) -> CardState:
        seen.append(before)
        return stored

    with open_state(path) as store:
        store.record(key, Rating.GOOD, stored.due, 0, schedule)
    assert seen == [stored]


def test_lapses_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    key = ("D", "q", 0)
    state = answer(path, key, Rating.EASY, T0)
    answer(path, key, Rating.AGAIN, state.due)
    with open_state(path) as store:
        assert store.cards()[key].lapses == 1


def test_empty_file_is_a_new_state(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.touch()
    answer(path, ("D", "q", 0), Rating.GOOD, T0)
    with open_state(path) as store:
        assert store.review_count() == 1


# Refusals: a clear message naming the file, and the file's bytes unchanged.


def valid_state(tmp_path: Path, answers: int = 300) -> Path:
    path = tmp_path / "valid.sqlite3"
    with open_state(path) as store:
        for i in range(answers):
            key = ("Deck", f"question-{i:04d}-" + "x" * 40, 0)
            store.record(key, Rating.GOOD, T0, 100, lambda before: EXACT.review(before, Rating.GOOD, T0))
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return path


def refused(path: Path, *match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(QuizgenError) as info:
        with open_state(path) as store:
            store.known_keys()
            store.due_states(T0)
    message = str(info.value)
    assert str(path) in message
    for part in match:
        assert part in message
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(os.urandom(8192))
    refused(path, "not a quizgen progress file")


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_text("my notes\nnot a database\n", encoding="utf-8")
    refused(path, "not a quizgen progress file")


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    path = valid_state(tmp_path)
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[: len(data) // 2])
    refused(path, "truncated")


def test_file_cut_inside_the_header_is_refused(tmp_path: Path) -> None:
    path = valid_state(tmp_path)
    path.write_bytes(path.read_bytes()[:60])
    refused(path, "not a quizgen progress file")


def test_damaged_pages_are_refused(tmp_path: Path) -> None:
    path = valid_state(tmp_path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : len(data)] = os.urandom(len(data) - page)  # keep the header page, scramble the rest
    path.write_bytes(bytes(data))
    refused(path, "damaged")


def test_damaged_pages_in_wal_mode_are_refused(tmp_path: Path) -> None:
    path = valid_state(tmp_path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)
    path.write_bytes(bytes(data))
    refused(path, "damaged")


def test_newer_version_is_refused(tmp_path: Path) -> None:
    path = valid_state(tmp_path, answers=3)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    refused(path, "newer", "upgrade")


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.commit()
    db.close()
    refused(path, "not a quizgen progress file")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QuizgenError, match="is a folder"):
        open_state(tmp_path)


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [("phase", 7, "phase is 7"), ("phase", "learning", "phase is 'learning'"), ("due", "2026-01-05 soon", "soon"),
     ("last_review", "2026-01-05T10:00:00", "no UTC offset")],
)  # fmt: skip
def test_a_card_row_quizgen_cannot_read_is_refused_by_every_reader(
    tmp_path: Path, column: str, value: object, match: str
) -> None:
    path = tmp_path / "state.sqlite3"
    key = ("D", "q", 0)
    state = answer(path, key, Rating.GOOD, T0)
    db = sqlite3.connect(path)
    db.execute(f"UPDATE cards SET {column} = ?", (value,))
    db.commit()
    db.close()
    before = path.read_bytes()
    due_at = T0 + timedelta(days=1)
    readers: dict[str, Callable[[StateFile], object]] = {
        "cards": lambda store: store.cards(),
        "due_states": lambda store: store.due_states(due_at, due_at + timedelta(hours=1)),
        "record": lambda store: store.record(key, Rating.GOOD, due_at, 0, lambda before: state),
    }
    for name, read in readers.items():
        with open_state(path) as store, pytest.raises(QuizgenError) as info:
            read(store)
        message = str(info.value)
        assert str(path) in message and "holds a value quizgen cannot read" in message, (name, message)
        assert match in message, (name, message)
    assert path.read_bytes() == before
    with open_state(path) as store:
        assert store.review_count() == 1  # the refused answer was not written


def test_due_states_reads_reviews_due_today_and_learning_cards_due_now(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    review, learning = ("D", "review", 0), ("D", "learning", 0)
    graduated = answer(path, review, Rating.EASY, T0)  # a review card, due in days
    now = graduated.due - timedelta(hours=5)
    stepping = answer(path, learning, Rating.AGAIN, now)  # a learning card, due in a minute
    day_end = graduated.due + timedelta(hours=1)
    with open_state(path) as store:
        assert store.due_states(now) == {}  # without the day's end: the exact rule for every card
        assert store.due_states(now, day_end) == {review: graduated}  # the learning card waits its minute
        assert store.due_states(now, graduated.due) == {}  # due at the very end of the day: tomorrow's
        assert store.due_states(stepping.due, day_end) == {review: graduated, learning: stepping}
        assert store.due_states(graduated.due, graduated.due) == {review: graduated, learning: stepping}


# Two writers at once.

WRITER = """
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from quizgen.scheduler import Rating, Scheduler
from quizgen.state import open_state

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
scheduler = Scheduler(fuzz=False)
t0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
with open_state(path) as store:
    for i in range(count):
        at = t0 + timedelta(seconds=i)
        key = ("Deck", "shared" if i % 2 else f"{name}-{i}", 0)
        store.record(key, Rating.GOOD, at, 10, lambda before: scheduler.review(before, Rating.GOOD, at))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    count = 150
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count)], stderr=subprocess.PIPE)
        for name in ("one", "two")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*) FROM reviews").fetchone() == (2 * count,)
    assert db.execute("SELECT reps FROM cards WHERE qid = 'shared'").fetchone() == (count,)
    assert db.execute("SELECT COUNT(*) FROM cards").fetchone() == (count + 1,)
    db.close()
