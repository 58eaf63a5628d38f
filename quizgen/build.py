"""``quizgen build``: every deck's Anki package and printable quiz, reproducibly, into one folder.

The bank is already loaded and checked. Each deck's note times come from its
lock file beside the outputs, so an unchanged bank rebuilds byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quizgen.model import Bank


def build_all(bank: Bank, out_dir: Path, now: int) -> Iterator[Path]:
    """Writes ``<slug>.apkg`` (with ``<slug>.lock.json``) and ``<slug>-quiz.html`` per deck."""
    from quizgen.exporters.anki import write_locked_apkg
    from quizgen.exporters.html import PrintOptions, write_quiz

    for deck in bank.decks:
        apkg = out_dir / f"{deck.slug}.apkg"
        write_locked_apkg(deck, apkg, out_dir / f"{deck.slug}.lock.json", now)
        yield apkg
        quiz = out_dir / f"{deck.slug}-quiz.html"
        write_quiz(deck, quiz, PrintOptions())
        yield quiz
