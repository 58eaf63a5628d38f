"""The progress file: every card's FSRS state and the full review log, in one SQLite database.

The whole schema is here (:data:`SCHEMA`), versioned by ``PRAGMA user_version``.
A card is keyed by deck, question id and cloze number (0 for other types), so
editing a question keeps its history, a removed question's rows are simply no
longer asked for, and a new one starts new.

Nothing is ever lost or clobbered:

- each answer is one short ``BEGIN IMMEDIATE`` transaction (read the card,
  schedule it, write card and log row, commit) made before the next card is
  shown, so ``kill -9`` loses at most the answer being given;
- WAL mode and a busy timeout let two sessions share the file;
- a file that is not a quizgen state file (random bytes, text, another
  program's database, a truncated copy) or that a newer quizgen wrote is
  refused with a :class:`QuizgenError` naming it, before SQLite writes a byte.

Times are stored as ISO 8601 text in UTC (``2026-01-05T10:00:00.000000+00:00``),
which sorts correctly as text and reads well in the ``sqlite3`` shell.

The schema only grows: each version adds to the last through a step of
:data:`MIGRATIONS`, run once in one transaction when a file of an older
version is opened (after an integrity check), so a learner's cards and review
log survive every upgrade. A file of a newer version is refused untouched.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable, Container, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import assert_never

from quizgen.answers import Given, Matched, Ordered, Picked, Said, Shown, TypedText
from quizgen.errors import QuizgenError
from quizgen.outcome import Outcome
from quizgen.scheduler import CardKey, CardState, Phase, Rating

SCHEMA_VERSION = 2

#: The view for reading the log in the ``sqlite3`` shell; recreated by a migration that adds columns.
REVIEW_LOG_VIEW = """
CREATE VIEW IF NOT EXISTS review_log AS
    SELECT r.id, c.deck, c.qid, c.ord, r.reviewed_at, r.rating, r.duration_ms,
           r.phase, r.step, r.stability, r.difficulty, r.due, r.answer, r.verdict
    FROM reviews r JOIN cards c ON c.id = r.card_id;
"""

SCHEMA = (
    """
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
    due         TEXT    NOT NULL,           -- ... and when it was next due
    answer      TEXT,                       -- (2) what was answered, JSON: {"typed": "text"},
                                            --     {"picked": ["option text", ...]}, {"said": true|false},
                                            --     {"shown": true}; NULL in rows written before version 2
    verdict     TEXT                        -- (2) 'right', 'close', 'wrong'; NULL when self-rated
);
CREATE INDEX IF NOT EXISTS reviews_time ON reviews (reviewed_at);
CREATE INDEX IF NOT EXISTS reviews_card ON reviews (card_id, reviewed_at);
"""
    + REVIEW_LOG_VIEW
)

#: Version N-1 -> N, one statement each, in order. Columns are added at the end, so a migrated file has the
#: very tables a new one gets (tests/test_state.py compares them).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE reviews ADD COLUMN answer TEXT",
        "ALTER TABLE reviews ADD COLUMN verdict TEXT",
        "DROP VIEW IF EXISTS review_log",
        REVIEW_LOG_VIEW,
    ),
}

_TABLES = {"cards", "reviews"}
_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _time(text: str) -> datetime:
    """A stored time; one without an offset (not written by quizgen) is refused as unreadable."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"the time {text!r} has no UTC offset")
    return moment


_PHASES = {int(phase): phase for phase in Phase}
#: The verdicts the ``verdict`` column holds, by their text (an Outcome's value).
_VERDICTS = {str(outcome): outcome for outcome in Outcome}


def given_json(given: Given) -> str:
    """What was answered as the ``answer`` column holds it."""
    import json

    match given:
        case TypedText(text):
            value: object = {"typed": text}
        case Picked(options):
            value = {"picked": list(options)}
        case Said(said):
            value = {"said": said}
        case Shown():
            value = {"shown": True}
        case Matched(pairs):
            value = {"matched": [list(pair) for pair in pairs]}
        case Ordered(entries):
            value = {"ordered": list(entries)}
        case _:
            assert_never(given)
    return json.dumps(value, ensure_ascii=False)


def given_from_json(text: str) -> Given:
    """The ``answer`` column read back; anything else raises :class:`ValueError` (a message naming the file)."""
    import json

    value = json.loads(text)
    if isinstance(value, dict) and len(value) == 1:
        match value:
            case {"typed": str(typed)}:
                return TypedText(typed)
            case {"picked": list(options)} if all(isinstance(o, str) for o in options):
                return Picked(tuple(options))
            case {"said": bool(said)}:
                return Said(said)
            case {"shown": True}:
                return Shown()
            case {"matched": list(pairs)} if all(
                isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], str | None)
                for p in pairs
            ):
                return Matched(tuple((p[0], p[1]) for p in pairs))
            case {"ordered": list(entries)} if all(isinstance(e, str) for e in entries):
                return Ordered(tuple(entries))
    raise ValueError(f"an answer is {text!r}, not one quizgen writes")


def _row_state(
    phase: int,
    step: int | None,
    stability: float | None,
    difficulty: float | None,
    due: str,
    last_review: str | None,
) -> CardState:
    """A card's state from the columns of its row: the one decoder of ``cards``, ``due_states`` and ``record``.

    A value quizgen cannot read (an unknown phase, a time that is not one)
    raises :class:`ValueError` or :class:`TypeError`, which
    :meth:`StateFile._errors` turns into a message naming the file.
    """
    known = _PHASES.get(phase)
    if known is None:
        raise ValueError(f"a card's phase is {phase!r}; only 1, 2 and 3 are known")
    return CardState(known, step, stability, difficulty, _time(due), _time(last_review) if last_review else None)


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A card's state as kept, with when it was first studied (to count new cards per day)."""

    state: CardState
    first_review: datetime
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True)
class Review:
    """One row of the review log; ``answer`` and ``verdict`` are ``None`` where nothing was kept (before version 2)."""

    key: CardKey
    reviewed_at: datetime
    rating: Rating
    duration_ms: int
    answer: Given | None = None
    verdict: Outcome | None = None


class StateFile:
    """An open progress file. Use :func:`open_state` (or :meth:`open`), then :meth:`close`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> StateFile:
        """Opens (creating when ``create`` and missing) and checks the file; refuses anything not ours."""
        _check_file(path)
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise QuizgenError(f"no progress file at {path}")
        if not exists:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                problem = e.strerror or e
                raise QuizgenError(f"cannot create the folder for the progress file {path}: {problem}") from None
        mode = "rw" if exists or not create else "rwc"
        uri = f"file:{_uri_path(path)}?mode={mode}"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as e:
            raise QuizgenError(f"cannot open the progress file {path}: {e}") from None
        state = cls(path, db)
        try:
            with state._errors():
                state._prepare()
        except BaseException:
            db.close()
            raise
        return state

    def _prepare(self) -> None:
        """Checks the file, creating the schema if it is new; retried while another session holds a lock.

        Two sessions that open a new file at once race to create it and to
        switch it to WAL mode, and SQLite reports some of those clashes as
        "busy" at once, without waiting: so the whole step is tried again.
        """
        import time

        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._prepare_once()
                return
            except sqlite3.OperationalError as e:
                if self._db.in_transaction:
                    self._db.rollback()
                busy = "locked" in str(e) or "busy" in str(e)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _prepare_once(self) -> None:
        """Checks the version and tables before anything is written, then sets WAL mode."""
        db = self._db
        db.execute("BEGIN")  # one consistent read of version and tables
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise QuizgenError(
                f"the progress file {self.path} was written by a newer quizgen (schema version {version}; "
                f"this one reads up to {SCHEMA_VERSION}); upgrade quizgen to use it. The file was left untouched."
            )
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        db.execute("COMMIT")
        if version == 0 and tables:
            raise QuizgenError(
                f"{self.path} is an SQLite database but not a quizgen progress file; it was left untouched"
            )
        if version > 0 and not _TABLES <= tables:
            raise QuizgenError(f"the progress file {self.path} is damaged (tables are missing); it was left untouched")
        checked = False
        if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            # Switching to WAL rewrites the header: make sure the file is sound before touching it.
            if version > 0:
                self.check()
                checked = True
            db.execute("PRAGMA journal_mode = WAL")
        if version == 0:
            # Idempotent (IF NOT EXISTS), so two sessions creating the file at once both succeed.
            try:
                db.executescript(f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
            except BaseException:
                if db.in_transaction:
                    db.rollback()
                raise
        elif version < SCHEMA_VERSION:
            if not checked:
                self.check()  # an upgrade writes: only to a sound file
            self._migrate()

    def _migrate(self) -> None:
        """Brings an older file up to :data:`SCHEMA_VERSION`, keeping every row; one transaction, all or nothing.

        The version is read again inside the write transaction, so two sessions
        that open an old file at once upgrade it once.
        """
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.rollback()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turns SQLite's failures into a message that names the file."""
        try:
            yield
        except QuizgenError:
            raise
        except sqlite3.OperationalError as e:
            text = str(e)
            if "locked" in text or "busy" in text:
                raise QuizgenError(
                    f"the progress file {self.path} is busy (another quizgen is writing to it); try again"
                ) from None
            if "readonly" in text or "read-only" in text:
                raise QuizgenError(f"cannot write to the progress file {self.path}: it is read-only") from None
            raise QuizgenError(f"cannot use the progress file {self.path}: {text}") from None
        except sqlite3.DatabaseError as e:
            raise QuizgenError(
                f"the progress file {self.path} is damaged or not a quizgen progress file ({e}); it was left untouched"
            ) from None
        except (ValueError, TypeError) as e:
            raise QuizgenError(f"the progress file {self.path} holds a value quizgen cannot read ({e})") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One short write transaction, taken up front so two sessions queue instead of deadlocking."""
        db = self._db
        if db.in_transaction:
            yield
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if db.in_transaction:
                db.rollback()
            raise
        if db.in_transaction:
            db.execute("COMMIT")

    # Reading

    def cards(self) -> dict[CardKey, StoredCard]:
        """Every card's stored state, keyed by (deck, id, cloze number); the review log is not read."""
        out: dict[CardKey, StoredCard] = {}
        with self._errors():
            rows = self._db.execute(
                "SELECT deck, qid, ord, phase, step, stability, difficulty, due, last_review, first_review,"
                " reps, lapses FROM cards"
            ).fetchall()
            for deck, qid, ord_, phase, step, stability, difficulty, due, last, first, reps, lapses in rows:
                state = _row_state(phase, step, stability, difficulty, due, last)
                out[(deck, qid, ord_)] = StoredCard(state, _time(first), reps, lapses)
        return out

    def known_keys(self) -> set[CardKey]:
        """The key of every card ever studied: whatever is not here is new."""
        with self._errors():
            return set(self._db.execute("SELECT deck, qid, ord FROM cards"))

    def due_states(self, now: datetime, day_end: datetime | None = None) -> dict[CardKey, CardState]:
        """The state of every card due at ``now``, by the rule of :func:`quizgen.scheduler.is_due`.

        A card in its learning or relearning steps is due once ``due <= now``; a
        review card is due when ``due`` falls before ``day_end``, the end of the
        study day. Without ``day_end`` every card keeps the exact rule
        (``due <= now``). Either way only the rows due by then are read, through
        the ``due`` index.
        """
        where, args = _due_where(now, day_end)
        with self._errors():
            rows = self._db.execute(
                "SELECT deck, qid, ord, phase, step, stability, difficulty, due, last_review FROM cards WHERE " + where,
                args,
            ).fetchall()
            return {
                (deck, qid, ord_): _row_state(phase, step, stability, difficulty, due, last)
                for deck, qid, ord_, phase, step, stability, difficulty, due, last in rows
            }

    def due_cards(
        self, now: datetime, day_end: datetime | None = None, among: Container[CardKey] | None = None
    ) -> DueCards:
        """The cards :meth:`due_states` reads, each state decoded only when a session asks for it.

        ``play`` orders its queue from the phase and due time alone, so its first
        card does not wait for thousands of states it does not show yet. Only the
        cards ``among`` (all when ``None``) are in :meth:`DueCards.schedule`.
        """
        where, args = _due_where(now, day_end)
        with self._errors():
            db = self._db
            (due,) = db.execute("SELECT count(*) FROM cards WHERE " + where, args).fetchone()
            (total,) = db.execute("SELECT count(*) FROM cards").fetchone()
            table = "cards NOT INDEXED" if 8 * due > total else "cards"  # many due: one pass beats the index
            found = db.execute(
                "SELECT deck, qid, ord, phase, step, stability, difficulty, due, last_review"
                f" FROM {table} WHERE {where}",
                args,
            )
            rows: dict[CardKey, _DueRow] = {row[:3]: row for row in found}
            phases = {row[3] for row in rows.values()}
            for phase in phases - _PHASES.keys():
                raise ValueError(f"a card's phase is {phase!r}; only 1, 2 and 3 are known")
            keep = rows.keys() if among is None else among
            schedule = [(key, _PHASES[row[3]], _time(row[7])) for key, row in rows.items() if key in keep]
        return DueCards(self, rows, schedule)

    def due_groups(self, now: datetime, day_end: datetime | None = None) -> list[DueGroup] | None:
        """The cards :meth:`due_states` reads, as few objects: grouped by deck, cloze number and phase.

        Each group holds its question ids and, for cards in their learning or relearning
        steps, their due times. ``play`` counts and picks its first card from these without a
        Python object per due card. None when a row is not one quizgen writes (an unknown
        phase, an id holding a NUL): :meth:`due_cards` then reads them (and reports what is wrong).
        """
        where, args = _due_where(now, day_end)
        with self._errors():
            db = self._db
            (total,) = db.execute("SELECT count(*) FROM cards").fetchone()
            probe = f"SELECT count(*) FROM (SELECT 1 FROM cards WHERE {where} LIMIT ?)"  # counted up to what decides
            (due,) = db.execute(probe, (*args, total // 8 + 1)).fetchone()
            table = "cards NOT INDEXED" if 8 * due > total else "cards"  # many due: one pass beats the index
            rows = db.execute(
                "SELECT deck, ord, phase, count(*), group_concat(qid, char(0)),"
                " group_concat(CASE WHEN phase = ? THEN NULL ELSE due END, char(0))"
                f" FROM {table} WHERE {where} GROUP BY deck, ord, phase",
                (int(Phase.REVIEW), *args),
            ).fetchall()
            groups = []
            for deck, ord_, phase, count, ids, dues in rows:
                known = _PHASES.get(phase)
                if known is None or not isinstance(ord_, int) or not isinstance(deck, str):
                    return None
                split = ids.split("\0")
                times = [_time(due) for due in dues.split("\0")] if known is not Phase.REVIEW else None
                if len(split) != count or (times is not None and len(times) != count):
                    return None  # an id holds a NUL
                groups.append(DueGroup(deck, ord_, known, split, times))
        return groups

    def first_due_reviews(
        self, now: datetime, day_end: datetime | None, wanted: Callable[[CardKey], bool]
    ) -> list[CardKey]:
        """The due review cards ``wanted`` accepts that are due first: several when due at the very same time.

        Read through the ``due`` index in due order, stopping at the first later time, so the
        first review of a session costs a few rows however many are due. Times are compared as
        stored, ISO 8601 text in UTC, which sorts as the times do (as :func:`_due_where` compares them).
        """
        where, args = _due_where(now, day_end)
        found: list[CardKey] = []
        first = None
        with self._errors():
            cursor = self._db.execute(
                f"SELECT deck, qid, ord, due FROM cards WHERE ({where}) AND phase = ? ORDER BY due",
                (*args, int(Phase.REVIEW)),
            )
            try:
                for deck, qid, ord_, due in cursor:
                    if found and due != first:
                        break
                    key = (deck, qid, ord_)
                    if wanted(key):
                        found.append(key)
                        first = due
            finally:
                cursor.close()
        return found

    def state_of(self, key: CardKey) -> CardState | None:
        """One card's state as stored now; None for a card never studied."""
        with self._errors():
            row = self._db.execute(
                "SELECT phase, step, stability, difficulty, due, last_review FROM cards"
                " WHERE deck = ? AND qid = ? AND ord = ?",
                key,
            ).fetchone()
            return None if row is None else _row_state(*row)

    def _decode(self, row: _DueRow) -> CardState:
        """A row kept by :meth:`due_cards` as its state."""
        with self._errors():
            return _row_state(*row[3:])

    def known_count(self) -> int:
        """How many cards were ever studied (some may have left the bank since)."""
        with self._errors():
            (count,) = self._db.execute("SELECT count(*) FROM cards").fetchone()
            return int(count)

    def introduced_since(self, since: datetime) -> set[CardKey]:
        """The cards first studied at or after ``since``: how many new cards today has used."""
        with self._errors():
            return set(self._db.execute("SELECT deck, qid, ord FROM cards WHERE first_review >= ?", (_iso(since),)))

    def next_due(self, keys: Container[CardKey], after: datetime) -> datetime | None:
        """The earliest due time later than ``after`` among ``keys``."""
        with self._errors():
            rows = self._db.execute("SELECT deck, qid, ord, due FROM cards WHERE due > ? ORDER BY due", (_iso(after),))
            for deck, qid, ord_, due in rows:
                if (deck, qid, ord_) in keys:
                    return _time(due)
        return None

    def reviews_since(self, since: datetime | None) -> list[Review]:
        """The review log from ``since`` on (all of it for ``None``), oldest first, with what was answered."""
        where, args = ("", ()) if since is None else (" WHERE r.reviewed_at >= ?", (_iso(since),))
        with self._errors():
            rows = self._db.execute(
                "SELECT c.deck, c.qid, c.ord, r.reviewed_at, r.rating, r.duration_ms, r.answer, r.verdict"
                f" FROM reviews r JOIN cards c ON c.id = r.card_id{where} ORDER BY r.reviewed_at, r.id",
                args,
            ).fetchall()
            return [
                Review(
                    (d, q, o), _time(at), Rating(rating), ms,
                    given_from_json(answer) if answer is not None else None, _verdict(verdict),
                )
                for d, q, o, at, rating, ms, answer, verdict in rows
            ]  # fmt: skip

    def review_count(self) -> int:
        with self._errors():
            return int(self._db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    def check(self) -> None:
        """A full consistency check of the file (slow on big files: for ``stats``, not for startup)."""
        with self._errors():
            result = self._db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise QuizgenError(f"the progress file {self.path} is damaged ({result}); it was left untouched")

    # Writing

    def record(
        self,
        key: CardKey,
        rating: Rating,
        reviewed_at: datetime,
        duration_ms: int,
        schedule: Callable[[CardState | None], CardState],
        *,
        answer: Given | None = None,
        verdict: Outcome | None = None,
    ) -> CardState:
        """Reviews one card and commits it with its log row (and what was answered) before returning.

        ``schedule`` gets the card's state as it is in the file *now* (another
        session may have changed it) and returns the state after the review.
        ``verdict`` is the judge's, or ``None`` when the learner rated themselves; the file keeps its text.
        """
        stored_verdict = None if verdict is None else Outcome(verdict).value
        stored_answer = given_json(answer) if answer is not None else None
        deck, qid, ord_ = key
        at = _iso(reviewed_at)
        with self._errors(), self._transaction():
            db = self._db
            row = db.execute(
                "SELECT id, phase, step, stability, difficulty, due, last_review FROM cards"
                " WHERE deck = ? AND qid = ? AND ord = ?",
                key,
            ).fetchone()
            before = None
            if row is not None:
                before = _row_state(*row[1:])
            after = schedule(before)
            lapse = int(rating is Rating.AGAIN and before is not None and before.phase is Phase.REVIEW)
            values = (
                int(after.phase),
                after.step,
                after.stability,
                after.difficulty,
                _iso(after.due),
                _iso(after.last_review) if after.last_review else None,
            )
            if row is None:
                card_id = db.execute(
                    "INSERT INTO cards (deck, qid, ord, phase, step, stability, difficulty, due, last_review,"
                    " first_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                    (deck, qid, ord_, *values, at, lapse),
                ).lastrowid
            else:
                card_id = row[0]
                db.execute(
                    "UPDATE cards SET phase = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?,"
                    " reps = reps + 1, lapses = lapses + ? WHERE id = ?",
                    (*values, lapse, card_id),
                )
            db.execute(
                "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, phase, step, stability, difficulty,"
                " due, answer, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, at, int(rating), max(0, int(duration_ms)), *values[:5], stored_answer, stored_verdict),
            )
        return after


def _due_where(now: datetime, day_end: datetime | None) -> tuple[str, tuple[object, ...]]:
    """The rows due at ``now`` by :func:`quizgen.scheduler.is_due`, as a WHERE clause over the ``due`` index."""
    if day_end is None or day_end <= now:
        return "due <= ?", (_iso(now),)
    return "due < ? AND (due <= ? OR phase = ?)", (_iso(day_end), _iso(now), int(Phase.REVIEW))


@dataclass(frozen=True, slots=True)
class DueGroup:
    """The due cards of one deck, cloze number and phase (see :meth:`StateFile.due_groups`)."""

    deck: str
    ord: int
    phase: Phase
    ids: list[str]
    dues: list[datetime] | None  # for learning and relearning cards: each one's due time, in the order of ids


#: A due card's row as :meth:`StateFile.due_cards` keeps it: deck, id, cloze number, then the state's columns.
_DueRow = tuple[str, str, int, int, int | None, float | None, float | None, str, str | None]


class DueCards(MutableMapping[CardKey, CardState]):
    """The states of the cards due when a session started, decoded when asked for, and those it wrote since.

    :attr:`schedule` gives each due card's phase and due time: what orders the queue.
    """

    def __init__(
        self, store: StateFile, rows: dict[CardKey, _DueRow], schedule: list[tuple[CardKey, Phase, datetime]]
    ) -> None:
        self._store = store
        self._rows = rows
        self._schedule = schedule
        self._states: dict[CardKey, CardState] = {}

    def schedule(self) -> list[tuple[CardKey, Phase, datetime]]:
        """Each card due at the start (of those asked for): its key, phase and due time, in no particular order."""
        return self._schedule

    def __getitem__(self, key: CardKey) -> CardState:
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = self._store._decode(self._rows[key])
        return state

    def __setitem__(self, key: CardKey, state: CardState) -> None:
        self._states[key] = state

    def __delitem__(self, key: CardKey) -> None:
        if key not in self:
            raise KeyError(key)
        self._rows.pop(key, None)
        self._states.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._states or key in self._rows

    def __iter__(self) -> Iterator[CardKey]:
        yield from self._rows
        yield from (key for key in self._states if key not in self._rows)

    def __len__(self) -> int:
        return len(self._rows) + sum(1 for key in self._states if key not in self._rows)


def _verdict(text: object) -> Outcome | None:
    """The ``verdict`` column's text as the judge's outcome."""
    if text is None:
        return None
    if isinstance(text, str) and text in _VERDICTS:
        return _VERDICTS[text]
    raise ValueError(f"a verdict is {text!r}; only right, close and wrong are known")


def open_state(path: Path, *, create: bool = True) -> StateFile:
    """Opens the progress file at ``path``: see :meth:`StateFile.open`."""
    return StateFile.open(path, create=create)


def _uri_path(path: Path) -> str:
    """The path as an SQLite URI path: only ``%``, ``?`` and ``#`` need escaping (urllib costs startup time)."""
    return str(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _check_file(path: Path) -> None:
    """Refuses, from the raw bytes and before SQLite opens it, a file that cannot be ours.

    An empty file is a new, empty database (as for SQLite itself). A file whose
    header promises more pages than it holds was truncated; that check is
    skipped while a write-ahead log is in use, as the log then holds the newest pages.
    """
    if path.is_dir():
        raise QuizgenError(f"the progress file {path} is a folder")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as e:
        raise QuizgenError(f"cannot read the progress file {path}: {e.strerror or e}") from None
    if size == 0:
        return
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as e:
        raise QuizgenError(f"cannot read the progress file {path}: {e.strerror or e}") from None
    if len(header) < 100 or not header.startswith(_HEADER):
        raise QuizgenError(f"{path} is not a quizgen progress file (not an SQLite database); it was left untouched")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    wal = Path(f"{path}-wal")
    wal_in_use = wal.exists() and wal.stat().st_size > 0
    if pages and change_counter == valid_for and not wal_in_use and size < pages * page_size:
        raise QuizgenError(
            f"the progress file {path} is truncated ({size} bytes of {pages * page_size}); it was left untouched"
        )
    if page_size < 512 or page_size & (page_size - 1):
        raise QuizgenError(f"the progress file {path} is damaged (bad page size); it was left untouched")
