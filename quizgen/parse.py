"""Reads one question file's bytes into YAML nodes that keep the line of every key and item.

PyYAML's C parser composes nodes when it is there; composing skips PyYAML's
slow object construction, and the resolver is replaced so that YAML 1.1's
guesses (``yes`` as a boolean) never happen: :mod:`quizgen.validate` applies
YAML 1.2's rules itself. Kept apart from :mod:`quizgen.load` so that a cached
bank is loaded without importing PyYAML at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from quizgen.errors import Problem

try:
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

#: Marks a plain (unquoted, untagged) scalar, so YAML 1.2 rules can be applied to it.
PLAIN = "!quizgen/plain"


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
