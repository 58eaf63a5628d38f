"""The ``quizgen`` command line: declares options and calls :mod:`quizgen.commands` (which maps errors to exit 1).

Heavy modules (genanki, jinja2, fsrs, sqlite) are imported inside the command
that needs them. The options of ``play``, ``check``, ``anki`` and ``build`` are
declared once, in :mod:`quizgen.options`, and their typer commands are built
from those declarations (so :mod:`quizgen.main` can run a plain line without typer).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from quizgen import __version__, commands
from quizgen.env import Env
from quizgen.model import Selection
from quizgen.options import ANKI, BUILD, CHECK, MOODLE, PLAY, QTI, Opt, missing_partner, output_file

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
StateOpt = Annotated[
    Path | None,
    typer.Option("--state", help="Progress file (default: $QUIZGEN_STATE, else the user data folder)."),
]
TopicOpt = Annotated[list[str] | None, typer.Option("--topic", help="Only this topic (repeatable).")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="Only questions with this tag (repeatable).")]


def _usage(read: Callable[[str], Any]) -> Callable[[str], Any]:
    """A reader whose ValueError is a usage error (exit 2), as typer reports a bad option value."""

    def parse(text: str) -> Any:
        try:
            return read(text)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None

    return parse


OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="The file to write (default: print it).", parser=_usage(output_file(".json"))),
]


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
    kind: Any = opt.kind
    if opt.multiple:
        kind = types.GenericAlias(list, (kind,)) | None
    elif opt.default is None:
        kind = kind | None
    parser = _usage(opt.parser) if opt.parser is not None else None
    info = typer.Option(*opt.aliases, opt.flag, help=opt.help, min=opt.min, max=opt.max, parser=parser)
    return inspect.Parameter(
        opt.name, inspect.Parameter.KEYWORD_ONLY, default=opt.default, annotation=Annotated[kind, info]
    )


def _declared(options: tuple[Opt, ...], run: Callable[..., int]) -> Callable[..., None]:
    """A typer command whose options are exactly ``options``; it calls ``run`` and exits with its status."""

    def command(paths: list[Path] | None = None, **values: Any) -> None:
        missing = missing_partner(options, values)
        if missing is not None:  # wrong usage, exit 2, like any impossible combination
            raise typer.BadParameter(f"needs {missing[1].flag}", param_hint=missing[0].flag)
        raise typer.Exit(code=run(paths, **values))

    paths = inspect.Parameter("paths", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=PathsArg)
    command.__signature__ = inspect.Signature([paths, *map(_typer_parameter, options)])  # type: ignore[attr-defined]
    return command


def _command(name: str, options: tuple[Opt, ...], run: Callable[..., int], doc: str) -> None:
    command = _declared(options, run)
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


@app.command("print")
def print_(
    paths: PathsArg = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="The HTML file (default: decks/<deck>-quiz.html).",
            parser=_usage(output_file(".html")),
        ),
    ] = None,
    versions: Annotated[int, typer.Option("--versions", min=1, max=26, help="Differently shuffled versions.")] = 1,
    seed: Annotated[str, typer.Option("--seed", help="Shuffle seed (any word or number): same seed, same file.")] = "0",
    topic: TopicOpt = None,
    tag: TagOpt = None,
    count: Annotated[
        int | None, typer.Option("--count", min=1, help="How many questions per version (a pool counts as one).")
    ] = None,
    no_key: Annotated[bool, typer.Option("--no-key", help="Leave out the answer key.")] = False,
    sections: Annotated[
        bool, typer.Option("--sections", help="Group questions by topic (file order), shuffled within each.")
    ] = False,
    order: Annotated[
        Literal["shuffle", "bank"], typer.Option("--order", help="shuffle the questions, or keep the bank's order.")
    ] = "shuffle",
    paper: Annotated[Literal["a4", "letter"], typer.Option("--paper", help="The page size the file asks for.")] = "a4",
    study: Annotated[
        bool, typer.Option("--study", help="A study sheet: answers, reasons and explanations, no versions or key.")
    ] = False,
    title: Annotated[str | None, typer.Option("--title", help="The title on each version (default: the deck).")] = None,
    label: Annotated[str, typer.Option("--label", help="The word above the title, such as Exam.")] = "Quiz",
    time: Annotated[str | None, typer.Option("--time", help="The time allowed, such as '45 minutes'.")] = None,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="A line to fill in on the header (repeatable; replaces Name and Date)."),
    ] = None,
    split: Annotated[
        bool, typer.Option("--split", help="One file per version (<name>-A.html, ...) and one for the key.")
    ] = False,
    key_only: Annotated[bool, typer.Option("--key-only", help="Write only the answer key.")] = False,
) -> None:
    """Write a printable HTML quiz with shuffled versions and an answer key (or a study sheet).

    Example: quizgen print questions --versions 3 --seed 7 --count 20 --paper letter

    Example: quizgen print questions --versions 3 --label Exam --time "45 minutes" --field Name --field Class --split
    """
    from quizgen.exporters.html import DEFAULT_FIELDS, PrintOptions, usage_conflict

    options = PrintOptions(
        versions=versions, seed=seed, topics=tuple(topic or ()), tags=tuple(tag or ()), count=count,
        key=not no_key, sections=sections, order=order, paper=paper, study=study, title=title, label=label,
        time=time, fields=tuple(field) if field else DEFAULT_FIELDS, split=split, key_only=key_only,
    )  # fmt: skip
    conflict = usage_conflict(options)
    if conflict is not None:  # wrong usage, exit 2
        raise typer.BadParameter(conflict[1], param_hint=conflict[0])
    raise typer.Exit(code=commands.run_reported(lambda: commands.print_(paths, options, output)))


@app.command()
def mark(
    responses: Annotated[Path, typer.Argument(help="The class's answers: student, version, a column per label.")],
    exam: Annotated[Path, typer.Option("--exam", help="The exam as printed: the .json beside the quiz.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The folder for scores.csv, report.html and review/.")
    ] = Path("marks"),
    template: Annotated[
        bool, typer.Option("--template", help="Write RESPONSES.csv as an empty responses file for the exam.")
    ] = False,
) -> None:
    """Mark a printed exam from the class's answers: scores.csv, report.html and review/<student>.txt.

    Example: quizgen mark --exam decks/baclofen-quiz.json --template responses.csv

    Example: quizgen mark responses.csv --exam decks/baclofen-quiz.json -o marks
    """
    raise typer.Exit(code=commands.run_reported(lambda: commands.mark(responses, exam, output, template)))


_command(
    "play",
    PLAY,
    commands.play_main,
    """Study in the terminal with spaced repetition (FSRS): due reviews first, then new cards.

    Example: quizgen play questions --new 10
    """,
)


@app.command()
def stats(
    paths: PathsArg = None,
    state: StateOpt = None,
    topic: TopicOpt = None,
    tag: TagOpt = None,
    hardest: Annotated[
        bool, typer.Option("--hardest", help="The cards with the most lapses, and the wrong options picked most.")
    ] = False,
) -> None:
    """Show what is due, learned and new, and the recent accuracy.

    Example: quizgen stats questions --hardest
    """
    selection = Selection(tuple(topic or ()), tuple(tag or ()))
    raise typer.Exit(
        code=commands.run_reported(
            lambda: commands.stats(paths, Env.read(), state=state, hardest=hardest, selection=selection)
        )
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


@app.command()
def new(
    deck: Annotated[str, typer.Argument(help="The deck's name, e.g. Biology.", show_default=False)],
    folder: Annotated[
        Path | None,
        typer.Argument(help="Where the question files go (default: questions/<deck>/).", show_default=False),
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="A topic, one file each (repeatable; default: Basics).")
    ] = None,
) -> None:
    """Start a bank: one question file per topic, each with an example of every question type.

    The files pass quizgen check as written; replace the examples with your own.
    Nothing is written if any of the files exists.

    Example: quizgen new Biology --topic "Cell division" --topic Genetics
    """
    raise typer.Exit(code=commands.run_reported(lambda: commands.new(deck, topic or (), folder)))


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print (or write with -o) the JSON Schema of a question file, for editors that check YAML.

    Example: quizgen schema -o questions/quizgen.schema.json
    """
    raise typer.Exit(code=commands.run_reported(lambda: commands.schema(output)))
