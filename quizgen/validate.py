"""Checks composed YAML nodes against the question format and builds the model.

Every rule of ``question-format.md`` lives here, except each type's own keys,
which its kind checks (``quizgen/kinds/``, through :class:`Fields`); every
breach becomes a :class:`~quizgen.errors.Problem` at the line of the node at
fault. Checking goes on after a problem, so one run reports everything that is wrong.

The YAML dialect (typed values, lines, merge keys, text lost to a comment or an
anchor) is :mod:`quizgen.parse`'s; the image files are checked by the image pass
(:func:`quizgen.images.check_shown`) once every text is read, and a question is
given its checked files then. Each read returns its value or ``None``, and a
question is valid when every read it needed gave a value (see ``_check_question``).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, TypedDict, TypeVar

import yaml

from quizgen import mistakes
from quizgen.errors import Problem
from quizgen.kinds import DEFAULT, KINDS
from quizgen.model import QUESTION_TYPES, Bank, Deck, Image, Question, QuestionType, Topic, points
from quizgen.parse import FLOAT, INT, PLAIN, STR, Date, SourceFile, Value, node_kind, value
from quizgen.render import ImageUse, find_images

if TYPE_CHECKING:
    from quizgen.images import ImageFile, ImageRef, ImageStore

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_MAX = 64

FILE_KEYS = ("deck", "topic", "tags", "questions")
#: The keys every question takes; each kind adds its own (:attr:`quizgen.kinds.Kind.keys`).
COMMON_KEYS = ("id", "type", "prompt", "explanation", "source", "tags", "points", "pool", "rubric")
_OWN_KEYS = tuple(dict.fromkeys(key for kind in KINDS.values() for key in kind.key_names if key not in COMMON_KEYS))
_AFTER_PROMPT = COMMON_KEYS.index("prompt") + 1
#: Every key a question may have, of any type: the kinds' own keys (in the registry's order) after ``prompt``.
QUESTION_KEYS = COMMON_KEYS[:_AFTER_PROMPT] + _OWN_KEYS + COMMON_KEYS[_AFTER_PROMPT:]

T = TypeVar("T")


class Keys(dict[str, yaml.Node]):
    """A mapping's checked keys -> value nodes; ``ok`` is False when a key was refused (the rest are read on)."""

    ok: bool = True  # (a class default: most mappings are fine, and then need no attribute of their own)


class Checker:
    """Collects problems while reading one bank; one instance per ``validate`` call."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # kept apart: a warning never makes a question invalid
        # id of a mapping node -> the keys a misspelt or foreign key of it stands for (their absence is not reported)
        self.stand_ins: dict[int, set[str]] = {}
        self.source = SourceFile("", b"", None)  # the file being read
        # set by a read that reports a problem yet returns what it could (a refused key, an image that
        # cannot be shown): the question being read is invalid, though its other parts are still judged
        self.question_refused = False
        # every image the bank's texts show, in order, for the image pass (quizgen.images.check_shown)
        self.shown: list[ImageRef] = []
        # a valid question that shows images (by id()) -> its images, attached once the pass has checked them
        self.pending: dict[int, tuple[ImageRef, ...]] = {}

    @property
    def path(self) -> str:
        return self.source.path

    def line(self, node: yaml.Node) -> int:
        """The node's line as an editor counts it."""
        return self.source.line(node)

    def line_of(self, node: yaml.Node, needle: str) -> int:
        """The line of ``needle`` inside a text written over several lines, else the node's."""
        return self.source.line_of(node, needle)

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
        written = mistakes.colon_entry(self.source.text, node, allowed)
        if written is None:
            return False
        self.error(
            node,
            f"{what}: YAML reads '{written}' as a key and a value because of the ': '; "
            f"put that entry in quotes: {mistakes.quote_it(written)}",
        )
        return True

    # -- scalars -------------------------------------------------------------

    def scalar(self, node: yaml.ScalarNode) -> Value:
        """The YAML 1.2 value of a scalar node (see :func:`quizgen.parse.value`)."""
        return value(node)

    def text(self, node: yaml.Node, what: str, *, required: bool = True) -> str | None:
        """A non-empty string, or a problem: numbers and dates get a hint to quote them."""
        if not isinstance(node, yaml.ScalarNode):
            if not self.colon_entry(node, what):
                self.error(node, f"{what} must be text, not a {node_kind(node)}")
            return None
        found = value(node)
        if isinstance(found, str):
            if not found.strip():
                self.error(node, f"{what} is empty")
                return None
            if node.tag != PLAIN:  # quoted: kept exactly as written
                return found
            lost = self.source.cut_by_comment(node)
            if lost is not None:
                self.error(
                    node,
                    f"{what} ends before '{lost}': YAML reads ' #' as the start of a comment; "
                    'put the whole text in quotes ("...") to keep it',
                )
                return None
            anchor = self.source.lost_anchor(node)
            if anchor is not None:
                self.error(
                    node,
                    f"{what} starts with '&{anchor}', which YAML reads as an anchor name and drops; "
                    f'put the whole text in quotes, e.g. "&{anchor} {node.value}"',
                )
                return None
            return found
        if found is None:
            self.error(node, f"{what} has no value" + ("" if required else "; leave the key out instead"))
        elif isinstance(found, bool):
            word = node.value
            self.error(node, f'{what} must be text, not the boolean {word}; quote it ("{word}") if it is text')
        elif isinstance(found, int | float | Date) or found.tag in (INT, FLOAT):  # (also !!int on a non-number)
            kind = "a date" if isinstance(found, Date) else "the number"
            self.error(
                node,
                f'{what} must be text, not {kind} {node.value}; quote it ("{node.value}") '
                "so it is kept exactly as written",
            )
        else:
            self.error(node, f"{what} has an unsupported YAML tag {found.tag}")
        return None

    def rich_text(self, node: yaml.Node, what: str, *, required: bool = True, images: bool = True) -> str | None:
        """:meth:`text` that may show images (checked and collected), or must not (``images=False``)."""
        found = self.text(node, what, required=required)
        if found is not None and not self.check_images(node, found, what, allowed=images):
            self.question_refused = True  # the text is read on (its options are compared), but cannot be shown
        return found

    def check_images(self, node: yaml.Node, value: str, what: str, *, allowed: bool = True) -> bool:
        """Checks how every ``![alt](src)`` of a text is written; each one shown joins :attr:`shown`.

        The files themselves are checked later, in a pass of their own. False if any is badly written.
        """
        uses = find_images(value)
        ok = self._no_unread_image(node, value, what, uses) if "![" in value else True
        if not uses:
            return ok
        from quizgen.images import ImageRef  # only banks that show images pay for the image checks

        for use in uses:
            line = self.line_of(node, use.src)
            if not allowed:
                self.error(line, f"{what} cannot show an image (![{use.alt}]({use.src})); write it as text")
                ok = False
                continue
            if not use.alt.strip():
                self.error(line, f"{what}: image '{use.src}' needs alt text: ![what it shows]({use.src})")
                ok = False
            self.shown.append(ImageRef(self.path, use.src, line, what))
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
        if isinstance(node, yaml.ScalarNode) and value(node) is None:
            self.error(node, f"{what} has no value; leave the key out instead")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list of {noun}, not a {node_kind(node)}")
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

    def number(self, node: yaml.Node, what: str, example: str) -> int | float | str | None:
        """A YAML number as written unquoted (int or finite float), or the text given instead (for its caller to judge).

        Quoted digits (``"80"``) are text: a number must be written as one.
        """
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a number, like {example}; not a {node_kind(node)}")
            return None
        number = self.source.number(node)
        if number is not None:
            if math.isinf(number.value) or math.isnan(number.value):
                self.error(node, f"{what} must be a finite number, like {example}; not {node.value}")
                return None
            return number.whole if number.whole is not None else number.value  # a number written whole is an int
        found = value(node)
        if isinstance(found, str):
            return found
        if found is None:
            self.error(node, f"{what} has no value; give a number, like {example}")
        elif isinstance(found, bool):
            self.error(node, f"{what} must be a number, like {example}; not the boolean {node.value}")
        else:
            self.error(node, f"{what} must be a number, like {example}; not {node.value}")
        return None

    # -- mappings ------------------------------------------------------------

    def mapping(self, node: yaml.MappingNode, allowed: Sequence[str], where: str) -> Keys:
        """Key -> value node, refusing duplicates and unknown keys (with a 'did you mean')."""
        result = Keys()
        first_line: dict[str, int] = {}
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        if self.source.merges:  # (most files have no merge key: their mappings are read as they stand)
            pairs, bad_merges = self.source.pairs(node)
            if bad_merges:
                result.ok = False
                for bad in bad_merges:
                    self.error(bad, "a merge key (<<) must name a mapping")
        for key_node, value_node in pairs:
            key = value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{where}: keys must be plain words, not {node_kind(key_node)}")
                result.ok = False
                continue
            line = self.source.line(key_node)
            if key in result:
                self.error(key_node, f"{where}: duplicate key '{key}' (first at line {first_line[key]})")
                result.ok = False
                continue
            if key not in allowed:
                self.error(key_node, f"{where}: unknown key '{key}'{self.unknown_key_hint(node, key, allowed)}")
                result.ok = False
                continue
            result[key] = value_node
            first_line[key] = line
        if not result.ok:
            self.question_refused = True
        return result


def _a(role: str) -> str:
    """One entry of a list of options, in words: "the answer", "a distractor", "an item" ..."""
    if role == "answer":
        return "the answer"
    singular = role[:-2] if role.endswith(("ches", "shes", "sses")) else role[:-1] if role.endswith("s") else role
    return f"{'an' if singular[:1] in 'aeiou' else 'a'} {singular}"


def _or(names: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else f"; expected one of: {', '.join(choices)}"


# -- text patterns -------------------------------------------------------------

#: ``![alt](path with spaces)``: a space in a bare path, not followed by a quoted title (``(p "title")``).
_SPACED_IMAGE = re.compile(r"!\[[^\]\n]*\]\((?![ \t]*<)([^()\n\"']*?[^\s()\"'][ \t]+[^\s()\"'][^()\n\"']*)\)")


# -- the bank ------------------------------------------------------------------


def validate(sources: Sequence[SourceFile], store: ImageStore | None = None) -> tuple[Bank, list[Problem]]:
    """Builds the bank from parsed files; returns it with every problem found.

    ``store`` is the image pass's, shared between calls: a bank checked file by file reads each image once.
    """
    checker = Checker()
    decks: dict[str, list[Topic]] = {}
    ids: dict[tuple[str, str], tuple[str, int]] = {}
    for source in sources:
        if source.node is None:
            continue
        checker.source = source
        topic = _check_file(checker, source, ids)
        if topic is not None:
            decks.setdefault(topic.deck, []).append(topic)
    files: tuple[ImageFile, ...] = ()
    if checker.shown:
        files = _show_images(checker, decks, store)
    bank = Bank(
        tuple(Deck(name, tuple(topics)) for name, topics in decks.items()), files,
        warnings=tuple(sorted(checker.warnings)),
    )  # fmt: skip
    _check_pools(checker, bank)
    return bank, checker.problems


def _show_images(
    checker: Checker, decks: dict[str, list[Topic]], store: ImageStore | None = None
) -> tuple[ImageFile, ...]:
    """Runs the image pass over every image shown; gives each valid question its checked files.

    A question whose image is refused is left out (its problem is reported), as any invalid question is.
    Returns the bank's image files, each once, in the order first shown.
    """
    from quizgen.images import check_shown

    found, problems = check_shown(checker.shown, store)
    checker.problems.extend(problems)
    if checker.pending:
        for topics in decks.values():
            for i, topic in enumerate(topics):
                if any(id(q) in checker.pending for q in topic.questions):
                    topics[i] = replace(topic, questions=tuple(_with_images(checker, found, topic.questions)))
    by_name: dict[str, ImageFile] = {}
    for ref in checker.shown:
        file = found.get((ref.file, ref.src))
        if file is not None:
            by_name.setdefault(file.media_name, file)
    return tuple(by_name.values())


def _with_images(
    checker: Checker, found: dict[tuple[str, str], ImageFile], questions: Sequence[Question]
) -> Iterator[Question]:
    """The questions, each that shows images given their checked files, or left out if one was refused."""
    for q in questions:
        refs = checker.pending.get(id(q))
        if refs is None:
            yield q
            continue
        srcs = dict.fromkeys(ref.src for ref in refs)
        if all((q.path, src) in found for src in srcs):
            yield replace(q, images=tuple(Image(src, found[q.path, src]) for src in srcs))


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
    if not isinstance(root, yaml.MappingNode):
        if isinstance(root, yaml.ScalarNode) and value(root) is None:
            checker.error(1, "the file is empty; it needs deck, topic and questions")  # no line of its own
        else:
            checker.error(
                root, f"the top level must be a mapping with deck, topic and questions, not a {node_kind(root)}"
            )
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
                line = checker.source.line(item)
                first = ids.get((deck, qid))
                if first is not None:
                    checker.error(line, f"duplicate id '{qid}' in deck '{deck}' (first at {first[0]}:{first[1]})")
                    continue
                ids[(deck, qid)] = (source.path, line)
                if q is not None:
                    questions.append(q)
        elif isinstance(q_node, yaml.ScalarNode) and value(q_node) is None:
            checker.error(q_node, "questions has no value; list the questions below it, each starting with '- id:'")
        else:
            checker.error(q_node, f"questions must be a list of questions, not a {node_kind(q_node)}")
    if deck is None or topic is None:
        return None
    return Topic(deck, topic, source.path, file_tags, tuple(questions))


class Common(TypedDict):
    """What every question has (:class:`quizgen.model._Common`), read before its kind's own keys."""

    deck: str
    topic: str
    id: str
    explanation: str | None
    source: str | None
    tags: tuple[str, ...]
    points: int | None
    pool: str | None
    images: tuple[Image, ...]
    path: str
    line: int
    source_line: int
    rubric: tuple[str, ...]


class Fields:
    """The checked keys of one question, for its kind's checker, which builds the question from them."""

    __slots__ = ("checker", "node", "fields", "where", "_common")

    def __init__(
        self,
        checker: Checker,
        node: yaml.MappingNode,
        fields: dict[str, yaml.Node],
        where: str,
        common: Common | None = None,
    ) -> None:
        self.checker = checker
        self.node = node
        self.fields = fields
        self.where = where
        self._common = common

    def common(self) -> Common:
        """The shared values (images are attached by the image pass, once checked)."""
        assert self._common is not None
        return self._common

    def required(self, key: str) -> yaml.Node | None:
        node = self.fields.get(key)
        if node is None:
            self.checker.missing(self.node, key, f"{self.where}: missing required key '{key}'")
        return node

    def text(self, key: str, *, images: bool = True) -> str | None:
        node = self.required(key)
        return None if node is None else self.checker.rich_text(node, f"{self.where}: {key}", images=images)

    def key_node(self, key: str) -> yaml.Node:
        """The node of ``key`` (for its line), else the question's."""
        return _key_node(self.node, key)

    def lines(self) -> int | None:
        """``lines``: the ruled answer lines on paper, for the kinds that take it (:data:`quizgen.kinds.base.LINES`)."""
        node = self.fields.get("lines")
        return None if node is None else _check_count(self.checker, node, self.where, "lines", "lines: 4")


def _check_question(
    checker: Checker, node: yaml.Node, deck: str, topic: str, file_tags: tuple[str, ...]
) -> tuple[str | None, Question | None]:
    """The question's id (when readable, for duplicate checks) and the question (when valid)."""
    if not isinstance(node, yaml.MappingNode):
        checker.error(node, f"a question must be a mapping of keys (id, prompt, ...), not a {node_kind(node)}")
        return None, None
    line = checker.source.line(node)
    checker.question_refused = False
    shown_before = len(checker.shown)
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
    tags_read = checker.text_list(fields["tags"], f"{where}: tags") if "tags" in fields else ()
    own_tags = tags_read or ()
    worth = _check_points(checker, fields["points"], where) if "points" in fields else None
    pool = _check_pool(checker, fields["pool"], where) if "pool" in fields else None
    rubric_read = checker.text_list(fields["rubric"], f"{where}: rubric") if "rubric" in fields else ()
    if qtype is None:  # the type's own keys cannot be judged, but every type's prompt can
        Fields(checker, node, fields, where).text("prompt")
        return qid, None
    kind = KINDS[qtype]
    foreign = [key for key in fields if key not in COMMON_KEYS and key not in kind.key_names]
    for key in foreign:
        owners = [name for name, other in KINDS.items() if key in other.key_names]
        hint = f"; it is a key of {_or(owners)} questions: remove it or change the type" if owners else ""
        checker.error(_key_node(node, key), f"{where}: key '{key}' does not belong to a {qtype} question{hint}")
    common_read = not (
        (explanation is None and "explanation" in fields) or (source is None and "source" in fields)
        or tags_read is None or (worth is None and "points" in fields) or (pool is None and "pool" in fields)
        or rubric_read is None
    )  # fmt: skip
    common: Common = {
        "deck": deck, "topic": topic, "id": qid or "", "explanation": explanation, "source": source,
        "tags": tuple(dict.fromkeys(file_tags + own_tags)), "points": worth, "pool": pool, "images": (),
        "path": checker.source.path, "line": line,
        "source_line": checker.line(_key_node(node, "source")) if source is not None else 0,
        "rubric": rubric_read or (),
    }  # fmt: skip
    question = kind.check(Fields(checker, node, fields, where, common))
    if question is None or qid is None or foreign or not common_read or checker.question_refused:
        return qid, None
    if len(checker.shown) > shown_before:
        checker.pending[id(question)] = tuple(checker.shown[shown_before:])
    return qid, question


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
        return DEFAULT
    raw = checker.text(fields["type"], f"{where}: type")
    if raw is None:
        return None
    for known in QUESTION_TYPES:
        if raw == known:
            return known
    checker.error(fields["type"], f"{where}: unknown type '{raw}'{_did_you_mean(raw, QUESTION_TYPES)}")
    return None


def _check_points(checker: Checker, node: yaml.Node, where: str) -> int | None:
    if isinstance(node, yaml.ScalarNode) and value(node) is None:
        checker.error(node, f"{where}: points has no value; leave the key out (1 point) or give one, like points: 2")
        return None
    return _check_count(checker, node, where, "points", "points: 2")


def _check_count(checker: Checker, node: yaml.Node, where: str, key: str, example: str) -> int | None:
    """A positive whole number (``points``, ``lines``), or a problem showing ``example``."""
    if isinstance(node, yaml.ScalarNode) and value(node) is None:
        checker.error(node, f"{where}: {key} has no value; leave the key out or give one, like {example}")
        return None
    number = checker.source.number(node)
    whole = number.whole if number is not None else None
    if whole is not None and whole > 0:
        return whole
    shown = node.value if isinstance(node, yaml.ScalarNode) else f"a {node_kind(node)}"
    quoted = " (without quotes)" if isinstance(node, yaml.ScalarNode) and node.tag == STR else ""
    checker.error(node, f"{where}: {key} must be a whole number of at least 1{quoted}, like {example}; not {shown}")
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


def pool_problems(bank: Bank) -> list[Problem]:
    """The checks that span files, for a bank merged from files checked one by one (:mod:`quizgen.index`)."""
    checker = Checker()
    _check_pools(checker, bank)
    return checker.problems
