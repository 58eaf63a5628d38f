"""``quizgen build``: the committed decks/ are exactly what a fresh build of questions/ makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.build import build_all
from quizgen.cli import app
from quizgen.load import load_bank

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_committed_decks_match_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "questions", tmp_path / "questions")
    shutil.copytree(REPO / "decks", tmp_path / "decks")
    committed = {p.name: p.read_bytes() for p in (REPO / "decks").iterdir()}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(2**31))  # far later than any lock time: must not matter
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.stderr
    rebuilt = {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()}
    assert rebuilt.keys() == committed.keys()
    stale = [name for name in committed if rebuilt[name] != committed[name]]
    assert not stale, f"decks/ is stale ({stale}): run ./dev build and commit decks/"


def write_bank(folder: Path, prompt: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.yaml").write_text(
        "deck: Demo Deck\ntopic: T\nquestions:\n"
        f"  - {{id: a, prompt: '{prompt}', answer: x}}\n"
        "  - {id: b, type: cloze, prompt: '{{c1::x}} and {{c2::y}}'}\n"
    )


def test_build_writes_every_output_and_stamps_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "decks"
    write_bank(tmp_path / "q", "first")
    written = list(build_all(load_bank([tmp_path / "q"]), out, now=1_700_000_000))
    assert [p.name for p in written] == ["demo-deck.apkg", "demo-deck-quiz.html"]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(first) == {"demo-deck.apkg", "demo-deck-quiz.html", "demo-deck.lock.json"}

    list(build_all(load_bank([tmp_path / "q"]), out, now=1_800_000_000))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # unchanged bank: same bytes

    write_bank(tmp_path / "q", "second")
    list(build_all(load_bank([tmp_path / "q"]), out, now=1_800_000_000))
    times = {
        qid: entry["time"] for qid, entry in json.loads((out / "demo-deck.lock.json").read_text())["questions"].items()
    }
    assert times == {"a": 1_800_000_000, "b": 1_700_000_000}
    assert "second" in (out / "demo-deck-quiz.html").read_text()


def test_build_of_an_invalid_bank_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "bad.yaml").write_text("deck: D\ntopic: T\nquestions: []\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 1
    assert "questions/bad.yaml:3: questions is empty" in result.stderr
    assert not (tmp_path / "decks").exists()
