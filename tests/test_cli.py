"""The command line as a user meets it: help, exit statuses, and no traceback ever."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import DECLARED, app
from quizgen.env import Env

runner = CliRunner()
GOOD = "deck: Demo\ntopic: Basics\nquestions:\n  - {id: a, prompt: p, answer: x}\n"


@pytest.mark.parametrize("command", ["check", "anki", "print", "play", "stats", "build", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: quizgen " + command in result.stdout


def test_every_command_is_built_from_its_declaration_alone() -> None:
    """One way to declare a command: its arguments and options are exactly those of :mod:`quizgen.options`."""
    import typer.main

    commands = {c.name: c for c in typer.main.get_command(app).commands.values()}  # type: ignore[attr-defined]
    assert set(commands) == set(DECLARED) == {"check", "anki", "print", "play", "stats", "moodle", "build", "qti",
                                              "new", "schema", "mark"}  # fmt: skip
    for name, (args, options) in DECLARED.items():
        params = [p.name for p in commands[name].params]
        assert params == [a.name for a in args] + [o.name for o in options], name
        shown = runner.invoke(app, [name, "--help"]).stdout
        assert all(o.flag in shown for o in options), name


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


# -- the fast start of check, anki and build ----------------------------------------

FAST_LINES = [
    ("check", []),
    ("check", ["q"]),
    ("check", ["q1", "q2/sub folder", "--source", "article.txt"]),
    ("check", ["--source=an article.txt", "q"]),
    ("anki", []),
    ("anki", ["-o", "out.apkg"]),
    ("anki", ["q", "--output=out.apkg"]),
    ("anki", ["--against", "old.apkg", "--report", "CHANGES.md", "q"]),
    ("anki", ["--report=r.md", "--against=old.apkg"]),
    ("anki", ["--", "-o"]),
    ("build", []),
    ("build", ["q1", "q2"]),
]


@pytest.mark.parametrize(("command", "argv"), FAST_LINES, ids=lambda x: x if isinstance(x, str) else " ".join(x))
def test_a_plain_line_runs_without_typer_exactly_as_typer_runs_it(
    command: str, argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import quizgen.commands
    import quizgen.main
    from quizgen.options import FAST, parse_fast

    calls: list[tuple[object, tuple[object, ...], dict[str, object]]] = []

    def record(paths: object, *args: object, **options: object) -> list[str]:
        calls.append((paths, tuple(a for a in args if not isinstance(a, Env)), options))  # what the command is given
        return ["done"]

    monkeypatch.setattr(quizgen.commands, command, record)
    assert parse_fast(FAST[command][0], argv) is not None, f"{argv} should take the fast path"
    monkeypatch.setattr(sys, "argv", ["quizgen", command, *argv])
    with pytest.raises(SystemExit) as exit_status:
        quizgen.main.main()  # the console script: no typer
    assert exit_status.value.code == 0
    result = runner.invoke(app, [command, *argv])
    assert result.exit_code == 0, result.output
    assert len(calls) == 2 and calls[0] == calls[1]


@pytest.mark.parametrize(
    ("command", "argv"),
    [("check", ["--help"]), ("check", ["--source"]), ("anki", ["-o=x.apkg"]), ("anki", ["--report", "r.md"]),
     ("anki", ["-o"]), ("anki", ["--against", "--report"]), ("build", ["--x"]), ("check", [""])],
)  # fmt: skip
def test_anything_unusual_is_left_to_typer(command: str, argv: list[str]) -> None:
    from quizgen.options import FAST, parse_fast

    assert parse_fast(FAST[command][0], argv) is None


def test_a_plain_check_never_imports_typer(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text("deck: D\ntopic: T\nquestions:\n  - {id: a, prompt: p, answer: x}\n")
    code = (
        "import sys; sys.argv = ['quizgen', 'check', sys.argv[1]]\n"
        "from quizgen.main import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        "    print('typer' in sys.modules, e.code)"
    )
    run = subprocess.run([sys.executable, "-c", code, str(bank)], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "False 0"


# -- -o names a file; a reader that goes away ------------------------------------


@pytest.mark.parametrize(
    ("argv", "suffix"),
    [(["anki", "-o", "out/"], ".apkg"), (["anki", "--output=out/"], ".apkg"), (["print", "-o", "out/"], ".html"),
     (["schema", "-o", "out/"], ".json"), (["anki", "--against", "old.apkg", "--report", "out/"], ".md")],
)  # fmt: skip
def test_an_output_ending_in_a_slash_is_refused_not_written_as_a_file(
    tmp_path: Path, argv: list[str], suffix: str
) -> None:
    """``-o out/`` reads as the folder ``out``: writing a file called ``out`` would surprise; the fix is named."""
    (tmp_path / "q.yaml").write_text(GOOD)
    (tmp_path / "old.apkg").write_bytes(b"")
    paths = [] if argv[0] == "schema" else ["q.yaml"]
    for line in ([argv[0], *paths, *argv[1:]], [argv[0], *argv[1:], *paths]):  # the fast path and typer's
        proc = subprocess.run(
            [sys.executable, "-m", "quizgen", *line], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 2, proc.stderr
        assert f"out/ ends with a slash, so it names a folder; give the file to write, e.g. out/NAME{suffix}" in (
            " ".join(proc.stderr.split())
        )
        assert "Traceback" not in proc.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["old.apkg", "q.yaml"]


@pytest.mark.parametrize(
    "argv",
    [["stats", "q"], ["stats", "--hardest", "q"], ["check", "q"], ["schema"], ["play", "q"],
     ["print", "q", "-o", "quiz.html"], ["anki", "q", "-o", "deck.apkg"], ["build", "q"]],
    ids=" ".join,
)  # fmt: skip
def test_a_reader_that_goes_away_stops_the_command_quietly(tmp_path: Path, argv: list[str]) -> None:
    """``quizgen stats | head -1``: no message and no traceback, and the status of a Unix tool killed by SIGPIPE."""
    import os

    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "a.yaml").write_text(GOOD)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: the very first write fails, every time
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "quizgen", *argv], cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=write_end,
            stderr=subprocess.PIPE, text=True, check=False, env={**os.environ, "QUIZGEN_STATE": str(tmp_path / "s.db")},
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (141, "")


# -- print: what the file will not show is said, not silently dropped ----------------

TWO = GOOD + "  - {id: b, prompt: q, answer: y}\n"


@pytest.mark.parametrize(
    ("options", "note"),
    [
        (["--study", "--versions", "3", "--seed", "7"], "note: --study writes a study sheet of every chosen question, "
         "so --versions, --seed change nothing"),
        (["--study", "--count", "1", "--no-key"], "note: --study writes a study sheet of every chosen question, "
         "so --count, --no-key change nothing"),
        (["--count", "5"], "note: --count 5 is more than the 2 questions of Demo (a pool counts as one): "
         "each version has all 2"),
    ],
)  # fmt: skip
def test_print_says_on_stderr_what_it_ignores_and_still_writes_the_file(
    tmp_path: Path, options: list[str], note: str
) -> None:
    (tmp_path / "a.yaml").write_text(TWO)
    out = tmp_path / "quiz.html"
    result = runner.invoke(app, ["print", str(tmp_path / "a.yaml"), "-o", str(out), *options])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [note]
    assert result.stdout.splitlines()[0] == f"wrote {out}" and out.is_file()


@pytest.mark.parametrize("options", [["--study"], ["--count", "2"], ["--versions", "2", "--seed", "3", "--count", "1"]])
def test_print_says_nothing_when_every_option_counts(tmp_path: Path, options: list[str]) -> None:
    (tmp_path / "a.yaml").write_text(TWO)
    result = runner.invoke(app, ["print", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "q.html"), *options])
    assert (result.exit_code, result.stderr) == (0, "")
