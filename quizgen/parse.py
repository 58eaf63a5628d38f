"""Reads one question file's bytes into YAML nodes that keep the line of every key and item.

PyYAML's C parser composes nodes when it is there; composing skips PyYAML's
slow object construction, and the resolver is replaced so that YAML 1.1's
guesses (``yes`` as a boolean) never happen. This module owns the YAML dialect:
:func:`value` reads a scalar by YAML 1.2's core schema, and :class:`SourceFile`
answers every other question about it (lines, numbers with their line, merge
keys, text lost to a comment or an anchor); :func:`parse` refuses alias bombs.
So :mod:`quizgen.validate` applies only the format's rules. Kept apart from
:mod:`quizgen.load` so that a cached bank is loaded without importing PyYAML at all."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

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
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
#: Dates and times: not YAML 1.2 core, but YAML 1.1 tools read them as dates, so text there must be quoted.
DATE = "tag:yaml.org,2002:timestamp"

#: Aliases may share nodes; past this many nodes after expansion a file is refused.
MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 64

_BOOL_WORDS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))
#: YAML 1.2 core schema numbers (``1_000`` and ``0777``-as-octal are YAML 1.1, so text or decimal here).
_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
#: Dates and times as YAML 1.1 reads them: refused where text is expected, with a hint to quote.
_DATE_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)


class _NodeLoader(_BaseLoader):  # type: ignore[misc]
    """Composes nodes without YAML 1.1 guessing: plain scalars keep the :data:`PLAIN` tag.

    :func:`value` resolves them by YAML 1.2's core schema when they are read: most
    scalars are keys and text, and resolving only what is read keeps composing at
    the C parser's pace.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return PLAIN if implicit[0] else STR
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


@dataclass(frozen=True, slots=True)
class Date:
    """A plain scalar YAML 1.1 reads as a date or time (``2024-01-05``), as written."""

    text: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A scalar with an explicit tag the format does not take (``!!binary``, ``!custom``)."""

    tag: str


#: A scalar's typed value: text, a boolean, ``None`` (null), a number, a date, or an unsupported tag.
Value = str | bool | int | float | None | Date | Unsupported


class Number(NamedTuple):
    """A YAML number (never a boolean) with the line it stands on and the text as written."""

    value: int | float
    line: int
    text: str

    @property
    def whole(self) -> int | None:
        """The number if written as a whole number (``5``, ``+5``, ``0o17``, ``0x1F``, ``!!float 5``), else None."""
        if isinstance(self.value, int):
            return self.value
        return _int_of(self.text) if _INT_RE.fullmatch(self.text) else None


class Pairs(NamedTuple):
    """A mapping's pairs with merge keys (``<<``) expanded, and the merge values that name no mapping."""

    pairs: list[tuple[yaml.Node, yaml.Node]]
    bad_merges: list[yaml.Node]


def _int_of(text: str) -> int:
    """An integer the core schema wrote: decimal (leading zeros are decimal), ``0o`` octal or ``0x`` hex."""
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


def _to_int(text: str) -> int | float | Unsupported:
    if _INT_RE.fullmatch(text):
        return _int_of(text)
    return _to_float(text, INT)


def _to_float(text: str, tag: str = FLOAT) -> int | float | Unsupported:
    if _INT_RE.fullmatch(text):  # only through an explicit !!float: a plain integer resolves as INT
        return float(_int_of(text))
    if _FLOAT_RE.fullmatch(text):
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return Unsupported(tag)  # an explicit !!int or !!float on something that is no number


def value(node: yaml.ScalarNode) -> Value:
    """The YAML 1.2 value of a scalar node: a plain one by the core schema, a tagged one by its tag."""
    tag = node.tag
    text: str = node.value
    if tag == STR:
        return text
    if tag == PLAIN:
        if text in _BOOL_WORDS:
            return _BOOL_WORDS[text]
        if text in _NULL_WORDS:
            return None
        if text[:1] in "0123456789+-.":
            if _INT_RE.fullmatch(text):
                return _int_of(text)
            if _FLOAT_RE.fullmatch(text):
                return _to_float(text)
            if _DATE_RE.fullmatch(text):
                return Date(text)
        return text
    if tag == BOOL:
        return _BOOL_WORDS.get(text, text)
    if tag == NULL:
        return None
    if tag == INT:
        return _to_int(text)
    if tag == FLOAT:
        return _to_float(text)
    if tag == DATE:
        return Date(text)
    return Unsupported(tag)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A question file as read: its display path, raw bytes, composed root node and line map.

    Everything the YAML dialect decides about a node is asked of its file here:
    its line as an editor counts it, its typed value, a mapping's pairs with merge
    keys expanded, and whether plain text lost part of itself to a comment or an anchor.
    """

    path: str
    data: bytes
    node: yaml.Node | None
    lines: LineMap | None = None
    text: str = ""
    merges: bool = False  # whether ``<<`` appears at all: without it no mapping needs merging

    def line(self, node: yaml.Node) -> int:
        """The node's line as an editor counts it."""
        if self.lines is None:
            return int(node.start_mark.line) + 1
        return self.lines.line(node.start_mark.index)

    def line_at(self, index: int) -> int:
        """The line of the file's character at ``index``, as an editor counts it."""
        return self.lines.line(index) if self.lines is not None else line_at(self.text, index)

    def line_of(self, node: yaml.Node, needle: str) -> int:
        """The line of ``needle`` (an image, a deletion) inside a text written over several lines, else the node's.

        A block scalar (``|``, ``>``) starts on the line of its key, but the problem stands further down.
        """
        start, end = node.start_mark, node.end_mark
        if end.line > start.line and needle:
            at = self.text.find(needle, start.index, end.index)
            if at >= 0:
                return self.line_at(at)
        return self.line(node)

    def number(self, node: yaml.Node) -> Number | None:
        """The node as a number (int or float, never a boolean) with its line; ``None`` if it is none."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        found = value(node)
        if isinstance(found, bool) or not isinstance(found, int | float):
            return None
        return Number(found, self.line(node), node.value)

    def pairs(self, node: yaml.MappingNode) -> Pairs:
        """The mapping's pairs with YAML merge keys (``<<: *base``) expanded, own keys winning."""
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        if not self.merges or not any(k.value == "<<" for k, _ in pairs):
            return Pairs(pairs, [])
        own: list[tuple[yaml.Node, yaml.Node]] = []
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        bad: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == PLAIN and key_node.value == "<<":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, yaml.MappingNode):
                        inner = self.pairs(source)
                        merged.extend(inner.pairs)
                        bad.extend(inner.bad_merges)
                    else:
                        bad.append(value_node)
                continue
            own.append((key_node, value_node))
        own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        pairs = own + [(k, v) for k, v in merged if not (isinstance(k, yaml.ScalarNode) and k.value in own_keys)]
        return Pairs(pairs, bad)

    def cut_by_comment(self, node: yaml.ScalarNode) -> str | None:
        """What plain text lost where YAML ended it at `` #x`` (a comment): the rest of the line; else None."""
        end = node.end_mark.index
        text = self.text
        if node.tag != PLAIN or end >= len(text) or text[end] not in " \t":
            return None
        stop = text.find("\n", end)
        stop = len(text) if stop < 0 else stop
        carriage = text.find("\r", end, stop)
        rest = text[end : stop if carriage < 0 else carriage]
        m = _COMMENT.match(rest)
        if m is None:
            return None
        return rest[m.end() - 1 :].strip()

    def lost_anchor(self, node: yaml.ScalarNode) -> str | None:
        """The anchor name plain text starting ``&word`` lost to YAML when no alias uses it; else None.

        (``answer: &more than one`` is valid YAML: an anchor named ``more`` on the text "than one".)
        """
        start = node.start_mark.index
        if node.tag != PLAIN or not self.text.startswith("&", start):
            return None
        name = _ANCHOR.match(self.text, start)
        if name is None or re.search(rf"\*{re.escape(name.group(1))}(?![^\s,\]}}])", self.text):
            return None  # an anchor that an alias uses is YAML doing what the author asked
        return name.group(1)


#: A comment after plain text: blanks, then ``#`` and something.
_COMMENT = re.compile(r"[ \t]+#(?=[^ \t])")
#: An alias where YAML reads one: after ``- ``, ``: ``, ``[``, ``{`` or ``,``.
_ALIAS = re.compile(r"(?:^[ \t]*-[ \t]+|:[ \t]+|[\[{,][ \t]*)(\*)[^\s,\[\]{}]+", re.M)
#: An anchor's name, as YAML reads it after ``&``.
_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")


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
    source = SourceFile(path, data, node, lines, text, "<<" in text)
    if "&" in text:
        bomb = _alias_bomb(source, node)
        if bomb is not None:
            return failed, [bomb]
    return source, []


def _alias_bomb(source: SourceFile, node: yaml.Node) -> Problem | None:
    """Refuses a file whose aliases expand past :data:`MAX_EXPANDED_NODES` (a "billion laughs") or nest too deep."""
    try:
        expanded = _expanded_size(node, {})
    except RecursionError:
        return Problem(source.path, 1, "the file is nested too deeply")
    if expanded <= MAX_EXPANDED_NODES:
        return None
    alias = _ALIAS.search(source.text)  # the first alias, where the expansion starts
    line = source.line_at(alias.start(1)) if alias else 1
    return Problem(
        source.path, line, f"aliases expand this file to over {MAX_EXPANDED_NODES:,} values; refusing to read it"
    )


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """Node count with aliases expanded, each shared node counted once per use (memoized)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    if depth > MAX_DEPTH:
        raise RecursionError
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
    memo[id(node)] = size
    return size


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
