"""``quizgen build``: every deck's Anki package and printable quiz, reproducibly, into one folder.

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
    """``<slug>.apkg``, ``<slug>-quiz.html`` (and its exam ``.json``), ``<slug>.lock.json`` per deck."""
    from quizgen.exporters.html import PrintOptions, print_outputs

    packages, locks = locked_packages(bank, out_dir, now)
    quizzes = [print_outputs(Bank((deck,), bank.images), None, PrintOptions(), out_dir) for deck in bank.decks]
    # deck by deck (all follow the bank's deck order), so "wrote ..." lists each deck's files together
    outputs: list[tuple[Path, bytes | str]] = []
    for package, quiz, lock in zip(packages, quizzes, locks, strict=True):
        outputs += [package, *quiz, lock]
    return outputs
