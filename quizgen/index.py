"""The bank index: each question file's checked questions, kept between runs so a command re-reads only what changed.

A row per question file holds what checking that file alone gave (its topic,
the images it shows, its warnings), keyed by the file's bytes and by how each
of those images looks on disk (size, time, inode). An image is kept as its path
and digest, never its bytes: an output reads them then, held to the digest
(:meth:`quizgen.images.ImageFile.read`), so an edit that fools the stamp is still
refused. A command parses and checks only the files whose row is missing or
stale (each with its image pass, as a whole-bank check runs it), then runs the
checks that span files (duplicate ids, pools, decks merged) on the whole set of
per-file results.
Each row also holds the file's small summary (its question ids, the cloze
numbers and pools among them), from which ``play`` builds its card list without
unpickling questions; the card list of the whole bank is kept too, with each
file's digest and how the file looked on disk (size, times, inode), so an
unchanged bank's ``play`` hashes no file, reads one row, then each question's
file when one of its cards is shown.

The index is SQLite, from the standard library: one file in the user's cache
folder, which two processes may read and write at once (its own locking), which a
run killed mid-write leaves as it was (transactions), and whose rows are read and
replaced one at a time, so an edit rewrites one file's row, not a whole-bank pickle.

It is only a cache. A file that checks with any problem is never stored, and a bank
with an error or a cross-file conflict is read again whole by :func:`quizgen.load.full_read`,
so messages are exactly those of a run without the index. A missing, corrupt or
locked index, or one written by other code, is ignored or rebuilt without a word.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import sqlite3
import time
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen import __version__
from quizgen.cachedb import open_cache

try:  # the builtin BLAKE2 hashlib itself serves, without loading OpenSSL (only files' digests need it)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b
from quizgen.errors import Problem
from quizgen.model import Bank, Deck, Question, Topic

if TYPE_CHECKING:
    from quizgen.images import ImageFile  # imported by pickle only for a bank that shows images

#: A card: deck, question id, cloze number (0 for other types), as the progress file keys it.
CardKey = tuple[str, str, int]

#: The index's file name in the cache folder.
INDEX_NAME = "index.sqlite3"
#: Rows not written for this long are dropped (the file was moved, or the bank deleted).
KEEP_SECONDS = 30 * 24 * 3600
#: An image modified this recently may still be being written: its row is not stored (it is checked again next run).
_RACY_NS = 2_000_000_000
#: How many cards :class:`LazyCards` looks up by searching its ids before it builds a dict of them.
_SEARCHES = 32
#: Above every file number: a (place, number) pair with it sorts after every pair of that place.
_LAST = 2**63
#: Queued rows are written once they hold this many bytes, so a first run does not keep the whole index in memory.
_FLUSH_BYTES = 4 * 1024 * 1024

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS banks (
    places BLOB PRIMARY KEY,  -- the working folder and the paths of the bank's files, in order
    digests BLOB NOT NULL,    -- of the files' bytes, in order, one after the other
    written INTEGER NOT NULL,
    summary BLOB NOT NULL,    -- the pickled CardList
    looks BLOB NOT NULL       -- the pickled FileLooks of the files, in order (None where not trusted)
);
CREATE TABLE IF NOT EXISTS files (
    place TEXT PRIMARY KEY,   -- the working folder and the path as given: results name that path
    digest BLOB NOT NULL,     -- of the file's bytes
    written INTEGER NOT NULL, -- unix time, for pruning
    result BLOB NOT NULL,     -- the pickled FileResult
    summary BLOB NOT NULL     -- the pickled FileSummary: what play's card list and the cross-file checks need
);
"""

#: How an image file looked on disk: (path, size, mtime ns, inode, device); None when it could not be read.
Stamp = tuple[str, int, int, int, int]
#: How a question file looked on disk just after it was read: (size, mtime ns, ctime ns, inode, device).
FileLook = tuple[int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class FileResult:
    """What checking one file alone gave, when it gave no problem."""

    topic: Topic
    images: tuple[ImageFile, ...]
    warnings: tuple[Problem, ...]
    stamps: tuple[Stamp, ...]
    #: Each question's :func:`quizgen.memo.digest` when a build checked the file (none when another command did).
    digests: tuple[bytes, ...] = ()


@dataclass(frozen=True, slots=True)
class FileSummary:
    """A checked file as play's card list sees it: its question ids, and the cloze numbers and pools among them.

    Kept lean (one string of ids, small dicts of the exceptions) so that a card list rebuilt after an
    edit unpickles no object per question.
    """

    deck: str
    ids: str  # the questions' ids in file order, joined by NUL (an id never holds one)
    clozes: dict[str, tuple[int, ...]]  # the card numbers of each question whose cards are not just (0,)
    pools: dict[str, tuple[str, Fraction]]  # each pooled question's pool and points
    stamps: tuple[Stamp, ...]

    @staticmethod
    def of(topic: Topic, stamps: tuple[Stamp, ...]) -> FileSummary:
        from quizgen.model import card_numbers, points

        clozes: dict[str, tuple[int, ...]] = {}
        pools: dict[str, tuple[str, Fraction]] = {}
        for q in topic.questions:
            numbers = card_numbers(q)
            if numbers != (0,):
                clozes[q.id] = numbers
            if q.pool is not None:
                pools[q.id] = (q.pool, points(q))
        return FileSummary(topic.deck, "\0".join(q.id for q in topic.questions), clozes, pools, stamps)


def split_ids(joined: str) -> list[str]:
    """The ids a :class:`FileSummary` or :class:`DeckCards` joined."""
    return joined.split("\0") if joined else []


def code_stamp() -> str:
    """This quizgen's version and its source files' sizes and times: a row written by other code is not trusted."""
    digest = blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent
    for folder in (package, package / "kinds"):
        try:
            entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder))
        except OSError:
            continue
        for name, size, mtime in entries:
            if name.endswith(".py"):
                digest.update(f"{name}:{size}:{mtime};".encode())
    return digest.hexdigest()


def file_digest(data: bytes) -> bytes:
    """The digest of a question file's bytes (hashlib is imported here: a warm ``play`` hashes no file)."""
    import hashlib

    return hashlib.sha256(data).digest()  # the fastest of hashlib where the CPU has SHA instructions


#: Below this many bytes to hash, :func:`file_digests` uses CPython's own SHA-256: loading OpenSSL costs more.
_SMALL_HASH = 1 << 20


def file_digests(datas: Sequence[bytes]) -> list[bytes]:
    """:func:`file_digest` of each; the same digests, a few small files hashed without loading OpenSSL.

    After an edit ``play`` hashes the edited file alone: CPython's builtin SHA-256 (``_sha2``, or
    ``_sha256`` before 3.12) does that in a fraction of what importing hashlib's OpenSSL takes.
    """
    if sum(len(data) for data in datas) < _SMALL_HASH:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            try:
                from _sha256 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
            except ImportError:  # pragma: no cover - an interpreter without them
                return [file_digest(data) for data in datas]
        return [sha256(data).digest() for data in datas]
    return [file_digest(data) for data in datas]


_DIGEST_SIZE = 32  # of file_digest


def trusted_look(look: FileLook | None, read_ns: int) -> FileLook | None:
    """``look`` when it can stand for the file's bytes in a later run, else None.

    A file's times have the granularity of the kernel's clock tick, so a file rewritten within the
    tick of the write it was read after could keep its size and times. A look is trusted only when
    the file was last changed (mtime and ctime) :data:`_RACY_NS` before ``read_ns``, when reading
    began: any later write then shows in its times. A time in the future is never trusted.
    """
    if look is None or max(look[1], look[2]) >= read_ns - _RACY_NS:
        return None
    return look


@dataclass(frozen=True, slots=True)
class StoredBank:
    """A ``banks`` row: the files' digests (one after the other), how each looked, the pickled card list."""

    digests: bytes
    looks: list[FileLook | None]
    cards: bytes

    def digest_of(self, number: int, look: FileLook | None) -> bytes | None:
        """The stored digest of file ``number`` when it looks now as it did (trusted) when stored."""
        if look is None or number >= len(self.looks) or self.looks[number] != look:
            return None
        return self.digests[_DIGEST_SIZE * number : _DIGEST_SIZE * (number + 1)]


def image_stamps(images: Sequence[ImageFile], newer_than: int | None = None) -> tuple[Stamp, ...] | None:
    """How each image file looks on disk now; None when one is gone (or, with ``newer_than``, changed since then)."""
    return stamps_of([image.path for image in images], newer_than)


def stamps_of(paths: Sequence[str], newer_than: int | None = None) -> tuple[Stamp, ...] | None:
    """:func:`image_stamps` by the images' paths."""
    stamps = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if newer_than is not None and st.st_mtime_ns >= newer_than:
            return None
        stamps.append((path, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev))
    return tuple(stamps)


def still(stamps: tuple[Stamp, ...] | None) -> bool:
    """Whether the image files look as ``stamps`` recorded."""
    return stamps is not None and stamps_of([stamp[0] for stamp in stamps]) == stamps


class Index:
    """An open index; every method swallows the index's own failures (the caller then checks the file itself)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.cwd = os.getcwd()
        self.pending: list[tuple[str, bytes, int, bytes, bytes]] = []
        self.broken = False
        self.pending_bytes = 0
        self.wrote = False

    @classmethod
    def open(cls, folder: Path) -> Index | None:
        """The index in ``folder``, created, emptied for other code, or replaced when corrupt; None when impossible."""
        db = open_cache(folder / INDEX_NAME, _prepare, check_same_thread=False)
        return cls(db) if db is not None else None

    def place(self, path: str) -> str:
        return f"{self.cwd}\0{path}"

    def _stored(self, path: str, digest: bytes, column: str) -> object | None:
        """The unpickled ``column`` of ``path``'s row when its bytes are still ``digest``; None when it cannot serve."""
        if self.broken:
            return None
        try:
            row = self.db.execute(f"SELECT digest, {column} FROM files WHERE place = ?", (self.place(path),)).fetchone()
        except sqlite3.Error:
            self.broken = True  # locked or damaged: the rest of this run checks its files itself
            return None
        if row is None or row[0] != digest:
            return None
        try:
            stored: object = pickle.loads(row[1])
        except Exception:  # noqa: BLE001 - an unreadable row is checked again
            return None
        return stored

    def lookup(self, path: str, digest: bytes) -> FileResult | None:
        """The stored result of ``path`` when its bytes are still ``digest`` and its images unchanged."""
        result = self._stored(path, digest, "result")
        return result if isinstance(result, FileResult) and still(result.stamps) else None

    def summary(self, path: str, digest: bytes) -> FileSummary | None:
        """The stored summary of ``path`` when its bytes are still ``digest`` and its images unchanged."""
        summary = self._stored(path, digest, "summary")
        return summary if isinstance(summary, FileSummary) and still(summary.stamps) else None

    def remember(self, path: str, digest: bytes, bank: Bank, started_ns: int) -> FileSummary | None:
        """Queues the result of checking ``path`` alone (a bank of its one topic, without problems); its summary.

        None when an image it shows was changed too recently to trust its stamp (nothing is stored).
        """
        (deck,) = bank.decks
        (topic,) = deck.topics
        stamps = image_stamps(bank.images, newer_than=started_ns - _RACY_NS)
        if stamps is None:
            return None
        from quizgen import memo

        return self._queue(
            path, digest, FileResult(topic, bank.images, bank.warnings, stamps, memo.digests(topic.questions))
        )

    def remember_digests(self, path: str, digest: bytes, result: FileResult) -> None:
        """Queues ``result`` again with its questions' digests, when a build reads a row that a command keeping no
        parts (``check``, ``play``) wrote without them: that build computes them anyway, and later ones need not."""
        from quizgen import memo

        made = memo.digests(result.topic.questions)
        if made and not result.digests:
            self._queue(path, digest, dataclasses.replace(result, digests=made))

    def _queue(self, path: str, digest: bytes, result: FileResult) -> FileSummary:
        blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        summary = FileSummary.of(result.topic, result.stamps)
        summary_blob = pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending.append((self.place(path), digest, int(time.time()), blob, summary_blob))
        self.pending_bytes += len(blob) + len(summary_blob)
        if self.pending_bytes > _FLUSH_BYTES:
            self.flush()
        return summary

    def flush(self) -> None:
        """Writes the queued rows in one transaction (or none, when another process holds the lock too long)."""
        try:
            if self.pending and not self.broken:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", self.pending)
                self.db.execute("COMMIT")
                self.wrote = True
        except sqlite3.Error:
            self.broken = True
        finally:
            self.pending = []
            self.pending_bytes = 0

    def bank_key(self, paths: Sequence[str]) -> bytes:
        """The key of the bank these files make: where they are (the working folder and the paths, in order)."""
        places = blake2b(self.cwd.encode(), digest_size=20)
        for path in paths:
            places.update(b"\0" + path.encode())
        return places.digest()

    def bank(self, key: bytes) -> StoredBank | None:
        """What was stored for the bank at ``key``: its files' digests and looks, and its card list (not unpickled)."""
        try:
            row = self.db.execute("SELECT digests, looks, summary FROM banks WHERE places = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            looks = pickle.loads(row[1])
        except Exception:  # noqa: BLE001 - an unreadable row is rebuilt
            return None
        digests = bytes(row[0])
        if not isinstance(looks, list) or len(digests) != _DIGEST_SIZE * len(looks):
            return None
        return StoredBank(digests, looks, bytes(row[2]))

    def card_list(self, stored: StoredBank | None, digests: Sequence[bytes]) -> CardList | None:
        """The stored card list, when the files' bytes are still ``digests`` and the images as they were."""
        if stored is None or stored.digests != b"".join(digests):
            return None
        try:
            cards = pickle.loads(stored.cards)
        except Exception:  # noqa: BLE001 - an unreadable row is rebuilt
            return None
        if not isinstance(cards, CardList) or not still(cards.stamps):
            return None
        return cards

    def remember_cards(
        self, key: bytes, digests: Sequence[bytes], looks: Sequence[FileLook | None], cards: CardList
    ) -> None:
        """Stores the card list of a bank (one row per set of paths, replaced after an edit).

        ``looks`` are how the files looked once read, each kept only where it can be trusted (see
        :func:`trusted_look`): a later run that finds a file looking the same takes its digest from here.
        """
        if cards.stamps is None:
            return
        blob = pickle.dumps(cards, protocol=pickle.HIGHEST_PROTOCOL)
        seen = pickle.dumps(list(looks), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO banks VALUES (?, ?, ?, ?, ?)",
                (key, b"".join(digests), int(time.time()), blob, seen),
            )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Writes what is queued, drops rows not written for :data:`KEEP_SECONDS`, and closes the index."""
        self.flush()
        try:
            if self.wrote and not self.broken:  # a run that only read writes nothing
                self.db.execute("DELETE FROM files WHERE written < ?", (int(time.time()) - KEEP_SECONDS,))
                self.db.execute("DELETE FROM banks WHERE written < ?", (int(time.time()) - KEEP_SECONDS,))
        except sqlite3.Error:
            pass
        finally:
            self.db.close()


def _prepare(db: sqlite3.Connection) -> None:
    """Creates the tables; empties them when another quizgen wrote them."""
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(_SCHEMA)
    stamp = code_stamp()
    row = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
    if row is None or row[0] != stamp:  # other code may have stored other shapes: start afresh
        db.execute("BEGIN IMMEDIATE")
        db.execute("DROP TABLE IF EXISTS files")
        db.execute("DROP TABLE IF EXISTS banks")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (stamp,))
        db.execute("COMMIT")


def merge(results: Sequence[FileResult]) -> Bank | None:
    """The bank of these per-file results, in file order; None when files conflict (a duplicate id across files).

    Only the checks that span files run here; any conflict sends the caller to a full read, so that the
    messages are the ones a full read gives.
    """
    decks: dict[str, list[Topic]] = {}
    seen: set[tuple[str, str]] = set()
    images: dict[str, ImageFile] = {}
    warnings: list[Problem] = []
    for result in results:
        topic = result.topic
        for q in topic.questions:
            key = (topic.deck, q.id)
            if key in seen:
                return None
            seen.add(key)
        decks.setdefault(topic.deck, []).append(topic)
        for image in result.images:
            images.setdefault(image.media_name, image)
        warnings.extend(result.warnings)
    return Bank(
        tuple(Deck(name, tuple(topics)) for name, topics in decks.items()),
        tuple(images.values()),
        warnings=tuple(sorted(warnings)),
    )


@dataclass(frozen=True, slots=True)
class DeckCards:
    """One deck's cards in bank order, as few objects: the ids in one string, the exceptions in small dicts."""

    name: str
    ids: str  # every question id of the deck, in bank order, joined by NUL
    files: tuple[tuple[int, int], ...]  # per file of the deck, in order: its first question's place, its number
    clozes: dict[str, tuple[int, ...]]  # the card numbers of each question whose cards are not just (0,)
    pools: dict[str, str]  # each pooled question's pool
    cards: int  # how many cards the deck has


@dataclass(frozen=True, slots=True)
class CardList:
    """What ``play`` needs before its first card: every card in bank order, which file holds it, and its pool."""

    decks: tuple[DeckCards, ...]
    stamps: tuple[Stamp, ...] | None

    @staticmethod
    def of(summaries: Sequence[FileSummary]) -> CardList | None:
        """The card list of the bank these files make, in bank order; None when they conflict.

        Decks come in the order their first file was found, and each deck's files in order, as
        :func:`merge` builds them. A duplicate id across files or a pool whose members are worth
        different points is a conflict: the caller then loads the bank, which reports it.
        """
        by_deck: dict[str, list[int]] = {}
        for number, summary in enumerate(summaries):
            by_deck.setdefault(summary.deck, []).append(number)
        decks: list[DeckCards] = []
        stamps: dict[str, Stamp] = {}
        for deck, numbers in by_deck.items():
            ids: list[str] = []
            seen: set[str] = set()
            files: list[tuple[int, int]] = []
            clozes: dict[str, tuple[int, ...]] = {}
            pools: dict[str, str] = {}
            worth: dict[str, Fraction] = {}
            for number in numbers:
                summary = summaries[number]
                stamps.update((stamp[0], stamp) for stamp in summary.stamps)
                file_ids = split_ids(summary.ids)
                if not seen.isdisjoint(file_ids):
                    return None
                seen.update(file_ids)
                files.append((len(ids), number))
                ids += file_ids
                clozes.update(summary.clozes)
                for qid, (pool, points) in summary.pools.items():
                    if worth.setdefault(pool, points) != points:
                        return None
                    pools[qid] = pool
            count = len(ids) + sum(len(numbers) - 1 for numbers in clozes.values())
            decks.append(DeckCards(deck, "\0".join(ids), tuple(files), clozes, pools, count))
        return CardList(tuple(decks), tuple(stamps.values()))


#: Where a card stands in bank order: its deck's place, its question's place in the deck, its cloze number.
Place = tuple[int, int, int]


class LazyCards(Mapping[CardKey, Question]):
    """Every card of a bank, in bank order; a card's question is read from the index when first asked for.

    ``play`` starts from this on an unchanged bank, so its first card does not wait for the whole bank:
    the card list is a few strings and small dicts, a deck's ids are looked up only when one of its cards
    is, and each file's questions are unpickled the first time one of its cards is shown.
    """

    def __init__(self, cards: CardList, files: Sequence[tuple[str, bytes]], digests: Sequence[bytes], folder: Path):
        self._decks = {deck.name: (number, deck) for number, deck in enumerate(cards.decks)}
        self._list = cards.decks
        self._count = sum(deck.cards for deck in cards.decks)
        self._places: dict[str, dict[str, int]] = {}
        self._joined: dict[str, str] = {}  # per deck: its ids between NULs, searched while few lookups were made
        self._lookups = 0
        self.has_pools = any(deck.pools for deck in cards.decks)
        self._files = files
        self._digests = digests
        self._folder = folder
        self._loaded: dict[int, dict[tuple[str, str], Question]] = {}

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[CardKey]:
        for deck in self._list:
            name, clozes = deck.name, deck.clozes
            for qid in split_ids(deck.ids):
                numbers = clozes.get(qid)
                if numbers is None:
                    yield (name, qid, 0)
                else:
                    for n in numbers:
                        yield (name, qid, n)

    def _ids(self, deck: DeckCards) -> dict[str, int]:
        places = self._places.get(deck.name)
        if places is None:
            ids = split_ids(deck.ids)
            places = self._places[deck.name] = dict(zip(ids, range(len(ids)), strict=True))
        return places

    def _index_of(self, deck: DeckCards, qid: str) -> int | None:
        """Where question ``qid`` stands in its deck: found in the joined ids for the first few, then by a dict."""
        places = self._places.get(deck.name)
        if places is None and self._lookups < _SEARCHES:
            self._lookups += 1
            joined = self._joined.get(deck.name)
            if joined is None:
                joined = self._joined[deck.name] = f"\0{deck.ids}\0"
            at = joined.find(f"\0{qid}\0") if qid and "\0" not in qid else -1
            return None if at < 0 else joined.count("\0", 0, at)
        return self._ids(deck).get(qid)

    def present(self, deck: str, ids: set[str]) -> set[str]:
        """The questions among ``ids`` that ``deck`` has (whatever their cards): many ids tested at once."""
        found = self._decks.get(deck)
        if found is None:
            return set()
        places = self._places.get(deck)
        return ids & places.keys() if places is not None else ids.intersection(split_ids(found[1].ids))

    def place(self, key: object) -> Place | None:
        """Where ``key`` stands in bank order (comparable between cards); None when it is no card of the bank."""
        if not isinstance(key, tuple) or len(key) != 3:
            return None
        found = self._decks.get(key[0])
        if found is None:
            return None
        number, deck = found
        at = self._index_of(deck, key[1]) if isinstance(key[1], str) else None
        if at is None:
            return None
        numbers = deck.clozes.get(key[1])
        if key[2] not in (numbers if numbers is not None else (0,)):
            return None
        return (number, at, key[2])

    def __contains__(self, key: object) -> bool:
        return self.place(key) is not None

    def members(self, deck: str, number: int, ids: Sequence[str], present: set[str]) -> set[str]:
        """The ids among ``ids`` whose card ``number`` of ``deck`` is in the bank.

        ``present`` holds the questions of ``deck`` among them (see :meth:`present`), asked for card 0
        only: a cloze card is in the bank when its question is a cloze with that number, which the
        card list's small dict of clozes tells.
        """
        found = self._decks.get(deck)
        if found is None:
            return set()
        clozes = found[1].clozes
        if number != 0:
            return {qid for qid in ids if number in clozes.get(qid, ())}
        here = present.intersection(ids)
        return here - {qid for qid in here & clozes.keys() if 0 not in clozes[qid]}

    def pool_of(self, key: CardKey) -> tuple[str, str] | None:
        """The card's pool (deck, pool name), without reading its question."""
        found = self._decks.get(key[0])
        pool = found[1].pools.get(key[1]) if found is not None else None
        return None if pool is None else (key[0], pool)

    def __getitem__(self, key: CardKey) -> Question:
        place = self.place(key)
        if place is None:
            raise KeyError(key)
        deck = self._list[place[0]]
        number = deck.files[bisect_right(deck.files, (place[1], _LAST)) - 1][1]
        questions = self._loaded.get(number)
        if questions is None:
            questions = self._loaded[number] = self._read(number)
        return questions[key[0], key[1]]

    def _read(self, number: int) -> dict[tuple[str, str], Question]:
        """One file's questions: from its row, else checked again from the bytes read at the start."""
        from quizgen.errors import QuizgenError

        path, data = self._files[number]
        index = Index.open(self._folder)
        result = index.lookup(path, self._digests[number]) if index is not None else None
        if index is not None:
            index.close()
        if result is not None:
            topic = result.topic
        else:
            from quizgen.load import check_alone

            bank = check_alone(path, data)
            if bank is None:  # an image changed during the session
                raise QuizgenError(f"{path} changed during the session; run quizgen play again")
            (topic,) = bank.decks[0].topics
        return {(q.deck, q.id): q for q in topic.questions}
