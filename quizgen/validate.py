"""Checks composed YAML nodes against the question format and builds the model.

Every rule of ``question-format.md`` lives here, and every breach becomes a
:class:`~quizgen.errors.Problem` at the line of the node at fault. Checking
goes on after a problem, so one run reports everything that is wrong.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import yaml

from quizgen.errors import Problem
from quizgen.model import CLOZE_RE, QUESTION_TYPES, Bank, Deck, Deletion, Question, QuestionType, Topic
from quizgen.parse import PLAIN, LineMap, SourceFile

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
)  # fmt: skip
COMMON_KEYS = {"id", "type", "prompt", "explanation", "source", "tags"}
TYPE_KEYS: dict[str, set[str]] = {
    "basic": COMMON_KEYS | {"answer"},
    "mcq": COMMON_KEYS | {"answer", "distractors", "pinned"},
    "multi": COMMON_KEYS | {"answer", "distractors", "pinned"},
    "truefalse": COMMON_KEYS | {"answer"},
    "cloze": COMMON_KEYS,
    "typed": COMMON_KEYS | {"answer", "accept"},
}

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
        self.path = ""
        self.lines: LineMap | None = None

    def line(self, node: yaml.Node) -> int:
        """The node's line as an editor counts it."""
        mark = node.start_mark
        return self.lines.line(mark.index) if self.lines is not None else int(mark.line) + 1

    def error(self, node: yaml.Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.problems.append(Problem(self.path, line, message))

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
            self.error(node, f"{what} must be text, not a {_kind(node)}")
            return None
        value = self.scalar(node)
        if isinstance(value, str):
            if not value.strip():
                self.error(node, f"{what} is empty")
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

    def text_list(self, node: yaml.Node, what: str, *, min_items: int = 0) -> tuple[str, ...] | None:
        if isinstance(node, yaml.ScalarNode) and self.scalar(node) is NULL:
            self.error(node, f"{what} has no value; leave the key out instead")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list of text, not a {_kind(node)}")
            return None
        items: list[str] = []
        ok = True
        for i, item in enumerate(node.value, 1):
            value = self.text(item, f"{what} item {i}")
            if value is None:
                ok = False
            else:
                items.append(value)
        if ok and len(items) < min_items:
            self.error(node, f"{what} needs at least {min_items} {'entry' if min_items == 1 else 'entries'}")
            return None
        return tuple(items) if ok else None

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
                self.error(key_node, f"{where}: unknown key '{key}'{_did_you_mean(key, allowed)}")
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

_CLOZE_START = re.compile(r"\{\{c", re.I)


def parse_deletions(prompt: str) -> tuple[tuple[Deletion, ...], str | None]:
    """The deletions of a cloze prompt, or a message saying what is malformed."""
    deletions: list[Deletion] = []
    pos = 0
    while True:
        start = _CLOZE_START.search(prompt, pos)
        if start is None:
            break
        m = CLOZE_RE.match(prompt, start.start())
        if m is None or not m.group(2).strip():
            snippet = prompt[start.start() : start.start() + 40].split("\n")[0]
            return (), (
                f"malformed cloze deletion near '{snippet}': write {{{{c1::text}}}} or {{{{c1::text::hint}}}}, "
                "numbered from c1 without leading zeros, with no deletion inside another"
            )
        if len(m.group(1)) > 3 or int(m.group(1)) > MAX_CLOZE:
            return (), f"cloze number c{m.group(1)} is too large: Anki makes cards for c1 to c{MAX_CLOZE} only"
        hint = m.group(3)
        deletions.append(Deletion(int(m.group(1)), m.group(2), hint if hint and hint.strip() else None))
        pos = m.end()
    return tuple(deletions), None


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
        topic = _check_file(checker, source, ids)
        if topic is not None:
            decks.setdefault(topic.deck, []).append(topic)
    bank = Bank(tuple(Deck(name, tuple(topics)) for name, topics in decks.items()))
    return bank, checker.problems


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
            checker.error(1, f"aliases expand this file to over {MAX_EXPANDED_NODES:,} values; refusing to read it")
            return None
    if not isinstance(root, yaml.MappingNode):
        if isinstance(root, yaml.ScalarNode) and checker.scalar(root) is NULL:
            checker.error(root, "the file is empty; it needs deck, topic and questions")
        else:
            checker.error(root, f"the top level must be a mapping with deck, topic and questions, not a {_kind(root)}")
        return None
    fields = checker.mapping(root, FILE_KEYS, "file")
    deck = topic = None
    for key in ("deck", "topic", "questions"):
        if key not in fields:
            checker.error(root, f"missing required key '{key}'")
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
                qid, q = _check_question(checker, item, deck or "", topic or "", file_tags, source.path)
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
        else:
            checker.error(q_node, f"questions must be a list of questions, not a {_kind(q_node)}")
    if deck is None or topic is None:
        return None
    return Topic(deck, topic, source.path, file_tags, tuple(questions))


def _check_question(
    checker: Checker, node: yaml.Node, deck: str, topic: str, file_tags: tuple[str, ...], path: str
) -> tuple[str | None, Question | None]:
    """The question's id (when readable, for duplicate checks) and the question (when valid)."""
    if not isinstance(node, yaml.MappingNode):
        checker.error(node, f"a question must be a mapping of keys (id, prompt, ...), not a {_kind(node)}")
        return None, None
    line = checker.line(node)
    before = len(checker.problems)
    where = "question"
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
            if ID_RE.fullmatch(value_node.value) and len(value_node.value) <= ID_MAX:
                where = f"question '{value_node.value}'"
    fields = checker.mapping(node, QUESTION_KEYS, where)
    qid = None
    if "id" in fields:
        qid = checker.text(fields["id"], "id")
        if qid is not None:
            if len(qid) > ID_MAX or not ID_RE.fullmatch(qid):
                checker.error(
                    fields["id"],
                    f"id '{qid}' must be lowercase letters, digits and hyphens, starting with a letter or digit, "
                    f"at most {ID_MAX} characters",
                )
                qid = None
    else:
        checker.error(node, "question: missing required key 'id'")

    qtype: QuestionType | None = "basic"
    if "type" in fields:
        raw_type = checker.text(fields["type"], f"{where}: type")
        if raw_type is None:
            qtype = None
        elif raw_type in QUESTION_TYPES:
            qtype = raw_type
        else:
            checker.error(
                fields["type"], f"{where}: unknown type '{raw_type}'{_did_you_mean(raw_type, QUESTION_TYPES)}"
            )
            qtype = None

    prompt = None
    if "prompt" in fields:
        prompt = checker.text(fields["prompt"], f"{where}: prompt")
    else:
        checker.error(node, f"{where}: missing required key 'prompt'")

    explanation = (
        checker.text(fields["explanation"], f"{where}: explanation", required=False)
        if "explanation" in fields
        else None
    )
    source = checker.text(fields["source"], f"{where}: source", required=False) if "source" in fields else None
    own_tags = checker.text_list(fields["tags"], f"{where}: tags") or () if "tags" in fields else ()

    if qtype is None:
        return qid, None
    for key in fields:
        if key not in TYPE_KEYS[qtype]:
            checker.error(_key_node(node, key), f"{where}: key '{key}' does not belong to a {qtype} question")

    answer: str | tuple[str, ...] | bool | None = None
    distractors: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    deletions: tuple[Deletion, ...] = ()
    answer_node = fields.get("answer")

    if qtype in ("basic", "typed", "mcq"):
        if answer_node is None:
            checker.error(node, f"{where}: missing required key 'answer'")
        else:
            answer = checker.text(answer_node, f"{where}: answer")
    elif qtype == "multi":
        if answer_node is None:
            checker.error(node, f"{where}: missing required key 'answer'")
        elif isinstance(answer_node, yaml.ScalarNode) and isinstance(checker.scalar(answer_node), str):
            checker.error(answer_node, f"{where}: the answer of a multi question is a list of the right options")
        else:
            answer = checker.text_list(answer_node, f"{where}: answer", min_items=1)
    elif qtype == "truefalse":
        if answer_node is None:
            checker.error(node, f"{where}: missing required key 'answer'")
        else:
            value = checker.scalar(answer_node) if isinstance(answer_node, yaml.ScalarNode) else None
            if isinstance(value, bool):
                answer = value
            else:
                shown = answer_node.value if isinstance(answer_node, yaml.ScalarNode) else _kind(answer_node)
                checker.error(
                    answer_node, f"{where}: the answer of a truefalse question is true or false, not {shown!s}"
                )
    elif qtype == "cloze" and prompt is not None:
        deletions, message = parse_deletions(prompt)
        if message:
            checker.error(fields["prompt"], f"{where}: {message}")
        elif not deletions:
            checker.error(
                fields["prompt"], f"{where}: a cloze prompt needs at least one deletion like {{{{c1::text}}}}"
            )

    if qtype in ("mcq", "multi"):
        if "distractors" not in fields:
            checker.error(node, f"{where}: missing required key 'distractors'")
        else:
            distractors = checker.text_list(fields["distractors"], f"{where}: distractors", min_items=1) or ()
        right = (answer,) if isinstance(answer, str) else answer if isinstance(answer, tuple) else ()
        seen: dict[str, str] = {}
        for option, role in [(o, "answer") for o in right] + [(o, "distractors") for o in distractors]:
            key = option.strip()
            if key in seen:
                clash = "both the answer and a distractor" if seen[key] != role else f"repeated in {role}"
                checker.error(fields.get(role, node), f"{where}: option '{option}' is {clash}")
            seen[key] = role
        if "pinned" in fields:
            # Kept as the options' own text, so every consumer can compare exactly.
            by_key = {o.strip(): o for o in (*right, *distractors)}
            resolved: list[str] = []
            for option in checker.text_list(fields["pinned"], f"{where}: pinned") or ():
                if option.strip() not in by_key:
                    checker.error(fields["pinned"], f"{where}: pinned option '{option}' is not one of the options")
                elif by_key[option.strip()] in resolved:
                    checker.error(fields["pinned"], f"{where}: pinned option '{option}' is repeated")
                else:
                    resolved.append(by_key[option.strip()])
            pinned = tuple(resolved)
    if qtype == "typed" and "accept" in fields:
        accept = checker.text_list(fields["accept"], f"{where}: accept") or ()

    if len(checker.problems) > before or qid is None or prompt is None:
        return qid, None
    tags = tuple(dict.fromkeys(file_tags + own_tags))
    return qid, Question(
        deck=deck, topic=topic, id=qid, type=qtype, prompt=prompt, answer=answer, distractors=distractors,
        accept=accept, explanation=explanation, source=source, tags=tags, pinned=pinned, deletions=deletions,
        path=path, line=line,
    )  # fmt: skip


def _key_node(node: yaml.MappingNode, key: str) -> yaml.Node:
    """The node of ``key`` in the mapping (for its line), else the mapping itself."""
    for k, _ in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k
    return node
