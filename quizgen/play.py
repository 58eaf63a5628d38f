"""``quizgen play``: the terminal session over the scheduler and the progress file.

This module only asks and shows. What is due and when it comes back is
:mod:`quizgen.scheduler`'s business; what is remembered is :mod:`quizgen.state`'s;
what an answer means is :mod:`quizgen.answers`'; the terminal itself and how
things are written in it are :mod:`quizgen.terminal`'s (shared with ``stats``). The interface is
line-oriented (a prompt, a line of input), so it works in any terminal, over
ssh, and with answers piped in; ``rich`` adds colour only where the output is
a terminal (or ``FORCE_COLOR`` is set).

:func:`run_play` takes the loaded bank, the clock, the seed and the progress
file from the command layer (:mod:`quizgen.commands`), which reads them.
Startup is kept short for big banks: the cards come from the bank index,
only card states (not the review log) are read, and py-fsrs is imported when
the first answer is graded, not before the first card is shown.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO, assert_never, cast

from quizgen.answers import (
    LETTERS,
    RATING_NAMES,
    Given,
    Matched,
    Ordered,
    Picked,
    Said,
    Shown,
    TypedText,
    check_cloze,
    check_number,
    check_typed,
    multi_share,
    normalize_answer,
    number_answer,
    parse_choice,
    parse_choices,
    parse_matching,
    parse_ordering,
    parse_rating,
    parse_truefalse,
    proposed_rating,
    share_rating,
)  # fmt: skip
from quizgen.errors import Problem, QuizgenError
from quizgen.model import (
    Bank,
    Basic,
    Cloze,
    Deletion,
    Matching,
    Mcq,
    Multi,
    Numeric,
    Option,
    Ordering,
    Question,
    Scoring,
    TrueFalse,
    Typed,
    card_numbers,
    option_label,
)
from quizgen.options import NEW_PER_DAY, RETENTION
from quizgen.outcome import Outcome
from quizgen.render import render_cloze, to_rich
from quizgen.scheduler import CardKey, CardState, Phase, Rating, Scheduler, StudyQueue, day_bounds
from quizgen.terminal import Quit, Terminal, diff_markup, dot, format_interval, format_local

# Short names: the session's markup uses them on nearly every line.
from quizgen.terminal import escape as _escape
from quizgen.terminal import image_paths as _image_paths
from quizgen.terminal import plural_s as _s

if TYPE_CHECKING:
    from quizgen.images import ImageFile
    from quizgen.index import LazyCards
    from quizgen.judge import Verdict
    from quizgen.state import DueCards, DueGroup, StateFile

#: A card failed while cramming comes back after this long (or when nothing else is left).
CRAM_AGAIN = timedelta(minutes=1)


# Which cards: one per question, one per cloze number.


def card_keys(question: Question) -> list[CardKey]:
    """Deck + id, and the cloze number for each card of a cloze (0 for other types)."""
    return [(question.deck, question.id, n) for n in card_numbers(question)]


def select_cards(bank: Bank) -> dict[CardKey, Question]:
    """Every card of the bank, in bank order."""
    return {key: q for q in bank.questions() for key in card_keys(q)}


def spread_pools(
    keys: Iterable[CardKey], cards: Mapping[CardKey, Question], after: CardKey | None = None
) -> list[CardKey]:
    """``keys`` reordered so that no two members of one pool come one right after the other.

    Members of a pool are alternatives of one exam question: seeing one just
    before another gives its answer away. The next card is the first waiting
    one outside the pool just shown, unless a pool holds more than half of the
    cards left: then that pool's first card, so the rest can still alternate.
    The order is otherwise kept, and the same for the same input; only when
    nothing else is left do members of one pool follow each other. ``after``
    is the card shown just before the first of ``keys``.
    """
    if getattr(cards, "has_pools", True) is False:
        return list(keys)  # cards read lazily that know they have no pool
    waiting = deque(keys)
    left = Counter(p for p in (_pool_of(k, cards) for k in waiting) if p is not None)
    if not left:
        return list(waiting)  # most banks: nothing to spread
    result: list[CardKey] = []
    last = _pool_of(after, cards) if after is not None else None
    while waiting:
        biggest, count = left.most_common(1)[0] if left else (None, 0)
        if biggest is not None and biggest != last and 2 * count > len(waiting):
            pick = next(i for i, k in enumerate(waiting) if _pool_of(k, cards) == biggest)
        else:
            pick = next((i for i, k in enumerate(waiting) if last is None or _pool_of(k, cards) != last), 0)
        key = waiting[pick]
        del waiting[pick]
        result.append(key)
        last = _pool_of(key, cards)
        if last is not None:
            left[last] -= 1
            if not left[last]:
                del left[last]
    return result


def _pool_of(key: CardKey, cards: Mapping[CardKey, Question]) -> tuple[str, str] | None:
    pool_of = getattr(cards, "pool_of", None)  # cards read lazily know their pools without reading the questions
    if pool_of is not None:
        return pool_of(key)  # type: ignore[no-any-return]
    question = cards.get(key)
    return None if question is None or question.pool is None else (question.deck, question.pool)


def spread_queue(queue: StudyQueue, cards: Mapping[CardKey, Question]) -> StudyQueue:
    """The session's due and new cards with the members of each pool spread apart (see :func:`spread_pools`)."""
    queue.due = deque(spread_pools(queue.due, cards))
    queue.new = deque(spread_pools(queue.new, cards, queue.due[-1] if queue.due else None))
    return queue


def start_queue(
    store: StateFile, cards: Mapping[CardKey, Question], now: datetime, day_end: datetime, new_limit: int
) -> tuple[MutableMapping[CardKey, CardState], SessionQueue]:
    """The session's queue as :meth:`StudyQueue.build` and :func:`spread_queue` make it, from only what it needs.

    The first card and the counts shown with it come from the due cards grouped in the
    progress file (:meth:`~quizgen.state.StateFile.due_groups`: a handful of rows) and the
    first due reviews in due order; the queue of the rest is made when the second card is
    asked for, as the full build would have it after its first card. Where that shortcut
    cannot be exact (no due card, fewer new cards in the bank than the day's limit, a row
    quizgen did not write), the whole queue is made at once, from the due cards' rows alone
    (their states decoded when shown): either way the bank is not walked and the studied
    cards not read until the new cards are reached.
    """
    deferred = not new_limit or len(cards) - store.known_count() >= new_limit
    if deferred:
        started = _first_card(store, cards, now, day_end, new_limit)
        if started is not None:
            return started
    return _whole_queue(store, cards, now, day_end, new_limit)


class SessionQueue(Protocol):
    """What a session asks of its queue (:class:`StudyQueue`, or :class:`FirstThenRest` at the start)."""

    def next(self, now: datetime) -> CardKey | None: ...
    def counts(self) -> tuple[int, int, int]: ...
    def requeue(self, key: CardKey, due: datetime) -> None: ...
    def __len__(self) -> int: ...


def _position(cards: Mapping[CardKey, Question]) -> Callable[[CardKey], tuple[int, ...]]:
    """Each card's place in bank order (comparable), walking the bank only when the cards cannot say."""
    place = getattr(cards, "place", None)  # cards read lazily know where a card stands
    if place is not None:
        return place  # type: ignore[no-any-return]
    positions: dict[CardKey, tuple[int, ...]] = {}

    def position(key: CardKey) -> tuple[int, ...]:
        if not positions:
            positions.update((k, (i,)) for i, k in enumerate(cards))
        return positions[key]

    return position


def _whole_queue(
    store: StateFile,
    cards: Mapping[CardKey, Question],
    now: datetime,
    day_end: datetime,
    new_limit: int,
    *,
    taken: CardKey | None = None,
    taken_review: bool = False,
    deferred: bool | None = None,
) -> tuple[DueCards, StudyQueue]:
    """The whole queue from the due cards' rows; with ``taken``, as it is once that first card was shown."""
    due = store.due_cards(now, day_end, among=cards)
    schedule = due.schedule() if taken is None else [entry for entry in due.schedule() if entry[0] != taken]
    queue = StudyQueue.of_due(schedule, now, day_end, _position(cards))
    after = taken if taken_review else None  # the review shown first: the pools spread on after it
    queue.due = deque(spread_pools(queue.due, cards, after))
    last = queue.due[-1] if queue.due else after

    def new_cards() -> list[CardKey]:
        known = store.known_keys()
        fresh = (key for key in cards if key not in known)
        return spread_pools(itertools.islice(fresh, new_limit), cards, last)

    if deferred is None:
        deferred = len(cards) - store.known_count() >= new_limit
    if new_limit and deferred:  # that many new cards at least: made when reached
        queue.later_new(new_limit, new_cards)
    elif new_limit:
        queue.new = deque(new_cards())
    return due, queue


def _members(cards: Mapping[CardKey, Question], groups: list[DueGroup]) -> list[Collection[str]]:
    """For each group, the ids of its cards that are in ``cards``."""
    lazy = cast("LazyCards | None", cards if hasattr(cards, "present") else None)  # cards read lazily
    if lazy is None:
        return [{qid for qid in g.ids if (g.deck, qid, g.ord) in cards} for g in groups]
    wanted: dict[str, set[str]] = {}
    for group in groups:
        if group.ord == 0:  # cloze cards are told by the card list's clozes alone
            wanted.setdefault(group.deck, set()).update(group.ids)
    present = {deck: lazy.present(deck, ids) for deck, ids in wanted.items()}  # one pass over each deck's ids
    return [lazy.members(g.deck, g.ord, g.ids, present.get(g.deck, set())) for g in groups]


def _first_card(
    store: StateFile, cards: Mapping[CardKey, Question], now: datetime, day_end: datetime, new_limit: int
) -> tuple[MutableMapping[CardKey, CardState], SessionQueue] | None:
    """The first card and the counts beside it, exactly as the whole queue has them; None where it cannot tell.

    As :meth:`StudyQueue.next` does, a learning card due now comes first (the earliest, then the
    first in bank order); else the first review in due order (then bank order), unless one pool
    holds more than half of the due reviews: then the first of that pool (:func:`spread_pools`).
    """
    from quizgen.scheduler import Phase

    groups = store.due_groups(now, day_end)
    if groups is None:
        return None
    reviews = 0
    pools: Counter[tuple[str, str]] = Counter()
    learning: list[tuple[datetime, CardKey]] = []
    pooled = getattr(cards, "has_pools", True)
    for group, present in zip(groups, _members(cards, groups), strict=True):
        if group.phase is Phase.REVIEW:
            reviews += len(present)
            if pooled:
                pools.update(p for qid in present if (p := _pool_of((group.deck, qid, group.ord), cards)) is not None)
        elif group.dues is not None:
            learning += [
                (due, (group.deck, qid, group.ord))
                for qid, due in zip(group.ids, group.dues, strict=True)
                if qid in present
            ]
    if not reviews and not learning:
        return None  # only new cards, or nothing: the whole queue is as cheap
    first_due: datetime | None = None
    if learning:
        position = _position(cards)
        first_due, first = min(learning, key=lambda entry: (entry[0], position(entry[1])))
    else:
        crowd = pools.most_common(1)
        biggest = crowd[0][0] if crowd and 2 * crowd[0][1] > reviews else None

        def wanted(key: CardKey) -> bool:
            return key in cards and (biggest is None or _pool_of(key, cards) == biggest)

        tied = store.first_due_reviews(now, day_end, wanted)
        if not tied:
            return None
        first = min(tied, key=_position(cards))

    def rest(taken: CardKey | None) -> tuple[DueCards, StudyQueue]:
        return _whole_queue(
            store, cards, now, day_end, new_limit, taken=taken, taken_review=first_due is None, deferred=True
        )

    queue = FirstThenRest(first, first_due, (reviews, new_limit, len(learning)), rest)
    return FirstStates(store, first, queue), queue


class FirstThenRest:
    """A session's queue that knows only its first card until the second is asked for.

    Then the whole queue is made without the first card (:func:`_whole_queue`), which is what the
    whole queue made at the start holds once its first card was taken; anything asked of it
    before (a requeue after the first answer) is asked of that queue.
    """

    def __init__(
        self,
        first: CardKey,
        first_due: datetime | None,
        counts: tuple[int, int, int],
        rest: Callable[[CardKey | None], tuple[DueCards, StudyQueue]],
    ) -> None:
        self.first = first
        self._first_due = first_due  # when the first card is a learning card: its due time
        self._counts = counts
        self._rest = rest
        self._shown = False
        self.whole: tuple[DueCards, StudyQueue] | None = None

    def queue(self) -> StudyQueue:
        """The whole queue (without the first card once it was shown), made the first time it is asked for."""
        if self.whole is None:
            self.whole = self._rest(self.first if self._shown else None)
        return self.whole[1]

    def next(self, now: datetime) -> CardKey | None:
        if not self._shown and self.whole is None:
            if self._first_due is None or self._first_due <= now:
                self._shown = True
                return self.first
            self.queue()  # a clock behind the start: the whole queue decides
        return self.queue().next(now)

    def counts(self) -> tuple[int, int, int]:
        if self.whole is not None:
            return self.whole[1].counts()
        due, new, learning = self._counts
        if self._shown:
            return (due, new, learning - 1) if self._first_due is not None else (due - 1, new, learning)
        return due, new, learning

    def requeue(self, key: CardKey, due: datetime) -> None:
        self.queue().requeue(key, due)

    def __len__(self) -> int:
        return sum(self.counts())


class FirstStates(MutableMapping[CardKey, CardState]):
    """The due cards' states for a :class:`FirstThenRest` queue: the first card's read alone, the rest with the queue.

    What the session writes before the whole queue is made is kept and laid over it then.
    """

    def __init__(self, store: StateFile, first: CardKey, queue: FirstThenRest) -> None:
        state = store.state_of(first)
        self._first = {} if state is None else {first: state}
        self._queue = queue
        self._written: dict[CardKey, CardState] = {}
        self._due: DueCards | None = None

    def _all(self) -> DueCards:
        """The states the whole queue was made from, with the first card's and those written laid over."""
        if self._due is None:
            self._queue.queue()
            assert self._queue.whole is not None
            due = self._queue.whole[0]
            for key, state in self._first.items():
                if key not in due:
                    due[key] = state
            due.update(self._written)
            self._due = due
        return self._due

    def __getitem__(self, key: CardKey) -> CardState:
        if self._due is None:
            if key in self._written:
                return self._written[key]
            if key in self._first:
                return self._first[key]
        return self._all()[key]

    def __setitem__(self, key: CardKey, state: CardState) -> None:
        if self._due is None:
            self._written[key] = state
        else:
            self._due[key] = state

    def __delitem__(self, key: CardKey) -> None:
        del self._all()[key]

    def __iter__(self) -> Iterator[CardKey]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def read_ids(path: Path, bank: Bank) -> frozenset[str]:
    """The question ids a file lists, one a line (as ``quizgen mark`` writes review lists); blank lines skipped.

    Every id that is in no deck of the bank is refused at ``FILE:LINE``, all at once.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise QuizgenError(f"cannot read {path}: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        line = path.read_bytes().count(b"\n", 0, e.start) + 1
        raise QuizgenError("the id list cannot be read", [Problem(str(path), line, "not UTF-8 text")]) from None
    known = {q.id for q in bank.questions()}
    ids: list[str] = []
    problems: list[Problem] = []
    for number, written in enumerate(text.splitlines(), start=1):
        qid = written.strip()
        if not qid:
            continue
        if qid not in known:
            problems.append(
                Problem(str(path), number, f"no question has the id {qid!r}: check the bank, or remove the line")
            )
        ids.append(qid)
    if problems:
        raise QuizgenError("the id list names questions the bank does not have", problems)
    return frozenset(ids)


def key_text(key: CardKey) -> str:
    deck, qid, number = key
    return f"{deck}|{qid}|{number}"


# Pure helpers: option order, cloze text, reading answers.


def cloze_markup(question: Cloze, number: int, *, reveal: bool, blank: str = "[...]") -> str:
    """The cloze prompt as Rich markup: deletion ``number`` blanked (or its hint), the others as their text.

    With ``reveal`` the asked deletion is shown highlighted instead of blanked.
    """

    images = _image_paths(question)

    def hole(d: Deletion) -> str:
        if d.number != number:
            return to_rich(d.text, images)
        if reveal:
            return f"[bold green]{to_rich(d.text, images)}[/bold green]"
        from rich.markup import escape

        shown = f"[{d.hint}]" if d.hint and d.hint.strip() else blank
        return f"[bold yellow]{escape(shown)}[/bold yellow]"

    return render_cloze(question.pieces, lambda text: to_rich(text, images), hole)


def _front_images(question: Question) -> list[ImageFile]:
    """The image files of the card's front (prompt and options), in order: what the answer may need."""
    if not question.images:
        return []  # most cards: nothing to parse
    from quizgen.render import find_images

    texts = [question.prompt]
    if isinstance(question, Mcq | Multi):
        texts += [o.text for o in question.options]
    files = {image.src: image.file for image in question.images}
    found = [files[use.src] for text in texts for use in find_images(text) if use.src in files]
    return list({f.path: f for f in found}.values())


# One session.


@dataclass(frozen=True, slots=True)
class Answered:
    """One answer to one card: what was answered, the verdict (``None`` when self-rated), the rating proposed."""

    given: Given
    verdict: Outcome | None
    proposed: Rating


@dataclass
class Tally:
    """What the summary reports."""

    answers: int = 0
    again: int = 0
    cards: set[CardKey] = field(default_factory=set)


@dataclass
class Session:
    """One sitting: shows cards from the queue, grades them, commits each answer before the next card."""

    term: Terminal
    cards: Mapping[CardKey, Question]
    queue: SessionQueue
    states: MutableMapping[CardKey, CardState]
    scheduler: Scheduler
    clock: Callable[[], datetime]
    seed: str
    store: StateFile | None  # None when cramming: nothing is written
    day_end: datetime
    tally: Tally = field(default_factory=Tally)

    def run(self) -> None:
        """Studies until the queue is empty or the learner quits (q, Ctrl-D, Ctrl-C)."""
        try:
            while (key := self.queue.next(self.clock())) is not None:
                self.study(key, self.cards[key])
        except (Quit, KeyboardInterrupt):
            self.term.say()

    def study(self, key: CardKey, question: Question) -> None:
        term = self.term
        due, new, learning = self.queue.counts()
        kind = "cram" if self.store is None else self._kind(key)
        sep = dot(term)
        term.say()
        term.say(
            f"[dim]{term.symbol('──', '--')} {_escape(question.deck)} {term.symbol('›', '>')} "
            f"{_escape(question.topic)} {sep} {kind} {sep} left: {due} due, {new} new, {learning} learning[/dim]"
        )
        term.figures(_front_images(question))
        started = time.monotonic()
        answered = self.ask(key, question)
        duration_ms = int((time.monotonic() - started) * 1000)
        if question.explanation:
            term.say(to_rich(question.explanation, _image_paths(question)))
        if question.source:
            opening, closing = term.symbol("\u201c", '"'), term.symbol("\u201d", '"')
            term.say(f"{opening}{_escape(question.source)}{closing}", style="dim")
        rating = self.rate(key, answered.proposed, answered.verdict is not None)
        self.commit(key, rating, duration_ms, answered)

    def _kind(self, key: CardKey) -> str:
        state = self.states.get(key)
        if state is None:
            return "new"
        return {Phase.LEARNING: "learning", Phase.REVIEW: "review", Phase.RELEARNING: "relearning"}[state.phase]

    def ask(self, key: CardKey, q: Question) -> Answered:
        """Shows the card, reads the answer, shows the verdict: what was answered, the verdict, the rating proposed."""
        term = self.term
        number = key[2]
        images = _image_paths(q)
        match q:
            case Cloze():
                term.say(cloze_markup(q, number, reveal=False))
                typed = term.ask("Type the missing text, or press Enter to show it (q quits)")
                full = cloze_markup(q, number, reveal=True)
                if not typed.strip():
                    term.say(f"[bold]Answer:[/bold] {full}")
                    return Answered(Shown(), None, Rating.GOOD)
                verdict = check_cloze(q, number, typed)
                answer = ", ".join(to_rich(t, images) for t in q.answers(number))
                self.show_verdict(verdict, ", ".join(q.answers(number)), f"answer: [green]{answer}[/green]")
                term.say(full)
                return Answered(TypedText(typed), verdict.outcome, proposed_rating(verdict.outcome))
            case Basic():
                term.say(f"[bold]{to_rich(q.prompt, images)}[/bold]")
                term.ask("Press Enter to show the answer (q quits)")
                term.say(f"[bold]Answer:[/bold] [green]{to_rich(q.answer, images)}[/green]")
                return Answered(Shown(), None, Rating.GOOD)
            case Typed():
                term.say(f"[bold]{to_rich(q.prompt, images)}[/bold]")
                typed = term.ask("Type your answer (q quits)")
                verdict = check_typed(q, typed)
                others = ""
                if q.accept:
                    others = f" [dim](also accepted: {', '.join(to_rich(a, images) for a in q.accept)})[/dim]"
                self.show_verdict(verdict, q.answer, f"expected: [green]{to_rich(q.answer, images)}[/green]{others}")
                return Answered(TypedText(typed), verdict.outcome, proposed_rating(verdict.outcome))
            case Numeric():
                term.say(f"[bold]{to_rich(q.prompt, images)}[/bold]")
                unit = f", in {_escape(q.unit)}" if q.unit else ""
                typed = term.ask(f"Type the number{unit} (q quits)")
                verdict = check_number(q, typed)
                shown = number_answer(q)
                self.show_verdict(verdict, verdict.expected, f"answer: [green]{_escape(shown)}[/green]")
                if verdict.hint:
                    term.say(f"  [yellow]{_escape(verdict.hint)}[/yellow]")
                return Answered(TypedText(typed), verdict.outcome, proposed_rating(verdict.outcome))
            case TrueFalse():
                term.say(f"[bold]{to_rich(q.prompt, images)}[/bold]")
                while (said := parse_truefalse(term.ask("True or false? t/f (q quits)"))) is None:
                    term.say("[yellow]Type t (true) or f (false).[/yellow]")
                right = said is q.answer
                truth = "True" if q.answer else "False"
                term.say(f"{self.mark(right)} {dot(term)} the statement is [bold]{truth}[/bold]")
                return Answered(Said(said), *_verdict(right))
            case Mcq() | Multi():
                term.say(f"[bold]{to_rich(q.prompt, images)}[/bold]")
                return self.ask_options(q)
            case Matching():
                term.say(f"[bold]{to_rich(q.prompt, images)}[/bold]")
                return self.ask_matching(q)
            case Ordering():
                term.say(f"[bold]{to_rich(q.prompt, images)}[/bold]")
                return self.ask_ordering(q)
            case _:
                assert_never(q)

    def mark(self, right: bool) -> str:
        ok, no = self.term.symbol("✓", "+"), self.term.symbol("✗", "x")
        return f"[bold green]{ok} Right[/]" if right else f"[bold red]{no} Wrong[/]"

    def show_verdict(self, verdict: Verdict, answer: str, expected: str) -> None:
        """Right, "Close: a typo" or Wrong with what was expected; for the last two, what was typed against it.

        ``answer`` is the author's answer as plain text: when the typed text matched an ``accept`` entry
        instead, that entry is named, as the Anki card does.
        """
        term = self.term
        outcome = verdict.outcome
        if outcome is Outcome.CLOSE:
            head = f"[bold yellow]{term.symbol('≈', '~')} Close: a typo[/]"
        else:
            head = self.mark(outcome is Outcome.RIGHT)
        if outcome is not Outcome.WRONG and normalize_answer(verdict.expected) != normalize_answer(answer):
            opening, closing = term.symbol("\u201c", '"'), term.symbol("\u201d", '"')
            head += f" (as {opening}{_escape(verdict.expected)}{closing})"
        term.say(f"{head} {dot(term)} {expected}")
        if verdict.diff:
            legend = "" if term.colour else " [dim]([-x-] typed but not expected, {+y+} missing)[/dim]"
            term.say(f"  you typed: {diff_markup(verdict.diff, term.colour)}{legend}")

    def ask_options(self, q: Mcq | Multi) -> Answered:
        term = self.term
        ok, no = term.symbol("✓", "+"), term.symbol("✗", "x")
        images = _image_paths(q)
        options: list[Option] = list(q.shuffled_options(self.seed))
        texts = [o.text for o in options]
        for index, option in enumerate(options):
            term.say(f"  [bold]{index + 1})[/bold] {to_rich(option.text, images)}")
        span = f"1-{len(options)} or a-{LETTERS[min(len(options), len(LETTERS)) - 1]}"
        correct = {i for i, o in enumerate(options) if q.is_right(o)}
        if isinstance(q, Mcq):
            while (pick := parse_choice(term.ask(f"Your answer: {span} (q quits)"), len(options), texts)) is None:
                term.say(f"[yellow]Pick one option: {span}.[/yellow]")
            chosen = {pick}
        else:
            prompt = f"Pick all that apply, e.g. 1 3 or a,c: {span} (q quits)"
            while (picks := parse_choices(term.ask(prompt), len(options), texts)) is None:
                term.say(f"[yellow]Pick one or more options: {span}, separated by spaces or commas.[/yellow]")
            chosen = picks
        right = chosen == correct
        if isinstance(q, Multi) and not right:
            found, wrong = len(chosen & correct), len(chosen - correct)
            share = multi_share(found, wrong, len(correct))
            wrongs = f", {wrong} wrong pick{_s(wrong)}" if wrong else ""
            term.say(f"{self.mark(False)} {dot(term)} {found} of {len(correct)} right options{wrongs}"
                     f"{_marked(q.scoring, share)}")  # fmt: skip
        else:
            term.say(self.mark(right))
        for index, option in enumerate(options):
            mark = ok if index in correct else " "
            picked = "you picked" if index in chosen else ""
            colour = "green" if index in correct else ("red" if index in chosen else "dim")
            term.say(f"  [{colour}]{mark} {index + 1}) {to_rich(option.text, images)}[/{colour}] [dim]{picked}[/dim]")
        # Reasons: a wrong pick's first (why it misled), then every right option's.
        wrong_picks = [i for i in sorted(chosen) if i not in correct]
        for index in [*wrong_picks, *sorted(correct)]:
            why = options[index].why
            if why:
                sign = f"[green]{ok}[/green]" if index in correct else f"[red]{no}[/red]"
                term.say(f"  {sign} [bold]{to_rich(options[index].text, images)}:[/bold] {to_rich(why, images)}")
        given = Picked(tuple(options[i].text for i in sorted(chosen)))
        if isinstance(q, Multi):
            share = multi_share(len(chosen & correct), len(chosen - correct), len(correct))
            return Answered(given, Outcome.RIGHT if right else Outcome.WRONG, share_rating(share, q.scoring))
        return Answered(given, *_verdict(right))

    def ask_matching(self, q: Matching) -> Answered:
        """Numbered items, lettered matches (shuffled); letters in item order or numbered pairs; each pair judged."""
        term = self.term
        ok, no = term.symbol("✓", "+"), term.symbol("✗", "x")
        images = _image_paths(q)
        shown = q.shuffled_matches(self.seed)
        for number, pair in enumerate(q.pairs, 1):
            term.say(f"  [bold]{number})[/bold] {to_rich(pair.item, images)}")
        for at, k in enumerate(shown):
            term.say(f"  [bold]{option_label(at)})[/bold] {to_rich(q.matches[k], images)}")
        prompt = (
            "Your answer: one letter per item, in item order (like CAB; - for none), or pairs (like 1C 2A) (q quits)"
        )
        last = option_label(len(shown) - 1)
        while (given := parse_matching(term.ask(prompt), len(q.pairs), len(shown))) is None:
            term.say(f"[yellow]Type {len(q.pairs)} letters from A to {last}, one per item in order (- for none), "
                     "or numbered pairs such as 1C 2A.[/yellow]")  # fmt: skip
        picked = [None if g is None else shown[g] for g in given]
        right = sum(1 for i, k in enumerate(picked) if k == i)
        total = len(q.pairs)
        share = Fraction(right, total)
        head = self.mark(right == total)
        term.say(f"{head} {dot(term)} {right} of {total} pairs{_marked(q.scoring, share) if right < total else ''}")
        for i, pair in enumerate(q.pairs):
            letter = option_label(shown.index(i))
            match = f"{letter} {to_rich(q.matches[i], images)}"
            if picked[i] == i:
                term.say(f"  [green]{ok} {i + 1}) {to_rich(pair.item, images)} → {match}[/green]")
                continue
            mine = picked[i]
            yours = (
                "left out"
                if mine is None
                else f"you matched {option_label(shown.index(mine))} {to_rich(q.matches[mine], images)}"
            )
            term.say(f"  [red]{no} {i + 1}) {to_rich(pair.item, images)}: {yours}[/red]; right: [green]{match}[/green]")
        given_pairs = tuple((p.item, None if k is None else q.matches[k]) for p, k in zip(q.pairs, picked, strict=True))
        return Answered(
            Matched(given_pairs), Outcome.RIGHT if right == total else Outcome.WRONG, share_rating(share, q.scoring)
        )

    def ask_ordering(self, q: Ordering) -> Answered:
        """Lettered entries (shuffled, never in order); the letters from first to last; each place judged."""
        term = self.term
        ok, no = term.symbol("✓", "+"), term.symbol("✗", "x")
        images = _image_paths(q)
        shown = q.shuffled_entries(self.seed)
        for at, k in enumerate(shown):
            term.say(f"  [bold]{option_label(at)})[/bold] {to_rich(q.answer[k], images)}")
        letters = "".join(option_label(i) for i in range(len(shown)))
        prompt = "Your answer: the letters from first to last (like CADB) (q quits)"
        while (given := parse_ordering(term.ask(prompt), len(shown))) is None:
            term.say(f"[yellow]Type each of the letters {letters} once, first to last.[/yellow]")
        order = [shown[g] for g in given]
        total = len(order)
        right = sum(1 for place, k in enumerate(order) if k == place)
        share = Fraction(right, total)
        term.say(f"{self.mark(right == total)} {dot(term)} {right} of {total} in place"
                 f"{_marked(q.scoring, share) if right < total else ''}")  # fmt: skip
        for place, k in enumerate(order):
            entry = f"{option_label(shown.index(place))} {to_rich(q.answer[place], images)}"
            if k == place:
                term.say(f"  [green]{ok} {place + 1}. {entry}[/green]")
            else:
                yours = f"{option_label(shown.index(k))} {to_rich(q.answer[k], images)}"
                term.say(f"  [red]{no} {place + 1}. you put {yours}[/red]; right: [green]{entry}[/green]")
        given_order = Ordered(tuple(q.answer[k] for k in order))
        return Answered(given_order, Outcome.RIGHT if right == total else Outcome.WRONG, share_rating(share, q.scoring))

    def rate(self, key: CardKey, default: Rating, checked: bool) -> Rating:
        """Asks for Again/Hard/Good/Easy, with the interval each would give; Enter keeps ``default``."""
        term = self.term
        dot_ = dot(term)
        if self.store is None:
            labels = [f"{int(r)} {RATING_NAMES[r]}" for r in Rating]
        else:
            now = self.clock()
            preview = self.scheduler.preview(self.states.get(key), now, seed=key_text(key))
            labels = [
                f"{int(r)} {RATING_NAMES[r]} [dim]({format_interval(preview[r].due - now)})[/dim]" for r in Rating
            ]
        term.say(f" {dot_} ".join(labels))
        what = "accept" if checked else "rate"
        prompt = f"Enter to {what} [bold]{RATING_NAMES[default]}[/bold], or 1-4 to change (q quits)"
        while (rating := parse_rating(term.ask(prompt), default)) is None:
            term.say("[yellow]Type 1, 2, 3 or 4, or press Enter.[/yellow]")
        return rating

    def commit(self, key: CardKey, rating: Rating, duration_ms: int, answered: Answered) -> None:
        """Writes the answer (committed before the next card) and puts the card back if it is still learning."""
        now = self.clock()
        self.tally.answers += 1
        self.tally.again += rating is Rating.AGAIN
        self.tally.cards.add(key)
        if self.store is None:
            if rating is Rating.AGAIN:
                self.queue.requeue(key, now + CRAM_AGAIN)
            return
        scheduler, seed = self.scheduler, key_text(key)
        after = self.store.record(
            key,
            rating,
            now,
            duration_ms,
            lambda before: scheduler.review(before, rating, now, seed=seed),
            answer=answered.given,
            verdict=answered.verdict,
        )
        self.states[key] = after
        if after.phase is not Phase.REVIEW and after.due < self.day_end:
            self.queue.requeue(key, after.due)

    def summary(self) -> None:
        """How many answers, how many right."""
        term = self.term
        tally = self.tally
        if tally.answers:
            right = tally.answers - tally.again
            accuracy = 100 * right / tally.answers
            term.say(
                f"[bold]Session:[/bold] {tally.answers} answer{_s(tally.answers)} on {len(tally.cards)} "
                f"card{_s(len(tally.cards))}, accuracy {accuracy:.0f}% ({right}/{tally.answers} not Again)"
            )
        else:
            term.say("[bold]Session:[/bold] no cards reviewed")


def next_due_line(store: StateFile, keys: Mapping[CardKey, Question], now: datetime) -> str:
    """What comes next: cards due now (as a session would show them), when the next one is due, how many are new."""
    due = [key for key in store.due_states(now, day_bounds(now)[1]) if key in keys]
    due_now = len(due)
    soonest = store.next_due(keys.keys() - due, now)
    never = len(keys.keys() - store.known_keys())
    parts: list[str] = []
    if due_now:
        parts.append(f"{due_now} card{_s(due_now)} due now")
    if soonest is not None:
        parts.append(f"next card due {format_local(soonest)} (in {format_interval(soonest - now)})")
    elif not due_now:
        parts.append("nothing scheduled yet")
    if never:
        parts.append(f"{never} new card{_s(never)} not yet studied")
    text = "; ".join(parts)
    return f"{text[0].upper()}{text[1:]}."


def _verdict(right: bool) -> tuple[Outcome, Rating]:
    """A choice question's verdict and the rating it proposes (as for typed answers: answers.PROPOSED)."""
    verdict = Outcome.RIGHT if right else Outcome.WRONG
    return verdict, proposed_rating(verdict)


def _marked(scoring: Scoring, share: Fraction) -> str:
    """How a partly right answer is marked: nothing under ``all``, a share of the points under ``partial``."""
    if scoring == "all":
        return " [dim](scoring all: every part must be right for the points)[/dim]"
    return f" [dim](partial scoring: {float(share):.0%} of the points)[/dim]"


# The entry point the command layer calls.


@dataclass(frozen=True, slots=True)
class PlayOptions:
    """What ``quizgen play`` was asked for, beside the bank."""

    new: int = NEW_PER_DAY
    retention: float = RETENTION
    cram: bool = False
    ids: frozenset[str] | None = None  # ``--ids``: only these questions, due or not


def _study_listed(
    cards: Mapping[CardKey, Question],
    scheduler: Scheduler,
    *,
    state: Path,
    now: datetime,
    clock: Callable[[], datetime],
    seed: str,
    stdin: TextIO | None,
    stdout: TextIO | None,
) -> None:
    """``--ids``: every listed card once, due or not, each answer scheduled and kept as usual."""
    from quizgen.state import open_state

    with open_state(state) as store:
        states = {key: stored.state for key, stored in store.cards().items() if key in cards}
        term = Terminal.open(stdin, stdout)
        term.say(
            f"[bold]quizgen play:[/bold] {len(cards)} listed card{_s(len(cards))}, due or not "
            f"(progress in {_escape(str(state))})"
        )
        session = Session(
            term, cards, StudyQueue.cram(cards), states, scheduler, clock, seed, store, day_bounds(now)[1]
        )
        session.run()
        session.summary()
        term.say(next_due_line(store, cards, clock()))


def run_play(
    bank: Bank | Mapping[CardKey, Question],
    options: PlayOptions,
    *,
    state: Path,
    now: datetime,
    clock: Callable[[], datetime],
    seed: str,
    fuzz: bool,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    """Studies the due and new cards of ``bank`` in the terminal, until they are done or the learner stops.

    ``bank`` may be its cards already (:class:`quizgen.index.LazyCards`, each question read when shown).
    """
    cards = select_cards(bank) if isinstance(bank, Bank) else bank
    if options.ids is not None:
        cards = {key: q for key, q in cards.items() if q.id in options.ids}
    if not cards:
        raise QuizgenError("no cards to study")
    new = options.new
    scheduler = Scheduler(retention=options.retention, fuzz=fuzz)
    if options.ids is not None and not options.cram:
        _study_listed(cards, scheduler, state=state, now=now, clock=clock, seed=seed, stdin=stdin, stdout=stdout)
        return
    if options.cram:
        term = Terminal.open(stdin, stdout)
        term.say(f"[bold]Cram:[/bold] {len(cards)} card{_s(len(cards))}; the schedule will not change.")
        session = Session(
            term, cards, StudyQueue.cram(spread_pools(cards, cards)), {}, scheduler, clock, seed, None, now
        )
        session.run()
        session.summary()
        term.say("Cram mode: the schedule was not changed.")
        return
    from quizgen.state import open_state

    path = state
    with open_state(path) as store:
        start, end = day_bounds(now)
        introduced = sum(1 for key in store.introduced_since(start) if key in cards)
        new_limit = max(0, new - introduced)
        due, queue = start_queue(store, cards, now, end, new_limit)
        term = Terminal.open(stdin, stdout)
        due_count, fresh, learning = queue.counts()
        if not len(queue):
            known = store.known_keys()
            never = any(key not in known for key in cards)
            limit = f" Today's {new} new card{_s(new)} (--new) are used up." if never and new and new_limit == 0 else ""
            term.say(f"[bold]Nothing due now.[/bold]{limit}")
            term.say(next_due_line(store, cards, now))
            return
        term.say(
            f"[bold]quizgen play:[/bold] {due_count + learning} due, {fresh} new "
            f"(of {len(cards)} card{_s(len(cards))}; progress in {_escape(str(path))})"
        )
        session = Session(term, cards, queue, due, scheduler, clock, seed, store, end)
        session.run()
        session.summary()
        term.say(next_due_line(store, cards, clock()))
