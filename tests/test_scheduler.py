"""FSRS scheduling with pinned numbers (fixed UTC times, fuzz off), the 4 a.m. study day, and the session queue."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizgen.scheduler import (
    CardState,
    Phase,
    Rating,
    Scheduler,
    StudyQueue,
    day_bounds,
    day_start,
    fuzzed_interval,
    is_due,
    study_day,
)

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
EXACT = Scheduler(retention=0.9, fuzz=False)


def test_new_card_good_goes_to_the_second_learning_step() -> None:
    card = EXACT.review(None, Rating.GOOD, T0)
    assert card.phase is Phase.LEARNING
    assert card.step == 1
    assert card.due == datetime(2026, 1, 5, 10, 10, tzinfo=UTC)
    assert card.last_review == T0
    assert card.stability == pytest.approx(2.3065)


def test_new_card_each_rating_pinned() -> None:
    dues = {rating: EXACT.review(None, rating, T0).due for rating in Rating}
    assert dues == {
        Rating.AGAIN: datetime(2026, 1, 5, 10, 1, tzinfo=UTC),
        Rating.HARD: datetime(2026, 1, 5, 10, 5, 30, tzinfo=UTC),
        Rating.GOOD: datetime(2026, 1, 5, 10, 10, tzinfo=UTC),
        Rating.EASY: datetime(2026, 1, 13, 10, 0, tzinfo=UTC),
    }


def test_graduating_then_reviewing_gives_exact_days() -> None:
    learning = EXACT.review(None, Rating.GOOD, T0)
    graduated = EXACT.review(learning, Rating.GOOD, learning.due)
    assert graduated.phase is Phase.REVIEW
    assert graduated.step is None
    assert graduated.due == datetime(2026, 1, 7, 10, 10, tzinfo=UTC)
    reviewed = EXACT.review(graduated, Rating.GOOD, graduated.due)
    assert reviewed.phase is Phase.REVIEW
    assert reviewed.due - graduated.due == timedelta(days=11)


def test_good_comes_back_later_than_hard_and_easy_later_still() -> None:
    learning = EXACT.review(None, Rating.GOOD, T0)
    review = EXACT.review(learning, Rating.GOOD, learning.due)
    at = review.due + timedelta(days=1)
    hard, good, easy = (EXACT.review(review, r, at).due for r in (Rating.HARD, Rating.GOOD, Rating.EASY))
    assert hard < good < easy


def test_again_on_a_review_card_relearns_in_ten_minutes() -> None:
    review = CardState(Phase.REVIEW, None, 20.0, 5.0, T0, T0 - timedelta(days=20))
    lapsed = EXACT.review(review, Rating.AGAIN, T0)
    assert lapsed.phase is Phase.RELEARNING
    assert lapsed.due == T0 + timedelta(minutes=10)
    assert lapsed.stability is not None and lapsed.stability < 20.0


def test_higher_retention_gives_shorter_intervals() -> None:
    review = CardState(Phase.REVIEW, None, 20.0, 5.0, T0, T0 - timedelta(days=20))
    strict = Scheduler(retention=0.97, fuzz=False).review(review, Rating.GOOD, T0)
    loose = Scheduler(retention=0.8, fuzz=False).review(review, Rating.GOOD, T0)
    assert strict.due < loose.due


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        EXACT.review(None, Rating.GOOD, datetime(2026, 1, 5, 10, 0))


def test_review_in_another_zone_is_stored_in_utc() -> None:
    berlin = T0.astimezone(ZoneInfo("Europe/Berlin"))
    card = EXACT.review(None, Rating.GOOD, berlin)
    assert card.due.utcoffset() == timedelta(0)
    assert card.due == datetime(2026, 1, 5, 10, 10, tzinfo=UTC)


def test_fuzz_is_reproducible_per_card_and_stays_in_range() -> None:
    fuzzy = Scheduler(retention=0.9, fuzz=True)
    review = CardState(Phase.REVIEW, None, 30.0, 5.0, T0, T0 - timedelta(days=30))
    exact_days = (EXACT.review(review, Rating.GOOD, T0).due - T0).days
    runs = {(fuzzy.review(review, Rating.GOOD, T0, seed="deck|q1|0").due - T0).days for _ in range(5)}
    assert len(runs) == 1  # same card, same time: same answer
    spread = {(fuzzy.review(review, Rating.GOOD, T0, seed=f"deck|q{i}|0").due - T0).days for i in range(40)}
    assert len(spread) > 1  # different cards spread out
    assert all(abs(days - exact_days) <= 0.1 * exact_days + 2 for days in spread)


def test_fuzz_leaves_short_intervals_alone() -> None:
    assert fuzzed_interval(timedelta(days=2), "x") == timedelta(days=2)
    assert fuzzed_interval(timedelta(minutes=10), "x") == timedelta(minutes=10)


def test_preview_gives_every_rating() -> None:
    preview = EXACT.preview(None, T0)
    assert set(preview) == set(Rating)
    assert preview[Rating.AGAIN].due < preview[Rating.HARD].due < preview[Rating.GOOD].due < preview[Rating.EASY].due


# The study day rolls over at 4 a.m. local time.

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_study_day_rolls_over_at_4am_local() -> None:
    # 02:59 UTC is 03:59 in Berlin (winter, UTC+1): still the day before.
    assert study_day(datetime(2026, 1, 5, 2, 59, tzinfo=UTC), BERLIN) == date(2026, 1, 4)
    assert study_day(datetime(2026, 1, 5, 3, 0, tzinfo=UTC), BERLIN) == date(2026, 1, 5)
    # The same instants are both on the 4th in New York (UTC-5).
    assert study_day(datetime(2026, 1, 5, 3, 0, tzinfo=UTC), NEW_YORK) == date(2026, 1, 4)
    assert study_day(datetime(2026, 1, 5, 9, 0, tzinfo=UTC), NEW_YORK) == date(2026, 1, 5)


def test_day_start_follows_daylight_saving_time() -> None:
    # New York moves to UTC-4 on 2026-03-08 at 2 a.m.
    assert day_start(date(2026, 3, 7), NEW_YORK) == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    assert day_start(date(2026, 3, 8), NEW_YORK) == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)
    start, end = day_bounds(datetime(2026, 3, 7, 20, 0, tzinfo=UTC), NEW_YORK)
    assert (start, end) == (datetime(2026, 3, 7, 9, 0, tzinfo=UTC), datetime(2026, 3, 8, 8, 0, tzinfo=UTC))
    assert end - start == timedelta(hours=23)


@pytest.fixture
def tz_tokyo() -> Iterator[None]:
    """The process's local zone set through TZ, as a user's machine sets it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_study_day_uses_the_system_zone_by_default(tz_tokyo: None) -> None:
    # Tokyo is UTC+9: 18:59 UTC is 03:59 the next morning there, still the 5th's study day.
    assert study_day(datetime(2026, 1, 5, 18, 59, tzinfo=UTC)) == date(2026, 1, 5)
    assert study_day(datetime(2026, 1, 5, 19, 0, tzinfo=UTC)) == date(2026, 1, 6)
    assert day_start(date(2026, 1, 6)) == datetime(2026, 1, 5, 19, 0, tzinfo=UTC)


# The session queue.

KEYS = [("D", f"q{i}", 0) for i in range(6)]


def review_due(at: datetime) -> CardState:
    return CardState(Phase.REVIEW, None, 10.0, 5.0, at, at - timedelta(days=10))


def drain(queue: StudyQueue, now: datetime) -> list[str]:
    order = []
    while (key := queue.next(now)) is not None:
        order.append(key[1])
    return order


def test_queue_learning_then_reviews_most_overdue_first_then_new_up_to_the_limit() -> None:
    due = {
        KEYS[1]: review_due(T0 - timedelta(days=1)),
        KEYS[2]: review_due(T0 - timedelta(days=3)),
        KEYS[3]: CardState(Phase.RELEARNING, 0, 2.0, 5.0, T0 - timedelta(minutes=1), T0 - timedelta(minutes=11)),
    }
    known = set(due) | {KEYS[4]}  # q4 was studied and is not due
    queue = StudyQueue.build(KEYS, due, known, T0, new_limit=1)
    assert queue.counts() == (2, 1, 1)
    assert drain(queue, T0) == ["q3", "q2", "q1", "q0"]  # q5 waits for the new-card limit


def test_reviews_are_due_for_the_whole_study_day_learning_cards_at_their_time() -> None:
    day_end = T0 + timedelta(hours=8)
    later_today = T0 + timedelta(hours=5)
    learning_later = CardState(Phase.LEARNING, 1, 2.0, 5.0, T0 + timedelta(minutes=10), T0)
    relearning_later = CardState(Phase.RELEARNING, 0, 2.0, 5.0, later_today, T0)
    assert is_due(review_due(later_today), T0, day_end)
    assert is_due(review_due(T0 - timedelta(days=2)), T0, day_end)
    assert not is_due(review_due(day_end), T0, day_end)  # due when the next study day begins
    assert not is_due(learning_later, T0, day_end)
    assert not is_due(relearning_later, T0, day_end)
    assert is_due(learning_later, learning_later.due, day_end)
    due = {KEYS[0]: review_due(later_today), KEYS[1]: learning_later, KEYS[2]: review_due(T0 - timedelta(hours=1))}
    queue = StudyQueue.build(KEYS[:3], due, set(due), T0, new_limit=5, day_end=day_end)
    assert queue.counts() == (2, 0, 0)
    assert drain(queue, T0) == ["q2", "q0"]  # most overdue first; the learning card waits its ten minutes


def test_a_failed_card_comes_back_once_due_or_when_nothing_else_is_left() -> None:
    queue = StudyQueue.build(KEYS[:3], {}, set(), T0, new_limit=10)
    assert queue.next(T0) == KEYS[0]
    queue.requeue(KEYS[0], T0 + timedelta(minutes=1))
    assert queue.next(T0) == KEYS[1]  # not yet due: the next new card first
    assert queue.next(T0 + timedelta(minutes=2)) == KEYS[0]  # due now: it jumps ahead
    queue.requeue(KEYS[1], T0 + timedelta(minutes=10))
    assert queue.next(T0) == KEYS[2]
    assert queue.next(T0) == KEYS[1]  # nothing else left: shown early
    assert queue.next(T0) is None


def test_cram_queue_has_every_card_in_order() -> None:
    queue = StudyQueue.cram(KEYS)
    assert drain(queue, T0) == [k[1] for k in KEYS]
