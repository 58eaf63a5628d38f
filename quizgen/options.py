"""Every command's arguments and options, declared once.

:mod:`quizgen.cli` builds each typer command from these declarations (names,
types, defaults, ranges, choices, help), and :func:`parse_fast` reads a plain
command line of the commands in :data:`FAST` by the same declaration before
typer is even imported (typer and its validators cost about 0.1 s a run): the
first card shows sooner, and a check or a build takes less. Anything
:func:`parse_fast` does not recognise exactly (``--help``, an unknown option, a
value out of range, an option without the one it needs) is left to typer,
which then reports usage errors as usual.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Opt:
    """One command-line option: ``name`` is the Python parameter, ``flag`` what the user types."""

    name: str
    flag: str
    kind: type
    default: Any
    help: str
    min: float | None = None
    max: float | None = None
    multiple: bool = False
    aliases: tuple[str, ...] = ()  # short forms, such as -o
    needs: str | None = None  # the ``name`` of an option that must be given with this one
    parser: Callable[[str], Any] | None = None  # reads the text instead of ``kind``; a ValueError is a usage error
    choices: tuple[str, ...] = ()  # the only values it takes (``kind`` is then ``str``)
    required: bool = False  # an option that must be given (``default`` is then unused)

    def parse(self, text: str) -> Any:
        """The value of ``text`` for this option, or ``None`` when typer should judge it."""
        if not text:
            return None
        if self.choices:
            return text if text in self.choices else None
        if self.parser is not None:
            try:
                return self.parser(text)
            except ValueError:
                return None
        if self.kind is int:
            if not re.fullmatch(r"[0-9]{1,9}", text):
                return None
            value: Any = int(text)
        elif self.kind is float:
            if not re.fullmatch(r"[0-9]*\.?[0-9]+", text):
                return None
            value = float(text)
        elif self.kind is Path:
            value = Path(text)
        else:
            value = text
        if self.min is not None and value < self.min:
            return None
        if self.max is not None and value > self.max:
            return None
        return value


@dataclass(frozen=True, slots=True)
class Arg:
    """One positional argument: ``name`` is the Python parameter; ``multiple`` takes any number (none: ``None``)."""

    name: str
    kind: type
    help: str
    required: bool = False
    multiple: bool = False


class UsageError(Exception):
    """Options that make no sense together, found by the command: wrong usage (exit 2), reported against ``flag``."""

    def __init__(self, flag: str, message: str) -> None:
        super().__init__(message)
        self.flag = flag
        self.message = message


def output_file(suffix: str) -> Callable[[str], Path]:
    """A reader of ``-o``'s value, which names a file: a name ending in a slash names a folder and is refused.

    Read as a path, ``decks/`` is ``decks``: the command would write a file of that name.
    """

    def read(text: str) -> Path:
        if text.endswith(("/", os.sep)):
            raise ValueError(
                f"{text} ends with a slash, so it names a folder; give the file to write, e.g. {text}NAME{suffix}"
            )
        return Path(text)

    return read


NEW_PER_DAY = 20
RETENTION, RETENTION_MIN, RETENTION_MAX = 0.9, 0.7, 0.99

#: The question files most commands read.
PATHS = Arg("paths", Path, "Question files or folders (default: questions/).", multiple=True)
#: The selection (``--topic``, ``--tag``) of play, stats and print, and the progress file of play and stats.
TOPIC = Opt("topic", "--topic", str, None, "Only this topic (repeatable).", multiple=True)
TAG = Opt("tag", "--tag", str, None, "Only questions with this tag (repeatable).", multiple=True)
STATE = Opt("state", "--state", Path, None, "Progress file (default: $QUIZGEN_STATE, else the user data folder).")

PLAY: tuple[Opt, ...] = (
    STATE,
    TOPIC,
    TAG,
    Opt("new", "--new", int, NEW_PER_DAY, "New cards to introduce today at most.", min=0),
    Opt(
        "retention",
        "--retention",
        float,
        RETENTION,
        "Desired retention for scheduling.",
        min=RETENTION_MIN,
        max=RETENTION_MAX,
    ),  # fmt: skip
    Opt("cram", "--cram", bool, False, "Study the chosen cards without touching the schedule."),
    Opt(
        "ids",
        "--ids",
        Path,
        None,
        "Study only the questions this file lists (one id a line, as quizgen mark's review lists), due or not.",
    ),
)


CHECK: tuple[Opt, ...] = (
    Opt("source", "--source", Path, None, "Also verify that every `source` quote appears in this document."),
    Opt("strict", "--strict", bool, False, "Treat warnings (likely mistakes) as errors."),
)
ANKI: tuple[Opt, ...] = (
    Opt(
        "output",
        "--output",
        Path,
        None,
        "One .apkg with every deck (default: decks/<deck>.apkg).",
        aliases=("-o",),
        parser=output_file(".apkg"),
    ),
    Opt(
        "against",
        "--against",
        Path,
        None,
        "The package learners have now: report what importing the new one does; "
        "write nothing if Anki would skip any update.",
    ),
    Opt(
        "report",
        "--report",
        Path,
        None,
        "Also write that report as Markdown (needs --against).",
        needs="against",
        parser=output_file(".md"),
    ),
)
BUILD: tuple[Opt, ...] = ()
QTI: tuple[Opt, ...] = (
    Opt(
        "output",
        "--output",
        Path,
        None,
        "One .zip with every deck (default: decks/<deck>-qti.zip).",
        aliases=("-o",),
        parser=output_file(".zip"),
    ),
)
MOODLE: tuple[Opt, ...] = (
    Opt(
        "output",
        "--output",
        Path,
        None,
        "One Moodle XML file with every deck (default: decks/<deck>-moodle.xml).",
        aliases=("-o",),
        parser=output_file(".xml"),
    ),
)

PRINT: tuple[Opt, ...] = (
    Opt(
        "output",
        "--output",
        Path,
        None,
        "The HTML file (default: decks/<deck>-quiz.html).",
        aliases=("-o",),
        parser=output_file(".html"),
    ),
    Opt("versions", "--versions", int, 1, "Differently shuffled versions.", min=1, max=26),
    Opt("seed", "--seed", str, "0", "Shuffle seed (any word or number): same seed, same file."),
    TOPIC,
    TAG,
    Opt("count", "--count", int, None, "How many questions per version (a pool counts as one).", min=1),
    Opt("no_key", "--no-key", bool, False, "Leave out the answer key."),
    Opt("sections", "--sections", bool, False, "Group questions by topic (file order), shuffled within each."),
    Opt("order", "--order", str, "shuffle", "shuffle the questions, or keep the bank's order.",
        choices=("shuffle", "bank")),
    Opt("paper", "--paper", str, "a4", "The page size the file asks for.", choices=("a4", "letter")),
    Opt("study", "--study", bool, False, "A study sheet: answers, reasons and explanations, no versions or key."),
    Opt("title", "--title", str, None, "The title on each version (default: the deck)."),
    Opt("label", "--label", str, "Quiz", "The word above the title, such as Exam."),
    Opt("time", "--time", str, None, "The time allowed, such as '45 minutes'."),
    Opt("field", "--field", str, None, "A line to fill in on the header (repeatable; replaces Name and Date).",
        multiple=True),
    Opt("split", "--split", bool, False, "One file per version (<name>-A.html, ...) and one for the key."),
    Opt("key_only", "--key-only", bool, False, "Write only the answer key."),
)  # fmt: skip
STATS: tuple[Opt, ...] = (
    STATE,
    TOPIC,
    TAG,
    Opt("hardest", "--hardest", bool, False, "The cards with the most lapses, and the wrong options picked most."),
)
SCHEMA: tuple[Opt, ...] = (
    Opt(
        "output",
        "--output",
        Path,
        None,
        "The file to write (default: print it).",
        aliases=("-o",),
        parser=output_file(".json"),
    ),
)
SCHEMA_ARGS: tuple[Arg, ...] = ()
NEW: tuple[Opt, ...] = (
    Opt("topic", "--topic", str, None, "A topic, one file each (repeatable; default: Basics).", multiple=True),
)
NEW_ARGS: tuple[Arg, ...] = (
    Arg("deck", str, "The deck's name, e.g. Biology.", required=True),
    Arg("folder", Path, "Where the question files go (default: questions/<deck>/)."),
)
MARK: tuple[Opt, ...] = (
    Opt("exam", "--exam", Path, None, "The exam as printed: the .json beside the quiz.", required=True),
    Opt(
        "output",
        "--output",
        Path,
        Path("marks"),
        "The folder for scores.csv, report.html and review/.",
        aliases=("-o",),
    ),
    Opt("template", "--template", bool, False, "Write RESPONSES.csv as an empty responses file for the exam."),
)
MARK_ARGS: tuple[Arg, ...] = (
    Arg("responses", Path, "The class's answers: student, version, a column per label.", required=True),
)

#: The commands that may start without typer: their options, and the function of
#: :mod:`quizgen.commands` that runs them and returns the exit status.
FAST: dict[str, tuple[tuple[Opt, ...], str]] = {
    "play": (PLAY, "play_main"),
    "check": (CHECK, "check_main"),
    "anki": (ANKI, "anki_main"),
    "build": (BUILD, "build_main"),
    "qti": (QTI, "qti_main"),
    "moodle": (MOODLE, "moodle_main"),
}


def missing_partner(options: Sequence[Opt], values: dict[str, Any]) -> tuple[Opt, Opt] | None:
    """An option given without the option it needs, and that option; else None."""
    by_name = {o.name: o for o in options}
    for opt in options:
        if opt.needs is not None and values.get(opt.name) not in (None, []) and values.get(opt.needs) in (None, []):
            return opt, by_name[opt.needs]
    return None


def parse_fast(options: Sequence[Opt], argv: Sequence[str]) -> dict[str, Any] | None:
    """Keyword arguments (``paths`` and each option's ``name``) for a plain command line, else ``None``."""
    by_flag = {flag: o for o in options for flag in (o.flag, *o.aliases)}
    values: dict[str, Any] = {o.name: ([] if o.multiple else o.default) for o in options}
    paths: list[Path] = []
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
        flag, has_value, text = token.partition("=")
        opt = by_flag.get(flag)
        if opt is None or (has_value and not flag.startswith("--")):
            return None  # unknown, or -o=x (which the command-line library reads as the value "=x")
        if opt.kind is bool:
            if has_value:
                return None
            values[opt.name] = True
            continue
        if not has_value:
            if not tokens or tokens[0].startswith("-"):
                return None
            text = tokens.pop(0)
        value = opt.parse(text)
        if value is None:
            return None
        if opt.multiple:
            values[opt.name].append(value)
        else:
            values[opt.name] = value
    for opt in options:
        if opt.multiple:
            values[opt.name] = values[opt.name] or None
    if missing_partner(options, values) is not None:
        return None
    return {"paths": paths or None, **values}
