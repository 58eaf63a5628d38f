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
from quizgen.options import ANKI, BUILD, CHECK, PLAY, Opt, missing_partner

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
OutputOpt = Annotated[Path | None, typer.Option("-o", "--output", help="The file to write (default: print it).")]


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
    info = typer.Option(*opt.aliases, opt.flag, help=opt.help, min=opt.min, max=opt.max)
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
        Path | None, typer.Option("-o", "--output", help="The HTML file (default: decks/<deck>-quiz.html).")
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
) -> None:
    """Write a printable HTML quiz with shuffled versions and an answer key (or a study sheet).

    Example: quizgen print questions --versions 3 --seed 7 --count 20 --paper letter
    """
    from quizgen.exporters.html import PrintOptions

    options = PrintOptions(
        versions=versions, seed=seed, topics=tuple(topic or ()), tags=tuple(tag or ()), count=count,
        key=not no_key, sections=sections, order=order, paper=paper, study=study,
    )  # fmt: skip
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
    "build",
    BUILD,
    commands.build_main,
    """Check the bank, then write every deck's Anki package and printable quiz into decks/.

    Example: quizgen build questions
    """,
)


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print (or write with -o) the JSON Schema of a question file, for editors that check YAML.

    Example: quizgen schema -o questions/quizgen.schema.json
    """
    raise typer.Exit(code=commands.run_reported(lambda: commands.schema(output)))
