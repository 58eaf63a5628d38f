"""The ``quizgen`` command line: declares options and calls :mod:`quizgen.commands` (which maps errors to exit 1).

Heavy modules (genanki, jinja2, fsrs, sqlite) are imported inside the command
that needs them. Every command's arguments and options are declared once, in
:mod:`quizgen.options`, and its typer command is built from that declaration
(so :mod:`quizgen.main` can run a plain line of the common commands without
typer); each runs ``commands.<name>_main``, which returns the exit status.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Annotated, Any, Literal

import typer

from quizgen import __version__, commands
from quizgen.options import (
    ANKI,
    BUILD,
    CHECK,
    MARK,
    MARK_ARGS,
    MOODLE,
    NEW,
    NEW_ARGS,
    PATHS,
    PLAY,
    PRINT,
    QTI,
    SCHEMA,
    SCHEMA_ARGS,
    STATS,
    Arg,
    Opt,
    UsageError,
    missing_partner,
)

app = typer.Typer(
    help="Turn hand-written YAML questions into Anki decks, printable quizzes and a terminal quiz.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _usage(read: Callable[[str], Any]) -> Callable[[str], Any]:
    """A reader whose ValueError is a usage error (exit 2), as typer reports a bad option value."""

    def parse(text: str) -> Any:
        try:
            return read(text)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None

    return parse


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quizgen {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn hand-written YAML questions into Anki decks, printable quizzes and a terminal quiz."""


def _typer_parameter(opt: Opt) -> inspect.Parameter:
    """One declared option as typer reads it from a function signature."""
    kind: Any = Literal[opt.choices] if opt.choices else opt.kind
    if opt.multiple:
        kind = types.GenericAlias(list, (kind,)) | None
    elif opt.default is None and not opt.required:
        kind = kind | None
    parser = _usage(opt.parser) if opt.parser is not None else None
    info = typer.Option(*opt.aliases, opt.flag, help=opt.help, min=opt.min, max=opt.max, parser=parser)
    default = inspect.Parameter.empty if opt.required else opt.default
    return inspect.Parameter(
        opt.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, info]
    )


def _typer_argument(arg: Arg) -> inspect.Parameter:
    """One declared positional argument as typer reads it from a function signature."""
    kind: Any = types.GenericAlias(list, (arg.kind,)) | None if arg.multiple else arg.kind
    if not arg.required and not arg.multiple:
        kind = kind | None
    info = typer.Argument(help=arg.help, show_default=False)
    default = inspect.Parameter.empty if arg.required else None
    return inspect.Parameter(
        arg.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=Annotated[kind, info]
    )


def _declared(args: tuple[Arg, ...], options: tuple[Opt, ...], run: Callable[..., int]) -> Callable[..., None]:
    """A typer command whose arguments and options are exactly those declared; it calls ``run`` and exits
    with its status. An option without its partner, or a :class:`~quizgen.options.UsageError`, is wrong usage."""

    def command(**values: Any) -> None:
        missing = missing_partner(options, values)
        if missing is not None:  # wrong usage, exit 2, like any impossible combination
            raise typer.BadParameter(f"needs {missing[1].flag}", param_hint=missing[0].flag)
        try:
            status = run(**values)
        except UsageError as e:
            raise typer.BadParameter(e.message, param_hint=e.flag) from None
        raise typer.Exit(code=status)

    parameters = [*map(_typer_argument, args), *map(_typer_parameter, options)]
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return command


#: Every command's declaration, by name, as its typer command was built from it.
DECLARED: dict[str, tuple[tuple[Arg, ...], tuple[Opt, ...]]] = {}


def _command(
    name: str, options: tuple[Opt, ...], run: Callable[..., int], doc: str, args: tuple[Arg, ...] = (PATHS,)
) -> None:
    DECLARED[name] = (args, options)
    command = _declared(args, options, run)
    command.__doc__ = doc
    app.command(name)(command)


_command(
    "check",
    CHECK,
    commands.check_main,
    """Validate the question bank and summarise it.

    Example: quizgen check questions --source article.txt
    """,
)
_command(
    "anki",
    ANKI,
    commands.anki_main,
    """Write Anki packages (.apkg) that update in place when re-imported.

    Example: quizgen anki questions -o baclofen.apkg

    Example: quizgen anki --against published/baclofen.apkg --report CHANGES.md
    """,
)
_command(
    "print",
    PRINT,
    commands.print_main,
    """Write a printable HTML quiz with shuffled versions and an answer key (or a study sheet).

    Example: quizgen print questions --versions 3 --seed 7 --count 20 --paper letter

    Example: quizgen print questions --versions 3 --label Exam --time "45 minutes" --field Name --field Class --split
    """,
)
_command(
    "play",
    PLAY,
    commands.play_main,
    """Study in the terminal with spaced repetition (FSRS): due reviews first, then new cards.

    Example: quizgen play questions --new 10
    """,
)
_command(
    "stats",
    STATS,
    commands.stats_main,
    """Show what is due, learned and new, and the recent accuracy.

    Example: quizgen stats questions --hardest
    """,
)
_command(
    "mark",
    MARK,
    commands.mark_main,
    """Mark a printed exam from the class's answers: scores.csv, report.html and review/<student>.txt.

    Example: quizgen mark --exam decks/baclofen-quiz.json --template responses.csv

    Example: quizgen mark responses.csv --exam decks/baclofen-quiz.json -o marks
    """,
    args=MARK_ARGS,
)
_command(
    "moodle",
    MOODLE,
    commands.moodle_main,
    """Write Moodle XML for Moodle's question bank import ("Moodle XML format"): every question, feedback and image.

    Example: quizgen moodle questions -o baclofen-moodle.xml
    """,
)
_command(
    "build",
    BUILD,
    commands.build_main,
    """Check the bank, then write every deck's Anki package, printable quiz, Moodle XML and QTI package into decks/.

    Example: quizgen build questions
    """,
)
_command(
    "qti",
    QTI,
    commands.qti_main,
    """Write an IMS QTI 1.2 package (.zip) that Canvas imports as a quiz: one per deck, or every deck in -o.

    Example: quizgen qti questions -o baclofen-qti.zip
    """,
)
_command(
    "new",
    NEW,
    commands.new_main,
    """Start a bank: one question file per topic, each with an example of every question type.

    The files pass quizgen check as written; replace the examples with your own.
    Nothing is written if any of the files exists.

    Example: quizgen new Biology --topic "Cell division" --topic Genetics
    """,
    NEW_ARGS,
)
_command(
    "schema",
    SCHEMA,
    commands.schema_main,
    """Print (or write with -o) the JSON Schema of a question file, for editors that check YAML.

    Example: quizgen schema -o questions/quizgen.schema.json
    """,
    SCHEMA_ARGS,
)
