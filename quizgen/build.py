"""``quizgen build``: every deck's Anki package and printable quiz, reproducibly, into one folder.

The bank is already loaded and checked. Each deck's note times come from its
lock file beside the outputs, so an unchanged bank rebuilds byte for byte.
Every file is written or none: a failure leaves the folder as it was.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.atomic import atomic_paths, write_error
from quizgen.model import Bank


def build_all(bank: Bank, out_dir: Path, now: int) -> list[Path]:
    """Writes ``<slug>.apkg`` (with ``<slug>.lock.json``) and ``<slug>-quiz.html`` per deck; returns them."""
    from quizgen.exporters.anki import write_locked_files
    from quizgen.exporters.html import PrintOptions, render_quiz

    packages = bank.deck_files(out_dir, ".apkg")
    quizzes = {out_dir / f"{deck.slug}-quiz.html": deck for deck in packages.values()}
    pages = {target: render_quiz(deck, PrintOptions()) for target, deck in quizzes.items()}
    locks = [out_dir / f"{deck.slug}.lock.json" for deck in packages.values()]
    targets = [*packages, *locks, *quizzes]
    try:
        with atomic_paths(targets) as tmps:
            tmp = dict(zip(targets, tmps, strict=True))
            for (apkg, deck), lock in zip(packages.items(), locks, strict=True):
                write_locked_files(deck, lock, now, tmp[apkg], tmp[lock])
            for quiz, text in pages.items():
                tmp[quiz].write_text(text, encoding="utf-8")
    except OSError as e:
        raise write_error(e, out_dir) from None
    return [path for apkg, quiz in zip(packages, quizzes, strict=True) for path in (apkg, quiz)]
