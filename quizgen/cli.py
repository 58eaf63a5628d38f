"""The ``quizgen`` command line: parses options, makes one library call, maps errors to exit 1.

Heavy modules (genanki, jinja2, fsrs, sqlite) are imported inside the command
that needs them, so ``quizgen play`` starts without paying for the exporters.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from quizgen.errors import QuizgenError

if TYPE_CHECKING:
    from quizgen.model import Bank

app = typer.Typer(
    help="Turn hand-written YAML questions into Anki decks, printable quizzes and a terminal quiz.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Question files or folders (default: questions/).", show_default=False),
]
NEW_PER_DAY = 20
RETENTION, RETENTION_MIN, RETENTION_MAX = 0.9, 0.7, 0.99

StateOpt = Annotated[
    Path | None,
    typer.Option("--state", help="Progress file (default: $QUIZGEN_STATE, else the user data folder)."),
]


def fail(error: QuizgenError) -> NoReturn:
    """Prints every problem, one per line, on stderr and exits 1: never a traceback."""
    if error.problems:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        count = len(error.problems)
        typer.echo(f"error: {error.message} ({count} problem{'s' if count != 1 else ''})", err=True)
    else:
        typer.echo(f"error: {error.message}", err=True)
    raise typer.Exit(code=1)


@app.command()
def check(
    paths: PathsArg = None,
    source: Annotated[
        Path | None,
        typer.Option("--source", help="Also verify that every `source` quote appears in this document."),
    ] = None,
) -> None:
    """Validate the question bank and summarise it.

    Example: quizgen check questions --source article.txt
    """
    from quizgen.check import check_sources, summary
    from quizgen.load import load_bank

    try:
        bank = load_bank(paths)
        typer.echo(summary(bank))
        if source is not None:
            typer.echo(check_sources(bank, source))
    except QuizgenError as e:
        fail(e)


@app.command()
def anki(
    paths: PathsArg = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="One .apkg with every deck (default: decks/<deck>.apkg).")
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="The package learners have now: report what importing the new one does; "
            "write nothing if Anki would skip any update.",
        ),
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Also write that report as Markdown (needs --against).")
    ] = None,
) -> None:
    """Write Anki packages (.apkg) that update in place when re-imported.

    Example: quizgen anki questions -o baclofen.apkg

    Example: quizgen anki -o baclofen.apkg --against published/baclofen.apkg --report CHANGES.md
    """
    from quizgen.exporters.anki import export_anki_command
    from quizgen.load import load_bank

    try:
        if report is not None and against is None:
            raise QuizgenError("--report needs --against OLD.apkg")
        bank = load_bank(paths)
        if against is None:
            for written in export_anki_command(bank, output):
                typer.echo(f"wrote {written}")
            return
        _anki_against(bank, output, against, report)
    except QuizgenError as e:
        fail(e)


def _anki_against(bank: Bank, output: Path | None, against: Path, report: Path | None) -> None:
    """``anki --against``: the packages and the report are all written, or (when refused) none of them."""
    from quizgen.atomic import atomic_paths, write_error
    from quizgen.exporters.anki import export_anki_command
    from quizgen.release import Refused, Report, check_release, read_package, report_markdown, report_text

    old = read_package(against)  # before building: a bad OLD.apkg costs nothing
    checked: list[Report] = []
    try:
        with atomic_paths([report] if report is not None else []) as report_tmps:
            written = export_anki_command(bank, output, lambda built: checked.append(check_release(old, built)))
            for tmp in report_tmps:
                tmp.write_text(report_markdown(checked[0]), encoding="utf-8")
    except Refused as e:
        typer.echo(report_text(e.report), nl=False)
        for blocker in e.report.blockers:
            typer.echo(f"error: {blocker}", err=True)
        raise typer.Exit(code=1) from None
    except OSError as e:
        raise write_error(e, report or Path(".")) from None
    typer.echo(report_text(checked[0]), nl=False)
    for path in [*written, *([report] if report is not None else [])]:
        typer.echo(f"wrote {path}")


@app.command("print")
def print_(
    paths: PathsArg = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The HTML file (default: decks/<deck>-quiz.html).")
    ] = None,
    versions: Annotated[int, typer.Option("--versions", min=1, max=26, help="Differently shuffled versions.")] = 1,
    seed: Annotated[str, typer.Option("--seed", help="Shuffle seed (any word or number): same seed, same file.")] = "0",
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Only this topic (repeatable).")] = None,
    count: Annotated[int | None, typer.Option("--count", min=1, help="How many questions per version.")] = None,
    no_key: Annotated[bool, typer.Option("--no-key", help="Leave out the answer key.")] = False,
) -> None:
    """Write a printable HTML quiz with shuffled versions and an answer key.

    Example: quizgen print questions --versions 3 --seed 7 --count 20
    """
    from quizgen.exporters.html import PrintOptions, export_print_command
    from quizgen.load import load_bank

    try:
        bank = load_bank(paths)
        options = PrintOptions(versions=versions, seed=seed, topics=tuple(topic or ()), count=count, key=not no_key)
        for written in export_print_command(bank, output, options):
            typer.echo(f"wrote {written}")
    except QuizgenError as e:
        fail(e)


@app.command()
def play(
    paths: PathsArg = None,
    state: StateOpt = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Only this topic (repeatable).")] = None,
    new: Annotated[int, typer.Option("--new", min=0, help="New cards to introduce today at most.")] = NEW_PER_DAY,
    retention: Annotated[
        float,
        typer.Option("--retention", min=RETENTION_MIN, max=RETENTION_MAX, help="Desired retention for scheduling."),
    ] = RETENTION,
    cram: Annotated[bool, typer.Option("--cram", help="Study the chosen cards without touching the schedule.")] = False,
) -> None:
    """Study in the terminal with spaced repetition (FSRS): due reviews first, then new cards.

    Example: quizgen play questions --new 10
    """
    from quizgen.play import run_play

    try:
        code = run_play(paths, state=state, topics=tuple(topic or ()), new=new, retention=retention, cram=cram)
    except QuizgenError as e:
        fail(e)
    raise typer.Exit(code=code)


@app.command()
def stats(paths: PathsArg = None, state: StateOpt = None) -> None:
    """Show what is due, learned and new, and the recent accuracy.

    Example: quizgen stats questions
    """
    from quizgen.play import run_stats

    try:
        run_stats(paths, state=state)
    except QuizgenError as e:
        fail(e)


@app.command()
def build(paths: PathsArg = None) -> None:
    """Check the bank, then write every deck's Anki package and printable quiz into decks/.

    Example: quizgen build questions
    """
    from quizgen.build import build_all
    from quizgen.check import summary
    from quizgen.exporters.anki import source_date_epoch
    from quizgen.load import load_bank

    try:
        bank = load_bank(paths)
        typer.echo(summary(bank))
        for written in build_all(bank, Path("decks"), now=source_date_epoch()):
            typer.echo(f"wrote {written}")
    except QuizgenError as e:
        fail(e)


def parse_play_argv(argv: Sequence[str]) -> dict[str, object] | None:
    """The keyword arguments of ``run_play`` for a plain ``play`` line, or ``None`` to let typer parse it.

    typer builds a pydantic validator for every option, which costs more than
    the rest of ``play``'s start-up; a simple command line needs none of that.
    Anything this does not recognise exactly (``--help``, an unknown option, a
    value out of range) returns ``None``, so typer parses it and reports usage
    errors as usual. Defaults and ranges are the ``play`` command's own.
    """
    paths: list[Path] = []
    topics: list[str] = []
    options: dict[str, object] = {"state": None, "new": NEW_PER_DAY, "retention": RETENTION, "cram": False}
    tokens = list(argv)
    only_paths = False
    while tokens:
        token = tokens.pop(0)
        if only_paths or not token.startswith("-") or token == "-":
            if not token:
                return None
            paths.append(Path(token))
            continue
        if token == "--":
            only_paths = True
            continue
        if token == "--cram":
            options["cram"] = True
            continue
        name, has_value, value = token.partition("=")
        if name not in ("--state", "--topic", "--new", "--retention"):
            return None
        if not has_value:
            if not tokens or tokens[0].startswith("-"):
                return None
            value = tokens.pop(0)
        if not value:
            return None
        if name == "--state":
            options["state"] = Path(value)
        elif name == "--topic":
            topics.append(value)
        elif name == "--new":
            if not re.fullmatch(r"[0-9]{1,9}", value):
                return None
            options["new"] = int(value)
        else:
            if not re.fullmatch(r"[0-9]*\.?[0-9]+", value) or not RETENTION_MIN <= float(value) <= RETENTION_MAX:
                return None
            options["retention"] = float(value)
    return {"paths": paths or None, "topics": tuple(topics), **options}


def _fast_play(argv: Sequence[str]) -> int | None:
    """Runs a plain ``quizgen play`` line without typer's parsing; ``None`` when typer must parse it."""
    options = parse_play_argv(argv)
    if options is None:
        return None
    from quizgen.play import run_play

    try:
        return run_play(**options)  # type: ignore[arg-type]
    except QuizgenError as e:
        try:
            fail(e)
        except typer.Exit as exit_:
            return int(exit_.exit_code)


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        if sys.argv[1:2] == ["play"] and (code := _fast_play(sys.argv[2:])) is not None:
            sys.exit(code)
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("QUIZGEN_DEBUG"):
            raise
        typer.echo(f"error: internal error: {type(e).__name__}: {e} (set QUIZGEN_DEBUG=1 for details)", err=True)
        sys.exit(1)
