"""Reads one question file's bytes into YAML nodes that keep the line of every key and item.

PyYAML's C parser composes nodes when it is there; composing skips PyYAML's
slow object construction, and the resolver is replaced so that YAML 1.1's
guesses (``yes`` as a boolean) never happen: :mod:`quizgen.validate` applies
YAML 1.2's rules itself. Kept apart from :mod:`quizgen.load` so that a cached
bank is loaded without importing PyYAML at all.
"""

from __future__ import annotations

import bisect
import re
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
#: The tag of a quoted scalar: text, whatever it looks like.
STR = "tag:yaml.org,2002:str"


class _NodeLoader(_BaseLoader):  # type: ignore[misc]
    """Composes nodes without YAML 1.1 guessing: plain scalars keep the :data:`PLAIN` tag."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return PLAIN if implicit[0] else STR
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A question file as read: its display path, raw bytes, composed root node and line map."""

    path: str
    data: bytes
    node: yaml.Node | None
    lines: LineMap | None = None
    text: str = ""


_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class LineMap:
    """Editor line numbers for a text whose YAML line numbers would be off.

    PyYAML (YAML 1.1) also breaks lines at U+0085, U+2028 and U+2029, which
    editors show inside a line; where a file holds one, lines are counted
    from character offsets instead, so an error points where the author looks.
    """

    starts: tuple[int, ...]

    @staticmethod
    def of(text: str) -> LineMap | None:
        if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
            return None
        return LineMap((0, *(m.end() for m in _BREAK.finditer(text))))

    def line(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index)


def parse(path: str, data: bytes) -> tuple[SourceFile, list[Problem]]:
    """Decodes and composes one file; every failure becomes a located problem (and no node)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = line_at(data[: e.start].decode("utf-8", "replace"), e.start)
        return SourceFile(path, data, None), [Problem(path, line, "not valid UTF-8 text (save the file as UTF-8)")]
    if text.startswith("\ufeff"):
        text = text[1:]
    failed = SourceFile(path, data, None, None, text)
    if "\x00" in text:
        line = line_at(text, text.index("\x00"))
        return failed, [Problem(path, line, "not a text file (it contains NUL bytes)")]
    lines = LineMap.of(text)
    try:
        node = yaml.compose(text, Loader=_NodeLoader)
    except yaml.MarkedYAMLError as e:
        return failed, [_yaml_problem(path, text, e, lines)]
    except yaml.reader.ReaderError as e:
        line = line_at(text, max(e.position, 0))
        return failed, [Problem(path, line, f"invalid YAML: unacceptable character {e.character!r}")]
    except yaml.YAMLError as e:
        return failed, [Problem(path, 1, f"invalid YAML: {e}")]
    except RecursionError:
        return failed, [Problem(path, 1, "invalid YAML: nested too deeply")]
    if node is None:
        return failed, [Problem(path, 1, "the file is empty; it needs deck, topic and questions")]
    return SourceFile(path, data, node, lines, text), []


def node_kind(node: yaml.Node) -> str:
    """A node's shape as messages name it: mapping, list or single value."""
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def line_at(text: str, index: int) -> int:
    """The editor line (CRLF, LF or lone CR ends a line) of the character at ``index``."""
    return len(_BREAK.findall(text, 0, index)) + 1


def _yaml_problem(path: str, text: str, e: yaml.MarkedYAMLError, lines: LineMap | None) -> Problem:
    """Locates a syntax error; one found only at the end of the file points where it began."""

    def line_of(mark: Any) -> int:
        return lines.line(mark.index) if lines is not None else int(mark.line) + 1

    mark = e.problem_mark or e.context_mark
    line = line_of(mark) if mark is not None else 1
    what = e.problem or e.context or "syntax error"
    if e.context and e.context_mark is not None:
        started = line_of(e.context_mark)
        what += f" ({e.context}, at line {started})"
        if mark is not None and mark.index >= len(text.rstrip()):
            line = started
    last_line = len(_BREAK.split(text.rstrip("\r\n"))) if text.strip() else 1
    line = min(line, last_line)
    hint = _plain_words(e, _BREAK.split(text)[line - 1] if text else "")
    if hint:
        return Problem(path, line, f"invalid YAML: {hint} (YAML said: {what})")
    return Problem(path, line, f"invalid YAML: {what}")


def _plain_words(e: yaml.MarkedYAMLError, source_line: str) -> str | None:
    """What a YAML syntax error usually means in a question file, and how to fix it."""
    problem = e.problem or ""
    context = e.context or ""
    stripped = source_line.lstrip(" ")
    if "tab" in problem or "\t" in problem or (problem.startswith("found character") and stripped.startswith("\t")):
        return "a tab is used to indent this line; YAML indents with spaces: replace the tab with spaces"
    if "mapping values are not allowed" in problem:
        return (
            "a ': ' inside unquoted text reads as a new key; put the whole text in quotes, e.g. prompt: \"Dose: 5 mg\""
        )
    if "flow mapping" in context and "expected ',' or '}'" in problem and ": " in stripped:
        return (
            "a ': ' inside unquoted text within { } reads as a new key; put that text in quotes, "
            'e.g. {text: "Ratio: 2", why: ...}'
        )
    if problem.startswith("found character") and "cannot start any token" in problem:
        return (
            "a text starts with a character YAML keeps for itself (` @ or %: Markdown `code` at the start of "
            'a text?); put the whole text in quotes, e.g. prompt: "`GABA` is ..."'
        )
    if "alias" in context or "anchor" in context or "alias" in problem or "anchor" in problem:
        return (
            "text that starts with '*' or '&' (Markdown *italics* at the start of a text?) is read as a YAML "
            'alias or anchor; put the whole text in quotes, e.g. prompt: "*Dantrolene* acts on ..."'
        )
    if "found unexpected end of stream" in problem or "found unexpected end of stream" in context:
        return "a quote is opened and never closed; close it, or write a quote inside single-quoted text as ''"
    return None
