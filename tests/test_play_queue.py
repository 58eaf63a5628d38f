"""``play`` starts its queue from the due cards alone: the same cards in the same order as a full build of it."""

from __future__ import annotations

import io
import random
import shutil
from collections.abc import Callable, Mapping, MutableMapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizgen.answers import Shown
from quizgen.load import load_bank, load_cards
from quizgen.model import Question
from quizgen.play import FirstThenRest, SessionQueue, select_cards, spread_queue, start_queue
from quizgen.scheduler import CardKey, CardState, Phase, Rating, StudyQueue, day_bounds
from quizgen.state import StateFile, open_state

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


def write_progress(
    path: Path,
    keys: list[CardKey],
    seed: int,
    latest: CardKey | None,
    mix: str = "learning",
    pools: Mapping[CardKey, str | None] | None = None,
) -> None:
    """Reviews due today (some at the very same time), learning cards due now and later, cards not due, new cards.

    The rows are written in a random order: not the bank's, which must come from the bank.
    ``latest`` is the review due last today. ``mix`` changes what comes first: learning cards due
    now ("learning"); none, so a review ("reviews"); reviews tied at the earliest time ("tie");
    most due reviews in one pool, whose first then comes first ("crowd", by ``pools``); the two reviews
    due first in one pool ("pair").
    """
    rng = random.Random(seed)
    same = NOW - timedelta(days=2 if mix != "tie" else 30)
    studied = list(enumerate(keys[:-26]))  # the last 26 cards are new
    rng.shuffle(studied)
    paired = 0
    with open_state(path) as store:
        for index, key in studied:
            kind = index % 5
            if mix == "crowd" and pools is not None:
                kind = 1 if pools[key] == "p0" else 4 if index % 13 else 2
            if kind == 0:
                state = CardState(Phase.REVIEW, None, 5.0, 5.0, same, NOW - timedelta(days=7))  # a tie
            elif kind in (1, 2):
                due = NOW - timedelta(hours=rng.randint(0, 500)) + timedelta(hours=rng.choice((0, 3)))
                state = CardState(Phase.REVIEW, None, 5.0, 5.0, due, NOW - timedelta(days=9))
            elif kind == 3:
                late = mix != "learning"
                due = NOW + timedelta(minutes=5 if late else rng.choice((-30, -10, -10, 5)))  # some due now
                state = CardState(Phase.LEARNING, 0, 1.0, 5.0, due, NOW - timedelta(minutes=40))
            else:
                state = CardState(Phase.REVIEW, None, 50.0, 5.0, NOW + timedelta(days=20), NOW)  # not due
            if mix == "pair" and pools is not None and pools[key] == "p0" and paired < 2:
                paired += 1  # the two reviews due first share a pool: the second must wait for another card
                state = CardState(
                    Phase.REVIEW, None, 5.0, 5.0, NOW - timedelta(days=40 - paired), NOW - timedelta(days=50)
                )
            if key == latest:
                state = CardState(Phase.REVIEW, None, 5.0, 5.0, day_bounds(NOW)[1] - timedelta(minutes=1), NOW)
            first = NOW - timedelta(days=30) if index % 7 else NOW - timedelta(hours=1)  # some introduced today
            store.record(key, Rating.GOOD, first, 1000, fixed(state))


def fixed(state: CardState) -> Callable[[CardState | None], CardState]:
    """A schedule that sets the card to ``state``, whatever it was."""
    return lambda _before: state


def drain(queue: SessionQueue) -> list[tuple[CardKey, tuple[int, int, int]]]:
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
        assert not isinstance(loaded, dict) and getattr(loaded, "has_pools", None)  # read lazily, pools known
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


def lazy_cards(tmp_path: Path) -> Mapping[CardKey, Question]:
    bank_folder = tmp_path / "bank"
    write_bank(bank_folder)
    load_cards([bank_folder], tmp_path / "cache")  # the first run writes the index
    cards = load_cards([bank_folder], tmp_path / "cache")
    assert not isinstance(cards, dict)
    return cards  # type: ignore[return-value]


def session(
    store: StateFile,
    cards: Mapping[CardKey, Question],
    queue: SessionQueue,
    states: MutableMapping[CardKey, CardState],
) -> list[tuple[CardKey, tuple[int, int, int], CardState | None]]:
    """Studies the queue as a session does (real scheduling, each answer written): every card, counts and state."""
    from quizgen.play import Answered, Session
    from quizgen.scheduler import Scheduler
    from quizgen.terminal import Terminal

    shown = []
    term = Terminal.open(io.StringIO(), io.StringIO())
    run = Session(term, cards, queue, states, Scheduler(fuzz=False), lambda: NOW, "seed", store, day_bounds(NOW)[1])
    for step in range(80):
        key = queue.next(NOW)
        if key is None:
            break
        shown.append((key, queue.counts(), states.get(key)))
        rating = Rating.AGAIN if step % 4 == 1 else Rating.GOOD
        run.commit(key, rating, 1000, Answered(Shown(), None, rating))
    return shown


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("mix", ["learning", "reviews", "tie", "crowd", "pair"])
@pytest.mark.parametrize("new_limit", [0, 5])
def test_a_session_started_from_its_first_card_goes_on_as_the_full_build(
    tmp_path: Path, mix: str, new_limit: int, seed: int
) -> None:
    """The first card comes from a few rows; the rest of the queue, made after the first answer, is the full build's."""
    cards = lazy_cards(tmp_path)
    keys = list(cards)
    pools = {key: cards[key].pool for key in keys}
    state = tmp_path / "progress.db"
    write_progress(state, keys, seed, None, mix, pools)
    twin = tmp_path / "twin.db"
    shutil.copy(state, twin)
    _, end = day_bounds(NOW)
    with open_state(twin) as store:
        full = spread_queue(
            StudyQueue.build(cards, store.due_states(NOW, end), store.known_keys(), NOW, new_limit=new_limit), cards
        )
        counts = full.counts()
        states = store.due_states(NOW, end)
        expected = session(store, cards, full, states)
    if mix == "crowd":
        assert cards[expected[0][0]].pool == "p0"  # the pool of most due reviews comes first
    if mix == "pair":  # the pool's second review waits for another card
        assert cards[expected[0][0]].pool == "p0" and cards[expected[1][0]].pool != "p0"
    if mix == "tie":  # the first reviews are due at the very same time: bank order decides
        assert expected[0][2] is not None and expected[1][2] is not None and expected[0][2].due == expected[1][2].due
    with open_state(state) as store:
        due, started = start_queue(store, cards, NOW, end, new_limit)
        assert isinstance(started, FirstThenRest)  # the first card from a few rows
        assert started.counts() == counts and started.first == expected[0][0]
        assert session(store, cards, started, due) == expected
        assert dict(due) == states  # what the session graded from, with what it wrote


@pytest.mark.parametrize("mix", ["learning", "reviews"])
def test_due_cards_no_longer_in_the_bank_are_not_counted_nor_shown(tmp_path: Path, mix: str) -> None:
    """Rows of removed questions, of a deck renamed away, of a cloze number gone or a type changed stay out."""
    cards = lazy_cards(tmp_path)
    keys = list(cards)
    state = tmp_path / "progress.db"
    write_progress(state, keys, 3, None, mix)
    cloze = next(key for key in keys if key[2] == 1)
    basic = next(key for key in keys if key[2] == 0)
    strangers = [(cloze[0], "gone", 0), ("Renamed", basic[1], 0), (cloze[0], cloze[1], 7), (cloze[0], cloze[1], 0),
                 (basic[0], basic[1], 1)]  # fmt: skip
    early = CardState(Phase.REVIEW, None, 5.0, 5.0, NOW - timedelta(days=90), NOW - timedelta(days=99))  # due first
    soon = CardState(Phase.LEARNING, 0, 1.0, 5.0, NOW - timedelta(hours=5), NOW - timedelta(hours=6))  # learning first
    with open_state(state) as store:
        for key in strangers:
            store.record(key, Rating.GOOD, NOW - timedelta(days=99), 1000, fixed(early if mix == "reviews" else soon))
    _, end = day_bounds(NOW)
    with open_state(state) as store:
        full = spread_queue(
            StudyQueue.build(cards, store.due_states(NOW, end), store.known_keys(), NOW, new_limit=3), cards
        )
        due, started = start_queue(store, cards, NOW, end, 3)
        assert isinstance(started, FirstThenRest)
        assert started.counts() == full.counts()
        shown = drain(started)
        assert shown == drain(full) and not {key for key, _ in shown} & set(strangers)
