"""Walks the given paths and turns YAML files into a validated :class:`~quizgen.model.Bank`.

``load_bank`` is the one entry point every command starts from: it finds the
files, has :mod:`quizgen.parse` compose each into YAML nodes and
:mod:`quizgen.validate` check them, with the garbage collector paused while
the many small node objects live. Commands pass a cache folder: the bank index
there (:mod:`quizgen.index`) keeps each file's checked questions, so a run parses
only the files edited since the last one.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.errors import Problem, QuizgenError
from quizgen.gcpause import gc_paused
from quizgen.model import Bank

if TYPE_CHECKING:
    from quizgen.images import ImageStore
    from quizgen.index import FileLook, FileResult, LazyCards

MAX_FILE_BYTES = 64 * 1024 * 1024


def find_files(paths: Sequence[Path]) -> tuple[list[str], list[Problem]]:
    """Every ``*.yaml``/``*.yml`` below ``paths`` (any case: ``Q.YAML`` too), sorted per path, each once."""
    found: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    folders: dict[str, str] = {}  # each folder's real path, resolved once for all its files
    for given in paths:
        if given.is_dir():
            known = len(problems)
            batch = sorted(_walk(given, problems))
            if not batch and len(problems) == known:
                problems.append(Problem(str(given), 1, "no question files (*.yaml, *.yml) found here"))
        elif given.is_file():
            batch = [str(given)]
        elif given.exists():
            problems.append(Problem(str(given), 1, f"{_NOT_REGULAR}; name a question file or a folder"))
            continue
        else:
            problems.append(Problem(str(given), 1, "no such file or folder"))
            continue
        for path in batch:
            key = _real_path(path, folders)
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found, problems


def _real_path(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, each folder resolved once (a file that is no link is its folder's, joined)."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def _walk(folder: Path, problems: list[Problem]) -> Iterator[str]:
    def unreadable(error: OSError) -> None:  # a folder left out silently would drop its questions from the decks
        where = os.fsdecode(error.filename) if error.filename else str(folder)
        problems.append(Problem(where, 1, f"cannot read folder: {error.strerror or error}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith((".yaml", ".yml")) and not name.startswith("."):
                yield os.path.join(root, name)


def read_file(path: str) -> tuple[bytes, list[Problem]]:
    """The file's bytes; a pipe, device or socket named like a question file is refused, never waited on."""
    data, _, problems = read_looked(path)
    return data, problems


def read_looked(path: str) -> tuple[bytes, FileLook | None, list[Problem]]:
    """:func:`read_file`, with how the file looked just after it was read (size, mtime, ctime, inode, device).

    The look is taken after reading, so a write during the read shows in it; None when the size read
    differs from the size the file then has (it is being written).
    """
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                return b"", None, [Problem(path, 1, f"{_NOT_REGULAR}; a question file must be an ordinary file")]
            if info.st_size > MAX_FILE_BYTES:
                return b"", None, [Problem(path, 1, f"file is too large ({info.st_size} bytes)")]
            data = f.read()
            after = os.fstat(f.fileno())
            look = (after.st_size, after.st_mtime_ns, after.st_ctime_ns, after.st_ino, after.st_dev)
            return data, (look if after.st_size == len(data) else None), []
    except OSError as e:
        return b"", None, [Problem(path, 1, f"cannot read file: {e.strerror or e}")]


_NOT_REGULAR = "not a regular file (a pipe, device or socket)"


def read_all(paths: Sequence[Path]) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """Every question file's display path and bytes, with the problems of finding and reading them."""
    files, problems = find_files(paths)
    read: list[tuple[str, bytes]] = []
    for path in files:
        data, read_problems = read_file(path)
        problems.extend(read_problems)
        if not read_problems:
            read.append((path, data))
    return read, problems


def default_paths(paths: Iterable[Path] | None) -> list[Path]:
    """The paths given, else ``questions/`` in the current folder (refused clearly when there is none)."""
    chosen = list(paths or [])
    if chosen:
        return chosen
    default = Path("questions")
    if not default.exists():
        raise QuizgenError(
            f"there is no questions/ folder in {Path.cwd()}: run quizgen in the folder that holds it, "
            "or name the bank's folder or files, e.g. quizgen check path/to/questions"
        )
    return [default]


def load_bank(paths: Iterable[Path] | None = None, *, cache_dir: Path | None = None, strict: bool = False) -> Bank:
    """Reads, parses and validates every question file below ``paths``.

    Raises :class:`QuizgenError` carrying every problem of the whole bank (and
    its warnings, shown beside the errors). Warnings of a valid bank are in
    :attr:`Bank.warnings`; ``strict`` makes them errors.
    Files are checked one by one, so only one file's YAML nodes live at a time;
    the checks that span files then run on the merged bank. A bank with any
    problem is read again whole (:func:`full_read`), so that every message is
    the one a whole-bank check gives. With ``cache_dir``, the bank index there
    (:mod:`quizgen.index`) gives each unchanged file's checked questions, so only
    edited files are parsed again; the result is the same as without it.
    """
    files, problems = read_all(default_paths(paths))
    bank = None
    if not problems:
        bank = _indexed(files, cache_dir)
    if bank is None:
        return full_read(files, problems, strict=strict)
    if strict and bank.warnings:
        raise QuizgenError("the question bank is invalid", sorted({w.as_error() for w in bank.warnings}, key=_order))
    return bank


def full_read(files: Sequence[tuple[str, bytes]], problems: list[Problem], *, strict: bool = False) -> Bank:
    """Every file parsed and the whole bank checked at once; raises with every problem (and warning) found."""
    from quizgen.parse import parse
    from quizgen.validate import validate

    with gc_paused():
        sources = []
        for path, data in files:
            source, parse_problems = parse(path, data)
            problems.extend(parse_problems)
            sources.append(source)
        bank, more = validate(sources)
        del sources
    problems.extend(more)
    warnings = list(bank.warnings)
    if strict:
        problems.extend(w.as_error() for w in warnings)
        warnings = []
    if problems:
        raise QuizgenError("the question bank is invalid", sorted(set(problems + warnings), key=_order))
    return bank


def load_cards(paths: Iterable[Path] | None, cache_dir: Path) -> Bank | LazyCards:
    """What ``play`` starts from: the bank's cards, each question read from the index when first shown.

    The card list of a bank unchanged since the last run is one row of the index, beside each
    file's digest and look (size, times, inode): a file that looks as it did is not hashed again.
    After an edit the card list is rebuilt from each file's small summary, checking only the
    edited files. A bank with a problem (or with no usable index) is loaded whole, as
    :func:`load_bank` does, and returned as a :class:`Bank`; a bad bank raises as :func:`load_bank` does.
    """
    import time

    from quizgen.index import CardList, Index, LazyCards, file_digests, trusted_look

    given = default_paths(paths)
    found, problems = find_files(given)
    read_ns = time.time_ns()
    files: list[tuple[str, bytes]] = []
    looks: list[FileLook | None] = []
    for path in found:
        data, look, read_problems = read_looked(path)
        problems.extend(read_problems)
        if not read_problems:
            files.append((path, data))
            looks.append(look)
    if problems:
        return full_read(files, problems)
    index = Index.open(cache_dir)
    if index is None:
        return load_bank(given)
    try:
        with gc_paused():
            key = index.bank_key([path for path, _ in files])
            stored = index.bank(key)
            looks = [trusted_look(look, read_ns) for look in looks]
            known = [
                stored.digest_of(number, look) if stored is not None else None for number, look in enumerate(looks)
            ]
            hashed = iter(
                file_digests([data for (_, data), digest in zip(files, known, strict=True) if digest is None])
            )
            digests = [next(hashed) if digest is None else digest for digest in known]  # hashed: those that look new
            cards = index.card_list(stored, digests)
            if cards is None:
                summaries = []
                for (path, data), digest in zip(files, digests, strict=True):
                    summary = index.summary(path, digest)
                    if summary is None:
                        started = time.time_ns()
                        bank = check_alone(path, data)
                        if bank is None:
                            break  # a problem: the whole bank is loaded below, which reports it
                        summary = index.remember(path, digest, bank, started)
                        if summary is None:  # an image just written: this run reads the bank itself
                            break
                    summaries.append(summary)
                else:
                    cards = CardList.of(summaries)
                    if cards is not None:
                        index.remember_cards(key, digests, looks, cards)
    finally:
        index.close()  # writes the rows of the files checked here, which the lazy reads below find
    if cards is None:
        return load_bank(given, cache_dir=cache_dir)
    return LazyCards(cards, files, digests, cache_dir)


def _indexed(files: Sequence[tuple[str, bytes]], cache_dir: Path | None) -> Bank | None:
    """The bank from the index (if any) and the files changed since; None when a full read must decide (a problem)."""
    import time

    from quizgen import memo
    from quizgen.index import Index, file_digest, merge

    index = Index.open(cache_dir) if cache_dir is not None else None
    store = None
    if any(b"![" in data or b"<img" in data for _, data in files):  # one store: each image read once per bank
        from quizgen.images import ImageStore

        store = ImageStore()
    try:
        with gc_paused():
            results = []
            digests = []
            for path, data in files:
                digest = file_digest(data) if index is not None else b""
                digests.append(digest)
                result = index.lookup(path, digest) if index is not None else None
                if result is not None and index is not None:
                    memo.known(result.topic.questions, result.digests)  # a build need not pickle them again
                    index.remember_digests(path, digest, result)  # (a row another command wrote lacks them)
                else:
                    started = time.time_ns()
                    bank = check_alone(path, data, store)
                    if bank is None:
                        return None  # a problem: the full read reports it among all the others
                    result = _as_result(bank)
                    if index is not None:
                        index.remember(path, digest, bank, started)
                results.append(result)
            bank = merge(results)
            if bank is None:
                return None
            from quizgen.validate import pool_problems

            if pool_problems(bank):
                return None
            return bank
    finally:
        if index is not None:
            index.close()


def check_alone(path: str, data: bytes, store: ImageStore | None = None) -> Bank | None:
    """The bank of this one file, or None when it has any problem; ``store`` shares image reads between files.

    :func:`~quizgen.validate.validate` runs the file's image pass too, so the bank holds the checked image
    files (paths and digests) and a refused image is a problem, exactly as in a whole-bank check.
    """
    from quizgen.parse import parse
    from quizgen.validate import validate

    source, problems = parse(path, data)
    if problems:
        return None
    bank, problems = validate([source], store)
    if problems or len(bank.decks) != 1 or len(bank.decks[0].topics) != 1:
        return None
    return bank


def _as_result(bank: Bank) -> FileResult:
    from quizgen.index import FileResult

    (deck,) = bank.decks
    (topic,) = deck.topics
    return FileResult(topic, bank.images, bank.warnings, ())


def _order(p: Problem) -> tuple[str, int, str]:
    return (p.path, p.line, p.message)
