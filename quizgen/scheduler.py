"""Spaced-repetition scheduling (FSRS), the study day and the session queue; nothing of the terminal.

A card's schedule is a :class:`CardState` (a frozen copy of what py-fsrs keeps
on its ``Card``); a card that was never reviewed has no state at all. Reviews go
through :meth:`Scheduler.review`, which runs py-fsrs with its own random fuzz
off and, when asked, adds a fuzz drawn from a random generator seeded by the
card and the review time, so the same history always gives the same schedule.

FSRS works in UTC. The *study day* is local, and rolls over at 4 a.m. as in
Anki, so a late-night session still counts as the day before.

:class:`StudyQueue` orders one session: learning cards that are due, then the
reviews due today (most overdue first), then new cards; a card that is still in
its learning or relearning steps after an answer comes back later in the session.
What "due" means is :func:`is_due`'s: as in Anki, a review card is due for the
whole study day it falls in, a learning or relearning card only once its time
has come.

py-fsrs is imported only when a card is actually reviewed, so showing the first
card of a session never pays for it.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from functools import lru_cache
from typing import Any

#: Deck name, question id, cloze number (0 for every other type): what a card's history hangs on.
CardKey = tuple[str, str, int]

#: Hour of local time at which one study day ends and the next begins (Anki's default).
DAY_CUTOFF_HOUR = 4


class Rating(IntEnum):
    """The four answers of FSRS and Anki; the values are py-fsrs' ``Rating`` values."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Phase(IntEnum):
    """Where a reviewed card stands; the values are py-fsrs' ``State`` values."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class CardState:
    """A reviewed card's schedule: what py-fsrs needs to review it again, and when it is due (UTC)."""

    phase: Phase
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is refused, as py-fsrs refuses it."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware time is required")
    return moment.astimezone(UTC)


@lru_cache(maxsize=8)
def _fsrs_scheduler(retention: float) -> Any:
    import fsrs

    return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)


@dataclass(frozen=True, slots=True)
class Scheduler:
    """FSRS with a desired retention, and a fuzz that is random per card yet reproducible."""

    retention: float = 0.9
    fuzz: bool = True

    def review(self, card: CardState | None, rating: Rating, now: datetime, *, seed: str = "") -> CardState:
        """The card's state after answering ``rating`` at ``now``; ``None`` is a new card.

        ``seed`` names the card (e.g. its key) so that its fuzz differs from its neighbours'.
        """
        import fsrs

        now = utc(now)
        if card is None:
            # A fixed card_id: py-fsrs would otherwise read the clock and sleep a millisecond.
            before = fsrs.Card(card_id=1, due=now)
        else:
            before = fsrs.Card(
                card_id=1,
                state=fsrs.State(int(card.phase)),
                step=card.step,
                stability=card.stability,
                difficulty=card.difficulty,
                due=card.due,
                last_review=card.last_review,
            )
        after, _log = _fsrs_scheduler(self.retention).review_card(before, fsrs.Rating(int(rating)), now)
        due: datetime = after.due
        phase = Phase(int(after.state))
        if self.fuzz and phase is Phase.REVIEW:
            due = now + fuzzed_interval(due - now, f"{seed}|{now.isoformat()}")
        return CardState(
            phase=phase,
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=due,
            last_review=now,
        )

    def preview(self, card: CardState | None, now: datetime, *, seed: str = "") -> dict[Rating, CardState]:
        """What each of the four ratings would do: shown next to the keys before the learner picks."""
        return {rating: self.review(card, rating, now, seed=seed) for rating in Rating}


#: FSRS's interval fuzz (as py-fsrs and Anki apply it): a few percent, none under 2.5 days.
#: Copied, not imported, because py-fsrs does not export it; a test compares the two.
FUZZ_RANGES: tuple[tuple[float, float, float], ...] = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05))


def fuzzed_interval(interval: timedelta, seed: str) -> timedelta:
    """An interval fuzzed by :data:`FUZZ_RANGES`, drawn from a generator seeded by ``seed``."""
    import random

    days = interval.days
    if days < 2.5:
        return interval
    delta = 1.0
    for start, end, factor in FUZZ_RANGES:
        delta += factor * max(min(float(days), end) - start, 0.0)
    low = max(2, round(days - delta))
    high = max(low, round(days + delta))
    return timedelta(days=random.Random(seed).randint(low, high))


def study_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The local study day ``moment`` belongs to: before 4 a.m. it is still the day before.

    ``tz`` defaults to the system's local time zone (``TZ``).
    """
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    return (local - timedelta(hours=DAY_CUTOFF_HOUR)).date()


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """When study day ``day`` begins (4 a.m. local time that day), in UTC."""
    naive = datetime.combine(day, time(DAY_CUTOFF_HOUR))
    local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return local.astimezone(UTC)


def day_bounds(moment: datetime, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The start and the end (UTC) of the study day ``moment`` falls in."""
    day = study_day(moment, tz)
    return day_start(day, tz), day_start(day + timedelta(days=1), tz)


def is_due(state: CardState, now: datetime, day_end: datetime) -> bool:
    """Whether a card is shown by a session at ``now``, ``day_end`` being the end of the current study day.

    A review card is due when its due time falls before the end of the study
    day (as in Anki, which schedules reviews in whole days): "reviews due today".
    A card in its learning or relearning steps keeps its exact time
    (``due <= now``), so a 10-minute step really waits 10 minutes.
    :meth:`quizgen.state.StateFile.due_states` reads exactly these cards.
    """
    if state.due <= now:
        return True
    return state.phase is Phase.REVIEW and state.due < day_end


@dataclass
class StudyQueue:
    """The cards of one session, in the order they should be shown.

    Learning cards wait in a heap by due time and jump ahead once due; when
    nothing else is left, the earliest of them is shown even if not yet due,
    as Anki does with its learning steps.
    """

    due: deque[CardKey] = field(default_factory=deque)
    new: deque[CardKey] = field(default_factory=deque)
    learning: list[tuple[datetime, int, CardKey]] = field(default_factory=list)
    _order: int = 0
    #: The new cards when not made yet (see :meth:`later_new`), and how many they are.
    _make_new: Callable[[], Iterable[CardKey]] | None = None
    _new_waiting: int = 0

    @classmethod
    def build(
        cls,
        keys: Iterable[CardKey],
        due: dict[CardKey, CardState],
        known: Container[CardKey],
        now: datetime,
        *,
        new_limit: int,
        day_end: datetime | None = None,
    ) -> StudyQueue:
        """Due learning cards, reviews due today (most overdue first), then at most ``new_limit`` new cards.

        ``keys`` come in bank order, which is also the order of new cards and of
        ties; ``due`` holds the states of the cards due at ``now`` (see
        :func:`is_due`; ``day_end``, the end of the study day, defaults to that
        of ``now`` in local time); a key not in ``known`` was never studied.
        """
        if day_end is None:
            day_end = day_bounds(now)[1]
        queue = cls()
        reviews: list[tuple[datetime, int, CardKey]] = []
        for index, key in enumerate(keys):
            state = due.get(key)
            if state is not None:
                if not is_due(state, now, day_end):
                    continue
                if state.phase is Phase.REVIEW:
                    reviews.append((state.due, index, key))
                else:
                    queue.requeue(key, state.due)
            elif key not in known and len(queue.new) < new_limit:
                queue.new.append(key)
        reviews.sort()
        queue.due.extend(key for _, _, key in reviews)
        return queue

    @classmethod
    def of_due(
        cls,
        due: Iterable[tuple[CardKey, Phase, datetime]],
        now: datetime,
        day_end: datetime,
        position: Callable[[CardKey], tuple[int, ...]],
    ) -> StudyQueue:
        """The due part of :meth:`build` from the due cards alone (each in the bank), without walking the bank.

        ``due`` holds each card's key, phase and due time; ``position`` is its place
        in bank order (comparable between cards), asked for only where it decides: between learning cards,
        and between reviews due at the same time. The new cards are added after,
        by :meth:`later_new` or to :attr:`new`.
        """
        queue = cls()
        reviews: list[tuple[datetime, CardKey]] = []
        learning: list[tuple[CardKey, datetime]] = []
        for key, phase, when in due:  # as is_due decides
            if phase is Phase.REVIEW:
                if when < day_end or when <= now:
                    reviews.append((when, key))
            elif when <= now:
                learning.append((key, when))
        reviews.sort()
        if len({when for when, _ in reviews}) < len(reviews):  # a tie: bank order decides, as in build
            reviews.sort(key=lambda entry: (entry[0], position(entry[1])))
        queue.due.extend(key for _, key in reviews)
        learning.sort(key=lambda entry: position(entry[0]))
        for key, when in learning:
            queue.requeue(key, when)
        return queue

    def later_new(self, count: int, make: Callable[[], Iterable[CardKey]]) -> None:
        """The session's ``count`` new cards, made by ``make`` only when the first of them is needed."""
        self._make_new, self._new_waiting = make, count

    def _new_cards(self) -> deque[CardKey]:
        if self._make_new is not None:
            self.new.extend(self._make_new())
            self._make_new = None
        return self.new

    @classmethod
    def cram(cls, keys: Iterable[CardKey]) -> StudyQueue:
        """Every card once, in bank order, whatever its schedule."""
        queue = cls()
        queue.due.extend(keys)
        return queue

    def requeue(self, key: CardKey, due: datetime) -> None:
        """Shows ``key`` again in this session once ``due`` (or when nothing else is left)."""
        self._order += 1
        heapq.heappush(self.learning, (due, self._order, key))

    def next(self, now: datetime) -> CardKey | None:
        """The card to show now, removed from the queue; ``None`` when the session is done."""
        if self.learning and self.learning[0][0] <= now:
            return heapq.heappop(self.learning)[2]
        if self.due:
            return self.due.popleft()
        if new := self._new_cards():
            return new.popleft()
        if self.learning:
            return heapq.heappop(self.learning)[2]
        return None

    def counts(self) -> tuple[int, int, int]:
        """Cards still waiting: (due reviews, new, learning)."""
        new = len(self.new) if self._make_new is None else self._new_waiting
        return len(self.due), new, len(self.learning)

    def __len__(self) -> int:
        return sum(self.counts())
