"""Rendered parts of outputs kept between builds, so a build after an edit renders only what changed.

An exporter renders a deck question by question. Each question's part is a pure
function of the question (all of it: text, file, line, its images' digests), of
what the exporter passes beside it (its number on the page, its options' order,
a note's time) and of this quizgen's code and templates. :func:`parts` keys a
part by a digest of exactly that, so a part is reused only where rendering it
again would give the same text, and a build served from the store writes the
bytes a cold build writes (``tests/test_memo.py`` holds that on random edits).

The store is SQLite in the cache folder beside the bank index
(:mod:`quizgen.index`), under the same rules: it is only a cache. Outside a
:func:`kept` block, or when the store is missing, corrupt, locked or written by
other code, every part is rendered, without a word.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from quizgen import __version__
from quizgen.cachedb import open_cache

T = TypeVar("T")

#: The store's file name in the cache folder.
STORE_NAME = "parts.sqlite3"
#: Parts not used for this long are dropped: an edit that moves many lines leaves old parts behind.
KEEP_SECONDS = 7 * 24 * 3600
#: Runs (:func:`joined`) not used for this long are dropped: each edit leaves a run of a hundred parts behind,
#: so a day of edits is kept beyond what the last builds used, not a week.
RUN_KEEP_SECONDS = 24 * 3600
#: A row used again is marked used (its time renewed) once it is this old: a part once a day (a build reads
#: thousands), a run once an hour (a build reads a few hundred), so pruning never drops what builds still read.
_TOUCH_SECONDS = {"parts": 24 * 3600, "runs": 3600}
_KEEP = {"parts": KEEP_SECONDS, "runs": RUN_KEEP_SECONDS}
#: Keys looked up per query (SQLite's oldest limit on bound parameters is 999).
_BATCH = 900

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parts (key BLOB PRIMARY KEY, written INTEGER NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (key BLOB PRIMARY KEY, written INTEGER NOT NULL, value TEXT NOT NULL);
"""


class Store:
    """An open store of parts; every failure of the store itself only turns it off for the rest of the run."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.pending: dict[str, list[tuple[bytes, int, str]]] = {table: [] for table in _KEEP}
        self.used: dict[str, list[bytes]] = {table: [] for table in _KEEP}  # read, and old enough to mark used
        self.broken = False

    @classmethod
    def open(cls, folder: Path) -> Store | None:
        """The store in ``folder``: created, emptied for other code, replaced when corrupt; None when impossible."""
        db = open_cache(folder / STORE_NAME, _prepare)
        return cls(db) if db is not None else None

    def get(self, keys: Sequence[bytes], table: str = "parts") -> dict[bytes, str]:
        """The stored parts (or runs: ``table``) of those keys that are stored."""
        found: dict[bytes, str] = {}
        if self.broken:
            return found
        old = int(time.time()) - _TOUCH_SECONDS[table]
        used = self.used[table]
        try:
            for start in range(0, len(keys), _BATCH):
                batch = keys[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                for key, written, value in self.db.execute(
                    f"SELECT key, written, value FROM {table} WHERE key IN ({marks})", batch
                ):
                    found[key] = value
                    if written < old:
                        used.append(key)
        except sqlite3.Error:
            self.broken = True
            return {}
        return found

    def put(self, key: bytes, value: str, table: str = "parts") -> None:
        """Queues a part (or a run); :meth:`close` writes the queue in one transaction."""
        self.pending[table].append((key, int(time.time()), value))

    def close(self) -> None:
        """Writes what is queued (or nothing, when another process holds the lock too long), prunes, and closes."""
        try:
            if any([*self.pending.values(), *self.used.values()]) and not self.broken:
                now = int(time.time())
                self.db.execute("BEGIN IMMEDIATE")
                for table, keep in _KEEP.items():
                    self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", self.pending[table])
                    used = ((now, key) for key in self.used[table])
                    self.db.executemany(f"UPDATE {table} SET written = ? WHERE key = ?", used)
                    self.db.execute(f"DELETE FROM {table} WHERE written < ?", (now - keep,))
                self.db.execute("COMMIT")
        except sqlite3.Error:
            pass
        finally:
            self.pending = {table: [] for table in _KEEP}
            self.used = {table: [] for table in _KEEP}
            self.db.close()


def code_stamp() -> str:
    """This quizgen's version and every file of the package (code, templates, card scripts): their sizes and times.

    A part rendered by other code or from other templates is never reused.
    """
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent
    for folder, dirs, names in sorted(os.walk(package)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            digest.update(f"{folder[len(str(package)) :]}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()


def _prepare(db: sqlite3.Connection) -> None:
    """Creates the tables; empties them when another quizgen (or other templates) wrote them."""
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(_SCHEMA)
    stamp = code_stamp()
    row = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
    if row is None or row[0] != stamp:
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM parts")
        db.execute("DELETE FROM runs")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (stamp,))
        db.execute("COMMIT")


_store: Store | None = None
#: Each object's digest, by ``id``, for the life of a :func:`kept` block (the object is held, so its id stays its own).
_digests: dict[int, tuple[object, bytes]] = {}


@contextmanager
def kept(folder: Path | None) -> Iterator[None]:
    """Within this block :func:`parts` reuses and stores parts in ``folder``; None renders every part."""
    global _store
    store = Store.open(folder) if folder is not None else None
    previous, _store = _store, store
    try:
        yield
    finally:
        _store = previous
        if previous is None:
            _digests.clear()
        if store is not None:
            store.close()


def active() -> bool:
    """Whether parts are kept here: inside a :func:`kept` block whose store works.

    An exporter may then lay a part out for the store; outside, it may use what the part stands for directly.
    """
    return _store is not None and not _store.broken


def digest(value: object) -> bytes:
    """The digest of ``value`` (a question, say), computed once per :func:`kept` block: put it in contexts.

    Pickling a question costs several microseconds; an exporter's context names it by this digest instead,
    so five exporters pay for it once.
    """
    if _store is None:
        return b""  # parts are not kept: no context is ever read
    held = _digests.get(id(value))
    if held is not None and held[0] is value:
        return held[1]
    made = _fresh_digest(value)
    _digests[id(value)] = (value, made)
    return made


def digests(values: Sequence[object]) -> tuple[bytes, ...]:
    """Each value's :func:`digest` while parts are kept, for the bank index to keep beside them; else none."""
    if _store is None:
        return ()
    return tuple(digest(value) for value in values)


def known(values: Sequence[object], made: Sequence[bytes]) -> None:
    """Takes ``made[i]`` as the digest of ``values[i]``: what :func:`digests` gave for equal values in an earlier run.

    The bank index keeps each checked file's questions with their digests, so a build does not pickle
    every question again to name it. Values and digests that do not pair up are ignored.
    """
    if _store is None or len(values) != len(made):
        return
    for value, value_digest in zip(values, made, strict=True):
        _digests[id(value)] = (value, value_digest)


def key_of(kind: str, context: object) -> bytes:
    """The key of a part of ``kind`` rendered in ``context`` (digests, numbers, strings, tuples: what pickle writes).

    Equal pickles mean equal values, so a key never serves another context's part. Pickle writes a value
    shared by two fields once, so contexts equal in value may still key apart: that only costs a render.
    """
    return hashlib.blake2b(kind.encode() + b"\0" + pickle.dumps(context, protocol=5), digest_size=20).digest()


def _fresh_digest(value: object) -> bytes:
    """A digest of ``value`` pickled without its memo: equal values, equal bytes, however their objects are shared."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(buffer.getvalue(), digest_size=20).digest()


def parts(kind: str, items: Sequence[T], context: Callable[[T], object], render: Callable[[T], str]) -> list[str]:
    """``render(item)`` for each item, reused where an earlier run rendered one with an equal ``context(item)``.

    ``context(item)`` must hold everything ``render(item)`` reads (usually the question itself and what the
    exporter passes beside it); ``kind`` names the exporter's part and its shape.
    """
    store = _store
    if store is None or store.broken:
        return [render(item) for item in items]
    keys = [key_of(kind, context(item)) for item in items]
    found = store.get(keys)
    rendered: list[str] = []
    for item, key in zip(items, keys, strict=True):
        part = found.get(key)
        if part is None:
            part = found[key] = render(item)
            store.put(key, part)
        rendered.append(part)
    return rendered


#: A run ends after an item whose key's last byte is below this (one item in 128, on average), or at this length.
_RUN_END = 2
_RUN_MAX = 1024


def joined(
    kind: str, items: Sequence[T], context: Callable[[T], object], render: Callable[[T], str], separator: str = ""
) -> str:
    """``separator.join(render(item) for item in items)``, kept by runs of about a hundred items.

    For an exporter whose file is its items' parts one after the other (what stands between
    them belongs to a part). Each run is one row of the store: its parts, joined, keyed by its
    items' keys in order, so a build after an edit reads a few hundred rows where :func:`parts`
    reads one per item, and never splits them again. Where a run ends depends on its items' keys
    alone (as rsync cuts a file by content), never on their positions, so an edit, an insertion or
    a deletion changes only the run it falls in: that run is rendered again, whole. An item whose
    context is a :func:`digest` is keyed by it as it is (see :func:`_runs`).
    """
    store = _store
    if store is None or store.broken:
        return separator.join([render(item) for item in items])
    spans, keys = _runs("joined run", kind, items, context, separator)
    found = store.get(keys, "runs")
    texts: list[str] = []
    for (begin, end), key in zip(spans, keys, strict=True):
        text = found.get(key)
        if text is None:
            text = found[key] = separator.join([render(item) for item in items[begin:end]])
            store.put(key, text, "runs")
        texts.append(text)
    return separator.join(texts)


def _spans(item_keys: Sequence[bytes]) -> list[tuple[int, int]]:
    """Where runs end, as :func:`joined` cuts them: by the items' keys alone, so an edit changes one run."""
    spans: list[tuple[int, int]] = []
    start = 0
    for at, key in enumerate(item_keys, start=1):
        if key[-1] < _RUN_END or at - start == _RUN_MAX or at == len(item_keys):
            spans.append((start, at))
            start = at
    return spans


def _runs(
    shape: str, kind: str, items: Sequence[T], context: Callable[[T], object], extra: object = None
) -> tuple[list[tuple[int, int]], list[bytes]]:
    """Where the runs of ``items`` begin and end (as :func:`joined` cuts them, by their keys alone) and each
    run's key: of ``shape``, ``kind`` and ``extra`` (a separator, say) and of its items' keys in order.

    An item whose context is a digest (20 bytes, what :func:`digest` gives) is keyed by it as it is: a
    digest already names exactly its value, and hashing it again, per item, was most of what a build
    after an edit spent on keys. Any other context is keyed by :func:`key_of`; both keys are 20 bytes.
    """
    contexts = [context(item) for item in items]
    item_keys = [c if type(c) is bytes and len(c) == 20 else key_of(kind, c) for c in contexts]
    spans = _spans(item_keys)
    head = pickle.dumps((shape, kind, extra), protocol=5)  # then 20-byte keys: no two runs hash alike
    keys = [hashlib.blake2b(head + b"".join(item_keys[begin:end]), digest_size=20).digest() for begin, end in spans]
    return spans, keys


def listed_by_runs(
    kind: str, items: Sequence[T], context: Callable[[T], object], render: Callable[[T], str]
) -> list[str]:
    """``[render(item) for item in items]``, kept as :func:`joined` keeps a text: by runs of about a hundred items.

    For an exporter that needs each item's part apart (an Anki note's fields, say) where :func:`parts`
    would read one row per item: each run is one row holding its parts as a JSON array, so a build after
    an edit reads a few hundred rows and decodes each once. An edit renders its run again, whole.
    A row that does not hold one string per item of its run is rendered again too.
    """
    store = _store
    if store is None or store.broken:
        return [render(item) for item in items]
    spans, keys = _runs("listed run", kind, items, context)
    found = store.get(keys, "runs")
    rendered: list[str] = []
    for (begin, end), key in zip(spans, keys, strict=True):
        run = _listed_run(found.get(key), end - begin)
        if run is None:
            run = [render(item) for item in items[begin:end]]
            found[key] = text = json.dumps(run)  # ASCII: a lone surrogate (a YAML escape) stays storable
            store.put(key, text, "runs")
        rendered += run
    return rendered


def _listed_run(text: str | None, length: int) -> list[str] | None:
    """A stored run's parts, or None when there is none or it is not ``length`` strings (a damaged row)."""
    if text is None:
        return None
    try:
        run = json.loads(text)
    except ValueError:
        return None
    if not isinstance(run, list) or len(run) != length or not all(type(part) is str for part in run):
        return None
    return run


def _pack(texts: Sequence[str]) -> str:
    """Texts as one row: their lengths, then the texts (no character is special)."""
    return f"{','.join(str(len(t)) for t in texts)};{''.join(texts)}"


def _unpack(row: str, count: int) -> list[str] | None:
    """The ``count`` texts :func:`_pack` put together; None for a row of another shape (never served)."""
    at = row.find(";")  # the texts are sliced from the row itself: a run of a printed quiz is megabytes
    head = row[:at]
    try:
        lengths = [int(n) for n in head.split(",")] if head else []
    except ValueError:
        return None
    if at < 0 or len(lengths) != count or at + 1 + sum(lengths) != len(row):
        return None
    texts = []
    at += 1
    for length in lengths:
        texts.append(row[at : at + length])
        at += length
    return texts


def joined_pieces(
    kind: str,
    items: Sequence[T],
    context: Callable[[T], object],
    render: Callable[[T], Sequence[str]],
    separators: Sequence[str],
    cut: Callable[[T], bytes] | None = None,
) -> list[list[str]]:
    """For each piece ``i`` that ``render`` gives an item: ``separators[i].join`` of that piece of every item,
    as texts to join (runs and separators: a file of many megabytes is copied once, when it is put together).

    :func:`joined` for items rendered into several texts at once (a printed question's block on the
    quiz, in the key, its key-grid rows, its exam record): each run of about a hundred items is one
    row holding each piece joined over the run, so a build after an edit reads a few hundred rows and
    splits each into a few texts, never one per item. Runs end where :func:`joined`'s do; or, with ``cut``
    (bytes of each item that vary with it, such as its question's :func:`digest`), where the last byte of
    ``cut(item)`` says: then no item is keyed alone, a run's key is the digest of its items' contexts.
    """
    count = len(separators)
    store = _store
    if store is None or store.broken:
        rendered = [render(item) for item in items]
        return [[separators[i].join([pieces[i] for pieces in rendered])] for i in range(count)]
    if cut is None:
        item_keys = [key_of(kind, context(item)) for item in items]
        spans = _spans(item_keys)
        head = pickle.dumps(("pieces", kind, tuple(separators)), protocol=5)  # then 20-byte keys, as joined's runs
        keys = [hashlib.blake2b(head + b"".join(item_keys[b:e]), digest_size=20).digest() for b, e in spans]
    else:
        spans = _spans([cut(item) for item in items])
        head = pickle.dumps(("cut pieces", kind, tuple(separators)), protocol=5)
        keys = [
            hashlib.blake2b(
                head + pickle.dumps([context(item) for item in items[b:e]], protocol=5), digest_size=20
            ).digest()
            for b, e in spans
        ]
    found = store.get(keys, "runs")
    columns: list[list[str]] = [[] for _ in range(count)]
    for (begin, end), key in zip(spans, keys, strict=True):
        row = found.get(key)
        texts = None if row is None else _unpack(row, count)
        if texts is None:
            rendered = [render(item) for item in items[begin:end]]
            texts = [separators[i].join([pieces[i] for pieces in rendered]) for i in range(count)]
            found[key] = _pack(texts)
            store.put(key, found[key], "runs")
        for column, separator, text in zip(columns, separators, texts, strict=True):
            if column:
                column.append(separator)
            column.append(text)
    return columns


def joined_by_digest(kind: str, items: Sequence[T], render: Callable[[T], str], separator: str = "") -> str:
    """:func:`joined` for a part that is a function of its item alone: each item is keyed by its :func:`digest`.

    No context to pickle per item: the item's digest (handed over by the bank index) is its key, so
    a text drawn from every question of a bank (what a plan reads of each) costs a few hundred rows.
    """
    return joined(kind, items, digest, render, separator)


def remembered(kind: str, context: object, make: Callable[[], str]) -> str:
    """``make()``, or the text an earlier run made of ``kind`` in an equal ``context`` (one row: a plan, say).

    ``context`` must hold everything ``make`` reads, as for :func:`parts`.
    """
    store = _store
    if store is None or store.broken:
        return make()
    key = key_of(kind, context)
    text = store.get([key]).get(key)
    if text is None:
        text = make()
        store.put(key, text)
    return text
