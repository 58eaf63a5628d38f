"""The command line as a user meets it: help, exit statuses, and no traceback ever."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import app

runner = CliRunner()
GOOD = "deck: Demo\ntopic: Basics\nquestions:\n  - {id: a, prompt: p, answer: x}\n"


@pytest.mark.parametrize("command", ["check", "anki", "print", "play", "stats", "build"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: quizgen " + command in result.stdout


def test_wrong_usage_is_exit_2() -> None:
    result = runner.invoke(app, ["check", "--no-such-option"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_check_exit_0_and_summary(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Demo: 1 topic, 1 question, 1 card (basic 1)",
        "ok: 1 deck, 1 topic, 1 question, 1 card",
    ]


def test_console_script_and_module_report_errors_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"deck: \xff\xfe\n")
    for cmd in ([sys.executable, "-m", "quizgen"], [str(Path(sys.executable).parent / "quizgen")]):
        proc = subprocess.run([*cmd, "check", str(tmp_path)], capture_output=True, text=True)
        assert proc.returncode == 1
        assert f"{tmp_path}/bad.yaml:1: not valid UTF-8" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_source_document_missing_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    result = runner.invoke(app, ["check", str(tmp_path), "--source", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "cannot read" in result.stderr
