"""``quizgen play`` and ``quizgen stats``: the terminal front of the scheduler and the progress file.

This module only asks and shows. What is due and when it comes back is
:mod:`quizgen.scheduler`'s business; what is remembered is :mod:`quizgen.state`'s.
The interface is line-oriented (a prompt, a line of input), so it works in
any terminal, over ssh, and with answers piped in; ``rich`` adds colour only
where the output is a terminal (or ``FORCE_COLOR`` is set).

:func:`run_play` and :func:`run_stats` are the CLI-level entry points: they
read the clock through :func:`current_time` (``QUIZGEN_NOW`` pins it) and the
shuffle seed through :func:`session_seed` (``QUIZGEN_SEED``). Everything below
them takes time and seed as parameters.

Startup is kept short for big banks: the bank comes from the loader's cache,
only card states (not the review log) are read, and py-fsrs is imported when
the first answer is graded, not before the first card is shown.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizgen.errors import QuizgenError
from quizgen.model import Bank, Deletion, Question, normalize_answer
from quizgen.render import render_cloze, to_rich
from quizgen.scheduler import CardKey, CardState, Phase, Rating, Scheduler, StudyQueue, day_bounds, is_due

if TYPE_CHECKING:
    from rich.console import Console

    from quizgen.state import StateFile, StoredCard

RATING_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}
TRUE_WORDS = {"t", "true", "y", "yes"}
FALSE_WORDS = {"f", "false", "n", "no"}
QUIT_WORDS = {"q", "quit", "exit"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: A card failed while cramming comes back after this long (or when nothing else is left).
CRAM_AGAIN = timedelta(minutes=1)


# The clock, the seed and the progress file: read from the environment here and nowhere else.


def current_time() -> datetime:
    """Now, in UTC; ``QUIZGEN_NOW`` (ISO 8601, e.g. ``2026-01-05T10:00:00+00:00``) pins it for a whole run."""
    pinned = os.environ.get("QUIZGEN_NOW")
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned.strip())
    except ValueError:
        raise QuizgenError(
            f"QUIZGEN_NOW must be an ISO 8601 time like 2026-01-05T10:00:00+00:00, not {pinned!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a time without offset is local time
    return moment.astimezone(UTC)


def session_seed() -> str:
    """The option-shuffle seed: ``QUIZGEN_SEED`` if set, else fixed, so a question always shows the same order."""
    return os.environ.get("QUIZGEN_SEED", "")


def state_path(given: Path | None) -> Path:
    """``--state``, else ``$QUIZGEN_STATE``, else ``state.sqlite3`` in the user's data folder."""
    if given is not None:
        return given
    from quizgen.state import default_state_path

    return default_state_path()


# Which cards: one per question, one per cloze number.


def card_keys(question: Question) -> list[CardKey]:
    """Deck + id, and the cloze number for each card of a cloze (0 for other types)."""
    if question.type == "cloze":
        return [(question.deck, question.id, n) for n in question.cloze_numbers]
    return [(question.deck, question.id, 0)]


def select_cards(bank: Bank, topics: Sequence[str]) -> dict[CardKey, Question]:
    """Every card of the bank, in bank order, or only those of ``topics`` (see :meth:`Bank.with_topics`)."""
    return {key: q for q in bank.with_topics(topics).questions() for key in card_keys(q)}


def key_text(key: CardKey) -> str:
    deck, qid, number = key
    return f"{deck}|{qid}|{number}"


# Pure helpers: option order, cloze text, reading answers.


def cloze_markup(question: Question, number: int, *, reveal: bool, blank: str = "[...]") -> str:
    """The cloze prompt as Rich markup: deletion ``number`` blanked (or its hint), the others as their text.

    With ``reveal`` the asked deletion is shown highlighted instead of blanked.
    """

    def hole(d: Deletion) -> str:
        if d.number != number:
            return to_rich(d.text)
        if reveal:
            return f"[bold green]{to_rich(d.text)}[/bold green]"
        from rich.markup import escape

        shown = f"[{d.hint}]" if d.hint and d.hint.strip() else blank
        return f"[bold yellow]{escape(shown)}[/bold yellow]"

    return render_cloze(question.prompt, to_rich, hole)


def cloze_answers(question: Question, number: int) -> list[str]:
    return [d.text for d in question.deletions if d.number == number]


def cloze_matches(question: Question, number: int, typed: str) -> bool:
    """Whether typed text is the deletion (case and spacing forgiven); several, separated by commas."""
    wanted = [normalize_answer(t) for t in cloze_answers(question, number)]
    given = normalize_answer(typed)
    if given == normalize_answer(" ".join(wanted)) or given == normalize_answer(", ".join(wanted)):
        return True
    parts = [normalize_answer(p) for p in typed.split(",")]
    return parts == wanted or (len(set(wanted)) == 1 and given == wanted[0])


def parse_choice(text: str, count: int, options: Sequence[str] = ()) -> int | None:
    """``"2"``, ``"b"``, ``"B)"`` or the option's own text -> index 1; ``None`` if it names no option."""
    token = text.strip().rstrip(").").strip().casefold()
    if token.isdigit() and 1 <= int(token) <= count:
        return int(token) - 1
    if len(token) == 1 and token in LETTERS[:count]:
        return LETTERS.index(token)
    for index, option in enumerate(options):
        if normalize_answer(option) == normalize_answer(text):
            return index
    return None


def parse_choices(text: str, count: int, options: Sequence[str] = ()) -> set[int] | None:
    """``"1 3"``, ``"a,c"``, ``"ac"``, ``"13"`` (up to 9 options) or options' texts separated by commas -> {0, 2}.

    Numbers and letters are tried first, then texts; ``None`` if some part names no option.
    """
    tokens = text.replace(",", " ").replace(";", " ").split()
    if len(tokens) == 1 and len(tokens[0]) > 1 and count <= 9:
        token = tokens[0].casefold()
        if token.isdigit() or token.isalpha():
            tokens = list(token)
    picks = [parse_choice(token, count) for token in tokens]
    if tokens and all(index is not None for index in picks):
        return {index for index in picks if index is not None}
    if options and text.strip():
        by_text = [parse_choice(part, count, options) for part in text.split(",")]
        if all(index is not None for index in by_text):
            return {index for index in by_text if index is not None}
    return None


def parse_truefalse(text: str) -> bool | None:
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_rating(text: str, default: Rating) -> Rating | None:
    """Enter keeps ``default``; ``1``-``4`` or a rating's name picks it; anything else is ``None``."""
    word = text.strip().casefold()
    if not word:
        return default
    if word in {"1", "2", "3", "4"}:
        return Rating(int(word))
    for rating, name in RATING_NAMES.items():
        if word == name.casefold():
            return rating
    return None


def format_interval(delta: timedelta) -> str:
    """``<1m``, ``10m``, ``5h``, ``3d``, ``4.2mo``, ``1.5y``: the gap before a card comes back."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4:.1f}mo"
    return f"{days / 365:.1f}y"


def format_local(moment: datetime, tz: tzinfo | None = None) -> str:
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


# The terminal.


class Quit(Exception):
    """The learner asked to stop (``q``, end of input); Ctrl-C arrives as KeyboardInterrupt."""


@dataclass
class Terminal:
    """A Rich console for output and a text stream for input, one line per answer."""

    console: Console
    stdin: TextIO
    echo: bool
    unicode: bool

    @classmethod
    def open(cls, stdin: TextIO | None = None, stdout: TextIO | None = None) -> Terminal:
        from rich.console import Console

        source = stdin or sys.stdin
        console = Console(file=stdout, highlight=False, emoji=False)
        # Into a pipe or a file, long lines are left whole rather than broken at 80 columns.
        console.soft_wrap = not console.is_terminal
        interactive = bool(getattr(source, "isatty", lambda: False)())
        if hasattr(source, "reconfigure"):
            source.reconfigure(errors="replace")
        return cls(console, source, echo=not interactive, unicode=console.encoding.lower().startswith("utf"))

    def symbol(self, fancy: str, plain: str) -> str:
        return fancy if self.unicode else plain

    def say(self, markup: str = "", **style: str) -> None:
        self.console.print(markup, **style)  # type: ignore[arg-type]

    def ask(self, prompt: str) -> str:
        """Shows ``prompt`` and reads one line; ``q`` or the end of input raises :class:`Quit`."""
        self.console.print(f"{prompt} [bold]{self.symbol('›', '>')}[/bold] ", end="")
        self.console.file.flush()
        line = self.stdin.readline()
        if not line:
            self.console.print()
            raise Quit
        line = line.rstrip("\r\n")
        if self.echo:
            from rich.markup import escape

            self.console.print(escape(line), style="dim")
        if line.strip().casefold() in QUIT_WORDS:
            raise Quit
        return line


# One session.


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
    cards: dict[CardKey, Question]
    queue: StudyQueue
    states: dict[CardKey, CardState]
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
        dot = term.symbol("·", "-")
        term.say()
        term.say(
            f"[dim]{term.symbol('──', '--')} {_escape(question.deck)} {term.symbol('›', '>')} "
            f"{_escape(question.topic)} {dot} {kind} {dot} left: {due} due, {new} new, {learning} learning[/dim]"
        )
        started = time.monotonic()
        right, default = self.ask(key, question)
        duration_ms = int((time.monotonic() - started) * 1000)
        if question.explanation:
            term.say(to_rich(question.explanation))
        if question.source:
            opening, closing = term.symbol("\u201c", '"'), term.symbol("\u201d", '"')
            term.say(f"{opening}{_escape(question.source)}{closing}", style="dim")
        rating = self.rate(key, default, right)
        self.commit(key, rating, duration_ms)

    def _kind(self, key: CardKey) -> str:
        state = self.states.get(key)
        if state is None:
            return "new"
        return {Phase.LEARNING: "learning", Phase.REVIEW: "review", Phase.RELEARNING: "relearning"}[state.phase]

    def ask(self, key: CardKey, q: Question) -> tuple[bool | None, Rating]:
        """Shows the card, reads the answer, shows whether it was right: (right or None if self-graded, default)."""
        term = self.term
        number = key[2]
        ok, no = term.symbol("✓", "+"), term.symbol("✗", "x")
        if q.type == "cloze":
            term.say(cloze_markup(q, number, reveal=False))
            typed = term.ask("Type the missing text, or press Enter to show it (q quits)")
            full = cloze_markup(q, number, reveal=True)
            if not typed.strip():
                term.say(f"[bold]Answer:[/bold] {full}")
                return None, Rating.GOOD
            right = cloze_matches(q, number, typed)
            answer = ", ".join(to_rich(t) for t in cloze_answers(q, number))
            term.say(f"[bold green]{ok} Right[/]" if right else f"[bold red]{no} Wrong[/] {dot(term)} answer: {answer}")
            term.say(full)
            return right, Rating.GOOD if right else Rating.AGAIN
        term.say(f"[bold]{to_rich(q.prompt)}[/bold]")
        if q.type == "basic":
            term.ask("Press Enter to show the answer (q quits)")
            term.say(f"[bold]Answer:[/bold] [green]{to_rich(str(q.answer))}[/green]")
            return None, Rating.GOOD
        if q.type == "typed":
            typed = term.ask("Type your answer (q quits)")
            right = q.accepts(typed)
            expected = to_rich(str(q.answer))
            others = ""
            if q.accept:
                others = f" [dim](also accepted: {', '.join(to_rich(a) for a in q.accept)})[/dim]"
            verdict = f"[bold green]{ok} Right[/]" if right else f"[bold red]{no} Wrong[/]"
            term.say(f"{verdict} {dot(term)} expected: [green]{expected}[/green]{others}")
            return right, Rating.GOOD if right else Rating.AGAIN
        if q.type == "truefalse":
            while (said := parse_truefalse(term.ask("True or false? t/f (q quits)"))) is None:
                term.say("[yellow]Type t (true) or f (false).[/yellow]")
            right = said is q.answer
            truth = "True" if q.answer else "False"
            verdict = f"[bold green]{ok} Right[/]" if right else f"[bold red]{no} Wrong[/]"
            term.say(f"{verdict} {dot(term)} the statement is [bold]{truth}[/bold]")
            return right, Rating.GOOD if right else Rating.AGAIN
        return self.ask_options(q)

    def ask_options(self, q: Question) -> tuple[bool, Rating]:
        term = self.term
        ok, no = term.symbol("✓", "+"), term.symbol("✗", "x")
        options = list(q.shuffled_options(self.seed))
        for index, option in enumerate(options):
            term.say(f"  [bold]{index + 1})[/bold] {to_rich(option)}")
        span = f"1-{len(options)} or a-{LETTERS[min(len(options), len(LETTERS)) - 1]}"
        correct = {i for i, o in enumerate(options) if o in q.correct}
        if q.type == "mcq":
            while (pick := parse_choice(term.ask(f"Your answer: {span} (q quits)"), len(options), options)) is None:
                term.say(f"[yellow]Pick one option: {span}.[/yellow]")
            chosen = {pick}
        else:
            prompt = f"Pick all that apply, e.g. 1 3 or a,c: {span} (q quits)"
            while (picks := parse_choices(term.ask(prompt), len(options), options)) is None:
                term.say(f"[yellow]Pick one or more options: {span}, separated by spaces or commas.[/yellow]")
            chosen = picks
        right = chosen == correct
        term.say(f"[bold green]{ok} Right[/]" if right else f"[bold red]{no} Wrong[/]")
        for index, option in enumerate(options):
            mark = ok if index in correct else " "
            picked = "you picked" if index in chosen else ""
            colour = "green" if index in correct else ("red" if index in chosen else "dim")
            term.say(f"  [{colour}]{mark} {index + 1}) {to_rich(option)}[/{colour}] [dim]{picked}[/dim]")
        return right, Rating.GOOD if right else Rating.AGAIN

    def rate(self, key: CardKey, default: Rating, right: bool | None) -> Rating:
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
        what = "accept" if right is not None else "rate"
        prompt = f"Enter to {what} [bold]{RATING_NAMES[default]}[/bold], or 1-4 to change (q quits)"
        while (rating := parse_rating(term.ask(prompt), default)) is None:
            term.say("[yellow]Type 1, 2, 3 or 4, or press Enter.[/yellow]")
        return rating

    def commit(self, key: CardKey, rating: Rating, duration_ms: int) -> None:
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
            key, rating, now, duration_ms, lambda before: scheduler.review(before, rating, now, seed=seed)
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


def next_due_line(store: StateFile, keys: dict[CardKey, Question], now: datetime) -> str:
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


def dot(term: Terminal) -> str:
    return term.symbol("·", "-")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


# The entry points the CLI calls.


def run_play(
    paths: list[Path] | None,
    *,
    state: Path | None,
    topics: tuple[str, ...],
    new: int,
    retention: float,
    cram: bool,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Studies the due and new cards of the bank at ``paths`` in the terminal; returns the exit code (0)."""
    from quizgen.load import load_bank

    now = current_time()
    seed = session_seed()
    bank = load_bank(paths, cache=True)
    cards = select_cards(bank, topics)
    if not cards:
        raise QuizgenError("no cards to study")
    scheduler = Scheduler(retention=retention, fuzz=os.environ.get("QUIZGEN_FUZZ", "1") != "0")
    clock = _clock(now)
    if cram:
        term = Terminal.open(stdin, stdout)
        term.say(f"[bold]Cram:[/bold] {len(cards)} card{_s(len(cards))}; the schedule will not change.")
        session = Session(term, cards, StudyQueue.cram(cards), {}, scheduler, clock, seed, None, now)
        session.run()
        session.summary()
        term.say("Cram mode: the schedule was not changed.")
        return 0
    from quizgen.state import open_state

    path = state_path(state)
    with open_state(path) as store:
        # Only what the first card needs: which cards exist, which are due, how many new today.
        known = store.known_keys()
        start, end = day_bounds(now)
        due = store.due_states(now, end)  # learning cards due now, reviews due today
        introduced = sum(1 for key in store.introduced_since(start) if key in cards)
        new_limit = max(0, new - introduced)
        queue = StudyQueue.build(cards, due, known, now, new_limit=new_limit, day_end=end)
        term = Terminal.open(stdin, stdout)
        due_count, fresh, learning = queue.counts()
        if not len(queue):
            never = any(key not in known for key in cards)
            limit = f" Today's {new} new card{_s(new)} (--new) are used up." if never and new and new_limit == 0 else ""
            term.say(f"[bold]Nothing due now.[/bold]{limit}")
            term.say(next_due_line(store, cards, now))
            return 0
        term.say(
            f"[bold]quizgen play:[/bold] {due_count + learning} due, {fresh} new "
            f"(of {len(cards)} cards; progress in {_escape(str(path))})"
        )
        session = Session(term, cards, queue, due, scheduler, clock, seed, store, end)
        session.run()
        session.summary()
        term.say(next_due_line(store, cards, clock()))
    return 0


def _clock(start: datetime) -> Callable[[], datetime]:
    """The session clock: real time, or fixed at ``QUIZGEN_NOW`` when that pins it."""
    if os.environ.get("QUIZGEN_NOW"):
        return lambda: start
    return lambda: datetime.now(UTC)


# Stats.


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
    say(f"[bold]Progress[/bold] [dim]({_escape(str(path))})[/dim]")
    say(f"Cards: {stats.cards} {dot(term)} new {stats.new} {dot(term)} learning {stats.learning} {dot(term)} "
        f"review {stats.review}")  # fmt: skip
    say(f"Due: now {stats.due_now} {dot(term)} today {stats.due_today} {dot(term)} this week {stats.due_week}")
    if stats.reviews_7d:
        accuracy = 100 * stats.right_7d / stats.reviews_7d
        say(f"Last 7 days: {stats.reviews_7d} review{_s(stats.reviews_7d)}, accuracy {accuracy:.0f}% "
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


def run_stats(paths: list[Path] | None, *, state: Path | None, stdout: TextIO | None = None) -> None:
    """Prints what is due, learned and new in the bank at ``paths``, and the recent accuracy."""
    from quizgen.load import load_bank
    from quizgen.state import open_state

    now = current_time()
    bank = load_bank(paths, cache=True)
    keys = list(select_cards(bank, ()))
    path = state_path(state)
    term = Terminal.open(stdout=stdout)
    if not path.is_dir() and (not path.exists() or path.stat().st_size == 0):
        stats = compute_stats(keys, {}, [], now)
        show_stats(stats, term, path)
        term.say("[dim]No progress file yet: run quizgen play to start.[/dim]")
        return
    with open_state(path, create=False) as store:
        store.check()
        stored = store.cards()
        recent = [(r.key, r.rating) for r in store.reviews_since(now - timedelta(days=7))]
    show_stats(compute_stats(keys, stored, recent, now), term, path)
