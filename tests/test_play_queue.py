"""``play`` starts its queue from the due cards alone: the same cards in the same order as a full build of it."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizgen.load import load_bank, load_cards
from quizgen.model import Question
from quizgen.play import select_cards, spread_queue, start_queue
from quizgen.scheduler import CardKey, CardState, Phase, Rating, StudyQueue, day_bounds
from quizgen.state import open_state

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def write_bank(folder: Path) -> None:
    """Two files: plain questions, clozes (two cards each) and members of two pools, interleaved."""
    folder.mkdir()
    for f in range(2):
        lines = [f"deck: Queue {f}", f"topic: Topic {f}", "questions:"]
        for i in range(30):
            qid = f"q-{f}-{i}"
            pool = f", pool: p{i // 2 % 2}" if i % 2 == 0 else ""  # half the questions: two pools
            if i % 5 == 0:
                lines.append(f"  - {{id: {qid}, type: cloze, prompt: 'A {{{{c1::one {i}}}}} and {{{{c2::two}}}}'}}")
            else:
                lines.append(f"  - {{id: {qid}, prompt: Question {i} of {f}?, answer: Answer {i}{pool}}}")
        (folder / f"topic-{f}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_progress(path: Path, keys: list[CardKey], seed: int, latest: CardKey) -> None:
    """Reviews due today (some at the very same time), learning cards due now and later, cards not due, new cards.

    The rows are written in a random order: not the bank's, which must come from the bank.
    ``latest`` is the review due last today.
    """
    rng = random.Random(seed)
    same = NOW - timedelta(days=2)
    studied = list(enumerate(keys[:-26]))  # the last 26 cards are new
    rng.shuffle(studied)
    with open_state(path) as store:
        for index, key in studied:
            kind = index % 5
            if kind == 0:
                state = CardState(Phase.REVIEW, None, 5.0, 5.0, same, NOW - timedelta(days=7))  # a tie
            elif kind in (1, 2):
                due = NOW - timedelta(hours=rng.randint(0, 500)) + timedelta(hours=rng.choice((0, 3)))
                state = CardState(Phase.REVIEW, None, 5.0, 5.0, due, NOW - timedelta(days=9))
            elif kind == 3:
                due = NOW + timedelta(minutes=rng.choice((-30, -10, -10, 5)))  # some due now, one later
                state = CardState(Phase.LEARNING, 0, 1.0, 5.0, due, NOW - timedelta(minutes=40))
            else:
                state = CardState(Phase.REVIEW, None, 50.0, 5.0, NOW + timedelta(days=20), NOW)  # not due
            if key == latest:
                state = CardState(Phase.REVIEW, None, 5.0, 5.0, day_bounds(NOW)[1] - timedelta(minutes=1), NOW)
            first = NOW - timedelta(days=30) if index % 7 else NOW - timedelta(hours=1)  # some introduced today
            store.record(key, Rating.GOOD, first, 1000, fixed(state))


def fixed(state: CardState) -> Callable[[CardState | None], CardState]:
    """A schedule that sets the card to ``state``, whatever it was."""
    return lambda _before: state


def drain(queue: StudyQueue) -> list[tuple[CardKey, tuple[int, int, int]]]:
    """Every card the queue gives, with the counts shown beside it, as a session sees them."""
    shown = []
    while (key := queue.next(NOW)) is not None:
        shown.append((key, queue.counts()))
    return shown


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("lazy", [True, False], ids=["index", "bank"])
@pytest.mark.parametrize("new_limit", [0, 4, 20, 1000])
def test_the_queue_started_from_the_due_cards_is_the_full_build(
    tmp_path: Path, lazy: bool, new_limit: int, seed: int
) -> None:
    bank_folder = tmp_path / "bank"
    write_bank(bank_folder)
    cards: Mapping[CardKey, Question]
    if lazy:
        load_cards([bank_folder], tmp_path / "cache")  # the first run writes the index
        loaded = load_cards([bank_folder], tmp_path / "cache")
        assert not isinstance(loaded, dict) and getattr(loaded, "pools", None)  # read lazily, pools known
        cards = loaded  # type: ignore[assignment]
    else:
        cards = select_cards(load_bank([bank_folder]))
    keys = list(cards)
    state = tmp_path / "progress.db"
    latest = next(key for key in keys[:-26] if cards[key].pool == "p0" and key[0] == keys[-26][0])  # one pool
    assert cards[keys[-26]].pool == "p0" and cards[keys[-25]].pool is None  # the first new card: p0's, the next none
    write_progress(state, keys, seed, latest)
    _, end = day_bounds(NOW)
    with open_state(state) as store:
        built = StudyQueue.build(cards, store.due_states(NOW, end), store.known_keys(), NOW, new_limit=new_limit)
        unspread = list(built.due)
        full = spread_queue(built, cards)
        assert list(full.due) != unspread  # the pools were spread apart
        assert full.due[-1] == latest  # so the new cards start apart from its pool
        due, started = start_queue(store, cards, NOW, end, new_limit)
        assert started.counts() == full.counts()
        assert started.counts()[0] > 10 and started.counts()[2] > 3  # reviews and learning cards are due
        assert drain(started) == drain(full)
        assert dict(due) == store.due_states(NOW, end)  # the states the session grades from
