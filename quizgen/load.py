"""Walks the given paths and turns YAML files into a validated :class:`~quizgen.model.Bank`.

``load_bank`` is the one entry point every command starts from: it finds the
files, has :mod:`quizgen.parse` compose each into YAML nodes and
:mod:`quizgen.validate` check them, with the garbage collector paused while
the many small node objects live. ``play`` passes a cache folder: a validated
bank is kept there, keyed by the bytes of every question file (and checked
against how its image files look on disk), so its start-up skips parsing.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from quizgen import __version__
from quizgen.errors import Problem, QuizgenError
from quizgen.model import Bank

MAX_FILE_BYTES = 64 * 1024 * 1024


def find_files(paths: Sequence[Path]) -> tuple[list[str], list[Problem]]:
    """Every ``*.yaml``/``*.yml`` below ``paths`` (any case: ``Q.YAML`` too), sorted per path, each once."""
    found: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
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
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found, problems


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
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                return b"", [Problem(path, 1, f"{_NOT_REGULAR}; a question file must be an ordinary file")]
            if info.st_size > MAX_FILE_BYTES:
                return b"", [Problem(path, 1, f"file is too large ({info.st_size} bytes)")]
            return f.read(), []
    except OSError as e:
        return b"", [Problem(path, 1, f"cannot read file: {e.strerror or e}")]


_NOT_REGULAR = "not a regular file (a pipe, device or socket)"


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing makes millions of small objects and no cycles worth collecting: the collector waits.

    (A command-line run may then ``gc.freeze()`` the bank; a library call never
    does, so a long-running program that loads banks still collects them.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    With ``cache_dir``, a validated bank is kept there keyed by the exact bytes
    of every file, so a second run skips parsing while any edit invalidates it.
    """
    files, problems = read_all(default_paths(paths))
    target = _cache_file(cache_dir, files) if cache_dir is not None and not problems else None
    if target is not None:
        cached = _read_cache(target)
        if cached is not None:
            return cached
    from quizgen.parse import parse
    from quizgen.validate import validate

    with _gc_paused():
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
    if target is not None:
        _write_cache(target, bank)
    return bank


def _order(p: Problem) -> tuple[str, int, str]:
    return (p.path, p.line, p.message)


def _cache_file(folder: Path, files: Sequence[tuple[str, bytes]]) -> Path:
    """Where the validated bank of exactly these files (and this quizgen version) is cached."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=20)
    for path, data in files:
        digest.update(path.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return folder / f"bank-{digest.hexdigest()}.pickle"


def _read_cache(target: Path) -> Bank | None:
    try:
        with open(target, "rb") as f, _gc_paused():
            stamps, bank = pickle.load(f)
    except Exception:  # noqa: BLE001 - a missing or stale cache is simply rebuilt
        return None
    if not isinstance(bank, Bank) or stamps != _image_stamps(bank):
        return None
    return bank


def _image_stamps(bank: Bank) -> tuple[tuple[str, int, int, int], ...] | None:
    """How each image file the bank shows looks on disk now; None when one is gone.

    The cache key covers the question files only, so an image edited, replaced or removed
    since must send the bank back through the checks (a stat per image, no reading).
    """
    stamps = []
    for image in bank.images:
        try:
            st = os.stat(image.path)
        except OSError:
            return None
        stamps.append((image.path, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(stamps)


def _write_cache(target: Path, bank: Bank) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("bank-*.pickle"):
            old.unlink(missing_ok=True)
        from quizgen.atomic import write_bytes_atomic

        write_bytes_atomic(target, pickle.dumps((_image_stamps(bank), bank), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a cache that cannot be written only costs time
