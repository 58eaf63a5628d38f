"""``quizgen build``: the committed decks/ are exactly what a fresh build of questions/ makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.atomic import write_outputs
from quizgen.cli import app
from quizgen.load import load_bank
from tests.helpers import build_files, write_files

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


def write_demo(folder: Path, prompt: str) -> None:
    write_files(folder, {"t.yaml": "deck: Demo Deck\ntopic: T\nquestions:\n"
                         f"  - {{id: a, prompt: '{prompt}', answer: x}}\n"
                         "  - {id: b, type: cloze, prompt: '{{c1::x}} and {{c2::y}}'}\n"})  # fmt: skip


def test_build_writes_every_output_and_stamps_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "decks"
    write_demo(tmp_path / "q", "first")
    outputs = build_files(load_bank([tmp_path / "q"]), out, 1_700_000_000)
    assert not out.exists()  # building only says what to write
    written = write_outputs(outputs)
    names = [
        "demo-deck.apkg",
        "demo-deck-quiz.html",
        "demo-deck-quiz.json",
        "demo-deck.lock.json",
        "demo-deck-moodle.xml",
        "demo-deck-qti.zip",
    ]
    assert [p.name for p in written] == names
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(first) == set(names)

    write_outputs(build_files(load_bank([tmp_path / "q"]), out, 1_800_000_000))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # unchanged bank: same bytes

    write_demo(tmp_path / "q", "second")
    write_outputs(build_files(load_bank([tmp_path / "q"]), out, 1_800_000_000))
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


TWO_DECKS = {
    "a.yaml": "deck: Alpha\ntopic: T\nquestions:\n  - {id: a, prompt: first deck, answer: x}\n",
    "b.yaml": "deck: Beta\ntopic: T\nquestions:\n  - {id: b, prompt: second deck, answer: y}\n",
}


@pytest.mark.parametrize(("command", "blocked"), [("build", "beta.apkg"), ("build", "beta-quiz.html"),
                                                  ("print", "beta-quiz.html"), ("anki", "beta.apkg")])  # fmt: skip
def test_a_failure_on_a_later_deck_writes_no_file_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, blocked: str
) -> None:
    write_files(tmp_path / "questions", TWO_DECKS)
    (tmp_path / "decks" / blocked).mkdir(parents=True)  # the second deck's output cannot be written
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [command])
    assert result.exit_code == 1
    assert f"cannot write decks/{blocked}: it is a folder" in result.stderr
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == [blocked]  # alpha's files neither


@pytest.mark.parametrize("command", ["build", "anki"])
@pytest.mark.parametrize("built_before", [True, False])
@pytest.mark.parametrize("hard_links", [True, False])
def test_a_file_that_cannot_be_moved_into_place_puts_back_every_file_already_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, built_before: bool, hard_links: bool
) -> None:
    """Beta's package cannot replace the old one (say it is immutable): Alpha's files, moved first, go back too."""
    write_files(tmp_path / "questions", TWO_DECKS)
    monkeypatch.chdir(tmp_path)
    if built_before:
        assert runner.invoke(app, ["build"]).exit_code == 0
    if not hard_links:  # a file system without them: the old files are kept as copies instead

        def no_link(src: object, dst: object) -> None:
            raise OSError(1, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_link)
    before = {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()} if built_before else {}
    write_files(tmp_path / "questions", {n: t.replace(" deck,", " deck edited,") for n, t in TWO_DECKS.items()})

    real_replace = os.replace

    def refuse_beta(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == "beta.apkg":
            raise PermissionError(1, "Operation not permitted", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_beta)  # the os module quizgen.atomic moves files with
    result = runner.invoke(app, [command])
    assert result.exit_code == 1
    assert "cannot write decks/beta.apkg: Operation not permitted" in result.stderr
    if built_before:
        after = {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()}
        assert after == before  # byte for byte, and no temporary or kept copy left behind
    else:
        assert not (tmp_path / "decks").exists()  # not even the folder the command made for its files


@pytest.mark.parametrize("command", ["build", "print", "anki"])
def test_two_decks_that_would_share_a_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    write_files(tmp_path / "questions", {"a.yaml": TWO_DECKS["a.yaml"].replace("Alpha", "Foo Bar"),
                                          "b.yaml": TWO_DECKS["b.yaml"].replace("Beta", "foo-bar")})  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [command])
    assert result.exit_code == 1
    assert "decks 'Foo Bar' and 'foo-bar' would both be written to decks/foo-bar" in result.stderr
    assert not (tmp_path / "decks").exists()


def test_build_prints_the_check_summary_then_what_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "questions", TWO_DECKS)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Alpha: 1 topic, 1 question, 1 card (basic 1)",
        "Beta: 1 topic, 1 question, 1 card (basic 1)",
        "ok: 2 decks, 2 topics, 2 questions, 2 cards",
        "wrote decks/alpha.apkg",
        "wrote decks/alpha-quiz.html",
        "wrote decks/alpha-quiz.json",
        "wrote decks/alpha.lock.json",
        "wrote decks/alpha-moodle.xml",
        "wrote decks/alpha-qti.zip",
        "wrote decks/beta.apkg",
        "wrote decks/beta-quiz.html",
        "wrote decks/beta-quiz.json",
        "wrote decks/beta.lock.json",
        "wrote decks/beta-moodle.xml",
        "wrote decks/beta-qti.zip",
    ]
    # build's quizzes are exactly what `quizgen print` writes with its defaults
    built = {p.name: p.read_bytes() for p in (tmp_path / "decks").glob("*-quiz.*")}
    for path in (tmp_path / "decks").glob("*-quiz.*"):
        path.unlink()
    assert runner.invoke(app, ["print"]).exit_code == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "decks").glob("*-quiz.*")} == built


def test_decks_named_in_other_scripts_get_files_of_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "questions", {"a.yaml": TWO_DECKS["a.yaml"].replace("Alpha", "日本語"),
                                          "b.yaml": TWO_DECKS["b.yaml"].replace("Beta", "Русский")})  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "decks").glob("*.apkg")) == ["русский.apkg", "日本語.apkg"]


STUB = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'


@pytest.mark.skipif(shutil.which("git") is None, reason="CI's script compares decks/ with git")
@pytest.mark.parametrize("active", [True, False], ids=["virtual-environment-active", "project-venv"])
def test_ci_runs_quizgen_from_the_environment_that_dev_installed_into(tmp_path: Path, active: bool) -> None:
    """With a virtual environment active, ``./dev`` installs there (the README's advice), so CI must run that one.

    The real ``.ci/run`` runs in a copy of the project whose ``./dev`` and ``quizgen`` only record their calls.
    """
    (tmp_path / ".ci").mkdir()
    shutil.copy(REPO / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "decks").mkdir()
    env_dir = tmp_path / ("active-env" if active else ".venv")
    (env_dir / "bin").mkdir(parents=True)
    for stub in (tmp_path / "dev", env_dir / "bin" / "quizgen"):
        stub.write_text(STUB, encoding="utf-8")
        stub.chmod(0o755)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | {"CALLS": str(tmp_path / "calls")}
    if active:
        env["VIRTUAL_ENV"] = str(env_dir)
    run = subprocess.run(["bash", ".ci/run"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    assert "quizgen check questions --source ../shared/seed/baclofen-article.txt" in calls
    assert calls[0] == "dev test" and calls[-1] == "dev build"


@pytest.mark.parametrize("enabled", [True, False])
def test_build_outputs_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    """Building pauses the collector for speed; a program that builds banks still collects afterwards."""
    import gc

    bank = load_bank([REPO / "questions"], cache_dir=tmp_path / "cache")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        outputs = build_files(bank, tmp_path / "decks", 1_700_000_000)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert outputs
