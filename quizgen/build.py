"""``quizgen build``: every deck's Anki package and printable quiz, reproducibly, into one folder.

The bank is already loaded and checked. Each deck's note times come from its
lock file beside the outputs, so an unchanged bank rebuilds byte for byte.
Returns what to write; the command layer writes it all or nothing.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.atomic import Outputs
from quizgen.model import Bank


def build_outputs(bank: Bank, out_dir: Path, now: int) -> Outputs:
    """``<slug>.apkg``, ``<slug>.lock.json`` and ``<slug>-quiz.html`` per deck (note times from each lock)."""
    from quizgen.exporters.anki import locked_package
    from quizgen.exporters.html import PrintOptions, render_quiz
    from quizgen.lock import read_lock

    outputs: list[tuple[Path, bytes | str]] = []
    for apkg, deck in bank.deck_files(out_dir, ".apkg").items():
        lock_path = out_dir / f"{deck.slug}.lock.json"
        package, lock = locked_package(deck, read_lock(lock_path), now)
        outputs += [(apkg, package), (out_dir / f"{deck.slug}-quiz.html", render_quiz(deck, PrintOptions()))]
        outputs.append((lock_path, lock))
    return outputs
