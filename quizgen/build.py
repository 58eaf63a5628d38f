"""``quizgen build``: every deck's Anki package, printable quiz and Moodle XML, reproducibly, into one folder.

The bank is already loaded and checked. Each deck's note times come from its
lock file beside the outputs, so an unchanged bank rebuilds byte for byte.
Returns what to write; the command layer writes it all or nothing.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.atomic import Outputs
from quizgen.model import Bank


def locked_packages(bank: Bank, folder: Path, now: int) -> tuple[list[tuple[Path, bytes]], list[tuple[Path, str]]]:
    """Each deck's ``<slug>.apkg`` (note times from ``<slug>.lock.json`` beside it) and that lock, updated.

    ``quizgen build`` and ``quizgen anki`` (without ``-o``) both publish this way.
    """
    from quizgen.exporters.anki import locked_package
    from quizgen.lock import read_lock

    packages: list[tuple[Path, bytes]] = []
    locks: list[tuple[Path, str]] = []
    for target, deck in bank.deck_files(folder, ".apkg").items():
        lock_path = folder / f"{deck.slug}.lock.json"
        package, lock = locked_package(deck, read_lock(lock_path), now)
        packages.append((target, package))
        locks.append((lock_path, lock))
    return packages, locks


def build_outputs(bank: Bank, out_dir: Path, now: int) -> Outputs:
    """``<slug>.apkg``, ``<slug>-quiz.html``, ``<slug>.lock.json`` and ``<slug>-moodle.xml`` per deck.

    Note times come from each lock; the Moodle XML holds no time, so the same bank gives the same bytes.
    """
    from quizgen.exporters.html import PrintOptions, print_outputs
    from quizgen.exporters.moodle import moodle_outputs

    packages, locks = locked_packages(bank, out_dir, now)
    quizzes = print_outputs(bank, None, PrintOptions(), out_dir)
    moodle, _ = moodle_outputs(bank, None, out_dir)
    # deck by deck (all follow the bank's deck order), so "wrote ..." lists each deck's files together
    return [file for deck_files in zip(packages, quizzes, locks, moodle, strict=True) for file in deck_files]
