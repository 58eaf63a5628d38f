"""``quizgen build``: every deck's Anki package, printable quiz and Moodle XML, reproducibly, into one folder.

The bank is already loaded and checked. Each deck's note times come from its
lock file beside the outputs, so an unchanged bank rebuilds byte for byte. The
command layer reads the locks and the about files and writes what this returns,
all or nothing; nothing here touches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.atomic import Outputs
from quizgen.errors import Problem
from quizgen.gcpause import gc_paused
from quizgen.model import Bank, Deck

if TYPE_CHECKING:
    from quizgen.exporters.anki import BuiltPackage
    from quizgen.lock import Lock


def lock_file(folder: Path, deck: Deck) -> Path:
    """Where a deck's lock lives: beside its package, ``folder/<slug>.lock.json``."""
    return folder / f"{deck.slug}.lock.json"


def locked_packages(
    bank: Bank, folder: Path, now: int, locks: Mapping[str, Lock], abouts: Mapping[str, str]
) -> tuple[list[tuple[Path, BuiltPackage]], list[tuple[Path, str]]]:
    """Each deck's ``<slug>.apkg`` (note times from its lock in ``locks``, by deck name) and that lock, updated.

    ``abouts`` (by deck name) opens each deck's description. ``quizgen build`` and
    ``quizgen anki`` (without ``-o``) both publish this way; the command layer reads the files.
    """
    from quizgen.exporters.anki import locked_package

    packages: list[tuple[Path, BuiltPackage]] = []
    locked: list[tuple[Path, str]] = []
    for target, deck in bank.deck_files(folder, ".apkg").items():
        package, lock = locked_package(deck, locks[deck.name], now, abouts.get(deck.name, ""))
        packages.append((target, package))
        locked.append((lock_file(folder, deck), lock))
    return packages, locked


def build_outputs(
    bank: Bank,
    out_dir: Path,
    now: int,
    locks: Mapping[str, Lock],
    abouts: Mapping[str, str],
    warnings: list[Problem] | None = None,
) -> Outputs:
    """Per deck: ``<slug>.apkg``, ``-quiz.html`` (with its ``.json``), ``.lock.json``, ``-moodle.xml``, ``-qti.zip``.

    Note times come from each lock (``locks``, by deck name, as the command layer read them); the Moodle XML
    and the QTI package hold no time of their own, so the same bank gives the same bytes. The QTI package's
    warnings (a title cut, characters XML cannot hold) are added to ``warnings`` when it is given.
    """
    from quizgen.exporters.html import PrintOptions, print_outputs
    from quizgen.exporters.moodle import moodle_outputs
    from quizgen.exporters.qti import qti_outputs

    with gc_paused():
        built, new_locks = locked_packages(bank, out_dir, now, locks, abouts)
        packages = [(target, package.data) for target, package in built]
        quizzes = [print_outputs(Bank((deck,), bank.images), None, PrintOptions(), out_dir) for deck in bank.decks]
        moodle, _ = moodle_outputs(bank, None, out_dir)
        qti, _, qti_warnings = qti_outputs(bank, None, out_dir)
    if warnings is not None:
        warnings += qti_warnings
    # deck by deck (all follow the bank's deck order), so "wrote ..." lists each deck's files together
    outputs: list[tuple[Path, bytes | str]] = []
    for package, quiz, lock, xml, canvas in zip(packages, quizzes, new_locks, moodle, qti, strict=True):
        outputs += [package, *quiz, lock, xml, canvas]
    return outputs
