"""``quizgen stats``: what is due, learned and new, the recent accuracy and a due forecast.

Arithmetic over the bank's cards and the progress file; the terminal output
uses :class:`quizgen.play.Terminal`, so it looks like the rest of ``play``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizgen.model import Bank
from quizgen.play import Terminal, _escape, _s, dot, format_local, select_cards
from quizgen.scheduler import CardKey, Phase, Rating, is_due

if TYPE_CHECKING:
    from quizgen.state import StoredCard


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


def run_stats(bank: Bank, path: Path, now: datetime, stdout: TextIO | None = None, *, hardest: bool = False) -> None:
    """Prints what is due, learned and new in ``bank`` (progress at ``path``), and the recent accuracy."""
    from quizgen.state import open_state

    keys = list(select_cards(bank))
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
