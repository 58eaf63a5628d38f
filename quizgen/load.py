"""Walks the given paths and turns YAML files into a validated :class:`~quizgen.model.Bank`.

Files are composed into YAML nodes (keeping the line of every key and item)
with PyYAML's C parser when it is there; :mod:`quizgen.validate` reads the
nodes. Composing skips PyYAML's slow object construction, and the garbage
collector is paused while the many small node objects are made.
``load_bank`` is the one entry point every command starts from.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quizgen import __version__
from quizgen.errors import Problem, QuizgenError
from quizgen.model import Bank

try:
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

#: Marks a plain (unquoted, untagged) scalar, so YAML 1.2 rules can be applied to it.
PLAIN = "!quizgen/plain"

MAX_FILE_BYTES = 64 * 1024 * 1024


class _NodeLoader(_BaseLoader):  # type: ignore[misc]
    """Composes nodes without YAML 1.1 guessing: plain scalars keep the :data:`PLAIN` tag."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return PLAIN if implicit[0] else "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A question file as read: its display path, raw bytes and composed root node."""

    path: str
    data: bytes
    node: yaml.Node | None


def find_files(paths: Sequence[Path]) -> tuple[list[str], list[Problem]]:
    """Every ``*.yaml``/``*.yml`` below ``paths``, sorted per path, each once."""
    found: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for given in paths:
        if given.is_dir():
            batch = sorted(_walk(given))
            if not batch:
                problems.append(Problem(str(given), 1, "no question files (*.yaml, *.yml) found here"))
        elif given.is_file():
            batch = [str(given)]
        else:
            problems.append(Problem(str(given), 1, "no such file or folder"))
            continue
        for path in batch:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found, problems


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                yield os.path.join(root, name)


def read_file(path: str) -> tuple[bytes, list[Problem]]:
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return b"", [Problem(path, 1, f"file is too large ({size} bytes)")]
        with open(path, "rb") as f:
            return f.read(), []
    except OSError as e:
        return b"", [Problem(path, 1, f"cannot read file: {e.strerror or e}")]


def parse(path: str, data: bytes) -> tuple[yaml.Node | None, list[Problem]]:
    """Decodes and composes one file; every failure becomes a located problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return None, [Problem(path, line, "not valid UTF-8 text (save the file as UTF-8)")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(path, line, "not a text file (it contains NUL bytes)")]
    try:
        with _gc_paused():
            node = yaml.compose(text, Loader=_NodeLoader)
    except yaml.MarkedYAMLError as e:
        return None, [_yaml_problem(path, text, e)]
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, max(e.position, 0)) + 1
        return None, [Problem(path, line, f"invalid YAML: unacceptable character {e.character!r}")]
    except yaml.YAMLError as e:
        return None, [Problem(path, 1, f"invalid YAML: {e}")]
    except RecursionError:
        return None, [Problem(path, 1, "invalid YAML: nested too deeply")]
    if node is None:
        return None, [Problem(path, 1, "the file is empty; it needs deck, topic and questions")]
    return node, []


def _yaml_problem(path: str, text: str, e: yaml.MarkedYAMLError) -> Problem:
    """Locates a syntax error; one found only at the end of the file points where it began."""
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark is not None else 1
    what = e.problem or e.context or "syntax error"
    if e.context and e.context_mark is not None:
        started = e.context_mark.line + 1
        what += f" ({e.context}, at line {started})"
        if mark is not None and mark.index >= len(text.rstrip()):
            line = started
    last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    return Problem(path, min(line, last_line), f"invalid YAML: {what}")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing makes millions of small objects and no cycles worth collecting.

    The collector is paused, and what survives is frozen before it resumes, so
    no later collection walks the whole bank again (refcounting still frees it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def read_sources(paths: Sequence[Path]) -> tuple[list[SourceFile], list[Problem]]:
    files, problems = find_files(paths)
    sources: list[SourceFile] = []
    for path in files:
        data, read_problems = read_file(path)
        problems.extend(read_problems)
        if read_problems:
            continue
        node, parse_problems = parse(path, data)
        problems.extend(parse_problems)
        sources.append(SourceFile(path, data, node))
    return sources, problems


def default_paths(paths: Iterable[Path] | None) -> list[Path]:
    chosen = list(paths or [])
    return chosen or [Path("questions")]


def load_bank(paths: Iterable[Path] | None = None, *, cache: bool = False) -> Bank:
    """Reads, parses and validates every question file below ``paths``.

    Raises :class:`QuizgenError` carrying every problem of the whole bank.
    With ``cache``, a validated bank is kept on disk keyed by the exact bytes
    of every file, so a second run skips parsing while any edit invalidates it.
    """
    from quizgen.validate import validate

    chosen = default_paths(paths)
    if cache:
        return _load_cached(chosen)
    with _gc_paused():
        sources, problems = read_sources(chosen)
        bank, more = validate(sources)
        del sources
    problems.extend(more)
    if problems:
        raise QuizgenError("the question bank is invalid", sorted(set(problems), key=_order))
    return bank


def _order(p: Problem) -> tuple[str, int, str]:
    return (p.path, p.line, p.message)


def cache_dir() -> Path:
    override = os.environ.get("QUIZGEN_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("quizgen", appauthor=False))


def _load_cached(paths: list[Path]) -> Bank:
    files, problems = find_files(paths)
    if problems:
        raise QuizgenError("the question bank is invalid", problems)
    digest = hashlib.blake2b(__version__.encode(), digest_size=20)
    for path in files:
        data, read_problems = read_file(path)
        if read_problems:
            raise QuizgenError("the question bank is invalid", read_problems)
        digest.update(path.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    target = cache_dir() / f"bank-{digest.hexdigest()}.pickle"
    try:
        with open(target, "rb") as f, _gc_paused():
            bank = pickle.load(f)
        if isinstance(bank, Bank):
            return bank
    except Exception:  # noqa: BLE001 - a missing or stale cache is simply rebuilt
        pass
    bank = load_bank(paths)
    _write_cache(target, bank)
    return bank


def _write_cache(target: Path, bank: Bank) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("bank-*.pickle"):
            old.unlink(missing_ok=True)
        from quizgen.atomic import write_bytes_atomic

        write_bytes_atomic(target, pickle.dumps(bank, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a cache that cannot be written only costs time
