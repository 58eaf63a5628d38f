"""Checks composed YAML nodes against the question format and builds the model.

Every rule of ``question-format.md`` lives here, and every breach becomes a
:class:`~quizgen.errors.Problem` at the line of the node at fault. Checking
goes on after a problem, so one run reports everything that is wrong.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from quizgen import mistakes
from quizgen.errors import Problem
from quizgen.model import (
    QUESTION_TYPES,
    Bank,
    Basic,
    Cloze,
    ClozePiece,
    Deck,
    Deletion,
    Image,
    Mcq,
    Multi,
    Option,
    Question,
    QuestionType,
    Topic,
    TrueFalse,
    Typed,
    points,
)  # fmt: skip
from quizgen.parse import PLAIN, LineMap, SourceFile, line_at
from quizgen.render import ImageUse, find_images

if TYPE_CHECKING:
    from quizgen.images import ImageFile, ImageStore

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_MAX = 64
MAX_DEPTH = 64
#: Anki makes no card for a cloze number above this (checked with its importer: an "empty card").
MAX_CLOZE = 500
#: Aliases may share nodes; past this many nodes after expansion a file is refused.
MAX_EXPANDED_NODES = 2_000_000

FILE_KEYS = ("deck", "topic", "tags", "questions")
QUESTION_KEYS = (
    "id", "type", "prompt", "answer", "distractors", "accept", "explanation", "source", "tags", "pinned",
    "points", "pool",
)  # fmt: skip
COMMON_KEYS = ("id", "type", "prompt", "explanation", "source", "tags", "points", "pool")
#: The keys each type takes, beyond :data:`COMMON_KEYS` (the editor schema is built from the same table).
TYPE_KEYS: dict[QuestionType, tuple[str, ...]] = {
    "basic": ("answer",),
    "mcq": ("answer", "distractors", "pinned"),
    "multi": ("answer", "distractors", "pinned"),
    "truefalse": ("answer",),
    "cloze": ("accept",),
    "typed": ("answer", "accept"),
}
OPTION_KEYS = ("text", "why")
#: A well-formed cloze deletion: ``{{cN::text}}`` or ``{{cN::text::hint}}``.
CLOZE_RE = re.compile(r"\{\{c([1-9][0-9]*)::((?:(?!\{\{|\}\}|::).)+?)(?:::((?:(?!\{\{|\}\}).)*?))?\}\}", re.S)

T = TypeVar("T")
_STR = "tag:yaml.org,2002:str"
_BOOL_WORDS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
#: YAML 1.2 core schema numbers (``1_000`` and ``0777``-as-octal are YAML 1.1, so text or decimal here).
_NUMBER_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
#: Dates and times as YAML 1.1 reads them: refused where text is expected, with a hint to quote.
_DATE_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)


class _Null:
    """An explicit YAML null (``key:`` or ``key: ~``)."""


NULL = _Null()


class Checker:
    """Collects problems while reading one bank; one instance per ``validate`` call."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # kept apart: a warning never makes a question invalid
        # id of a mapping node -> the keys a misspelt or foreign key of it stands for (their absence is not reported)
        self.stand_ins: dict[int, set[str]] = {}
        self.path = ""
        self.text_of_file = ""
        self.lines: LineMap | None = None
        self.images: list[Image] = []  # the images of the question being read
        self.files: dict[str, ImageFile] = {}  # every image file of the bank, by media name
        self._store: ImageStore | None = None

    @property
    def store(self) -> ImageStore:
        """One image store per bank, so each image file is read and hashed once however often it is shown."""
        if self._store is None:
            from quizgen.images import ImageStore

            self._store = ImageStore()
        return self._store

    def line(self, node: yaml.Node) -> int:
        """The node's line as an editor counts it."""
        mark = node.start_mark
        return self.lines.line(mark.index) if self.lines is not None else int(mark.line) + 1

    def line_of(self, node: yaml.Node, needle: str) -> int:
        """The line of ``needle`` (an image, a deletion) inside a text written over several lines, else the node's.

        A block scalar (``|``, ``>``) starts on the line of its key, but the problem stands further down.
        """
        start, end = node.start_mark, node.end_mark
        if end.line > start.line and needle:
            at = self.text_of_file.find(needle, start.index, end.index)
            if at >= 0:
                return self.line_at(at)
        return self.line(node)

    def line_at(self, index: int) -> int:
        """The line of the file's character at ``index``, as an editor counts it."""
        return self.lines.line(index) if self.lines is not None else line_at(self.text_of_file, index)

    def error(self, node: yaml.Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(self.path, line, message))

    def warn(self, node: yaml.Node | int, message: str) -> None:
        """Probably a mistake, but it may be meant: shown as ``path:line: warning: ...``; ``--strict`` refuses it."""
        line = node if isinstance(node, int) else self.line(node)
        self.warnings.append(Problem(self.path, line, message, "warning"))

    def missing(self, node: yaml.Node, key: str, message: str) -> None:
        """Reports a missing required key, unless a misspelt or foreign key of ``node`` already stands for it.

        ``distracters:`` gets one message ("did you mean 'distractors'?"), not a second one about
        'distractors' missing.
        """
        if key not in self.stand_ins.get(id(node), ()):
            self.error(node, message)

    def unknown_key_hint(self, node: yaml.Node, key: str, allowed: Sequence[str]) -> str:
        """What to write instead of an unknown key; the keys it stands for are remembered (see :meth:`missing`)."""
        foreign = mistakes.foreign_key(key, allowed)
        if foreign is not None:
            hint, meant = foreign
            self.stand_ins.setdefault(id(node), set()).update(meant)
            return f"; {hint}"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            self.stand_ins.setdefault(id(node), set()).add(close[0])
        return _did_you_mean(key, allowed)

    def no_option_alike(self, where: str, entries: Sequence[tuple[str, yaml.Node, str]]) -> bool:
        """Refuses options of one question that look the same on paper (see :func:`mistakes.same_option`).

        ``entries`` are (text, node, role) in the order written, the role naming the list (``answer``,
        ``distractors``, ``items`` ...); each repeat is reported at the later one, naming the first.
        False if any was found.
        """
        seen: dict[str, tuple[str, yaml.Node, str]] = {}
        ok = True
        for text, node, role in entries:
            key = mistakes.fold_option(text)
            if key not in seen:  # (one node may stand twice, through an alias: a repeat all the same)
                seen[key] = (text, node, role)
                continue
            ok = False
            first_text, first_node, first_role = seen[key]
            at = f"first at line {self.line(first_node)}"
            if text.strip() == first_text.strip():
                clash = f"both {_a(first_role)} and {_a(role)}" if first_role != role else f"repeated in {role}"
                self.error(node, f"{where}: option '{text}' is {clash} ({at})")
            else:
                self.error(
                    node,
                    f"{where}: option '{text}' looks the same as '{first_text}' ({at}) on paper: they differ only "
                    "in case, spacing or punctuation at the ends; remove one, or make them clearly different",
                )
        return ok

    def colon_entry(self, node: yaml.Node, what: str, allowed: Sequence[str] = ()) -> bool:
        """Refuses text that YAML read as ``key: value`` because of a ``: `` (``[a, b: c]``), saying to quote it."""
        written = mistakes.colon_entry(self.text_of_file, node, allowed)
        if written is None:
            return False
        self.error(
            node,
            f"{what}: YAML reads '{written}' as a key and a value because of the ': '; "
            f"put that entry in quotes: {mistakes.quote_it(written)}",
        )
        return True

    # -- scalars -------------------------------------------------------------

    def scalar(self, node: yaml.Node) -> Any:
        """The YAML 1.2 value of a scalar node: str, bool, NULL, or a number/date marker."""
        value: str = node.value
        tag = node.tag
        if tag == _STR:
            return value
        if tag == PLAIN:
            if value in _BOOL_WORDS:
                return _BOOL_WORDS[value]
            if value in _NULL_WORDS:
                return NULL
            if value[:1] in "0123456789+-.":
                if _NUMBER_RE.fullmatch(value):
                    return _Number(value)
                if _DATE_RE.fullmatch(value):
                    return _Number(value, "a date")
            return value
        explicit: Any = {
            "tag:yaml.org,2002:bool": lambda v: _BOOL_WORDS.get(v, v),
            "tag:yaml.org,2002:null": lambda v: NULL,
            "tag:yaml.org,2002:int": lambda v: _Number(v),
            "tag:yaml.org,2002:float": lambda v: _Number(v),
            "tag:yaml.org,2002:timestamp": lambda v: _Number(v, "a date"),
        }.get(tag)
        if explicit is None:
            return _Unsupported(tag)
        return explicit(value)

    def text(self, node: yaml.Node, what: str, *, required: bool = True) -> str | None:
        """A non-empty string, or a problem: numbers and dates get a hint to quote them."""
        if not isinstance(node, yaml.ScalarNode):
            if not self.colon_entry(node, what):
                self.error(node, f"{what} must be text, not a {_kind(node)}")
            return None
        value = self.scalar(node)
        if isinstance(value, str):
            if not value.strip():
                self.error(node, f"{what} is empty")
                return None
            if node.tag == PLAIN and (self._cut_by_comment(node, what) or self._lost_to_an_anchor(node, what)):
                return None
            return value
        if value is NULL:
            self.error(node, f"{what} has no value" + ("" if required else "; leave the key out instead"))
        elif isinstance(value, bool):
            word = node.value
            self.error(node, f'{what} must be text, not the boolean {word}; quote it ("{word}") if it is text')
        elif isinstance(value, _Number):
            self.error(
                node,
                f'{what} must be text, not {value.kind} {node.value}; quote it ("{node.value}") '
                "so it is kept exactly as written",
            )
        else:
            self.error(node, f"{what} has an unsupported YAML tag {value.tag}")
        return None

    def _lost_to_an_anchor(self, node: yaml.ScalarNode, what: str) -> bool:
        """Refuses plain text starting ``&word`` whose anchor is never used: its first word would be lost.

        (``answer: &more than one`` is valid YAML: an anchor named ``more`` on the text "than one".)
        """
        start = node.start_mark.index
        if not self.text_of_file.startswith("&", start):
            return False
        name = _ANCHOR.match(self.text_of_file, start)
        if name is None or re.search(rf"\*{re.escape(name.group(1))}(?![^\s,\]}}])", self.text_of_file):
            return False  # an anchor that an alias uses is YAML doing what the author asked
        self.error(
            node,
            f"{what} starts with '&{name.group(1)}', which YAML reads as an anchor name and drops; "
            f'put the whole text in quotes, e.g. "&{name.group(1)} {node.value}"',
        )
        return True

    def _cut_by_comment(self, node: yaml.ScalarNode, what: str) -> bool:
        """Refuses plain text that YAML ended at `` #x`` (a comment): the rest of the line would be lost."""
        end = node.end_mark.index
        text = self.text_of_file
        if end >= len(text) or text[end] not in " \t":
            return False
        stop = text.find("\n", end)
        stop = len(text) if stop < 0 else stop
        carriage = text.find("\r", end, stop)
        rest = text[end : stop if carriage < 0 else carriage]
        m = re.match(r"[ \t]+#(?=[^ \t])", rest)
        if m is None:
            return False
        lost = rest[m.end() - 1 :].strip()
        self.error(
            node,
            f"{what} ends before '{lost}': YAML reads ' #' as the start of a comment; "
            'put the whole text in quotes ("...") to keep it',
        )
        return True

    def rich_text(self, node: yaml.Node, what: str, *, required: bool = True, images: bool = True) -> str | None:
        """:meth:`text` that may show images (checked and collected), or must not (``images=False``)."""
        value = self.text(node, what, required=required)
        if value is not None:
            self.check_images(node, value, what, allowed=images)
        return value

    def check_images(self, node: yaml.Node, value: str, what: str, *, allowed: bool = True) -> bool:
        """Checks every ``![alt](src)`` of a text; the good ones join :attr:`images`. False if any is bad."""
        uses = find_images(value)
        ok = self._no_unread_image(node, value, what, uses) if "![" in value else True
        if not uses:
            return ok
        from quizgen.images import ImageError  # only banks that show images pay for the image checks

        for use in uses:
            line = self.line_of(node, use.src)
            if not allowed:
                self.error(line, f"{what} cannot show an image (![{use.alt}]({use.src})); write it as text")
                ok = False
                continue
            if not use.alt.strip():
                self.error(line, f"{what}: image '{use.src}' needs alt text: ![what it shows]({use.src})")
                ok = False
            try:
                file = self.store.load(self.path, use.src)
            except ImageError as e:
                self.error(line, f"{what}: {e.message}")
                ok = False
                continue
            self.files.setdefault(file.media_name, file)
            if not any(i.src == use.src for i in self.images):
                self.images.append(Image(use.src, file))
        return ok

    def _no_unread_image(self, node: yaml.Node, value: str, what: str, uses: Sequence[ImageUse]) -> bool:
        """Refuses ``![alt](a path with spaces)``: CommonMark ends a path at a space, so it would show as text."""
        ok = True
        for m in _SPACED_IMAGE.finditer(value):
            path = m.group(1).strip()
            if path and not any(u.src == path for u in uses):
                self.error(
                    self.line_of(node, m.group(0)),
                    f"{what}: the image path '{path}' has a space, so Markdown reads this as text, not an image: "
                    f"write it in angle brackets, ![...](<{path}>), or rename the file",
                )
                ok = False
        return ok

    def items(
        self,
        node: yaml.Node,
        what: str,
        read: Callable[[yaml.Node, int], T | None],
        *,
        noun: str,
        min_items: int = 0,
        good: list[T] | None = None,
    ) -> list[T] | None:
        """A list whose entries ``read`` checks (each with its 1-based number); ``None`` when anything is wrong.

        ``good`` receives the entries that passed even then, so checks across entries (repeats)
        still report in the same run.
        """
        if isinstance(node, yaml.ScalarNode) and self.scalar(node) is NULL:
            self.error(node, f"{what} has no value; leave the key out instead")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list of {noun}, not a {_kind(node)}")
            return None
        found = [read(item, i) for i, item in enumerate(node.value, 1)]
        if good is not None:
            good.extend(value for value in found if value is not None)
        if any(value is None for value in found):
            return None
        if len(found) < min_items:
            self.error(node, f"{what} needs at least {min_items} {'entry' if min_items == 1 else 'entries'}")
            return None
        return [value for value in found if value is not None]

    def text_list(
        self, node: yaml.Node, what: str, *, min_items: int = 0, images: bool = False
    ) -> tuple[str, ...] | None:
        found = self.items(
            node, what, lambda item, i: self.rich_text(item, f"{what} item {i}", images=images),
            noun="text", min_items=min_items,
        )  # fmt: skip
        return None if found is None else tuple(found)

    # -- mappings ------------------------------------------------------------

    def mapping(self, node: yaml.MappingNode, allowed: Sequence[str], where: str) -> dict[str, yaml.Node]:
        """Key -> value node, refusing duplicates and unknown keys (with a 'did you mean')."""
        result: dict[str, yaml.Node] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in self._pairs(node):
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{where}: keys must be plain words, not {_kind(key_node)}")
                continue
            line = self.line(key_node)
            if key in result:
                self.error(key_node, f"{where}: duplicate key '{key}' (first at line {first_line[key]})")
                continue
            if key not in allowed:
                self.error(key_node, f"{where}: unknown key '{key}'{self.unknown_key_hint(node, key, allowed)}")
                continue
            result[key] = value_node
            first_line[key] = line
        return result

    def _pairs(self, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
        """The mapping's pairs with YAML merge keys (``<<: *base``) expanded, own keys winning."""
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        if not any(k.value == "<<" for k, _ in pairs):
            return pairs
        own: list[tuple[yaml.Node, yaml.Node]] = []
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == PLAIN and key_node.value == "<<":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, yaml.MappingNode):
                        merged.extend(self._pairs(source))
                    else:
                        self.error(value_node, "a merge key (<<) must name a mapping")
                continue
            own.append((key_node, value_node))
        own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        return own + [(k, v) for k, v in merged if not (isinstance(k, yaml.ScalarNode) and k.value in own_keys)]


class _Number:
    __slots__ = ("value", "kind")

    def __init__(self, value: str, kind: str = "the number") -> None:
        self.value = value
        self.kind = kind


class _Unsupported:
    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag


def _a(role: str) -> str:
    """One entry of a list of options, in words: "the answer", "a distractor", "an item" ..."""
    if role == "answer":
        return "the answer"
    singular = role[:-1] if role.endswith("s") else role
    return f"{'an' if singular[:1] in 'aeiou' else 'a'} {singular}"


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else f"; expected one of: {', '.join(choices)}"


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


# -- cloze ---------------------------------------------------------------------

#: An alias where YAML reads one: after ``- ``, ``: ``, ``[``, ``{`` or ``,``.
_ALIAS = re.compile(r"(?:^[ \t]*-[ \t]+|:[ \t]+|[\[{,][ \t]*)(\*)[^\s,\[\]{}]+", re.M)
#: An anchor's name, as YAML reads it after ``&``.
_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")
#: ``![alt](path with spaces)``: a space in a bare path, not followed by a quoted title (``(p "title")``).
_SPACED_IMAGE = re.compile(r"!\[[^\]\n]*\]\((?![ \t]*<)([^()\n\"']*?[^\s()\"'][ \t]+[^\s()\"'][^()\n\"']*)\)")
_CLOZE_START = re.compile(r"\{\{c", re.I)


def parse_cloze(prompt: str) -> tuple[tuple[ClozePiece, ...], list[tuple[str, str]]]:
    """The prompt's pieces, or every malformed deletion as (its text, the message); pieces are empty then."""
    pieces: list[ClozePiece] = []
    problems: list[tuple[str, str]] = []
    pos = 0
    while True:
        start = _CLOZE_START.search(prompt, pos)
        if start is None:
            break
        m = CLOZE_RE.match(prompt, start.start())
        if m is None or not m.group(2).strip():
            close = prompt.find("}}", start.start())
            cut = close + 2 if 0 <= close < start.start() + 40 else start.start() + 40
            snippet = prompt[start.start() : cut].split("\n")[0]
            problems.append((snippet, (
                f"malformed cloze deletion near '{snippet}': write {{{{c1::text}}}} or {{{{c1::text::hint}}}}, "
                "numbered from c1 without leading zeros, with no deletion inside another"
            )))  # fmt: skip
            pos = start.start() + 3  # look for the next deletion after this one's start
            continue
        if len(m.group(1)) > 3 or int(m.group(1)) > MAX_CLOZE:
            problems.append(
                (m.group(0), f"cloze number c{m.group(1)} is too large: Anki makes cards for c1 to c{MAX_CLOZE} only")
            )
        if m.start() > pos:
            pieces.append(prompt[pos : m.start()])
        hint = m.group(3)
        pieces.append(Deletion(int(m.group(1)), m.group(2), hint if hint and hint.strip() else None))
        pos = m.end()
    if problems:
        return (), problems
    if pos < len(prompt):
        pieces.append(prompt[pos:])
    return tuple(pieces), []


# -- the bank ------------------------------------------------------------------


def validate(sources: Sequence[SourceFile]) -> tuple[Bank, list[Problem]]:
    """Builds the bank from parsed files; returns it with every problem found."""
    checker = Checker()
    decks: dict[str, list[Topic]] = {}
    ids: dict[tuple[str, str], tuple[str, int]] = {}
    for source in sources:
        if source.node is None:
            continue
        checker.path = source.path
        checker.lines = source.lines
        checker.text_of_file = source.text
        topic = _check_file(checker, source, ids)
        if topic is not None:
            decks.setdefault(topic.deck, []).append(topic)
    bank = Bank(
        tuple(Deck(name, tuple(topics)) for name, topics in decks.items()), tuple(checker.files.values()),
        warnings=tuple(sorted(checker.warnings)),
    )  # fmt: skip
    _check_pools(checker, bank)
    return bank, checker.problems


def _check_pools(checker: Checker, bank: Bank) -> None:
    """Members of one pool are alternatives of one exam question, so they must be worth the same."""
    for deck in bank.decks:
        first: dict[str, Question] = {}
        for q in deck.questions():
            if q.pool is None:
                continue
            other = first.setdefault(q.pool, q)
            if other is not q and points(other) != points(q):
                checker.problems.append(
                    Problem(
                        q.path, q.line,
                        f"question '{q.id}': pool '{q.pool}' mixes points: '{q.id}' is worth {points(q)}, "
                        f"'{other.id}' ({other.path}:{other.line}) {points(other)}; give every member the same points",
                    )
                )  # fmt: skip


def _check_file(checker: Checker, source: SourceFile, ids: dict[tuple[str, str], tuple[str, int]]) -> Topic | None:
    root = source.node
    assert root is not None
    if b"&" in source.data:
        try:
            expanded = _expanded_size(root, {})
        except RecursionError:
            checker.error(1, "the file is nested too deeply")
            return None
        if expanded > MAX_EXPANDED_NODES:
            alias = _ALIAS.search(source.text)  # the first alias, where the expansion starts
            line = checker.line_at(alias.start(1)) if alias else 1
            checker.error(line, f"aliases expand this file to over {MAX_EXPANDED_NODES:,} values; refusing to read it")
            return None
    if not isinstance(root, yaml.MappingNode):
        if isinstance(root, yaml.ScalarNode) and checker.scalar(root) is NULL:
            checker.error(1, "the file is empty; it needs deck, topic and questions")  # no line of its own
        else:
            checker.error(root, f"the top level must be a mapping with deck, topic and questions, not a {_kind(root)}")
        return None
    fields = checker.mapping(root, FILE_KEYS, "file")
    deck = topic = None
    for key in ("deck", "topic", "questions"):
        if key not in fields:
            checker.missing(root, key, f"missing required key '{key}'")
    if "deck" in fields:
        deck = checker.text(fields["deck"], "deck")
    if "topic" in fields:
        topic = checker.text(fields["topic"], "topic")
    file_tags: tuple[str, ...] = ()
    if "tags" in fields:
        file_tags = checker.text_list(fields["tags"], "tags") or ()
    questions: list[Question] = []
    q_node = fields.get("questions")
    if q_node is not None:
        if isinstance(q_node, yaml.SequenceNode):
            if not q_node.value:
                checker.error(q_node, "questions is empty; a file needs at least one question")
            for item in q_node.value:
                qid, q = _check_question(checker, item, deck or "", topic or "", file_tags)
                if qid is None or deck is None:
                    continue
                line = checker.line(item)
                first = ids.get((deck, qid))
                if first is not None:
                    checker.error(line, f"duplicate id '{qid}' in deck '{deck}' (first at {first[0]}:{first[1]})")
                    continue
                ids[(deck, qid)] = (source.path, line)
                if q is not None:
                    questions.append(q)
        elif isinstance(q_node, yaml.ScalarNode) and checker.scalar(q_node) is NULL:
            checker.error(q_node, "questions has no value; list the questions below it, each starting with '- id:'")
        else:
            checker.error(q_node, f"questions must be a list of questions, not a {_kind(q_node)}")
    if deck is None or topic is None:
        return None
    return Topic(deck, topic, source.path, file_tags, tuple(questions))


class _Fields:
    """The checked keys of one question, for the type's own checker."""

    __slots__ = ("checker", "node", "fields", "where")

    def __init__(self, checker: Checker, node: yaml.MappingNode, fields: dict[str, yaml.Node], where: str) -> None:
        self.checker = checker
        self.node = node
        self.fields = fields
        self.where = where

    def required(self, key: str) -> yaml.Node | None:
        node = self.fields.get(key)
        if node is None:
            self.checker.missing(self.node, key, f"{self.where}: missing required key '{key}'")
        return node

    def text(self, key: str, *, images: bool = True) -> str | None:
        node = self.required(key)
        return None if node is None else self.checker.rich_text(node, f"{self.where}: {key}", images=images)


#: A type's checker returns the keyword arguments of its class (beyond the common ones), or None.
TypeChecker = Callable[[_Fields], dict[str, Any] | None]


def _check_basic(f: _Fields) -> dict[str, Any] | None:
    prompt, answer = f.text("prompt"), f.text("answer")
    return None if prompt is None or answer is None else {"prompt": prompt, "answer": answer}


def _check_typed(f: _Fields) -> dict[str, Any] | None:
    prompt, answer = f.text("prompt"), f.text("answer", images=False)
    accept: tuple[str, ...] | None = ()
    if "accept" in f.fields:
        accept = f.checker.text_list(f.fields["accept"], f"{f.where}: accept")
    if prompt is None or answer is None or accept is None:
        return None
    return {"prompt": prompt, "answer": answer, "accept": accept}


def _check_truefalse(f: _Fields) -> dict[str, Any] | None:
    prompt = f.text("prompt")
    node = f.required("answer")
    if node is None:
        return None
    value = f.checker.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, bool):
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR and node.value.strip().lower() in ("true", "false"):
            word = node.value.strip().lower()
            f.checker.error(
                node, f"{f.where}: the answer of a truefalse question is the word {word} without quotes: answer: {word}"
            )
        else:
            shown = node.value if isinstance(node, yaml.ScalarNode) else _kind(node)
            f.checker.error(node, f"{f.where}: the answer of a truefalse question is true or false, not {shown!s}")
        return None
    return None if prompt is None else {"prompt": prompt, "answer": value}


def _option(f: _Fields, node: yaml.Node, what: str) -> tuple[Option, yaml.Node] | None:
    """An option: text, or a mapping of exactly ``text`` and ``why``."""
    checker = f.checker
    if isinstance(node, yaml.MappingNode):
        if checker.colon_entry(node, f"{f.where}: {what}", OPTION_KEYS):
            return None
        keys = checker.mapping(node, OPTION_KEYS, f"{f.where}: {what}")
        missing = [k for k in OPTION_KEYS if k not in keys and k not in checker.stand_ins.get(id(node), ())]
        if missing:
            checker.error(node, f"{f.where}: {what} needs both 'text' and 'why' (missing {' and '.join(missing)})")
        text = checker.rich_text(keys["text"], f"{f.where}: {what} text") if "text" in keys else None
        why = checker.rich_text(keys["why"], f"{f.where}: {what} why") if "why" in keys else None
        if text is None or why is None:
            return None
        return Option(text, why), keys["text"]
    text = checker.rich_text(node, f"{f.where}: {what}")
    return (Option(text), node) if text is not None else None


def _options(
    f: _Fields, node: yaml.Node, what: str, *, min_items: int, good: list[tuple[Option, yaml.Node]]
) -> list[tuple[Option, yaml.Node]] | None:
    return f.checker.items(
        node, f"{f.where}: {what}", lambda item, i: _option(f, item, f"{what} item {i}"),
        noun="options", min_items=min_items, good=good,
    )  # fmt: skip


def _check_choice(f: _Fields, multi: bool) -> dict[str, Any] | None:
    checker = f.checker
    prompt = f.text("prompt")
    answer_node = f.required("answer")
    right: list[tuple[Option, yaml.Node]] | None = None
    # the options that are fine on their own, even beside a bad one: repeats among them are reported too
    right_good: list[tuple[Option, yaml.Node]] = []
    wrong_good: list[tuple[Option, yaml.Node]] = []
    if answer_node is not None:
        if not multi:
            one = _option(f, answer_node, "answer")
            right = [one] if one is not None else None
            right_good.extend(right or [])
        elif isinstance(answer_node, yaml.MappingNode) or (
            isinstance(answer_node, yaml.ScalarNode) and isinstance(checker.scalar(answer_node), str)
        ):
            checker.error(answer_node, f"{f.where}: the answer of a multi question is a list of the right options")
        else:
            right = _options(f, answer_node, "answer", min_items=1, good=right_good)
    wrong: list[tuple[Option, yaml.Node]] | None = None
    distractors_node = f.required("distractors")
    if distractors_node is not None:
        wrong = _options(f, distractors_node, "distractors", min_items=1, good=wrong_good)
    ok = prompt is not None and right is not None and wrong is not None
    entries = [(o.text, n, "answer") for o, n in right_good] + [(o.text, n, "distractors") for o, n in wrong_good]
    ok = checker.no_option_alike(f.where, entries) and ok
    pinned: list[str] = []
    if "pinned" in f.fields:
        # Kept as the options' own text, so every consumer can compare exactly.
        by_key = {o.text.strip(): o.text for o, _ in (right or []) + (wrong or [])}
        listed = checker.text_list(f.fields["pinned"], f"{f.where}: pinned")
        if listed is None:
            ok = False
        for name in listed or ():
            if name.strip() not in by_key:
                if right is not None and wrong is not None:
                    checker.error(f.fields["pinned"], f"{f.where}: pinned option '{name}' is not one of the options")
                ok = False
            elif by_key[name.strip()] in pinned:
                checker.error(f.fields["pinned"], f"{f.where}: pinned option '{name}' is repeated")
                ok = False
            else:
                pinned.append(by_key[name.strip()])
    if not ok or right is None or wrong is None:
        return None
    _warn_letter_answer(f, right, wrong)
    answer: Option | tuple[Option, ...] = tuple(o for o, _ in right) if multi else right[0][0]
    return {"prompt": prompt, "answer": answer, "distractors": tuple(o for o, _ in wrong), "pinned": tuple(pinned)}


def _warn_letter_answer(
    f: _Fields, right: list[tuple[Option, yaml.Node]], wrong: list[tuple[Option, yaml.Node]]
) -> None:
    """``answer: C`` among four real distractors: probably the third option's letter, printed as an option "C"."""
    found = mistakes.letter_answer([o.text for o, _ in right], [o.text for o, _ in wrong])
    if found is not None:
        f.checker.warn(right[found[0]][1], f"{f.where}: {found[1]}")


def _check_mcq(f: _Fields) -> dict[str, Any] | None:
    return _check_choice(f, multi=False)


def _check_multi(f: _Fields) -> dict[str, Any] | None:
    return _check_choice(f, multi=True)


def _check_cloze(f: _Fields) -> dict[str, Any] | None:
    checker = f.checker
    node = f.required("prompt")
    if "answer" in f.fields:
        checker.error(_key_node(f.node, "answer"), f"{f.where}: a cloze has no answer: its deletions are the answers")
    if node is None:
        return None
    prompt = checker.text(node, f"{f.where}: prompt")
    if prompt is None:
        return None
    pieces, problems = parse_cloze(prompt)
    if problems:
        for snippet, message in problems:
            checker.error(checker.line_of(node, snippet), f"{f.where}: {message}")
        # what can be judged without the deletions is still reported in this run
        checker.check_images(node, prompt, f"{f.where}: prompt")
        if isinstance(f.fields.get("accept"), yaml.MappingNode):
            for key_node, value in f.fields["accept"].value:
                checker.text_list(value, f"{f.where}: accept {getattr(key_node, 'value', '')}")
        return None
    deletions = [p for p in pieces if isinstance(p, Deletion)]
    if not deletions:
        checker.error(node, f"{f.where}: a cloze prompt needs at least one deletion like {{{{c1::text}}}}")
        return None
    ok = checker.check_images(node, prompt, f"{f.where}: prompt")
    for d in deletions:
        if find_images(d.text) or (d.hint and find_images(d.hint)):
            checker.error(node, f"{f.where}: an image cannot stand inside a cloze deletion (c{d.number}); move it out")
            ok = False
    accept: list[tuple[int, tuple[str, ...]]] = []
    if "accept" in f.fields:
        accept_node = f.fields["accept"]
        numbers = sorted({d.number for d in deletions})
        if not isinstance(accept_node, yaml.MappingNode):
            checker.error(
                accept_node, f"{f.where}: accept of a cloze maps deletions to other answers, e.g. accept: {{c1: [x]}}"
            )
            ok = False
        else:
            names = [f"c{n}" for n in numbers]
            reported = len(checker.problems)
            keys = checker.mapping(accept_node, names, f"{f.where}: accept (a cloze's deletions: {', '.join(names)})")
            ok = ok and len(checker.problems) == reported
            for key, value in keys.items():
                listed = checker.text_list(value, f"{f.where}: accept {key}")
                if listed is None:
                    ok = False
                else:
                    accept.append((int(key[1:]), listed))
    if not ok:
        return None
    return {"pieces": pieces, "accept": tuple(sorted(accept))}


TYPE_CHECKERS: dict[QuestionType, TypeChecker] = {
    "basic": _check_basic,
    "mcq": _check_mcq,
    "multi": _check_multi,
    "truefalse": _check_truefalse,
    "cloze": _check_cloze,
    "typed": _check_typed,
}
CLASSES: dict[QuestionType, type[Question]] = {
    "basic": Basic, "mcq": Mcq, "multi": Multi, "truefalse": TrueFalse, "cloze": Cloze, "typed": Typed,
}  # fmt: skip


def _check_question(
    checker: Checker, node: yaml.Node, deck: str, topic: str, file_tags: tuple[str, ...]
) -> tuple[str | None, Question | None]:
    """The question's id (when readable, for duplicate checks) and the question (when valid)."""
    if not isinstance(node, yaml.MappingNode):
        checker.error(node, f"a question must be a mapping of keys (id, prompt, ...), not a {_kind(node)}")
        return None, None
    line = checker.line(node)
    before = len(checker.problems)
    checker.images = []
    where = "question"
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
            if _is_id(value_node.value):
                where = f"question '{value_node.value}'"
    fields = checker.mapping(node, QUESTION_KEYS, where)
    qid = _check_id(checker, fields, node)
    qtype = _check_type(checker, fields, where)
    explanation = (
        checker.rich_text(fields["explanation"], f"{where}: explanation", required=False)
        if "explanation" in fields
        else None
    )
    source = checker.text(fields["source"], f"{where}: source", required=False) if "source" in fields else None
    own_tags = checker.text_list(fields["tags"], f"{where}: tags") or () if "tags" in fields else ()
    worth = _check_points(checker, fields["points"], where) if "points" in fields else None
    pool = _check_pool(checker, fields["pool"], where) if "pool" in fields else None
    if qtype is None:  # the type's own keys cannot be judged, but every type's prompt can
        _Fields(checker, node, fields, where).text("prompt")
        return qid, None
    for key in fields:
        if key not in COMMON_KEYS and key not in TYPE_KEYS[qtype]:
            checker.error(_key_node(node, key), f"{where}: key '{key}' does not belong to a {qtype} question")
    own = TYPE_CHECKERS[qtype](_Fields(checker, node, fields, where))
    if own is None or len(checker.problems) > before or qid is None:
        return qid, None
    tags = tuple(dict.fromkeys(file_tags + own_tags))
    return qid, CLASSES[qtype](
        deck=deck, topic=topic, id=qid, explanation=explanation, source=source, tags=tags, points=worth, pool=pool,
        images=tuple(checker.images), path=checker.path, line=line,
        source_line=checker.line(_key_node(node, "source")) if source is not None else 0, **own,
    )  # fmt: skip


def _is_id(text: str) -> bool:
    """The pattern of an ``id`` (and of a ``pool`` name)."""
    return len(text) <= ID_MAX and ID_RE.fullmatch(text) is not None


def _check_id(checker: Checker, fields: dict[str, yaml.Node], node: yaml.Node) -> str | None:
    if "id" not in fields:
        checker.missing(node, "id", "question: missing required key 'id'")
        return None
    qid = checker.text(fields["id"], "id")
    if qid is not None and not _is_id(qid):
        checker.error(
            fields["id"],
            f"id '{qid}' must be lowercase letters, digits and hyphens, starting with a letter or digit, "
            f"at most {ID_MAX} characters",
        )
        return None
    return qid


def _check_type(checker: Checker, fields: dict[str, yaml.Node], where: str) -> QuestionType | None:
    if "type" not in fields:
        return "basic"
    raw = checker.text(fields["type"], f"{where}: type")
    if raw is None:
        return None
    for known in QUESTION_TYPES:
        if raw == known:
            return known
    checker.error(fields["type"], f"{where}: unknown type '{raw}'{_did_you_mean(raw, QUESTION_TYPES)}")
    return None


#: YAML 1.2 (core schema) integers that can be a number of points: decimal, octal (0o) or hexadecimal (0x).
_POSITIVE_INT = re.compile(r"\+?([0-9]+)|0o([0-7]+)|0x([0-9a-fA-F]+)")


def _check_points(checker: Checker, node: yaml.Node, where: str) -> int | None:
    value = checker.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if value is NULL:
        checker.error(node, f"{where}: points has no value; leave the key out (1 point) or give one, like points: 2")
        return None
    found = _POSITIVE_INT.fullmatch(node.value) if isinstance(value, _Number) else None
    if found is not None:
        decimal, octal, hexadecimal = found.groups()
        number = int(decimal) if decimal is not None else int(octal, 8) if octal is not None else int(hexadecimal, 16)
        if number > 0:
            return number
    shown = node.value if isinstance(node, yaml.ScalarNode) else f"a {_kind(node)}"
    quoted = " (without quotes)" if isinstance(node, yaml.ScalarNode) and node.tag == _STR else ""
    checker.error(node, f"{where}: points must be a whole number of at least 1{quoted}, like points: 2; not {shown}")
    return None


def _check_pool(checker: Checker, node: yaml.Node, where: str) -> str | None:
    name = checker.text(node, f"{where}: pool")
    if name is not None and not _is_id(name):
        checker.error(
            node, f"{where}: pool '{name}' must be lowercase letters, digits and hyphens, like an id (e.g. receptor)"
        )
        return None
    return name


def _key_node(node: yaml.MappingNode, key: str) -> yaml.Node:
    """The node of ``key`` in the mapping (for its line), else the mapping itself."""
    for k, _ in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k
    return node
