"""The command layer: each command's whole job, with the outside world kept here.

Each command has two functions. ``<name>`` takes the command's options and an
:class:`~quizgen.env.Env` (environment variables and the clock, read once),
reads what it needs (the bank, selected by ``--topic`` and ``--tag`` here for
print, play and stats; lock and about files), calls pure functions that return
what to write, writes it all through :func:`quizgen.atomic.write_outputs` (every
file or none) and returns the lines still to show (``play`` and ``stats`` write
to their terminal as they go, and return none). ``<name>_main`` takes the
options as :mod:`quizgen.options` declares them and returns the exit status,
through :func:`run_reported`, the one place where a
:class:`~quizgen.errors.QuizgenError` becomes its message and exit status 1.
:mod:`quizgen.cli` and :mod:`quizgen.main` only call ``<name>_main``; a test can
call either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizgen.env import Env
from quizgen.errors import Problem, QuizgenError, error_lines
from quizgen.model import Bank, Deck, Selection

if TYPE_CHECKING:
    from collections.abc import Mapping

    from quizgen.atomic import Outputs
    from quizgen.exporters.html import Order, Paper, PrintOptions
    from quizgen.lock import Lock
    from quizgen.model import Question
    from quizgen.scheduler import CardKey

#: Where commands write when no ``-o`` is given.
DECKS = Path("decks")


def load(
    paths: Sequence[Path] | None,
    env: Env | None = None,
    *,
    quiet: bool = False,
    strict: bool = False,
    cache: bool = True,
) -> Bank:
    """The bank at ``paths`` (``questions/`` by default), through the bank index in the user's cache folder.

    ``cache=False`` (``check --no-cache``) or ``QUIZGEN_NO_CACHE=1`` reads every file afresh.
    The bank's warnings go to stderr for the commands an author runs; a learner's
    ``play`` and ``stats`` (``quiet``) stay quiet about them.
    """
    from quizgen.load import load_bank

    env = env if env is not None else Env.read()
    cache_dir = env.cache_dir() if cache and not env.no_cache else None
    bank = load_bank(paths, cache_dir=cache_dir, strict=strict)
    if not quiet:
        show_warnings(bank)
    return bank


def show_warnings(bank: Bank) -> None:
    """Each warning as ``path:line: warning: message`` on stderr: seen, but not failing the command."""
    import sys

    for warning in bank.warnings:
        print(warning, file=sys.stderr)


def check(
    paths: Sequence[Path] | None, source: Path | None = None, *, strict: bool = False, no_cache: bool = False
) -> list[str]:
    """``quizgen check``: the summary, and with ``source`` the quote check; ``strict`` refuses warnings too.

    ``no_cache`` reads and checks every file afresh, without the bank index.
    """
    from quizgen.check import check_sources, summary

    bank = load(paths, strict=strict, cache=not no_cache)
    lines = [summary(bank)]
    if source is not None:
        lines.append(check_sources(bank, source))
    return lines


def write_outputs(outputs: Outputs) -> list[Path]:
    """:func:`quizgen.atomic.write_outputs`, imported only by the commands that write (not ``play``)."""
    from quizgen.atomic import write_outputs as write_all

    return write_all(outputs)


def _written(paths: Sequence[Path]) -> list[str]:
    return [f"wrote {path}" for path in paths]


def anki(
    paths: Sequence[Path] | None,
    env: Env,
    output: Path | None = None,
    against: Path | None = None,
    report: Path | None = None,
    folder: Path = DECKS,
) -> list[str]:
    """``quizgen anki``: one package with every deck (``output``), else one per deck in ``folder``.

    Per deck, note times come from ``folder/<slug>.lock.json`` (kept up to
    date), as in ``quizgen build``, so only edited notes are newer than what
    learners have; a single ``-o`` package stamps every note with the build
    time. With ``against``, the packages are compared with the one learners
    imported, and nothing is written when Anki would skip an update.
    """
    from quizgen.build import locked_packages
    from quizgen.exporters.anki import BuiltPackage, unlocked_build

    old = None
    if against is not None:
        from quizgen.release import read_package

        old = read_package(against)  # before building: a bad OLD.apkg costs nothing
    now = env.build_time()
    locks: list[tuple[Path, str]] = []
    packages: list[tuple[Path, BuiltPackage]]
    with _rendering(env):  # each note as the last run left it
        bank = load(paths, env)
        if output is not None:
            packages = [(output, unlocked_build(bank.decks, now))]
        else:
            packages, locks = locked_packages(bank, folder, now, read_locks(bank, folder), read_abouts(bank))
    outputs: list[tuple[Path, bytes | str]] = [*((target, p.data) for target, p in packages), *locks]
    lines: list[str] = []
    if old is not None:
        from quizgen.release import Refused, check_release, report_markdown, report_text

        try:
            checked = check_release(old, packages)
        except Refused as e:
            shown = [report_text(e.report).rstrip("\n")]
            raise QuizgenError("\n".join(e.report.blockers), output=shown) from None
        lines.append(report_text(checked).rstrip("\n"))
        if report is not None:
            outputs.append((report, report_markdown(checked)))
    return lines + _written(write_outputs(outputs))


def read_locks(bank: Bank, folder: Path) -> dict[str, Lock]:
    """Each deck's lock (by deck name) from ``folder/<slug>.lock.json``; a missing one is empty."""
    from quizgen.build import lock_file
    from quizgen.lock import read_lock

    return {deck.name: read_lock(lock_file(folder, deck)) for deck in bank.decks}


def read_abouts(bank: Bank) -> dict[str, str]:
    """Each deck's about text (by deck name): see :func:`deck_about`."""
    return {deck.name: deck_about(deck) for deck in bank.decks}


def deck_about(deck: Deck) -> str:
    """The text of ``<deck-slug>.about.md`` beside the deck's question files (the first found), or ``""``.

    It opens the deck's description in Anki: what the deck covers, its author and
    licence, where to report an error, how to update safely.
    """
    for folder in dict.fromkeys(Path(topic.path).parent for topic in deck.topics):
        about = folder / f"{deck.slug}.about.md"
        if about.is_file():
            try:
                return about.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise QuizgenError(
                    f"cannot read {about}", [Problem(str(about), 1, f"{error}; save it as UTF-8 text")]
                ) from None
    return ""


def print_(
    paths: Sequence[Path] | None,
    options: PrintOptions,
    output: Path | None = None,
    folder: Path = DECKS,
    selection: Selection | None = None,
) -> list[str]:
    """``quizgen print``: the printable quiz (or study sheet) of each deck; a note on stderr for what it ignores."""
    import sys

    from quizgen.exporters.html import print_notes, print_outputs

    env = Env.read()
    with _rendering(env):  # each question's parts, as the last print left them
        bank = load(paths, env).select(selection or Selection())
        outputs = print_outputs(bank, output, options, folder)
    for note in print_notes(bank, options):
        print(f"note: {note}", file=sys.stderr)
    return _written(write_outputs(outputs))


def moodle(
    paths: Sequence[Path] | None, output: Path | None = None, folder: Path = DECKS, env: Env | None = None
) -> list[str]:
    """``quizgen moodle``: one Moodle XML file with every deck (``output``), else one per deck in ``folder``."""
    from quizgen.exporters.moodle import moodle_outputs

    env = env if env is not None else Env.read()
    with _rendering(env):
        files, lines = moodle_outputs(load(paths, env), output, folder)
    return lines + _written(write_outputs(files))


#: Where ``quizgen mark`` writes when no ``-o`` is given.
MARKS = Path("marks")


def mark(responses: Path, exam: Path, folder: Path = MARKS, template: bool = False) -> list[str]:
    """``quizgen mark``: scores, the item analysis and review lists; ``template`` writes an empty responses file."""
    from quizgen.mark import mark_outputs, template_csv

    if template:
        from quizgen.exam import read_exam

        if responses.exists():
            raise QuizgenError(f"{responses} exists: --template writes a new responses file, never over one")
        return _written(write_outputs([(responses, template_csv(read_exam(exam)))]))
    return _written(write_outputs(mark_outputs(responses, exam, folder)))


def build(paths: Sequence[Path] | None, env: Env, folder: Path = DECKS) -> list[str]:
    """``quizgen build``: check, then every deck's package, lock, quiz, Moodle XML and QTI package into ``folder``."""
    from quizgen.build import build_outputs
    from quizgen.check import summary

    warnings: list[Problem] = []
    with _rendering(env):
        bank = load(paths, env)
        locks, abouts = read_locks(bank, folder), read_abouts(bank)
        outputs: Outputs = build_outputs(bank, folder, env.build_time(), locks, abouts, warnings)
    _warn(warnings)
    return [summary(bank), *_written(write_outputs(outputs))]


def qti(
    paths: Sequence[Path] | None, output: Path | None = None, folder: Path = DECKS, env: Env | None = None
) -> list[str]:
    """``quizgen qti``: one QTI package with every deck (``output``), else ``folder/<slug>-qti.zip`` per deck."""
    from quizgen.exporters.qti import qti_outputs

    env = env if env is not None else Env.read()
    with _rendering(env):
        outputs, counts, warnings = qti_outputs(load(paths, env), output, folder)
    _warn(warnings)
    return [counts, *_written(write_outputs(outputs))]


def _parts_folder(env: Env) -> Path | None:
    """Where rendered parts are kept between runs (:mod:`quizgen.memo`): beside the bank index, unless bypassed."""
    return None if env.no_cache else env.cache_dir()


@contextmanager
def _rendering(env: Env) -> Iterator[None]:
    """Around loading a bank and rendering its outputs: each question's parts as the last run left them, no collection.

    No collection walks the bank between the steps (reading a 50,000-entry lock made one walk it all), and what
    the pause let pile up (the bank, its parts) is frozen after: it lives until the command ends, and the
    collector, back on, would first walk all of it (0.4 s at 50,000 questions) to free nothing.
    """
    import gc

    from quizgen import memo
    from quizgen.gcpause import gc_paused

    with gc_paused(), memo.kept(_parts_folder(env)):
        yield
        gc.freeze()


def _warn(lines: Sequence[object]) -> None:
    """Warnings (``path:line: warning: ...``) go to stderr, leaving stdout to the summary."""
    import sys

    for line in lines:
        print(line, file=sys.stderr)


def play(
    paths: Sequence[Path] | None,
    env: Env,
    *,
    state: Path | None,
    selection: Selection,
    new: int,
    retention: float,
    cram: bool,
    ids: Path | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> list[str]:
    """``quizgen play``: a study session in the terminal, shown as it goes (no lines are left to show)."""
    from quizgen.terminal import collect_again, collect_at_input

    collect_at_input()  # no collection before the first card is on screen
    try:
        return _play(paths, env, state=state, selection=selection, new=new, retention=retention, cram=cram, ids=ids,
                     stdin=stdin, stdout=stdout)  # fmt: skip
    finally:
        collect_again()


def _play(
    paths: Sequence[Path] | None,
    env: Env,
    *,
    state: Path | None,
    selection: Selection,
    new: int,
    retention: float,
    cram: bool,
    ids: Path | None,
    stdin: TextIO | None,
    stdout: TextIO | None,
) -> list[str]:
    """:func:`play` once the garbage collector is paused."""
    import gc

    from quizgen.play import PlayOptions, read_ids, run_play

    now = env.now()
    bank: Bank | Mapping[CardKey, Question]
    listed = None
    if ids is None and selection == Selection() and not env.no_cache:
        from quizgen.load import load_cards

        bank = load_cards(paths, env.cache_dir())  # an unchanged bank: its cards, each question read when shown
    else:
        whole = load(paths, env, quiet=True)
        listed = read_ids(ids, whole) if ids is not None else None
        bank = whole.select(selection)
    gc.freeze()  # the bank lives until the process ends: later collections need not walk it
    if listed is not None and not listed:
        return [f"Nothing to study: {ids} lists no question (nothing was lost)."]
    run_play(
        bank, PlayOptions(new=new, retention=retention, cram=cram, ids=listed), state=env.state_path(state), now=now,
        clock=env.clock(), seed=env.seed, fuzz=env.fuzz, stdin=stdin, stdout=stdout,
    )  # fmt: skip
    return []


#: The exit status of a Unix tool whose reader went away (killed by SIGPIPE: 128 + 13).
BROKEN_PIPE = 141


def run_reported(run: Callable[[], list[str]]) -> int:
    """Runs a command for the fast path and typer alike: its lines on stdout, its errors on stderr, the exit status.

    This is the one place where a failure becomes its message and exit status 1. When the reader of stdout
    goes away (``quizgen stats | head -1``), the command stops quietly with :data:`BROKEN_PIPE`, as Unix tools do.

    No typer here, so that a plain command line never imports it.
    """
    import sys

    try:
        status = _report(run)
        sys.stdout.flush()  # here, not at exit, so that a reader gone away is seen here
    except BrokenPipeError:
        return stdout_gone()
    return status


def _report(run: Callable[[], list[str]]) -> int:
    import sys

    try:
        result = run()
    except QuizgenError as e:
        if e.output:
            print("\n".join(e.output))
        print("\n".join(error_lines(e)), file=sys.stderr)
        return 1
    for line in result:
        print(line)
    return 0


def stdout_gone() -> int:
    """No reader for stdout any more: what is still buffered goes nowhere (no message at exit); the exit status."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor behind stdout (a test's capture): nothing is flushed to a pipe
        pass
    return BROKEN_PIPE


def play_main(
    paths: list[Path] | None,
    *,
    state: Path | None,
    topic: list[str] | None,
    tag: list[str] | None,
    new: int,
    retention: float,
    cram: bool,
    ids: Path | None = None,
) -> int:
    """``quizgen play`` with its options as :data:`quizgen.options.PLAY` declares them; returns the exit status."""
    selection = Selection(tuple(topic or ()), tuple(tag or ()))
    return run_reported(
        lambda: play(
            paths, Env.read(), state=state, selection=selection, new=new, retention=retention, cram=cram, ids=ids
        )
    )


def check_main(paths: list[Path] | None, *, source: Path | None, strict: bool = False, no_cache: bool = False) -> int:
    """``quizgen check`` as :data:`quizgen.options.CHECK` declares it; returns the exit status."""
    return run_reported(lambda: check(paths, source, strict=strict, no_cache=no_cache))


def anki_main(paths: list[Path] | None, *, output: Path | None, against: Path | None, report: Path | None) -> int:
    """``quizgen anki`` as :data:`quizgen.options.ANKI` declares it; returns the exit status."""
    return run_reported(lambda: anki(paths, Env.read(), output=output, against=against, report=report))


def qti_main(paths: list[Path] | None, *, output: Path | None) -> int:
    """``quizgen qti`` as :data:`quizgen.options.QTI` declares it; returns the exit status."""
    return run_reported(lambda: qti(paths, output=output))


def moodle_main(paths: list[Path] | None, *, output: Path | None) -> int:
    """``quizgen moodle`` as :data:`quizgen.options.MOODLE` declares it; returns the exit status."""
    return run_reported(lambda: moodle(paths, output))


def build_main(paths: list[Path] | None) -> int:
    """``quizgen build``; returns the exit status."""
    return run_reported(lambda: build(paths, Env.read()))


def print_main(
    paths: list[Path] | None,
    *,
    output: Path | None,
    versions: int,
    seed: str,
    topic: list[str] | None,
    tag: list[str] | None,
    count: int | None,
    no_key: bool,
    sections: bool,
    order: Order,
    paper: Paper,
    study: bool,
    title: str | None,
    label: str,
    time: str | None,
    field: list[str] | None,
    split: bool,
    key_only: bool,
) -> int:
    """``quizgen print`` as :data:`quizgen.options.PRINT` declares it; returns the exit status.

    Options at odds with each other are wrong usage (:class:`~quizgen.options.UsageError`), found before any work.
    """
    from quizgen.exporters.html import DEFAULT_FIELDS, PrintOptions, usage_conflict
    from quizgen.options import UsageError

    options = PrintOptions(
        versions=versions, seed=seed, count=count, key=not no_key, sections=sections, order=order, paper=paper,
        study=study, title=title, label=label, time=time, fields=tuple(field) if field else DEFAULT_FIELDS,
        split=split, key_only=key_only,
    )  # fmt: skip
    conflict = usage_conflict(options)
    if conflict is not None:
        raise UsageError(*conflict)
    selection = Selection(tuple(topic or ()), tuple(tag or ()))
    return run_reported(lambda: print_(paths, options, output, selection=selection))


def stats_main(
    paths: list[Path] | None, *, state: Path | None, topic: list[str] | None, tag: list[str] | None, hardest: bool
) -> int:
    """``quizgen stats`` as :data:`quizgen.options.STATS` declares it; returns the exit status."""
    selection = Selection(tuple(topic or ()), tuple(tag or ()))
    return run_reported(lambda: stats(paths, Env.read(), state=state, hardest=hardest, selection=selection))


def new_main(deck: str, folder: Path | None, *, topic: list[str] | None) -> int:
    """``quizgen new`` as :data:`quizgen.options.NEW` and ``NEW_ARGS`` declare it; returns the exit status."""
    return run_reported(lambda: new(deck, topic or (), folder))


def mark_main(responses: Path, *, exam: Path, output: Path, template: bool) -> int:
    """``quizgen mark`` as :data:`quizgen.options.MARK` and ``MARK_ARGS`` declare it; returns the exit status."""
    return run_reported(lambda: mark(responses, exam, output, template))


def schema_main(*, output: Path | None) -> int:
    """``quizgen schema`` as :data:`quizgen.options.SCHEMA` declares it; returns the exit status."""
    return run_reported(lambda: schema(output))


def stats(
    paths: Sequence[Path] | None,
    env: Env,
    *,
    state: Path | None,
    hardest: bool = False,
    selection: Selection | None = None,
    stdout: TextIO | None = None,
) -> list[str]:
    """``quizgen stats``: progress, or with ``hardest`` the cards that trouble the learner most (shown as it goes)."""
    from quizgen.stats import run_stats

    now = env.now()
    bank = load(paths, env, quiet=True).select(selection or Selection())
    run_stats(bank, env.state_path(state), now, stdout=stdout, hardest=hardest)
    return []


def new(deck: str, topics: Sequence[str], folder: Path | None = None) -> list[str]:
    """``quizgen new``: a starter bank (one file per topic, and the editor's schema if needed); never overwrites."""
    from quizgen.starter import starter_bank

    written = write_outputs(starter_bank(deck, topics, folder))
    first = written[0].parent
    return [*_written(written), f"next: edit the questions, then run quizgen check {first.as_posix()}"]


def schema(output: Path | None) -> list[str]:
    """``quizgen schema``: the JSON Schema of a question file, printed or written to ``output``."""
    from quizgen.schema import schema_text

    text = schema_text()
    if output is None:
        return [text.rstrip("\n")]
    return _written(write_outputs([(output, text)]))
