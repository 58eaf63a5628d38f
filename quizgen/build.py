"""``quizgen build``: every deck's Anki package, printable quiz and Moodle XML, reproducibly, into one folder.

The bank is already loaded and checked. Each deck's note times come from its
lock file beside the outputs, so an unchanged bank rebuilds byte for byte.
Returns what to write; the command layer writes it all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.atomic import Outputs
from quizgen.errors import Problem, QuizgenError
from quizgen.model import Bank, Deck

if TYPE_CHECKING:
    from quizgen.exporters.anki import BuiltPackage


def locked_packages(
    bank: Bank, folder: Path, now: int
) -> tuple[list[tuple[Path, BuiltPackage]], list[tuple[Path, str]]]:
    """Each deck's ``<slug>.apkg`` (note times from ``<slug>.lock.json`` beside it) and that lock, updated.

    ``quizgen build`` and ``quizgen anki`` (without ``-o``) both publish this way.
    """
    from quizgen.exporters.anki import locked_package
    from quizgen.lock import read_lock

    packages: list[tuple[Path, BuiltPackage]] = []
    locks: list[tuple[Path, str]] = []
    for target, deck in bank.deck_files(folder, ".apkg").items():
        lock_path = folder / f"{deck.slug}.lock.json"
        package, lock = locked_package(deck, read_lock(lock_path), now, deck_about(deck))
        packages.append((target, package))
        locks.append((lock_path, lock))
    return packages, locks


def deck_about(deck: Deck) -> str:
    """The text of ``<deck-slug>.about.md`` beside the deck's question files (the first found), or ``""``.

    It opens the deck's description in Anki: what the deck covers, its author and
    licence, where to report an error, how to update safely.
    """
    for folder in dict.fromkeys(Path(topic.path).parent for topic in deck.topics):
        about = folder / f"{deck.slug}.about.md"
        if about.is_file():
            try:
                return about.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise QuizgenError(
                    f"cannot read {about}", [Problem(str(about), 1, f"{error}; save it as UTF-8 text")]
                ) from None
    return ""


def build_outputs(bank: Bank, out_dir: Path, now: int) -> Outputs:
    """Per deck: ``<slug>.apkg``, ``-quiz.html``, ``.lock.json``, ``-moodle.xml`` and ``-qti.zip``.

    Note times come from each lock; the Moodle XML and the QTI package hold no time of their own, so the same
    bank gives the same bytes.
    """
    from quizgen.exporters.html import PrintOptions, print_outputs
    from quizgen.exporters.moodle import moodle_outputs
    from quizgen.exporters.qti import qti_outputs

    built, locks = locked_packages(bank, out_dir, now)
    packages = [(target, package.data) for target, package in built]
    quizzes = print_outputs(bank, None, PrintOptions(), out_dir)
    moodle, _ = moodle_outputs(bank, None, out_dir)
    qti = qti_outputs(bank, None, out_dir)[0]
    # deck by deck (all follow the bank's deck order), so "wrote ..." lists each deck's files together
    return [file for files in zip(packages, quizzes, locks, moodle, qti, strict=True) for file in files]
