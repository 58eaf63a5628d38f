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

from quizgen.answers import Given, Picked, Said, Shown, TypedText
from quizgen.errors import QuizgenError
from quizgen.outcome import Outcome
from quizgen.scheduler import CardState, Rating, Scheduler
from quizgen.state import SCHEMA_VERSION, StateFile, given_from_json, given_json, open_state

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
        "due_cards": lambda store: dict(store.due_cards(due_at, due_at + timedelta(hours=1))),
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


# Upgrading a progress file written by an older quizgen.

#: The schema of version 1, exactly as quizgen wrote it (``git show 76838d3:quizgen/state.py``).
SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS cards (
    id           INTEGER PRIMARY KEY,
    deck         TEXT    NOT NULL,
    qid          TEXT    NOT NULL,          -- the question's `id`
    ord          INTEGER NOT NULL,          -- cloze number; 0 for every other type
    phase        INTEGER NOT NULL,          -- 1 learning, 2 review, 3 relearning (py-fsrs State)
    step         INTEGER,                   -- learning or relearning step; NULL in review
    stability    REAL,
    difficulty   REAL,
    due          TEXT    NOT NULL,          -- UTC, ISO 8601
    last_review  TEXT,                      -- UTC, ISO 8601
    first_review TEXT    NOT NULL,          -- UTC, ISO 8601: counts new cards per study day
    reps         INTEGER NOT NULL DEFAULT 0,
    lapses       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (deck, qid, ord)
);
CREATE INDEX IF NOT EXISTS cards_due ON cards (due);
CREATE INDEX IF NOT EXISTS cards_first_review ON cards (first_review);
CREATE TABLE IF NOT EXISTS reviews (
    id          INTEGER PRIMARY KEY,
    card_id     INTEGER NOT NULL REFERENCES cards (id),
    reviewed_at TEXT    NOT NULL,           -- UTC, ISO 8601
    rating      INTEGER NOT NULL,           -- 1 again, 2 hard, 3 good, 4 easy
    duration_ms INTEGER NOT NULL,           -- time taken to answer
    phase       INTEGER NOT NULL,           -- the scheduled state after this review ...
    step        INTEGER,
    stability   REAL,
    difficulty  REAL,
    due         TEXT    NOT NULL            -- ... and when it was next due
);
CREATE INDEX IF NOT EXISTS reviews_time ON reviews (reviewed_at);
CREATE INDEX IF NOT EXISTS reviews_card ON reviews (card_id, reviewed_at);
CREATE VIEW IF NOT EXISTS review_log AS
    SELECT r.id, c.deck, c.qid, c.ord, r.reviewed_at, r.rating, r.duration_ms,
           r.phase, r.step, r.stability, r.difficulty, r.due
    FROM reviews r JOIN cards c ON c.id = r.card_id;
"""
OLD_CARDS = [
    (1, "Baclofen", "receptor-target", 0, 2, None, 12.5, 5.1, "2026-01-20T10:00:00.000000+00:00",
     "2026-01-05T10:00:00.000000+00:00", "2026-01-04T09:00:00.000000+00:00", 3, 1),
    (2, "Baclofen", "class-cloze", 2, 1, 0, 0.4, 6.4, "2026-01-05T10:01:00.000000+00:00",
     "2026-01-05T10:00:00.000000+00:00", "2026-01-05T10:00:00.000000+00:00", 1, 0),
]  # fmt: skip
OLD_REVIEWS = [
    (1, 1, "2026-01-04T09:00:00.000000+00:00", 4, 5300, 2, None, 8.2, 4.0, "2026-01-12T09:00:00.000000+00:00"),
    (2, 1, "2026-01-04T09:00:30.000000+00:00", 1, 2100, 3, 0, 2.0, 6.0, "2026-01-04T09:10:30.000000+00:00"),
    (3, 1, "2026-01-05T10:00:00.000000+00:00", 3, 1700, 2, None, 12.5, 5.1, "2026-01-20T10:00:00.000000+00:00"),
    (4, 2, "2026-01-05T10:00:00.000000+00:00", 1, 900, 1, 0, 0.4, 6.4, "2026-01-05T10:01:00.000000+00:00"),
]  # fmt: skip
OLD_REVIEW_COLUMNS = "id, card_id, reviewed_at, rating, duration_ms, phase, step, stability, difficulty, due"


def version_1_file(path: Path, *, wal: bool = False) -> Path:
    """A progress file as quizgen wrote it at schema version 1, with cards and reviews."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_V1 + "PRAGMA user_version = 1;")
    db.executemany(f"INSERT INTO cards VALUES ({', '.join('?' * 13)})", OLD_CARDS)
    db.executemany(f"INSERT INTO reviews VALUES ({', '.join('?' * 10)})", OLD_REVIEWS)
    db.commit()
    if wal:
        db.execute("PRAGMA journal_mode = WAL")
    db.close()
    return path


def columns(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    found = {table: db.execute(f"PRAGMA table_info({table})").fetchall() for table in ("cards", "reviews")}
    found["review_log"] = db.execute("PRAGMA table_info(review_log)").fetchall()
    found["indexes"] = db.execute("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
    db.close()
    return found


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_a_version_1_file_is_upgraded_keeping_every_card_and_review(tmp_path: Path, wal: bool) -> None:
    path = version_1_file(tmp_path / "old.sqlite3", wal=wal)
    with open_state(path) as store:
        cards = store.cards()
        log = store.reviews_since(None)
        assert store.due_states(datetime(2026, 1, 5, 10, 1, tzinfo=UTC)) == {
            ("Baclofen", "class-cloze", 2): cards[("Baclofen", "class-cloze", 2)].state
        }
    assert (cards[("Baclofen", "receptor-target", 0)].reps, cards[("Baclofen", "receptor-target", 0)].lapses) == (3, 1)
    assert [(r.key[1], r.rating, r.duration_ms, r.answer, r.verdict) for r in log] == [
        ("receptor-target", Rating.EASY, 5300, None, None),
        ("receptor-target", Rating.AGAIN, 2100, None, None),
        ("receptor-target", Rating.GOOD, 1700, None, None),
        ("class-cloze", Rating.AGAIN, 900, None, None),
    ]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert db.execute("SELECT * FROM cards ORDER BY id").fetchall() == OLD_CARDS
    assert db.execute(f"SELECT {OLD_REVIEW_COLUMNS} FROM reviews ORDER BY id").fetchall() == OLD_REVIEWS
    assert db.execute("SELECT answer, verdict FROM review_log").fetchall() == [(None, None)] * len(OLD_REVIEWS)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    # The upgraded file has the very tables, view and indexes a new one gets.
    fresh = tmp_path / "new.sqlite3"
    with open_state(fresh):
        pass
    assert columns(path) == columns(fresh)
    # And it takes new answers with what was answered, beside the old rows.
    key = ("Baclofen", "class-cloze", 2)
    at = datetime(2026, 1, 5, 10, 2, tzinfo=UTC)
    with open_state(path) as store:
        store.record(key, Rating.HARD, at, 800, lambda before: EXACT.review(before, Rating.HARD, at),
                     answer=TypedText("spinal cort"), verdict=Outcome.CLOSE)  # fmt: skip
        assert store.cards()[key].reps == 2
        last = store.reviews_since(at)
    assert [(r.key, r.answer, r.verdict) for r in last] == [(key, TypedText("spinal cort"), "close")]
    with open_state(path) as store:
        assert store.review_count() == len(OLD_REVIEWS) + 1


def test_two_sessions_opening_an_old_file_at_once_upgrade_it_once(tmp_path: Path) -> None:
    path = version_1_file(tmp_path / "old.sqlite3")
    script = "import sys; from pathlib import Path; from quizgen.state import open_state\n" \
             "with open_state(Path(sys.argv[1])) as s: print(s.review_count())"  # fmt: skip
    openers = [
        subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for opener in openers:
        out, err = opener.communicate(timeout=120)
        assert opener.returncode == 0, err.decode()
        assert out.decode().strip() == str(len(OLD_REVIEWS))
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    names = [row[1] for row in db.execute("PRAGMA table_info(reviews)")]
    db.close()
    assert names[-2:] == ["answer", "verdict"] and len(names) == len(set(names))


def test_a_damaged_old_file_is_refused_not_upgraded(tmp_path: Path) -> None:
    path = version_1_file(tmp_path / "old.sqlite3")
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, phase, due) VALUES (1, ?, 3, 1,"
                   " 2, ?)", [(f"2026-01-06T{i % 24:02d}", "x" * 500) for i in range(300)])  # fmt: skip
    db.commit()
    db.close()
    data = bytearray(path.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)
    path.write_bytes(bytes(data))
    refused(path, "damaged")
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (1,)


def test_an_upgraded_file_marked_newer_is_still_refused(tmp_path: Path) -> None:
    path = version_1_file(tmp_path / "old.sqlite3")
    with open_state(path):
        pass
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    refused(path, f"schema version {SCHEMA_VERSION + 1}", "upgrade quizgen")


# What was answered, as the log keeps it.


@pytest.mark.parametrize(
    "given",
    [TypedText("  GABA-B, \u201cthe\u201d r\u00e9cepteur "), TypedText(""), Picked(("NMDA receptor", "[red]x[/red]")),
     Picked(()), Said(True), Said(False), Shown()],
    ids=repr,
)  # fmt: skip
def test_answers_are_kept_exactly(tmp_path: Path, given: Given) -> None:
    path = tmp_path / "state.sqlite3"
    with open_state(path) as store:
        store.record(("D", "q", 0), Rating.GOOD, T0, 10, lambda before: EXACT.review(before, Rating.GOOD, T0),
                     answer=given, verdict=Outcome.RIGHT)  # fmt: skip
        (review,) = store.reviews_since(T0)
    assert (review.answer, review.verdict) == (given, "right")
    assert given_from_json(given_json(given)) == given


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [("answer", '{"typed": 3}', "not one quizgen writes"), ("answer", "not json", "Expecting value"),
     ("answer", '{"picked": ["a"], "said": true}', "not one quizgen writes"), ("verdict", "maybe", "'maybe'")],
)  # fmt: skip
def test_an_answer_quizgen_cannot_read_is_a_clean_error(tmp_path: Path, column: str, value: str, match: str) -> None:
    path = tmp_path / "state.sqlite3"
    answer(path, ("D", "q", 0), Rating.GOOD, T0)
    db = sqlite3.connect(path)
    db.execute(f"UPDATE reviews SET {column} = ?", (value,))
    db.commit()
    db.close()
    with open_state(path) as store, pytest.raises(QuizgenError) as info:
        store.reviews_since(None)
    assert "holds a value quizgen cannot read" in str(info.value) and match in str(info.value)
    assert str(path) in str(info.value)
