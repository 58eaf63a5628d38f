"""The outside world, read in one place: environment variables, the clock and the user's folders.

Only the command layer (:mod:`quizgen.commands`) builds an :class:`Env`; every
module below it takes times, seeds and paths as arguments. Values are parsed
when a command asks for them, so a malformed ``SOURCE_DATE_EPOCH`` stops
``quizgen anki`` with a clear message but never ``quizgen play``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from quizgen.errors import QuizgenError

#: Every environment variable quizgen reads, and why.
VARIABLES = {
    "QUIZGEN_STATE": "the default progress file of play and stats",
    "QUIZGEN_CACHE_DIR": "where the bank index (checked questions of each file) is kept",
    "QUIZGEN_NO_CACHE": "1 reads and checks every question file afresh, without the bank index",
    "SOURCE_DATE_EPOCH": "note times of quizgen anki and build without a lock file (reproducible builds)",
    "QUIZGEN_NOW": "pins the clock of play and stats (ISO 8601), for tests and demos",
    "QUIZGEN_SEED": "the option-shuffle seed of play",
    "QUIZGEN_FUZZ": "0 turns off FSRS interval fuzz (for tests)",
    "QUIZGEN_DEBUG": "1 shows a traceback for an internal error",
}


#: 9999-12-31T23:59:59Z, the last second a date can name.
_LAST_SECOND = 253402300799


@dataclass(frozen=True, slots=True)
class Env:
    """A snapshot of the environment and the clock, taken once per command."""

    variables: Mapping[str, str] = field(default_factory=dict)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    wall_clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)

    @classmethod
    def read(cls) -> Env:
        """The real environment and clock."""
        return cls({name: os.environ[name] for name in VARIABLES if name in os.environ})

    def _get(self, name: str) -> str:
        return self.variables.get(name, "").strip()

    @property
    def debug(self) -> bool:
        return bool(self._get("QUIZGEN_DEBUG"))

    @property
    def seed(self) -> str:
        """The option-shuffle seed of ``play``: fixed unless set, so a question keeps its order."""
        return self.variables.get("QUIZGEN_SEED", "")

    @property
    def no_cache(self) -> bool:
        """``QUIZGEN_NO_CACHE`` set (to anything but ``0``): every command reads its bank without the index."""
        value = self._get("QUIZGEN_NO_CACHE")
        return bool(value) and value != "0"

    @property
    def fuzz(self) -> bool:
        return self._get("QUIZGEN_FUZZ") != "0"

    def now(self) -> datetime:
        """Now, in UTC; ``QUIZGEN_NOW`` (e.g. ``2026-01-05T10:00:00+00:00``) pins it for the whole command."""
        pinned = self._get("QUIZGEN_NOW")
        if not pinned:
            return self.started
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise QuizgenError(
                f"QUIZGEN_NOW must be an ISO 8601 time like 2026-01-05T10:00:00+00:00, not {pinned!r}"
            ) from None
        if moment.tzinfo is None:
            moment = moment.astimezone()  # a time without offset is local time
        return moment.astimezone(UTC)

    def clock(self) -> Callable[[], datetime]:
        """A session's clock: real time, or fixed at ``QUIZGEN_NOW`` when that pins it."""
        if self._get("QUIZGEN_NOW"):
            fixed = self.now()
            return lambda: fixed
        return self.wall_clock

    def build_time(self) -> int:
        """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now, in whole seconds."""
        value = self._get("SOURCE_DATE_EPOCH")
        if not value:
            return int(self.started.timestamp())
        try:
            stamp = int(value)
        except ValueError:
            raise QuizgenError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}") from None
        if stamp < 0:
            raise QuizgenError(f"SOURCE_DATE_EPOCH must not be negative, not {value!r}")
        if stamp > _LAST_SECOND:  # a package records dates; years past 9999 cannot be written
            raise QuizgenError(f"SOURCE_DATE_EPOCH must be a time before the year 10000, not {value!r}")
        return stamp

    def state_path(self, given: Path | None) -> Path:
        """``--state``, else ``$QUIZGEN_STATE``, else ``state.sqlite3`` in the user's data folder."""
        if given is not None:
            return given
        override = self._get("QUIZGEN_STATE")
        if override:
            return Path(override)
        import platformdirs

        return Path(platformdirs.user_data_dir("quizgen", appauthor=False)) / "state.sqlite3"

    def cache_dir(self) -> Path:
        """Where the bank index lives: ``$QUIZGEN_CACHE_DIR``, else the user's cache folder."""
        override = self._get("QUIZGEN_CACHE_DIR")
        if override:
            return Path(override)
        import platformdirs

        return Path(platformdirs.user_cache_dir("quizgen", appauthor=False))
