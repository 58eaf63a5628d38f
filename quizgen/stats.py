"""``quizgen stats``: what is due, learned and new, the recent accuracy and a due forecast.

With ``--hardest``: the cards with the most lapses, and for mcq and multi
questions how often each distractor was picked (from the answers the review
log keeps), so an author sees which distractors work; for a matching, which
wrong matches were given to which item, and for an ordering, which entries
were put in which wrong place; for numeric questions, the wrong numbers typed
most often (a unit slip, a factor of ten).

Arithmetic over the bank's cards and the progress file; the terminal output
uses :class:`quizgen.terminal.Terminal`, so it looks like ``play``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizgen.answers import Matched, Ordered, Picked, TypedText
from quizgen.model import Bank, Matching, Mcq, Multi, Numeric, Ordering, Question, ordinal
from quizgen.play import select_cards
from quizgen.render import to_rich
from quizgen.scheduler import CardKey, Phase, Rating, is_due
from quizgen.terminal import Terminal, dot, escape, format_local, image_paths, plural_s

if TYPE_CHECKING:
    from quizgen.state import Review, StoredCard

#: How many cards, and how many questions' distractors, ``--hardest`` lists.
HARDEST_TOP = 10


@dataclass(frozen=True, slots=True)
class Stats:
    """What ``quizgen stats`` shows, computed from the bank's cards and the progress file."""

    cards: int
    new: int
    learning: int
    review: int
    due_now: int
    due_today: int
    due_week: int
    reviews_7d: int
    right_7d: int
    forecast: tuple[tuple[str, int], ...]
    next_due: datetime | None


def compute_stats(
    keys: Sequence[CardKey],
    stored: dict[CardKey, StoredCard],
    recent: Sequence[tuple[CardKey, Rating]],
    now: datetime,
    tz: tzinfo | None = None,
    days: int = 14,
) -> Stats:
    """Counts for ``keys`` (the bank's cards); ``recent`` is the last 7 days of the review log.

    "Due now" is what ``play`` would show at ``now`` (:func:`quizgen.scheduler.is_due`:
    learning cards whose time has come, reviews due before the study day ends).
    """
    from quizgen.scheduler import day_start, study_day

    wanted = set(keys)
    states = [stored[k].state for k in keys if k in stored]
    today = study_day(now, tz)
    starts = [day_start(today + timedelta(days=i), tz) for i in range(days + 1)]
    forecast = []
    for i in range(days):
        count = sum(1 for s in states if (i == 0 or s.due >= starts[i]) and s.due < starts[i + 1])
        label = (starts[i].astimezone(tz) if tz else starts[i].astimezone()).strftime("%a %d %b")
        forecast.append((label, count))
    week_end = starts[min(7, days)]
    in_bank = [(k, r) for k, r in recent if k in wanted]
    upcoming = [s.due for s in states if not is_due(s, now, starts[1])]
    return Stats(
        cards=len(keys),
        new=len(keys) - len(states),
        learning=sum(1 for s in states if s.phase is not Phase.REVIEW),
        review=sum(1 for s in states if s.phase is Phase.REVIEW),
        due_now=sum(1 for s in states if is_due(s, now, starts[1])),
        due_today=sum(1 for s in states if s.due < starts[1]),
        due_week=sum(1 for s in states if s.due < week_end),
        reviews_7d=len(in_bank),
        right_7d=sum(1 for _, r in in_bank if r is not Rating.AGAIN),
        forecast=tuple(forecast),
        next_due=min(upcoming) if upcoming else None,
    )


def show_stats(stats: Stats, term: Terminal, path: Path) -> None:
    """Prints the counts, the recent accuracy and a small due-forecast chart."""
    say = term.say
    say(f"[bold]Progress[/bold] [dim]({escape(str(path))})[/dim]")
    say(f"Cards: {stats.cards} {dot(term)} new {stats.new} {dot(term)} learning {stats.learning} {dot(term)} "
        f"review {stats.review}")  # fmt: skip
    say(f"Due: now {stats.due_now} {dot(term)} today {stats.due_today} {dot(term)} this week {stats.due_week}")
    if stats.reviews_7d:
        accuracy = 100 * stats.right_7d / stats.reviews_7d
        say(f"Last 7 days: {stats.reviews_7d} review{plural_s(stats.reviews_7d)}, accuracy {accuracy:.0f}% "
            f"({stats.right_7d}/{stats.reviews_7d} not Again)")  # fmt: skip
    else:
        say("Last 7 days: no reviews")
    if stats.next_due is not None:
        say(f"Next due: {format_local(stats.next_due)}")
    say("[bold]Due forecast[/bold] [dim](per study day; day 1 includes overdue cards)[/dim]")
    most = max((count for _, count in stats.forecast), default=0)
    bar = term.symbol("█", "#")
    width = 40
    for label, count in stats.forecast:
        length = 0 if not most else max(1 if count else 0, round(width * count / most))
        say(f"  {label}  [cyan]{bar * length}[/cyan] {count}")


# --hardest


@dataclass(frozen=True, slots=True)
class HardCard:
    """A card that troubles the learner: lapses (forgotten once learned), Again answers, reviews in all."""

    key: CardKey
    lapses: int
    again: int
    reviews: int


@dataclass(frozen=True, slots=True)
class Distractors:
    """How often each distractor of one mcq or multi question was picked, most picked first.

    ``answers`` counts the answers whose picks the log kept (not those given
    before quizgen kept them); an option is counted by its current text, so
    picks of an option since renamed count for no distractor.
    """

    deck: str
    id: str
    answers: int
    picks: tuple[tuple[str, int], ...]

    @property
    def wrong(self) -> int:
        return sum(count for _, count in self.picks)


@dataclass(frozen=True, slots=True)
class WrongNumbers:
    """The wrong answers typed for one numeric question, most typed first, each as read (``800 mg``)."""

    deck: str
    id: str
    answers: int
    typed: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Hardest:
    cards: tuple[HardCard, ...]
    distractors: tuple[Distractors, ...]
    numbers: tuple[WrongNumbers, ...] = ()


def compute_hardest(
    cards: Mapping[CardKey, Question],
    stored: Mapping[CardKey, StoredCard],
    reviews: Sequence[Review],
    top: int = HARDEST_TOP,
) -> Hardest:
    """The ``top`` cards of ``cards`` with the most lapses (then Again answers), and the distractor picks of the
    ``top`` mcq/multi questions whose distractors were picked most; ``reviews`` is the whole review log."""
    again = Counter(r.key for r in reviews if r.rating is Rating.AGAIN)
    order = {key: index for index, key in enumerate(cards)}
    troubled = [
        HardCard(key, stored[key].lapses, again[key], stored[key].reps)
        for key in cards
        if key in stored and (stored[key].lapses or again[key])
    ]
    troubled.sort(key=lambda c: (-c.lapses, -c.again, -c.reviews, order[c.key]))

    picked: dict[CardKey, list[tuple[str, ...]]] = {}
    for review in reviews:
        if review.key in cards and review.answer is not None:
            wrong = _wrong_parts(cards[review.key], review.answer)
            if wrong is not None:
                picked.setdefault(review.key, []).append(wrong)
    found: list[Distractors] = []
    for key, answers in picked.items():
        question = cards[key]
        counts = Counter(text for options in answers for text in dict.fromkeys(options))  # in the order given
        if isinstance(question, Mcq | Multi):
            texts = [o.text for o in question.distractors]
            picks = sorted(((t, counts[t]) for t in texts), key=lambda p: -p[1])  # stable: authored order on ties
        else:
            picks = sorted(counts.items(), key=lambda p: -p[1])  # only what was given: the wrong pairs or places
        found.append(Distractors(question.deck, question.id, len(answers), tuple(picks)))
    found.sort(key=lambda d: (-d.wrong, -d.answers, order[(d.deck, d.id, 0)]))
    return Hardest(tuple(troubled[:top]), tuple(found[:top]), wrong_numbers(cards, reviews, top))


def wrong_numbers(cards: Mapping[CardKey, Question], reviews: Sequence[Review], top: int) -> tuple[WrongNumbers, ...]:
    """The numbers typed for each numeric question that its answer does not accept (judged again, as it is now).

    Spellings of one number are counted together (``800``, ``800.0``, ``800 mg`` for a question in mg);
    another unit, as typed, is kept apart (``80 g``).
    """
    from quizgen.judge import Outcome, judge_number, number_text, parse_number

    typed: dict[CardKey, list[str]] = {}
    for review in reviews:
        if isinstance(review.answer, TypedText) and isinstance(cards.get(review.key), Numeric):
            typed.setdefault(review.key, []).append(review.answer.text)
    order = {key: index for index, key in enumerate(cards)}
    found: list[WrongNumbers] = []
    for key, texts in typed.items():
        q = cards[key]
        assert isinstance(q, Numeric)
        counts: Counter[str] = Counter()
        for text in texts:
            if judge_number(text, q.answer, q.tolerance, q.unit).outcome is Outcome.WRONG:
                parsed = parse_number(text)
                if isinstance(parsed, tuple):  # the unit left out is the question's own
                    shown = f"{number_text(parsed[0])} {parsed[1] or q.unit or ''}".strip()
                else:
                    shown = text.strip()
                counts[shown or "(nothing)"] += 1
        found.append(WrongNumbers(q.deck, q.id, len(texts), tuple(counts.most_common())))
    found.sort(key=lambda w: (-sum(c for _, c in w.typed), order[(w.deck, w.id, 0)]))
    return tuple(w for w in found[:top] if w.typed)


def _wrong_parts(question: Question, answer: object) -> tuple[str, ...] | None:
    """What one kept answer got wrong, as ``--hardest`` counts it; ``None`` for an answer it does not count.

    mcq and multi: the options picked (distractors are counted among them). A
    matching: ``item → match`` for each wrong match given; an ordering: ``entry:
    put 1st (belongs 3rd)`` for each entry out of place. Texts no longer in the
    question (edited since) are not counted.
    """
    if isinstance(question, Mcq | Multi) and isinstance(answer, Picked):
        return answer.options
    if isinstance(question, Matching) and isinstance(answer, Matched):
        right = {p.item: p.match for p in question.pairs}
        return tuple(
            f"{item} → {match}"
            for item, match in answer.pairs
            if item in right and match is not None and match != right[item] and match in question.matches
        )
    if isinstance(question, Ordering) and isinstance(answer, Ordered):
        place = {entry: i for i, entry in enumerate(question.answer)}
        return tuple(
            f"{entry}: put {ordinal(at + 1)} (belongs {ordinal(place[entry] + 1)})"
            for at, entry in enumerate(answer.entries)
            if entry in place and place[entry] != at
        )
    return None


def show_hardest(hardest: Hardest, cards: Mapping[CardKey, Question], term: Terminal, path: Path) -> None:
    say = term.say
    say(f"[bold]Hardest cards[/bold] [dim]({escape(str(path))})[/dim]")
    if not hardest.cards:
        say("Nothing yet: no card has been forgotten or answered Again.")
    else:
        say("[dim]  lapses  again  reviews  card[/dim]")
        for card in hardest.cards:
            deck, qid, number = card.key
            where = f"{escape(deck)} {term.symbol('›', '>')} {escape(qid)}" + (f" c{number}" if number else "")
            say(f"  {card.lapses:>6}  {card.again:>5}  {card.reviews:>7}  {where}")
    say("[bold]Wrong options picked[/bold] [dim](mcq and multi; wrong matches; entries out of place)[/dim]")
    if not any(d.answers for d in hardest.distractors):
        say("Nothing yet: no mcq, multi, matching or ordering answer has been kept.")
    for found in hardest.distractors:
        if not found.answers:
            continue
        question = cards[(found.deck, found.id, 0)]
        images = image_paths(question)
        answers, wrong = found.answers, found.wrong
        say(f"  {escape(found.deck)} {term.symbol('›', '>')} {escape(found.id)}: "
            f"{answers} answer{plural_s(answers)}, {wrong} wrong {_noun(question, wrong)}")  # fmt: skip
        for text, count in found.picks:
            share = 100 * count / found.answers
            say(f"    {count:>4}  {share:>3.0f}%  {to_rich(text, images)}")
    if any(isinstance(q, Numeric) for q in cards.values()):
        show_wrong_numbers(hardest.numbers, term)


def show_wrong_numbers(numbers: Sequence[WrongNumbers], term: Terminal) -> None:
    """The wrong numbers typed most, per numeric question (shown for banks that have numeric questions)."""
    term.say("[bold]Wrong numbers typed[/bold] [dim](numeric)[/dim]")
    if not numbers:
        term.say("Nothing yet: no numeric question has been answered wrong.")
    for found in numbers:
        wrong = sum(count for _, count in found.typed)
        term.say(f"  {escape(found.deck)} {term.symbol('›', '>')} {escape(found.id)}: "
                 f"{found.answers} answer{plural_s(found.answers)}, {wrong} wrong")  # fmt: skip
        for text, count in found.typed[:5]:
            share = 100 * count / found.answers
            term.say(f"    {count:>4}  {share:>3.0f}%  {escape(text)}")


def _noun(question: Question, count: int) -> str:
    word = "pair" if isinstance(question, Matching) else "place" if isinstance(question, Ordering) else "pick"
    return f"{word}{plural_s(count)}"


def run_stats(bank: Bank, path: Path, now: datetime, stdout: TextIO | None = None, *, hardest: bool = False) -> None:
    """Prints what is due, learned and new in ``bank`` (progress at ``path``), and the recent accuracy.

    With ``hardest``: the cards with the most lapses and the distractors picked most, instead.
    """
    from quizgen.state import open_state

    cards = select_cards(bank)
    keys = list(cards)
    term = Terminal.open(stdout=stdout)
    if not path.is_dir() and (not path.exists() or path.stat().st_size == 0):
        if hardest:
            show_hardest(Hardest((), ()), cards, term, path)
        else:
            show_stats(compute_stats(keys, {}, [], now), term, path)
        term.say("[dim]No progress file yet: run quizgen play to start.[/dim]")
        return
    with open_state(path, create=False) as store:
        store.check()
        stored = store.cards()
        if hardest:
            reviews = store.reviews_since(None)
        else:
            recent = [(r.key, r.rating) for r in store.reviews_since(now - timedelta(days=7))]
    if hardest:
        show_hardest(compute_hardest(cards, stored, reviews), cards, term, path)
    else:
        show_stats(compute_stats(keys, stored, recent, now), term, path)
