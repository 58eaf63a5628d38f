"""Helpers every test module shares: writing small banks, building packages, the real Anki, the CLI."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from quizgen.atomic import Outputs, write_outputs
from quizgen.cli import app
from quizgen.exporters.anki import BuiltPackage, locked_package, unlocked_build
from quizgen.load import load_bank
from quizgen.lock import read_lock
from quizgen.model import Bank, Deck

runner = CliRunner()

#: The browser the print and card tests drive (``QUIZGEN_CHROMIUM`` points elsewhere), and its flags:
#: without the networking ones Chromium tries to reach Google's hosts at every start.
CHROMIUM = Path(os.environ.get("QUIZGEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip


def cli(*args: str | Path) -> tuple[int, str, str]:
    """Runs ``quizgen`` in-process: (exit status, stdout, stderr)."""
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """Writes ``name -> text`` into ``folder`` (made if missing); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def write_bank(folder: Path, files: dict[str, str]) -> Bank:
    return load_bank([write_files(folder, files)])


def the_deck(folder: Path, files: dict[str, str]) -> Deck:
    (deck,) = write_bank(folder, files).decks
    return deck


def write_locked(deck: Deck, apkg: Path, lock: Path, now: int) -> BuiltPackage:
    """What ``quizgen build`` writes for one deck: the package with note times from (and into) its lock."""
    package, text = locked_package(deck, read_lock(lock), now)
    write_outputs([(apkg, package.data), (lock, text)])
    return package


def build_files(bank: Bank, folder: Path, now: int) -> Outputs:
    """What ``quizgen build`` writes into ``folder``, its locks and about files read as the command reads them."""
    from quizgen.build import build_outputs
    from quizgen.commands import read_abouts, read_locks

    return build_outputs(bank, folder, now, read_locks(bank, folder), read_abouts(bank))


def write_unlocked(decks: list[Deck] | tuple[Deck, ...], apkg: Path, now: int) -> BuiltPackage:
    """One package with every deck, every note stamped ``now`` (``quizgen anki -o``)."""
    package = unlocked_build(decks, now)
    write_outputs([(apkg, package.data)])
    return package


# -- the real Anki ------------------------------------------------------------


def import_apkg(col: Any, path: Path, *, allow_conflicts: bool = False) -> dict[str, int]:
    """Imports with the desktop app's default options; returns the import log's counts."""
    from anki.collection import ImportAnkiPackageRequest

    options = col._backend.get_import_anki_package_presets()
    log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log
    counts = {
        kind: len(getattr(log, kind))
        for kind in ("new", "updated", "duplicate", "conflicting", "missing_notetype", "missing_deck")
    }
    counts["empty_first_field"] = len(log.empty_first_field)
    for kind in ("missing_notetype", "missing_deck", "empty_first_field", "conflicting"):
        if kind == "conflicting" and allow_conflicts:
            continue
        assert counts[kind] == 0, counts
    return counts


def notes_by_id(col: Any) -> dict[str, Any]:
    """Every note, keyed by its quizgen question id (the last field)."""
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note.fields[-1]: note for note in notes}


def field(note: Any, name: str) -> str:
    return str(note[name])


def review_until_graduated(col: Any, card_id: int) -> None:
    """Answers "Good" through the v3 scheduler until the card is a review card with an interval."""
    from anki.consts import CARD_TYPE_REV
    from anki.scheduler.v3 import CardAnswer

    for _ in range(10):
        states = col._backend.get_scheduling_states(card_id)
        col.sched.answer_card(
            CardAnswer(
                card_id=card_id,
                current_state=states.current,
                new_state=states.good,
                rating=CardAnswer.GOOD,
                answered_at_millis=int(time.time() * 1000),
                milliseconds_taken=3000,
            )
        )
        if col.get_card(card_id).type == CARD_TYPE_REV:
            return
    raise AssertionError("card did not graduate")


def card_history(col: Any, card_id: int) -> tuple[int, int, int, int]:
    card = col.get_card(card_id)
    revlog = col.db.scalar("select count() from revlog where cid=?", card_id)
    return card.reps, card.ivl, card.type, revlog


# -- one file, checked ----------------------------------------------------------


def write(folder: Path, text: str | bytes, name: str = "bank.yaml") -> Path:
    """One question file (text or raw bytes) in ``folder``; returns its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def check(*paths: Path) -> tuple[int, str, str]:
    return cli("check", *paths)


def refused(folder: Path, text: str | bytes, line: int, *needles: str, name: str = "bank.yaml") -> str:
    """Asserts the real ``quizgen check`` refuses the bank with an error at ``name:line`` containing every needle."""
    path = write(folder, text, name)
    code, out, err = check(folder)
    assert code == 1, out + err
    assert "Traceback" not in err
    located = [row for row in err.splitlines() if row.startswith(f"{path}:{line}: ")]
    assert located, f"no error at {path}:{line} in:\n{err}"
    assert any(all(n in row for n in needles) for row in located), f"{needles} not in {located}"
    return err


def pdf_label(text: str, deck: str) -> tuple[str, str]:
    """A printed page's running label: ("Version", "A"), ("Answer key", "A"), or ("Answer key", "") on the key grid.

    Read from the footer "Deck · Version A" (or "Deck · Answer key A", "Deck · Answer key"); exactly one a page.
    """
    found = set(re.findall(re.escape(deck) + r" · (Version|Answer key)(?: ([A-Z])(?![a-z]))?", text))
    assert len(found) == 1, f"a page must carry exactly one version label, found {found}:\n{text[:300]}"
    kind, letter = next(iter(found))
    return kind, letter


def assert_page_numbers(texts: list[str], deck: str, of: bool = False) -> None:
    """Each version's pages are numbered from 1 ("Version B, page 2"), the key's too; ``of``: "of N" as well."""
    seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        kind, letter = pdf_label(text, deck)
        group = f"Version {letter}" if kind == "Version" else "Answer key"
        seen[group] = seen.get(group, 0) + 1
        expected = f"{group}, page {seen[group]}" + (f" of {len(texts)}" if of else "")
        assert re.search(re.escape(expected) + r"(?![0-9]| of)", text), f"page {i + 1} should say {expected!r}:\n{text}"
