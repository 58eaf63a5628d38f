"""The lock file that remembers when each note's content last changed.

Anki's importer updates an existing note only when the package's note is
strictly newer than the one in the collection. So a note must carry the time
its content last changed: stamping every note with the build time would
overwrite learners' own edits on every import, and stamping a fixed old time
would make teachers' fixes never arrive. ``decks/<slug>.lock.json`` maps each
question id (and each note type) to a hash of its content and that time; it
is committed beside the outputs so that an unchanged bank rebuilds to a
byte-identical package.

The file is JSON, sorted, one entry per line (so a diff shows one line per
edited question), ending in a newline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.errors import Problem, QuizgenError

LOCK_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Stamp:
    """A content hash and the time (Unix seconds) that content first appeared."""

    hash: str
    time: int


@dataclass(frozen=True, slots=True)
class Release:
    """What the latest build that changed anything changed: the deck's changelog, kept until the next change."""

    time: int
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lock:
    """Stamps of every question (by id) and note type (by question type) of one deck, and its last release."""

    questions: Mapping[str, Stamp] = field(default_factory=dict)
    notetypes: Mapping[str, Stamp] = field(default_factory=dict)
    release: Release | None = None

    def newest(self) -> int:
        """The latest time in the lock: the package-level timestamp, so it too is reproducible."""
        return max((s.time for s in (*self.questions.values(), *self.notetypes.values())), default=0)


def restamp(old: Mapping[str, Stamp], hashes: Mapping[str, str], now: int) -> dict[str, Stamp]:
    """New stamps for ``hashes``: unchanged content keeps its time, changed or new content gets ``now``.

    A changed entry never goes back in time (at least one second after its old
    time), so an edit is always strictly newer than what learners imported,
    even with a fixed ``SOURCE_DATE_EPOCH`` or two builds within one second.
    Keys absent from ``hashes`` (removed questions) drop out.
    """
    stamps: dict[str, Stamp] = {}
    for key, digest in hashes.items():
        before = old.get(key)
        if before is not None and before.hash == digest:
            stamps[key] = before
        else:
            stamps[key] = Stamp(digest, now if before is None else max(now, before.time + 1))
    return stamps


def read_lock(path: Path) -> Lock:
    """The lock at ``path``, or an empty one when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return Lock()
    except OSError as e:
        raise QuizgenError(f"cannot read the lock file {path}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise _damaged(path, 1, "not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise _damaged(path, e.lineno, f"not valid JSON ({e.msg})") from None
    if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
        raise _damaged(path, 1, f"not a quizgen lock file of format {LOCK_FORMAT}")
    return Lock(
        questions=_stamps(path, data.get("questions", {}), "questions"),
        notetypes=_stamps(path, data.get("notetypes", {}), "notetypes"),
        release=_release(path, data.get("release")),
    )


def _release(path: Path, value: Any) -> Release | None:
    if value is None:
        return None
    lists = [value.get(k, []) if isinstance(value, dict) else None for k in ("added", "updated", "removed")]
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("time"), int)
        or not all(isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in lists)
    ):
        raise _damaged(path, 1, "'release' needs an integer 'time' and lists of ids 'added', 'updated', 'removed'")
    added, updated, removed = (tuple(ids) for ids in lists if ids is not None)
    return Release(value["time"], added, updated, removed)


def next_release(old: Lock, new: Lock) -> Release | None:
    """The changelog of ``new`` against ``old``: a new entry when questions changed, else the old one.

    Kept in the lock, so a rebuild that changes nothing keeps the last
    release's changelog (and the package stays byte-identical).
    """
    before, after = old.questions, new.questions
    added = tuple(sorted(after.keys() - before.keys()))
    removed = tuple(sorted(before.keys() - after.keys()))
    # an unchanged entry is usually the very stamp it was (see restamp): no hash compared
    updated = tuple(
        sorted(k for k, s in after.items() if (b := before.get(k)) is not None and b is not s and b.hash != s.hash)
    )
    if not (added or removed or updated):
        return old.release
    return Release(new.newest(), added, updated, removed)


def _stamps(path: Path, section: Any, name: str) -> dict[str, Stamp]:
    if not isinstance(section, dict):
        raise _damaged(path, 1, f"'{name}' is not a mapping")
    stamps: dict[str, Stamp] = {}
    for key, value in section.items():
        # exact types (what JSON gives): a bool is not a time; read once per entry of a lock of thousands
        if type(value) is dict and type(hash_ := value.get("hash")) is str and type(time := value.get("time")) is int:
            stamps[key] = Stamp(hash_, time)
        else:
            raise _damaged(path, 1, f"entry '{key}' of '{name}' needs a string 'hash' and an integer 'time'")
    return stamps


def _damaged(path: Path, line: int, what: str) -> QuizgenError:
    message = f"{what}; fix it, or delete it to start afresh (every note then counts as changed)"
    return QuizgenError(f"damaged lock file {path}", [Problem(str(path), line, message)])


#: What JSON may escape in a string (quotes, backslashes, control characters, and beyond ASCII what a hash's
#: ``json.dumps`` escapes): a string without any (ids, hex hashes) is written as it is, between quotes.
_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f-\U0010ffff]')


def lock_text(lock: Lock) -> str:
    """The lock as stable text: sorted keys, one entry per line, a final newline."""

    def section(stamps: Mapping[str, Stamp]) -> str:
        if not stamps:
            return "{}"
        keys = sorted(stamps)
        if _ESCAPED.search("".join([*keys, *(stamp.hash for stamp in stamps.values())])):
            rows = [
                f"    {json.dumps(key, ensure_ascii=False)}: "
                f'{{"hash": {json.dumps(stamps[key].hash)}, "time": {stamps[key].time}}}'
                for key in keys
            ]
        else:  # the usual case (ids and hex hashes): what json.dumps writes, without a call per entry
            rows = [f'    "{key}": {{"hash": "{stamps[key].hash}", "time": {stamps[key].time}}}' for key in keys]
        return "{\n" + ",\n".join(rows) + "\n  }"

    release = ""
    if lock.release is not None:
        r = lock.release
        release = (
            f'  "release": {{\n    "time": {r.time},\n    "added": {json.dumps(list(r.added))},\n'
            f'    "updated": {json.dumps(list(r.updated))},\n    "removed": {json.dumps(list(r.removed))}\n  }},\n'
        )
    return (
        "{\n"
        f'  "format": {LOCK_FORMAT},\n'
        f'  "notetypes": {section(lock.notetypes)},\n'
        f"{release}"
        f'  "questions": {section(lock.questions)}\n'
        "}\n"
    )
