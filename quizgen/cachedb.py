"""Opening a cache's SQLite file (the bank index, the parts store) by the rules both keep.

A cache only costs time: a file that cannot be opened is skipped, one locked by
another process is left alone (never deleted under it), and a corrupt one, or a
file that is not SQLite at all, is replaced once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path


def open_cache(
    target: Path, prepare: Callable[[sqlite3.Connection], None], *, check_same_thread: bool = True
) -> sqlite3.Connection | None:
    """``target`` opened in autocommit mode and made ready by ``prepare``; None when it cannot serve this run."""
    for attempt in range(2):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(target, timeout=2.0, isolation_level=None, check_same_thread=check_same_thread)
        except (OSError, sqlite3.Error):
            return None
        try:
            prepare(db)
            return db
        except sqlite3.OperationalError:  # locked by another process, or no room: never delete its file
            db.close()
            return None
        except sqlite3.DatabaseError:
            db.close()
            if attempt == 0:
                remove(target)  # corrupt, or not SQLite at all: start afresh once
        except Exception:  # noqa: BLE001 - a cache that cannot be opened only costs time
            db.close()
            return None
    return None


def remove(target: Path) -> None:
    """The SQLite file and its journals, as far as they can be removed."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{target}{suffix}")
        except OSError:
            pass
