"""The QTI package's warnings built from the parts store: after an edit, the warnings a cold build gives.

Whether a question holds characters XML cannot carry is kept with the question, by runs
(:func:`quizgen.memo.joined`); a build after an edit scans only the edited question's run.
These tests put such characters in, and take them out of, a bank of several runs and hold
the package and its warnings to those of a build without any store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizgen import memo
from quizgen.exporters import qti
from quizgen.exporters.qti import QtiPackage, qti_package
from quizgen.load import load_bank
from quizgen.model import Question


def write(folder: Path, prompts: dict[int, str], deck: str = "Deck") -> Path:
    """A bank of 600 basic questions (several runs) whose prompts are ``prompts`` where given."""
    lines = [f"deck: {json.dumps(deck)}", "topic: T", "questions:"]
    for n in range(600):
        prompt = json.dumps(prompts.get(n, f"Why does step {n} matter?"))
        lines.append(f"  - {{id: q{n}, prompt: {prompt}, answer: Because {n}.}}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bank.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def package(bank: Path, store: Path | None) -> QtiPackage:
    with memo.kept(store):
        return qti_package(load_bank([bank]).decks)


def warned(built: QtiPackage) -> list[str]:
    """The ids of the questions a warning names."""
    return [str(w).split("question '")[1].split("'")[0] for w in built.warnings if "question '" in str(w)]


def test_warnings_from_the_store_follow_each_edit(tmp_path: Path) -> None:
    bank, store = tmp_path / "bank", tmp_path / "cache"
    for prompts in ({}, {5: "bad \x01 here"}, {5: "bad \x01 here", 400: "also \x02"}, {400: "also \x02"}, {}):
        write(bank, prompts)
        warm, cold = package(bank, store), package(bank, None)
        assert warm.data == cold.data
        assert warm.warnings == cold.warnings
        assert warned(warm) == [f"q{n}" for n in sorted(prompts)]


def test_only_the_edited_questions_run_is_scanned_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank, store = tmp_path / "bank", tmp_path / "cache"
    write(bank, {})
    package(bank, store)
    scanned: list[str] = []
    real = qti._unwritable_flag

    def spy(q: Question) -> str:
        scanned.append(q.id)
        return real(q)

    monkeypatch.setattr(qti, "_unwritable_flag", spy)
    write(bank, {300: "bad \x01 here"})
    assert warned(package(bank, store)) == ["q300"]
    assert "q300" in scanned and len(scanned) < 600


def test_a_deck_name_xml_cannot_carry_is_named_at_the_first_question(tmp_path: Path) -> None:
    bank, store = tmp_path / "bank", tmp_path / "cache"
    write(bank, {}, deck="Deck \x01")
    package(bank, store)
    warm, cold = package(bank, store), package(bank, None)
    assert warm.warnings == cold.warnings
    assert warned(warm) == ["q0"]
