"""Printable quizzes (``quizgen print``): shuffled versions of a deck and their answer key, or a study sheet.

This module owns what goes on paper: which questions of the (already selected:
``--topic`` and ``--tag`` are the command layer's) bank are picked (``--count``
round-robin by topic), which
member of each pool a version draws, how each version orders its questions
(shuffled, in sections by topic, or in the bank's order) and options (seeded by
a string, so the same seed gives the same file on every machine), where each
mcq's right answer lands (balanced over A, B, C, ... so the letters betray
nothing), and how many points each question and blank is worth. The document
lives in ``quizgen/templates/``; Python hands the templates read-only records and
already-safe HTML. Each question type has its own template file in
``templates/types/`` (its line in the instructions), named by its kind
(:attr:`quizgen.kinds.Kind.print_template`), and its layout on paper in :data:`LAYOUTS`.
Each printed question's block (quiz, key, study sheet) is built once in Python and
kept between runs as a part (:mod:`quizgen.memo`, see :func:`prerender`), so a
print after an edit renders only what changed.

Points come from :func:`quizgen.model.points`: ``points`` as authored, else 1
(a cloze: 1 per deletion number). A cloze's points are shared evenly by its
deletion numbers.
"""

from __future__ import annotations

import json
import math
import random
import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Generic, Literal, NamedTuple, TypeVar, assert_never, get_args, overload

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from quizgen import memo
from quizgen.errors import QuizgenError
from quizgen.kinds import KINDS
from quizgen.model import (
    QUESTION_TYPES,
    Bank,
    Basic,
    Cloze,
    Deck,
    Deletion,
    Matching,
    Mcq,
    Multi,
    Numeric,
    Ordering,
    Question,
    TrueFalse,
    Typed,
    card_count,
    group_pools,
    option_label,
    ordinal,
    points,
    unaligned_order,
)  # fmt: skip
from quizgen.render import render_cloze, to_html, to_plain

LETTERS = string.ascii_uppercase
MAX_VERSIONS = len(LETTERS)
Order = Literal["shuffle", "bank"]
Paper = Literal["a4", "letter"]
#: ``--paper`` -> the CSS ``@page { size: ... }`` keyword the print dialog starts with.
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}

#: The header's lines to fill in when no ``--field`` is given (the score line always follows).
DEFAULT_FIELDS = ("Name", "Date")

#: A unit of an exam: one question, or the members of one pool (a version prints one of them).
Unit = tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """What ``quizgen print`` was asked for; ``count`` is per version (a pool counts once), ``None``: all."""

    versions: int = 1
    seed: int | str = 0
    count: int | None = None
    key: bool = True
    sections: bool = False
    order: Order = "shuffle"
    paper: Paper = "a4"
    study: bool = False
    title: str | None = None  # the header's title; None: the deck's name
    label: str = "Quiz"  # the word above the title ("Exam", "Test")
    time: str | None = None  # the time allowed, as the teacher words it ("45 minutes")
    fields: tuple[str, ...] = DEFAULT_FIELDS  # the header's lines to fill in, before the score
    split: bool = False  # one file per version, and one for the key
    key_only: bool = False  # only the answer key


def usage_conflict(options: PrintOptions) -> tuple[str, str] | None:
    """The first option that makes no sense with the others, and why; None when they fit together.

    The CLI reports it as wrong usage (exit 2); :func:`check_options` refuses it too.
    """
    if options.key_only and not options.key:
        return "--key-only", "--key-only and --no-key leave nothing to print: drop one of them"
    if options.study and options.split:
        return "--split", "a study sheet (--study) has no versions to split: drop --split"
    if options.study and options.key_only:
        return "--key-only", "a study sheet (--study) has no answer key: drop --key-only"
    for flag, value in (("--title", options.title), ("--label", options.label), ("--time", options.time)):
        if value is not None and not value.strip():
            return flag, f"{flag} needs some text, such as {flag} {_EXAMPLES[flag]!r}"
    if any(not f.strip() for f in options.fields):
        return "--field", "--field needs a name, such as --field Class"
    return None


_EXAMPLES = {"--title": "Biology, term 2", "--label": "Exam", "--time": "45 minutes"}


def check_options(options: PrintOptions) -> None:
    """Refuses options out of range or at odds: the one check, so the library refuses what the CLI would."""
    conflict = usage_conflict(options)
    if conflict is not None:
        raise QuizgenError(conflict[1])
    if not 1 <= options.versions <= MAX_VERSIONS:
        raise QuizgenError(f"--versions must be between 1 and {MAX_VERSIONS}, not {options.versions}")
    if options.count is not None and options.count < 1:
        raise QuizgenError(f"--count must be at least 1, not {options.count}")
    if options.order not in get_args(Order):
        raise QuizgenError(f"--order must be one of {', '.join(get_args(Order))}, not {options.order!r}")
    if options.paper not in PAGE_SIZES:
        raise QuizgenError(f"--paper must be one of {', '.join(PAGE_SIZES)}, not {options.paper!r}")


class Option(NamedTuple):
    """One lettered option of an mcq or multi question as printed, with its reason for the key.

    A named tuple, not a dataclass: a printed deck makes one per option per version, and a frozen
    dataclass costs three times as much to build.
    """

    letter: str
    text: Markup
    correct: bool
    why: Markup | None = None
    plain: str = ""


class Blank(NamedTuple):
    """One place of a cloze prompt that is left blank; ``label`` is its deletion number's label (``3a``)."""

    label: str
    answer: Markup


class BlankGroup(NamedTuple):
    """The blanks of one deletion number: one label (``3a``, ``3b``, ...), marked once, worth ``points``.

    ``number`` is the deletion number as authored (``c2`` -> 2); a number
    used at several places of the prompt has one blank per place, all with
    the group's label. (Named tuples, as :class:`Option`: made for every version.)
    """

    label: str
    number: int
    blanks: tuple[Blank, ...]
    points: Fraction
    accept: tuple[Markup, ...] = ()
    shown: Markup = Markup("")  # its answers as the key and its grid show them: ``a / b``

    @property
    def answers(self) -> tuple[Markup, ...]:
        """The texts of its places, each once, in prompt order."""
        return tuple(dict.fromkeys(b.answer for b in self.blanks))

    @property
    def also(self) -> Markup:
        """Its other accepted answers as the key lists them: ``a, b``."""
        return Markup(", ").join(self.accept)


_T = TypeVar("_T")

#: A cloze's deletion number as every version prints it: its letter, the number, its answers, their key text.
_Deletions = tuple[str, int, tuple[Markup, ...], Markup]


class _lazy(Generic[_T]):  # lower case: used as a decorator, like the property it replaces
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first read).

    A printed question reads a dozen such values once each, for every version of every question.
    """

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> _lazy[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> _T: ...
    def __get__(self, instance: object, owner: type) -> _T | _lazy[_T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class QuestionTexts:
    """One question's texts as HTML and as plain text, each rendered once for all its versions, key and sheet.

    Markdown is most of what planning costs, and a question prints the same texts in every version (only
    their order and its number change): a deck's plan holds one of these per question, and renders a text
    only when a part of the page asks for it (a part reused from the store never does).
    """

    __slots__ = (
        "question",
        "layout",
        "columns",
        "_points",
        "_images",
        "_html",
        "_md",
        "_plain",
        "_cloze",
        "_choices",
        "_arrangement",
    )

    def __init__(self, question: Question) -> None:
        self.question = question
        #: The layout of a type laid out alike in every version (see :func:`_lay_out`); None until then.
        self.layout: dict[str, object] | None = None
        #: Whether its options go in two columns (the same in every order); None until a version asks.
        self.columns: bool | None = None
        self._points: Fraction | None = None
        self._images: dict[str, str] | None = None
        self._html: dict[str, Markup] = {}
        self._md: dict[str, Markup] = {}
        self._plain: dict[str, str] = {}
        self._cloze: dict[bool, tuple[str, tuple[_Deletions, ...]]] = {}
        self._choices: tuple[tuple[Markup, bool, Markup | None, str], ...] | None = None
        self._arrangement: tuple[tuple[int, ...], int | None, tuple[int, ...]] | None = None

    @property
    def points(self) -> Fraction:
        if self._points is None:
            self._points = points(self.question)
        return self._points

    @property
    def images(self) -> dict[str, str]:
        """The question's images as ``data:`` URIs, so the printed file stays self-contained."""
        if self._images is None:
            self._images = {image.src: image.file.data_uri for image in self.question.images}
        return self._images

    def html(self, text: str) -> Markup:
        """A text of the question as safe HTML, its images embedded."""
        made = self._html.get(text)
        if made is None:
            made = self._html[text] = Markup(to_html(text, self.images))
        return made

    def md(self, text: str) -> Markup:
        """A text as safe HTML without images (cloze answers and hints, accepted answers, rubric, source)."""
        made = self._md.get(text)
        if made is None:
            made = self._md[text] = Markup(to_html(text))
        return made

    def plain(self, text: str) -> str:
        made = self._plain.get(text)
        if made is None:
            made = self._plain[text] = to_plain(text)
        return made

    def choices(self) -> tuple[tuple[Markup, bool, Markup | None, str], ...]:
        """Each option of an mcq or multi as authored: its HTML, whether it is right, its reason's HTML, its text."""
        if self._choices is None:
            q = self.question
            assert isinstance(q, (Mcq, Multi))
            html, plain = self.html, self.plain
            self._choices = tuple(
                (html(o.text), q.is_right(o), html(o.why) if o.why else None, plain(o.text)) for o in q.options
            )
        return self._choices

    def arrangement(self) -> tuple[tuple[int, ...], int | None, tuple[int, ...]]:
        """An mcq's or multi's options as a version shuffles them: the free ones, the right mcq answer among
        them (None: pinned, or a multi), the pinned ones in their given order (indices into ``options``)."""
        if self._arrangement is None:
            q = self.question
            assert isinstance(q, (Mcq, Multi))
            options, pinned = q.options, q.pinned
            if not pinned:  # most questions: every option is free, an mcq's answer first
                free: tuple[int, ...] = tuple(range(len(options)))
                held: tuple[int, ...] = ()
            else:
                free = tuple(i for i, o in enumerate(options) if o.text not in pinned)
                by_text = {o.text: i for i, o in enumerate(options)}
                held = tuple(by_text[p] for p in pinned)
            answer = None
            if isinstance(q, Mcq):
                answer = next((i for i in free if options[i] is q.answer or options[i] == q.answer), None)
            self._arrangement = free, answer, held
        return self._arrangement

    def cloze(self, filled: bool) -> tuple[str, tuple[_Deletions, ...]]:
        """:func:`_cloze_parts` of the question, once per plan (the same in every version)."""
        made = self._cloze.get(filled)
        if made is None:
            assert isinstance(self.question, Cloze)
            made = self._cloze[filled] = _cloze_parts(self.question, self, filled)
        return made


class _laid(Generic[_T]):  # lower case: a field of the layout, read like an attribute
    """A field of a printed question's layout: the first read of any of them lays the question out (all at once)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> _laid[_T]: ...
    @overload
    def __get__(self, instance: PrintedQuestion, owner: type) -> _T: ...
    def __get__(self, instance: PrintedQuestion | None, owner: type) -> _T | _laid[_T]:
        if instance is None:
            return self
        fields = instance.__dict__
        fields.update(_lay_out(instance))
        value: _T = fields[self.name]
        return value


class PrintedQuestion:
    """A question as it stands in one version: its number, the order of its options and its answer space.

    Planning only draws the order (``order``: indices into an mcq's or multi's options, a matching's
    matches, an ordering's entries, in printed order); the rest is laid out when first read, its texts
    through the question's :class:`QuestionTexts`, shared by the versions. A record: read, never written.
    """

    prompt = _laid[Markup]()
    options = _laid[tuple[Option, ...]]()
    blanks = _laid[tuple[BlankGroup, ...]]()
    lines = _laid[int]()
    width = _laid[str]()
    #: The key grid's answer: "B", "A C", "T", the typed answer, "80 mg", a dash for basic.
    short = _laid[Markup]()
    #: A numeric answer's accepted range ("78 to 82 mg"), "" when only the answer itself earns.
    range = _laid[str]()
    #: A matching's numbered items (its lettered matches are ``options``).
    items = _laid[tuple[Markup, ...]]()
    #: A matching's letter per item, an ordering's letters first to last.
    letters = _laid[tuple[str, ...]]()
    #: A typed answer's other accepted spellings, as the key lists them.
    also = _laid[Markup]()

    def __init__(
        self, number: int, question: Question, order: tuple[int, ...], texts: QuestionTexts, study: bool = False
    ) -> None:
        self.number = number
        self.question = question
        self.order = order
        self.texts = texts
        self.study = study

    def __repr__(self) -> str:
        return f"PrintedQuestion({self.number}, {self.question.id!r}, order={self.order}, study={self.study})"

    @_lazy
    def points(self) -> Fraction:
        return self.texts.points

    @_lazy
    def images(self) -> Mapping[str, str]:  # src -> data: URI, encoded once
        return self.texts.images

    @_lazy
    def explanation(self) -> Markup | None:
        q = self.question
        return self.texts.html(q.explanation) if q.explanation else None

    @_lazy
    def right(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)

    @_lazy
    def has_reasons(self) -> bool:
        """Whether any option says why it is right or wrong (the key then lists every option)."""
        return any(o.why for o in self.options)

    @_lazy
    def marks(self) -> tuple[tuple[str, Markup], ...]:
        """This question's rows in the key grid, ``(label, short answer)``: ``3``, or a cloze's ``3a``, ``3b``, ...

        A cloze has one label per deletion number, in prompt order (as the
        marking rules name them); a number used twice shows each distinct answer.
        """
        if not self.blanks:
            return ((str(self.number), self.short),)
        return tuple((g.label, g.shown) for g in self.blanks)

    def md(self, text: str) -> Markup:
        """A text of this question as safe HTML, its images embedded."""
        return self.texts.html(text)

    @_lazy
    def columns(self) -> bool:
        """Short options go in two columns so a long mcq list does not waste half a page (whatever their order)."""
        texts = self.texts
        if texts.columns is None:
            options = self.options
            texts.columns = (
                len(options) >= 4
                and max(len(o.plain) for o in options) <= 28
                and not any("<img" in o.text for o in options)
            )
        return texts.columns


@dataclass(frozen=True, slots=True)
class Section:
    """Consecutive questions under one heading (``--sections``: a topic); ``title`` None: no heading."""

    title: str | None
    questions: tuple[PrintedQuestion, ...]

    @property
    def points(self) -> Fraction:
        return total_points(self.questions)


def total_points(questions: Iterable[PrintedQuestion]) -> Fraction:
    """The exact sum of the questions' points (:func:`quizgen.model.points`), whole ones added as integers.

    A version's total is in its header: adding a Fraction per question (each sum reduces by a gcd) took
    a large share of a printed deck, and a build served from the store renders no question's points.
    """
    whole, parts = 0, []
    for pq in questions:
        q = pq.question
        if q.points is None:
            whole += card_count(q)
        elif type(q.points) is int:
            whole += q.points
        else:
            parts.append(pq.points)
    return sum(parts, Fraction(whole))


@dataclass(frozen=True)
class Version:
    """One shuffled version of a deck's quiz; ``page`` names its CSS page so margins show the letter.

    Its questions and total are computed once (the templates ask for them many times).
    """

    letter: str
    page: str
    key_page: str
    sections: tuple[Section, ...]

    @cached_property
    def questions(self) -> tuple[PrintedQuestion, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def points(self) -> Fraction:
        return total_points(self.questions)

    @cached_property
    def types(self) -> frozenset[str]:
        return frozenset(q.question.type for q in self.questions)

    @cached_property
    def pieces(self) -> dict[str, list[list[str]]]:
        """Its questions' pieces by name ("quiz", "key", "marks", "grid", "exam"), each section's already joined
        (:data:`SEPARATORS`, as texts to join; none for a section without questions): see :func:`pieces_of`."""
        return {}

    @cached_property
    def scorings(self) -> frozenset[tuple[str, str]]:
        """Each question type with each way it is marked here (``("multi", "partial")``), for the instructions."""
        return frozenset((q.question.type, str(getattr(q.question, "scoring", "all"))) for q in self.questions)

    @cached_property
    def topics(self) -> frozenset[str]:
        """The topics its questions come from (the exam record lists those some version prints)."""
        return frozenset(q.question.topic for q in self.questions)


@dataclass(frozen=True, slots=True)
class PrintedDeck:
    """Every version of one deck's quiz (or its study sheet), and the topics its questions come from."""

    name: str
    topics: tuple[str, ...]
    versions: tuple[Version, ...]
    key_page: str = "key"  # the CSS page of the key grid; its counter numbers every page of the key


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of the key grid: a question number or blank label, and its short answer in each version."""

    label: str
    cells: tuple[Markup, ...]  # one per version; empty where that version has no such label


def _marks_part(pq: PrintedQuestion) -> str:
    """A question's key-grid rows as a JSON array (label, short answer, label, ...): any text comes back whole."""
    return json.dumps([text for mark in pq.marks for text in mark])


def _grid_part(pq: PrintedQuestion) -> str:
    """A question's rows of a one-version key grid, as printed: in one version, rows follow question order."""
    return "".join(
        f'      <tr><th scope="row">{escape(label)}</th><td>{short}</td></tr>\n' for label, short in pq.marks
    )


def key_grid(versions: Sequence[Version]) -> tuple[GridRow, ...]:
    """Every version's short answers side by side: one row per label any version has, in number order.

    Versions hold the same number of questions, but a cloze may stand at
    another number in each, so row ``3`` and rows ``3a``, ``3b`` can all be there.
    """
    return tuple(GridRow(label, tuple(map(Markup, cells))) for label, cells in _grid_rows(versions))


def _marks(v: Version) -> Iterator[tuple[str, str]]:
    """A version's key-grid rows, question by question: kept by runs where parts are kept, else laid out."""
    if "marks" not in v.pieces and not memo.active():
        return (mark for pq in v.questions for mark in pq.marks)
    sections = ["".join(texts) for texts in pieces_of(v, ("marks",))["marks"] if texts]
    marks: list[list[str]] = json.loads(f"[{','.join(sections)}]")
    return (pair for part in marks for pair in _pairs(part))


def _pairs(texts: list[str]) -> Iterator[tuple[str, str]]:
    return zip(texts[::2], texts[1::2], strict=True)


def _grid_rows(versions: Sequence[Version]) -> list[tuple[str, list[str]]]:
    """The rows of :func:`key_grid` as label and safe HTML per version ("" where a version has no such label).

    Each question's rows are a part reused from the store (:mod:`quizgen.memo`) where it can.
    """
    count = len(versions)
    cells: dict[str, list[str]] = {}
    for i, v in enumerate(versions):
        for label, short in _marks(v):
            row = cells.get(label)
            if row is None:
                row = cells[label] = [""] * count
            row[i] = short

    def order(label: str) -> tuple[int, int, str]:
        suffix = label.lstrip(string.digits)
        return int(label[: len(label) - len(suffix)]), len(suffix), suffix

    return [(label, cells[label]) for label in sorted(cells, key=order)]


def grid_html(deck: PrintedDeck) -> Markup:
    """The key's first page: one row per question number or blank label, one column per version.

    One version's rows follow its questions (numbers rise, a cloze's labels rise with their letters):
    each question's rows come as printed, kept by runs (:func:`pieces_of`).
    """
    heads = "".join(f'<th scope="col">Version {escape(v.letter)}</th>' for v in deck.versions)
    if len(deck.versions) == 1:
        rows = [text for texts in pieces_of(deck.versions[0], ("grid",))["grid"] for text in texts]
    else:
        rows = [
            f'      <tr><th scope="row">{escape(label)}</th>{"".join(f"<td>{c}</td>" for c in cells)}</tr>\n'
            for label, cells in _grid_rows(deck.versions)
        ]
    head = f'  <table class="grid">\n    <thead>\n      <tr><th scope="col">No.</th>{heads}</tr>\n    </thead>\n'
    return spliced([head, "    <tbody>\n", *rows, "    </tbody>\n  </table>"])


# -- choosing questions -------------------------------------------------------


def select_units(deck: Deck, options: PrintOptions) -> list[Unit]:
    """The exam questions every version of the (already selected) deck holds, in bank order.

    Pool members are one unit, placed and counted where the pool first
    appears. With ``count``, each topic's units are drawn in a seeded random
    order and taken one topic at a time in turn, so a 10-question quiz over
    two topics has five of each (or as many as a smaller topic has).
    """
    units = group_pools(list(deck.questions()))
    if options.count is None or options.count >= len(units):
        return units
    rng = random.Random(f"{options.seed}:{deck.name}:pick")
    queues: list[list[int]] = []
    for topic in deck.topics:
        drawn = [i for i, unit in enumerate(units) if unit[0].topic == topic.name]
        rng.shuffle(drawn)
        queues.append(drawn)
    picked: set[int] = set()
    while len(picked) < options.count:
        for queue in queues:
            if queue and len(picked) < options.count:
                picked.add(queue.pop(0))
    return [unit for i, unit in enumerate(units) if i in picked]


def draw(unit: Unit, seed: int | str, deck: str, index: int) -> Question:
    """The member of a pool that version ``index`` prints: ``(offset + index) mod n``, offset seeded per pool.

    Neighbouring versions take neighbouring members, so two versions share a
    member only when the pool has fewer members than there are versions, and
    version A is the same however many versions are asked for.
    """
    if len(unit) == 1:
        return unit[0]
    offset = random.Random(f"{seed}:{deck}:pool:{unit[0].pool}").randrange(len(unit))
    return unit[(offset + index) % len(unit)]


# -- shuffling a version ------------------------------------------------------


def _answer_positions(questions: Sequence[QuestionTexts], rng: random.Random) -> list[int | None]:
    """Where each mcq's right answer goes: the least-used position it can take, ties drawn at random.

    Over a version of four-option mcqs this is a shuffled cycle of A-D, B-D-A-C,
    ...; mixed option counts still spread as evenly as they can. A pinned right
    answer keeps its pinned place (and is counted). Non-mcq questions get None.
    """
    used: dict[int, int] = {}
    targets: list[int | None] = []
    for texts in questions:
        q = texts.question
        if not isinstance(q, Mcq):
            targets.append(None)
            continue
        free = len(q.options) - len(q.pinned)
        if q.answer.text in q.pinned:
            spot = free + q.pinned.index(q.answer.text)
        else:
            least = min(used.get(i, 0) for i in range(free))
            spot = rng.choice([i for i in range(free) if used.get(i, 0) == least])
        used[spot] = used.get(spot, 0) + 1
        targets.append(spot)
    return targets


def _option_order(texts: QuestionTexts, target: int | None, rng: random.Random | None) -> tuple[int, ...]:
    """Shuffles the unpinned options (the right mcq answer at ``target``); pinned ones follow as given.

    Without ``rng`` (the study sheet) the options stand in the order Anki and ``play`` show them.
    Indices into the question's ``options``, in printed order.
    """
    q = texts.question
    assert isinstance(q, (Mcq, Multi))
    if rng is None:
        index = {id(o): i for i, o in enumerate(q.options)}
        return tuple(index[id(o)] for o in q.shuffled_options())
    shared, answer, pinned = texts.arrangement()
    free = list(shared)
    if target is not None and answer is not None:
        free.remove(answer)
        rng.shuffle(free)
        free.insert(target, answer)
    else:
        rng.shuffle(free)
    return (*free, *pinned)


def _order(texts: QuestionTexts, target: int | None, rng: random.Random | None) -> tuple[int, ...]:
    """The printed order of a question's options, matches or entries (``rng`` None: as Anki and play show it).

    Whatever planning reads of a question (here, :func:`_answer_positions`, :func:`build_version`,
    :func:`select_units`, :func:`draw`) must be in its :func:`_shape`: a kept plan is reused on equal shapes.
    """
    q = texts.question
    match q:
        case Mcq() | Multi():
            return _option_order(texts, target, rng)
        case Matching():
            return q.shuffled_matches() if rng is None else unaligned_order(len(q.matches), len(q.pairs), rng)
        case Ordering():
            return q.shuffled_entries() if rng is None else unaligned_order(len(q.answer), len(q.answer), rng)
        case _:
            return ()


#: Where a blank's label takes the question's number. The planned prompt is the same in every version, whose
#: numbers differ; NUL never survives :func:`quizgen.render.to_html`, so it marks only these places.
_NUMBER_SLOT = "\x00"


def _cloze_parts(q: Cloze, texts: QuestionTexts, filled: bool) -> tuple[str, tuple[_Deletions, ...]]:
    """The prompt with each deletion as a labelled blank (or, ``filled``, its answer), and each label's answers.

    The label of the blanks of question N is ``N`` and a letter per deletion
    number in order of first appearance (c3, c1 -> ``Na``, ``Nb``), also when
    there is only one; a number used twice is one label, printed at both
    places. The prompt holds :data:`_NUMBER_SLOT` where ``N`` goes.
    """
    letters: dict[int, str] = {}
    for d in q.deletions:
        letters.setdefault(d.number, option_label(len(letters)).lower())
    answers: dict[int, list[Markup]] = {}

    def blank(d: Deletion) -> str:
        label = f"{_NUMBER_SLOT}{letters[d.number]}"
        answer = texts.md(d.text)
        answers.setdefault(d.number, []).append(answer)
        # f-strings over escaped parts: Markup.format was most of the time a printed cloze took
        if filled:
            html = f'<span class="fill"><span class="blank-no">{label}</span> {answer}</span>'
        else:
            html = f'<span class="blank {_blank_width(to_plain(d.text))}"><span class="blank-no">{label}</span></span>'
        if d.hint and not filled:
            html += f'<span class="hint">({texts.md(d.hint)})</span>'
        return f'<span class="gap">{html}</span>'

    prompt = render_cloze(q.pieces, lambda text: to_html(text, texts.images), blank)
    shown = {n: Markup(" / ").join(dict.fromkeys(answers[n])) for n in letters}
    return prompt, tuple((letters[n], n, tuple(answers[n]), shown[n]) for n in letters)


def _cloze(pq: PrintedQuestion, q: Cloze) -> tuple[Markup, tuple[BlankGroup, ...]]:
    """The prompt of question ``number`` with its labelled blanks, and one group per deletion number for the key."""
    number = pq.number
    prompt, parts = pq.texts.cloze(pq.study)
    each = pq.texts.points / len(parts)
    groups = tuple(
        BlankGroup(
            label=f"{number}{letter}",
            number=n,
            blanks=tuple(Blank(f"{number}{letter}", a) for a in answers),
            points=each,
            accept=tuple(pq.texts.md(a) for a in q.accepted(n)),
            shown=shown,
        )
        for letter, n, answers, shown in parts
    )
    return Markup(prompt.replace(_NUMBER_SLOT, str(number))), groups


def _blank_width(answer: str) -> str:
    """A blank wide enough to write the answer by hand, in a few sizes so the width hints little."""
    n = len(answer)
    return "w-s" if n <= 6 else "w-m" if n <= 14 else "w-l" if n <= 26 else "w-xl"


def _answer_lines(q: Basic) -> int:
    """Writing lines for a basic answer: ``lines``, else about 45 handwritten characters a line, plus one to spare."""
    if q.lines is not None:
        return q.lines
    return max(2, min(10, math.ceil(len(to_plain(q.answer)) / 45) + 1))


def _typed_width(q: Typed) -> str:
    """The typed answer line, long enough for the longest accepted spelling, in a few steps."""
    n = max(len(to_plain(a)) for a in (q.answer, *q.accept))
    return "w-m" if n <= 12 else "w-l" if n <= 30 else "w-full"


def _number_key(q: Numeric) -> tuple[str, str]:
    """A numeric answer as the key shows it: the number with its unit, and the accepted range ("" if exact)."""
    from quizgen.judge import number_range, number_text

    unit = f" {q.unit}" if q.unit else ""
    low, high = number_range(q.answer, q.tolerance)
    accepted = "" if low == high else f"{number_text(low)} to {number_text(high)}{unit}"
    return f"{number_text(q.answer)}{unit}", accepted


_NOTHING = Markup("")


@cache
def _labels(count: int) -> tuple[str, ...]:
    return tuple(option_label(i) for i in range(count))


#: Types laid out the same in every version: no order of their own, no number in their layout.
_UNORDERED = (Basic, Typed, Numeric, TrueFalse)


def _lay_out(pq: PrintedQuestion) -> dict[str, object]:
    """Every field of a printed question's layout (:class:`PrintedQuestion`'s ``_laid`` ones), by name.

    A type without an order of its own is laid out once for all versions.
    """
    texts = pq.texts
    if texts.layout is None:
        laid = _lay_out_afresh(pq)
        if isinstance(pq.question, _UNORDERED):
            texts.layout = laid
        return laid
    return texts.layout


def _lay_out_afresh(pq: PrintedQuestion) -> dict[str, object]:
    """One question as it stands in a version (or on the study sheet): each type lays out its own answer space."""
    q, texts, order = pq.question, pq.texts, pq.order
    html = texts.html
    laid: dict[str, object] = {
        "options": (), "blanks": (), "lines": 0, "width": "", "short": _NOTHING, "range": "", "items": (),
        "letters": (), "also": _NOTHING,
    }  # fmt: skip
    match q:
        case Cloze():
            laid["prompt"], laid["blanks"] = _cloze(pq, q)
        case Mcq() | Multi():
            choices = texts.choices()
            options = tuple(Option(letter, *choices[k]) for letter, k in zip(_labels(len(order)), order, strict=True))
            laid["prompt"], laid["options"] = html(q.prompt), options
            laid["short"] = Markup(" ".join(o.letter for o in options if o.correct))
        case Basic():
            laid["prompt"], laid["lines"], laid["short"] = html(q.prompt), _answer_lines(q), Markup("—")
        case Typed():
            laid["prompt"], laid["lines"], laid["width"] = html(q.prompt), q.lines or 0, _typed_width(q)
            laid["short"], laid["also"] = html(q.answer), Markup(", ").join(texts.md(a) for a in q.accept)
        case Numeric():
            answer, accepted = _number_key(q)
            laid["prompt"], laid["lines"], laid["width"] = html(q.prompt), q.lines or 0, "w-m"
            laid["short"], laid["range"] = Markup.escape(answer), accepted
        case TrueFalse():
            laid["prompt"], laid["short"] = html(q.prompt), Markup("T" if q.answer else "F")
        case Matching():
            letters = tuple(option_label(order.index(i)) for i in range(len(q.pairs)))
            laid["prompt"] = html(q.prompt)
            laid["options"] = _lettered(texts, [q.matches[k] for k in order], [k < len(q.pairs) for k in order])
            laid["items"] = tuple(html(p.item) for p in q.pairs)
            laid["letters"], laid["short"] = letters, Markup("".join(letters))
        case Ordering():
            letters = tuple(option_label(order.index(i)) for i in range(len(q.answer)))
            laid["prompt"] = html(q.prompt)
            laid["options"] = _lettered(texts, [q.answer[k] for k in order], [True] * len(order))
            laid["letters"], laid["short"] = letters, Markup("".join(letters))
        case _:
            assert_never(q)
    return laid


def _lettered(texts: QuestionTexts, shown: Sequence[str], correct: Sequence[bool]) -> tuple[Option, ...]:
    """Texts as lettered printed options, in the order given."""
    return tuple(
        Option(letter=option_label(i), text=texts.html(t), correct=c, plain=texts.plain(t))
        for i, (t, c) in enumerate(zip(shown, correct, strict=True))
    )


#: A deck's plan: each question's texts, shared by its versions, its key and its study sheet.
_Shared = dict[int, QuestionTexts]


def _texts(shared: _Shared, q: Question) -> QuestionTexts:
    held = shared.get(id(q))
    if held is None:
        held = shared[id(q)] = QuestionTexts(q)
    return held


def build_version(
    deck: Deck,
    units: Sequence[Unit],
    options: PrintOptions,
    index: int,
    deck_index: int = 1,
    shared: _Shared | None = None,
) -> Version:
    """One version: a member of each pool, then questions and options shuffled by ``Random(seed:deck:letter)``.

    ``--order bank`` keeps the bank's order; ``--sections`` groups by topic in
    file order, shuffling (or not) within each topic. ``shared``: the texts of the
    deck's other versions, rendered once for all of them.
    """
    shared = {} if shared is None else shared
    letter = LETTERS[index]
    rng = random.Random(f"{options.seed}:{deck.name}:{letter}")
    drawn = [draw(unit, options.seed, deck.name, index) for unit in units]
    groups: list[tuple[str | None, list[Question]]]
    if options.sections:
        groups = [(t.name, [q for q in drawn if q.topic == t.name]) for t in deck.topics]
        groups = [g for g in groups if g[1]]
    else:
        groups = [(None, drawn)]
    position: dict[int, int] | None = None
    for _, questions in groups:
        if options.order == "bank":
            if position is None:
                position = {id(q): i for i, q in enumerate(deck.questions())}
            questions.sort(key=lambda q: position[id(q)])
        else:
            rng.shuffle(questions)
    texts = [[_texts(shared, q) for q in questions] for _, questions in groups]
    targets = iter(_answer_positions([t for group in texts for t in group], rng))
    number = iter(range(1, sum(map(len, texts)) + 1))
    sections = tuple(
        Section(
            title,
            tuple(PrintedQuestion(next(number), t.question, _order(t, next(targets), rng), t) for t in group),
        )
        for (title, _), group in zip(groups, texts, strict=True)
    )
    return _version(letter, deck_index, sections)


def _version(letter: str, deck_index: int, sections: tuple[Section, ...]) -> Version:
    page = f"d{deck_index}-{letter.lower()}"
    return Version(letter=letter, page=f"quiz-{page}", key_page=f"key-{page}", sections=sections)


def _studied(number: int, texts: QuestionTexts) -> PrintedQuestion:
    """A question on the study sheet: its options in the order Anki and play show them."""
    return PrintedQuestion(number, texts.question, _order(texts, None, None), texts, study=True)


def study_sheet(deck: Deck, deck_index: int = 1) -> Version:
    """Every chosen question in bank order, one section per topic, laid out with its answer."""
    number = iter(range(1, sum(len(t.questions) for t in deck.topics) + 1))
    sections = tuple(
        Section(
            t.name,
            tuple(_studied(next(number), QuestionTexts(q)) for q in t.questions),
        )
        for t in deck.topics
    )
    page = f"study-d{deck_index}"
    return Version(letter="", page=page, key_page=page, sections=sections)


def plan_deck(deck: Deck, options: PrintOptions, deck_index: int = 1) -> PrintedDeck:
    """Every version of one (already selected) deck, or its study sheet, ready for the template.

    Planning draws orders only; texts are rendered when a page or the exam record first reads them.
    """
    topics = tuple(t.name for t in deck.topics)
    if options.study:
        return PrintedDeck(name=deck.name, topics=topics, versions=(study_sheet(deck, deck_index),))
    questions = list(deck.questions())

    def plan() -> tuple[Version, ...]:
        units = select_units(deck, options)
        shared: _Shared = {}
        return tuple(build_version(deck, units, options, i, deck_index, shared) for i in range(options.versions))

    versions: tuple[Version, ...] | None = None
    if memo.active():  # the orders an earlier run drew from a bank of the same shape, else drawn and kept
        made: list[tuple[Version, ...]] = []

        def drawn() -> str:
            made.append(plan())
            return _plan_text(made[0], questions)

        shapes = memo.joined_by_digest("print-shape", questions, _shape, "\n")
        context = (options.seed, options.count, options.sections, options.order, options.versions, deck.name)
        text = memo.remembered("print-plan", (*context, topics, shapes), drawn)
        versions = made[0] if made else _planned(text, questions, deck_index)
    if versions is None:
        versions = plan()
    return PrintedDeck(name=deck.name, topics=topics, versions=versions, key_page=f"key-d{deck_index}")


def _shape(q: Question) -> str:
    """All that planning reads of a question, as one line: its type, topic and pool, and how many options,
    matches or entries it has, which are pinned, where an mcq's answer is; and what a version's totals
    read (its points, how it is marked). Equal lines, equal plans."""
    extra: list[object] = []
    if isinstance(q, (Mcq, Multi)):
        free, answer, held = QuestionTexts(q).arrangement()
        pinned = q.pinned.index(q.answer.text) if isinstance(q, Mcq) and q.answer.text in q.pinned else None
        extra = [len(q.options), len(q.pinned), free, answer, held, pinned]
    elif isinstance(q, Matching):
        extra = [len(q.matches), len(q.pairs)]
    elif isinstance(q, Ordering):
        extra = [len(q.answer)]
    scoring = str(getattr(q, "scoring", "all"))
    return json.dumps([type(q).__name__, q.type, q.topic, q.pool, str(points(q)), scoring, *extra])


def _plan_text(versions: Sequence[Version], questions: Sequence[Question]) -> str:
    """A deck's plan as kept: per version, per section, its title and each question's place in the deck and
    order; then the version's points, types, ways of marking and topics (all of which the shapes fix)."""
    place = {id(q): i for i, q in enumerate(questions)}
    return json.dumps(
        [
            [
                [[s.title, [[place[id(pq.question)], *pq.order] for pq in s.questions]] for s in v.sections],
                str(v.points),
                sorted(v.types),
                sorted(v.scorings),
                sorted(v.topics),
            ]
            for v in versions
        ]
    )


def _planned(text: str, questions: Sequence[Question], deck_index: int) -> tuple[Version, ...] | None:
    """The versions of a kept plan (:func:`_plan_text`), with this run's questions; None when it does not fit."""
    shared: _Shared = {}
    versions = []
    try:
        for index, (sections, total, types, scorings, topics) in enumerate(json.loads(text)):
            number = 0
            made = []
            for title, rows in sections:
                printed = []
                for place, *order in rows:
                    number += 1
                    q = questions[place]
                    printed.append(PrintedQuestion(number, q, tuple(order), _texts(shared, q)))
                made.append(Section(title, tuple(printed)))
            version = _version(LETTERS[index], deck_index, tuple(made))
            version.__dict__.update(  # what its cached properties would count again over every question
                points=Fraction(total),
                types=frozenset(types),
                scorings=frozenset(map(tuple, scorings)),
                topics=frozenset(topics),
            )
            versions.append(version)
    except (ValueError, TypeError, IndexError):
        return None
    return tuple(versions)


# -- rendering ----------------------------------------------------------------


def format_points(value: Fraction | int) -> str:
    """``2``, ``1.5``, ``0.25``, ``1/3``, ``1 2/3``: points as a marker reads them, never rounded."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    if (value * 100).denominator == 1:
        return f"{float(value):.2f}".rstrip("0").rstrip(".")
    whole, rest = divmod(value, 1)
    return f"{whole} {rest.numerator}/{rest.denominator}" if whole else f"{rest.numerator}/{rest.denominator}"


def _points_html(value: Fraction | int) -> Markup:
    """A question's or blank's points as printed beside it (digits only: nothing to escape; few distinct values)."""
    return _points_of(value.numerator, value.denominator)


@cache  # by two integers: hashing a Fraction for every printed question cost more than the rest of this
def _points_of(numerator: int, denominator: int) -> Markup:
    value = Fraction(numerator, denominator)
    return Markup(f'<span class="pts">{format_points(value)} pt{"s" if value > 1 else ""}</span>')


def _css_string(text: str) -> Markup:
    """A quoted CSS string for ``content:``; anything but plain letters is a hex escape (no ``</style>``)."""
    safe = set(string.ascii_letters + string.digits + " -_.,:;!?()")
    body = "".join(c if c in safe else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


def _options(pq: PrintedQuestion, shape: str) -> Markup:
    """An mcq's or multi's lettered options on the quiz: the page's most repeated markup, built in one pass."""
    mark = f'        <li><span class="mark {escape(shape)}">'
    rows = "".join(f'{mark}{o.letter}</span><span class="opt">{o.text}</span></li>\n' for o in pq.options)
    return Markup(f'      <ol class="options{" cols" if pq.columns else ""}">\n{rows}      </ol>')


@cache
def _ruled(count: int) -> Markup:
    """``count`` ruled lines to write on (basic, and typed or numeric with ``lines``)."""
    return Markup('      <div class="lines">\n' + '        <div class="line"></div>\n' * count + "      </div>")


def _filled(options: Sequence[Option], shape: str) -> Markup:
    """The filled marks of options, side by side (a multi's right letters in the key)."""
    return Markup("".join(f'<span class="mark {escape(shape)} filled">{o.letter}</span>' for o in options))


def _reasons(pq: PrintedQuestion, shape: str) -> Markup:
    """Each option with its mark (right ones filled) and its reason: in the key when any option has a reason,
    on the study sheet always."""
    shape = escape(shape)
    rows = []
    for o in pq.options:
        filled, side = (" filled", "right") if o.correct else ("", "wrong")
        why = f'<span class="why"> — {o.why}</span>' if o.why else ""
        rows.append(
            f'            <li class="{side}"><span class="mark {shape}{filled}">{o.letter}</span> {o.text}{why}</li>\n'
        )
    return Markup(f'          <ul class="k-why">\n{"".join(rows)}          </ul>')


def _rubric(pq: PrintedQuestion) -> str:
    """The marking points (rubric) under the model answer, in the key and on the study sheet."""
    rows = "".join(f"              <li>{pq.texts.md(point)}</li>\n" for point in pq.question.rubric)
    return (
        '          <div class="k-expl k-rubric"><span class="label">Marking points</span>\n'
        f'            <ul class="k-why">\n{rows}            </ul>\n          </div>'
    )


def _notes(pq: PrintedQuestion) -> str:
    """The explanation and the quoted source, in the key and on the study sheet."""
    notes = ""
    if pq.explanation:
        notes += f'          <p class="k-expl"><span class="label">Why</span> {pq.explanation}</p>\n'
    source = pq.question.source
    if source:
        notes += (
            f'          <blockquote class="k-source"><span class="label">Source</span> “{pq.texts.md(source)}”'
            "</blockquote>\n"
        )
    return notes.rstrip()


def _extras(pq: PrintedQuestion) -> str:
    """The rubric and the notes under a key's or study sheet's answer, each when the question has them."""
    q = pq.question
    rubric = f"{_rubric(pq)}\n" if q.rubric else ""
    return f"{rubric}{_notes(pq)}\n" if pq.explanation or q.source else rubric


# -- each type on paper: its answer space on the quiz, its answer in the key ------------------------------------
# Built with one escape per text (author text arrives as safe HTML, or is escaped here): the printed quiz
# lays out every question of every version, and a Jinja macro call per question cost more than all the rest.
# A type's line in the quiz's instructions is in its template, ``templates/types/<type>.html.jinja``.


def _marking(pq: PrintedQuestion, part: str) -> str:
    """How a question of several parts is marked (``scoring``), said under it on the quiz."""
    if getattr(pq.question, "scoring", "all") == "partial":
        return f'      <p class="q-note">Marked in part: each right {part} earns its share of the points.</p>'
    return f'      <p class="q-note">Every {part} must be right for the points.</p>'


def _by_letter(pq: PrintedQuestion, letter: str) -> Markup:
    """The text of the option printed with ``letter``."""
    return next(o.text for o in pq.options if o.letter == letter)


def _answer_line(pq: PrintedQuestion, unit: str = "") -> str:
    """Ruled lines to work on (``lines``), then the answer line with its unit after it."""
    lines = f"{_ruled(pq.lines)}\n" if pq.lines else ""
    after = f'<span class="unit">{escape(unit)}</span>' if unit else ""
    return f'{lines}      <div class="answer-line {pq.width}"><span>Answer</span><i></i>{after}</div>'


def _basic_body(pq: PrintedQuestion) -> str:
    """Ruled lines for a written answer."""
    return _ruled(pq.lines)


def _basic_key(pq: PrintedQuestion, study: bool) -> str:
    """The model answer."""
    q = pq.question
    assert isinstance(q, Basic)
    return f'          <div class="k-answer k-basic">\n            {pq.md(q.answer)}\n          </div>'


def _mcq_body(pq: PrintedQuestion) -> str:
    """Lettered options with circles; one right answer."""
    return _options(pq, "circle")


def _mcq_key(pq: PrintedQuestion, study: bool) -> str:
    """The right option (not on the study sheet), then every option with its reason when any has one."""
    key = ""
    if not study:
        rights = "".join(f'            <span class="mark circle filled">{o.letter}</span> {o.text}\n' for o in pq.right)
        key = f'          <div class="k-answer">\n{rights}          </div>\n'
    return f"{key}{_reasons(pq, 'circle')}" if study or pq.has_reasons else key


def _multi_body(pq: PrintedQuestion) -> str:
    """Lettered options with square boxes; every right option and no wrong one (or marked in part)."""
    if getattr(pq.question, "scoring", "all") == "partial":
        note = (
            "Select all that apply. Marked in part: right options ticked minus wrong ones ticked, "
            "over the right options (never below 0)."
        )
    else:
        note = "Select all that apply."
    return f'      <p class="q-note">{note}</p>\n{_options(pq, "square")}'


def _multi_key(pq: PrintedQuestion, study: bool) -> str:
    """The right options' letters and texts, how it is marked, then every option with its reason."""
    key = ""
    if not study:
        right = pq.right
        rule = ""
        if getattr(pq.question, "scoring", "all") == "partial":
            rule = (
                f'            <span class="k-rule">partial: right ticks minus wrong ticks, over {len(right)}</span>\n'
            )
        texts = "; ".join(o.text for o in right)
        key = (
            f'          <div class="k-answer">\n{_filled(right, "square")}\n'
            f'            <span class="k-list">{texts}</span>\n{rule}          </div>\n'
        )
    return f"{key}{_reasons(pq, 'square')}" if study or pq.has_reasons else key


def _truefalse_body(pq: PrintedQuestion) -> str:
    """Two tick boxes."""
    return (
        '      <div class="tf"><span class="choice"><span class="box"></span>True</span>'
        '<span class="choice"><span class="box"></span>False</span></div>'
    )


def _truefalse_key(pq: PrintedQuestion, study: bool) -> str:
    q = pq.question
    assert isinstance(q, TrueFalse)
    said = "True" if q.answer else "False"
    return f'          <div class="k-answer">\n            <b>{said}</b>\n          </div>'


def _cloze_body(pq: PrintedQuestion) -> str:
    """Nothing: the blanks are in the prompt."""
    return ""


def _cloze_key(pq: PrintedQuestion, study: bool) -> str:
    """Each blank label's answers, its other accepted answers and (not on the study sheet) its points."""
    rows = []
    for g in pq.blanks:
        also = f' <span class="k-also">(also {g.also})</span>' if g.accept else ""
        worth = "" if study else f" {_points_html(g.points)}"
        rows.append(
            f'            <span class="k-blank"><span class="blank-no">{g.label}</span> {g.shown}{also}{worth}</span>\n'
        )
    return f'          <div class="k-answer">\n{"".join(rows)}          </div>'


def _typed_body(pq: PrintedQuestion) -> str:
    """One answer line (after ruled lines with ``lines``)."""
    return _answer_line(pq)


def _typed_key(pq: PrintedQuestion, study: bool) -> str:
    """The answer and the other accepted spellings."""
    q = pq.question
    assert isinstance(q, Typed)
    also = f'            <span class="k-also">also accept: {pq.also}</span>\n' if q.accept else ""
    return f'          <div class="k-answer">\n            <b>{pq.md(q.answer)}</b>\n{also}          </div>'


def _numeric_body(pq: PrintedQuestion) -> str:
    """An answer blank with the unit after it (and ruled working lines with ``lines``)."""
    q = pq.question
    assert isinstance(q, Numeric)
    return _answer_line(pq, q.unit or "")


def _numeric_key(pq: PrintedQuestion, study: bool) -> str:
    """The number with its unit, and the range that earns the points."""
    accept = f'            <span class="k-also">accept {escape(pq.range)}</span>\n' if pq.range else ""
    return f'          <div class="k-answer">\n            <b>{pq.short}</b>\n{accept}          </div>'


def _matching_body(pq: PrintedQuestion) -> str:
    """Numbered items with a box each for the letter of its match; the matches lettered and shuffled."""
    items = "".join(
        f'          <li><span class="letter-box" aria-label="letter for item {n}"></span>'
        f'<span class="item-no">{n}.</span><span class="opt">{item}</span></li>\n'
        for n, item in enumerate(pq.items, start=1)
    )
    matches = "".join(
        f'          <li><span class="mark square">{o.letter}</span><span class="opt">{o.text}</span></li>\n'
        for o in pq.options
    )
    return (
        f'{_marking(pq, "pair")}\n      <div class="match">\n        <ol class="match-items">\n{items}        </ol>\n'
        f'        <ol class="options match-list">\n{matches}        </ol>\n      </div>'
    )


def _key_rule(pq: PrintedQuestion, study: bool, partial: str, whole: str) -> str:
    """The key's line on how a matching or ordering is marked (none on the study sheet)."""
    if study:
        return ""
    said = f"partial: {partial}" if getattr(pq.question, "scoring", "all") == "partial" else whole
    return f'            <span class="k-rule">{said}</span>\n'


def _matching_key(pq: PrintedQuestion, study: bool) -> str:
    """The letters in item order, how it is marked, then each item with its match."""
    rule = _key_rule(pq, study, "a share of the points per right pair", "all pairs needed for the points")
    pairs = "".join(
        f'            <li>{item} → <span class="mark square filled">{letter}</span> {_by_letter(pq, letter)}</li>\n'
        for item, letter in zip(pq.items, pq.letters, strict=True)
    )
    return (
        f'          <div class="k-answer">\n            <span class="k-letters">{pq.short}</span>\n{rule}'
        f'          </div>\n          <ol class="k-pairs">\n{pairs}          </ol>'
    )


def _ordering_body(pq: PrintedQuestion) -> str:
    """The entries lettered and shuffled, and a row of boxes (1st, 2nd, ...) for their letters in order."""
    entries = "".join(
        f'        <li><span class="mark square">{o.letter}</span><span class="opt">{o.text}</span></li>\n'
        for o in pq.options
    )
    box = '        <span class="order-slot"><span class="letter-box"></span>'
    slots = "".join(f'{box}<span class="ordinal">{ordinal(n)}</span></span>\n' for n in range(1, len(pq.options) + 1))
    return (
        f'{_marking(pq, "place")}\n      <ol class="options">\n{entries}      </ol>\n'
        f'      <div class="order-row">\n{slots}      </div>'
    )


def _ordering_key(pq: PrintedQuestion, study: bool) -> str:
    """The letters first to last, how it is marked, then the entries in order."""
    rule = _key_rule(pq, study, "a share of the points per entry in its place", "all in order needed for the points")
    order = "".join(
        f'            <li><span class="mark square filled">{letter}</span> {_by_letter(pq, letter)}</li>\n'
        for letter in pq.letters
    )
    return (
        f'          <div class="k-answer">\n            <span class="k-letters">{pq.short}</span>\n{rule}'
        f'          </div>\n          <ol class="k-order">\n{order}          </ol>'
    )


class Layout(NamedTuple):
    """A question type on paper: its answer space under the prompt (``body``: "" for none) and its answer in
    the key or, ``study``, on the study sheet (``key``)."""

    body: Callable[[PrintedQuestion], str]
    key: Callable[[PrintedQuestion, bool], str]


#: Each question type's layout (a new type adds its own, and its ``instruction`` macro in its template).
LAYOUTS: dict[str, Layout] = {
    "basic": Layout(_basic_body, _basic_key),
    "mcq": Layout(_mcq_body, _mcq_key),
    "multi": Layout(_multi_body, _multi_key),
    "truefalse": Layout(_truefalse_body, _truefalse_key),
    "cloze": Layout(_cloze_body, _cloze_key),
    "typed": Layout(_typed_body, _typed_key),
    "numeric": Layout(_numeric_body, _numeric_key),
    "matching": Layout(_matching_body, _matching_key),
    "ordering": Layout(_ordering_body, _ordering_key),
}


def quiz_entry(pq: PrintedQuestion) -> str:
    """One question on the quiz: its number, prompt and points, then its type's answer space (``body``)."""
    body = LAYOUTS[pq.question.type].body(pq)
    space = f"{body}\n" if body else ""
    return (
        f'    <section class="q q-{pq.question.type}">\n      <div class="q-head">\n'
        f'        <span class="q-no">{pq.number}.</span>\n        <div class="q-prompt">{pq.prompt}</div>\n'
        f"        {_points_html(pq.points)}\n      </div>\n{space}    </section>\n"
    )


def key_entry(pq: PrintedQuestion) -> str:
    """One question in a version's key: its type's answer (``key``), rubric, the prompt, the notes, the points."""
    key = LAYOUTS[pq.question.type].key(pq, False).rstrip()
    q = pq.question
    rubric = f"{_rubric(pq)}\n" if q.rubric else ""
    notes = f"{_notes(pq)}\n" if pq.explanation or q.source else ""
    return (
        f'    <section class="k">\n      <div class="q-head">\n        <span class="q-no">{pq.number}.</span>\n'
        f'        <div class="k-body">\n{key}\n{rubric}          <div class="k-prompt">{pq.prompt}</div>\n{notes}'
        f"        </div>\n        {_points_html(pq.points)}\n      </div>\n    </section>\n"
    )


def study_entry(pq: PrintedQuestion) -> str:
    """One question on the study sheet: the prompt, then its type's answer (``key`` with ``study``) and notes."""
    key = LAYOUTS[pq.question.type].key(pq, True).rstrip()
    return (
        f'    <section class="s q-{pq.question.type}">\n      <div class="q-head">\n'
        f'        <span class="q-no">{pq.number}.</span>\n        <div class="k-body">\n'
        f'          <div class="q-prompt">{pq.prompt}</div>\n{key}\n{_extras(pq)}'
        "        </div>\n      </div>\n    </section>\n"
    )


#: Each block of a page, by the name the template gives it: how one question is rendered there.
ENTRIES: dict[str, Callable[[PrintedQuestion], str]] = {"quiz": quiz_entry, "key": key_entry, "study": study_entry}


def entry_context(letter: str) -> Callable[[PrintedQuestion], object]:
    """Everything a printed question's part reads: the question, its number, its order, study or not; and the
    letter of its version (which no part reads today: a part moved to another version is rendered again)."""
    return lambda pq: (memo.digest(pq.question), pq.number, pq.order, pq.study, letter)


def version_block(v: Version, entry: str) -> Markup:
    """A version's questions on the quiz (``entry`` "quiz"), in its key ("key") or on the study sheet ("study").

    Each section's questions come joined (:func:`pieces_of`: kept by runs, see :mod:`quizgen.memo`); a
    section (--sections) starts with its heading and, but on the study sheet, its points.
    """
    return spliced(block_texts(v, entry))


def block_texts(v: Version, entry: str) -> list[str]:
    """:func:`version_block` as texts to join."""
    out: list[str] = []
    for s, texts in zip(v.sections, pieces_of(v, (entry,))[entry], strict=True):
        if s.title:
            if entry == "study":
                out.append(f'    <h2 class="section-title">{escape(s.title)}</h2>\n')
            else:
                total = f"{escape(format_points(s.points))} point{'s' if s.points > 1 else ''}"
                heading = f'<span>{escape(s.title)}</span> <span class="sec-pts">{total}</span>'
                out.append(f'    <h2 class="section-title">{heading}</h2>\n')
        if texts:
            out += texts
            out.append("\n")
    while out and not out[-1].rstrip():  # "".join(out).rstrip(), copying only the last text
        out.pop()
    if out:
        out[-1] = out[-1].rstrip()
    return out


#: Where a large text (a version's block, the key grid) stands in the page the template renders, while
#: :func:`_render` puts the page together; None: outside it, the text itself is returned.
_splicing: list[list[str]] | None = None
#: The mark left in the page for one such text; a page whose own text holds it is rendered whole instead.
_SPLICE = "\x00quizgen:spliced\x00"


def spliced(texts: list[str]) -> Markup:
    """Safe HTML made of ``texts``: inside :func:`_render` a mark, the texts joined once into the page there."""
    if _splicing is None:
        return Markup("".join(texts))
    _splicing.append(texts)
    return Markup(_SPLICE)


def _render_piece(name: str, pq: PrintedQuestion) -> str:
    """One piece of a printed question: its block on the quiz, in the key or on the study sheet, its key-grid
    rows ("marks", or "grid": as the one version's grid prints them) or its exam record ("exam")."""
    if name == "marks":
        return _marks_part(pq)
    if name == "grid":
        return _grid_part(pq)
    if name == "exam":
        from quizgen import exam

        return exam.question_json(pq)
    return ENTRIES[name](pq)


def _separator(name: str) -> str:
    """What stands between two questions' pieces of ``name`` in the file (or, "marks", in a JSON array)."""
    if name == "exam":
        from quizgen import exam

        return exam.QUESTION_SEPARATOR
    return SEPARATORS[name]


#: What stands between two questions' blocks (a block does not end with its line break), rows, records.
SEPARATORS: dict[str, str] = {"quiz": "\n", "key": "\n", "study": "\n", "marks": ",", "grid": ""}


def pieces_of(v: Version, needs: Sequence[str]) -> dict[str, list[list[str]]]:
    """The pieces in ``needs`` of a version's questions, each section's joined; rendered (or read) once.

    Those already there are kept; the missing ones are rendered together, kept in the store by runs of
    about a hundred questions (:func:`quizgen.memo.joined_pieces`): a build after an edit reads a few
    hundred rows and renders the one run holding the edited question, never one row per question.
    """
    missing = tuple(name for name in needs if name not in v.pieces)
    if missing:
        kind = f"print-pieces:{','.join(missing)}"
        separators = [_separator(name) for name in missing]
        context = entry_context(v.letter)

        def render(pq: PrintedQuestion) -> list[str]:
            return [_render_piece(name, pq) for name in missing]

        joined: list[list[list[str]]] = [
            memo.joined_pieces(kind, s.questions, context, render, separators, _question_digest)
            if s.questions
            else [[]] * len(missing)
            for s in v.sections
        ]
        for i, name in enumerate(missing):
            v.pieces[name] = [texts[i] for texts in joined]
    return v.pieces


def _question_digest(pq: PrintedQuestion) -> bytes:
    """Where runs of printed questions end: by their questions, wherever they stand."""
    return memo.digest(pq.question)


def prerender(planned: Sequence[PrintedDeck], needs: Sequence[str]) -> None:
    """Every piece in ``needs`` of every planned question, together: one stored run holds them all.

    A build prints each question's quiz block, key block, key-grid rows and exam record: rendering and
    keeping them together costs the store one key per question and one row per run, not four.
    """
    for deck in planned:
        for v in deck.versions:
            if v.questions:
                pieces_of(v, needs)


def pieces_needed(options: PrintOptions) -> tuple[str, ...]:
    """The pieces of each question the files of one print target show (:func:`printed_files`), and its record."""
    if options.study:
        return ("study",)
    parts = [part for _, part in printed_files(Path("quiz.html"), options)]
    needs = ["quiz"] if any(part.versions for part in parts) else []
    if any(part.key for part in parts):
        needs += ["key", "grid" if options.versions == 1 else "marks"]
    return (*needs, "exam")


@cache
def environment() -> Environment:
    """The one Jinja environment: autoescaping, templates shipped in the package.

    ``types`` maps each question type to the module of the template its kind names (its ``instruction``
    macro); its layout on paper is :data:`LAYOUTS`.
    """
    env = Environment(
        loader=PackageLoader("quizgen", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = format_points
    env.filters["css_string"] = _css_string
    env.globals["block"] = version_block
    env.globals["grid"] = grid_html
    env.globals["types"] = {t: env.get_template(kind.print_template).module for t, kind in KINDS.items()}
    env.globals["question_types"] = QUESTION_TYPES
    return env


@dataclass(frozen=True, slots=True)
class Part:
    """What one printed file holds: the versions shown (indices, A = 0) and whether the answer key follows."""

    versions: tuple[int, ...]
    key: bool


def _sibling(target: Path, tail: str) -> Path:
    """``quiz.html`` -> ``quiz-A.html``, ``quiz-key.html``."""
    return target.with_name(f"{target.stem}-{tail}{target.suffix}")


def printed_files(target: Path, options: PrintOptions) -> list[tuple[Path, Part]]:
    """The HTML files one print target becomes, and what each holds: the one place they are named.

    By default one file, ``target``, with every version and the key (unless
    ``--no-key``); ``--split`` gives ``<name>-A.html``, ``<name>-B.html``, ...
    and ``<name>-key.html``; ``--key-only`` only the key, in ``target`` (or
    ``<name>-key.html`` with ``--split``). A study sheet is one file.
    """
    every = tuple(range(options.versions))
    if options.study:
        return [(target, Part(every, key=False))]
    if options.key_only:
        return [(_sibling(target, "key") if options.split else target, Part((), key=True))]
    if not options.split:
        return [(target, Part(every, key=options.key))]
    files = [(_sibling(target, LETTERS[i]), Part((i,), key=False)) for i in every]
    if options.key:
        files.append((_sibling(target, "key"), Part((), key=True)))
    return files


def plan_decks(decks: Sequence[Deck], options: PrintOptions) -> list[PrintedDeck]:
    """Every (already selected) deck of one file planned, numbered from 1 for their CSS page names."""
    return [plan_deck(deck, options, i) for i, deck in enumerate(decks, start=1)]


def _render(planned: Sequence[PrintedDeck], options: PrintOptions, part: Part) -> str:
    """One HTML file: of each planned deck, the versions ``part`` names and then (``part.key``) the key.

    Each deck starts on a new page. Page numbers count the pages of one
    version (or of one key); "of N" is added only when the file holds nothing
    else, as Chromium's ``counter(pages)`` counts the whole file.
    """
    global _splicing
    title = options.title or (planned[0].name if len(planned) == 1 else " · ".join(d.name for d in planned))
    template = environment().get_template("quiz.html.jinja")

    def render() -> str:
        return template.render(
            decks=planned, key=part.key, title=title, study=options.study, size=PAGE_SIZES[options.paper],
            letters={LETTERS[i] for i in part.versions}, head=options,
            of_pages=len(planned) == 1 and len(part.versions) + part.key == 1,
        )  # fmt: skip

    previous, _splicing = _splicing, []
    try:
        page = render()
        texts = _splicing
    finally:
        _splicing = previous
    around = page.split(_SPLICE)
    if len(around) != len(texts) + 1:  # the mark is in the page's own text (a title, say): render it whole
        return render()
    out = [around[0]]
    for inner, after in zip(texts, around[1:], strict=True):
        out += inner
        out.append(after)
    return "".join(out)


def render_document(decks: Iterable[Deck], options: PrintOptions) -> str:
    """One HTML file holding each (already selected) deck's versions (and keys) in turn; each deck starts on a new
    page."""
    from quizgen.gcpause import gc_paused

    check_options(options)
    with gc_paused():
        return _render(plan_decks(list(decks), options), options, Part(tuple(range(options.versions)), options.key))


def render_quiz(deck: Deck, options: PrintOptions) -> str:
    """The printable quiz of one deck: pure and deterministic for a given ``options.seed``."""
    return render_document([deck], options)


def print_notes(bank: Bank, options: PrintOptions) -> list[str]:
    """What the user asked for that the file will not show: options a study sheet ignores, a count above the bank.

    Not errors (the file is what was asked for, as far as it can be): the command says them on stderr.
    """
    if options.study:
        default = PrintOptions()
        ignored = [
            flag
            for flag, given in (
                ("--versions", options.versions != default.versions),
                ("--seed", str(options.seed) != str(default.seed)),
                ("--count", options.count is not None),
                ("--order", options.order != default.order),
                ("--sections", options.sections),
                ("--no-key", not options.key),
                ("--label", options.label != default.label),
                ("--time", options.time is not None),
                ("--field", options.fields != default.fields),
            )
            if given
        ]
        if not ignored:
            return []
        return [f"--study writes a study sheet of every chosen question, so {', '.join(ignored)} change nothing"]
    if options.count is None:
        return []
    notes = []
    for deck in bank.decks:
        units = len(group_pools(list(deck.questions())))
        if options.count > units:
            notes.append(
                f"--count {options.count} is more than the {units} questions of {deck.name} (a pool counts as one): "
                f"each version has all {units}"
            )
    return notes


def print_outputs(bank: Bank, output: Path | None, options: PrintOptions, folder: Path) -> list[tuple[Path, str]]:
    """``quizgen print``: one target with every deck (``output``) or ``folder/<slug>-quiz.html`` per deck.

    Each target is planned once and becomes the files :func:`printed_files`
    names (one, or one per version and a key with ``--split``). ``bank`` is
    already selected (``--topic``, ``--tag``: the command layer does it, as for
    play and stats). Everything is rendered before anything is written, so a
    refused option leaves the disk untouched.
    Each quiz also gets its exam record, ``<name>.json`` beside it (not a study sheet).
    """
    check_options(options)
    decks = bank.decks
    if output is not None:
        targets: list[tuple[Path, Sequence[Deck]]] = [(output, decks)]
    else:
        targets = [(target, [deck]) for target, deck in bank.deck_files(folder, "-quiz.html").items()]
    from quizgen.gcpause import gc_paused

    outputs: list[tuple[Path, str]] = []
    with gc_paused():
        for target, group in targets:
            planned = plan_decks(group, options)
            prerender(planned, pieces_needed(options))
            outputs += [(path, _render(planned, options, part)) for path, part in printed_files(target, options)]
            outputs += exam_json_outputs(target, planned, options)
    return outputs


def exam_json_outputs(target: Path, planned: Sequence[PrintedDeck], options: PrintOptions) -> list[tuple[Path, str]]:
    """The exam as printed (``<name>.json`` beside the quiz), for ``quizgen mark``: see :mod:`quizgen.exam`."""
    from quizgen.exam import exam_outputs

    return exam_outputs(target, planned, options)
