"""The command line as a user meets it: help, exit statuses, and no traceback ever."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import app

runner = CliRunner()
GOOD = "deck: Demo\ntopic: Basics\nquestions:\n  - {id: a, prompt: p, answer: x}\n"


@pytest.mark.parametrize("command", ["check", "anki", "print", "play", "stats", "build", "schema"])
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


def test_a_malformed_build_time_is_a_clean_error_for_anki_and_build(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    env = {"SOURCE_DATE_EPOCH": "yesterday"}
    for args in (["anki", str(tmp_path), "-o", str(tmp_path / "a.apkg")], ["build", str(tmp_path)]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 1, result.output
        assert result.stderr == "error: SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'\n"
    assert not (tmp_path / "a.apkg").exists()


def test_schema_prints_and_writes_the_json_schema(tmp_path: Path) -> None:
    printed = runner.invoke(app, ["schema"])
    assert printed.exit_code == 0, printed.output
    schema = json.loads(printed.stdout)
    assert "questions" in schema["properties"]
    out = tmp_path / "quizgen.schema.json"
    written = runner.invoke(app, ["schema", "-o", str(out)])
    assert written.exit_code == 0 and written.stdout == f"wrote {out}\n"
    assert json.loads(out.read_text(encoding="utf-8")) == schema
