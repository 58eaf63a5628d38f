"""Printable quizzes (``quizgen print``): shuffled versions of a deck and their answer key, or a study sheet.

This module owns what goes on paper: which questions of the (already selected:
``--topic`` and ``--tag`` are the command layer's) bank are picked (``--count``
round-robin by topic), which
member of each pool a version draws, how each version orders its questions
(shuffled, in sections by topic, or in the bank's order) and options (seeded by
a string, so the same seed gives the same file on every machine), where each
mcq's right answer lands (balanced over A, B, C, ... so the letters betray
nothing), and how many points each question and blank is worth. The layout
lives in ``quizgen/templates/``; Python hands the templates frozen records and
already-safe HTML, and each question type has its own template file in
``templates/types/``, named by its kind (:attr:`quizgen.kinds.Kind.print_template`).

Points come from :func:`quizgen.model.points`: ``points`` as authored, else 1
(a cloze: 1 per deletion number). A cloze's points are shared evenly by its
deletion numbers.
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache, cached_property
from pathlib import Path
from typing import Literal, assert_never, get_args

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

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


@dataclass(frozen=True, slots=True)
class Option:
    """One lettered option of an mcq or multi question as printed, with its reason for the key."""

    letter: str
    text: Markup
    correct: bool
    why: Markup | None = None
    plain: str = ""


@dataclass(frozen=True, slots=True)
class Blank:
    """One place of a cloze prompt that is left blank; ``label`` is its deletion number's label (``3a``)."""

    label: str
    answer: Markup


@dataclass(frozen=True, slots=True)
class BlankGroup:
    """The blanks of one deletion number: one label (``3a``, ``3b``, ...), marked once, worth ``points``.

    ``number`` is the deletion number as authored (``c2`` -> 2); a number
    used at several places of the prompt has one blank per place, all with
    the group's label.
    """

    label: str
    number: int
    blanks: tuple[Blank, ...]
    points: Fraction
    accept: tuple[Markup, ...] = ()

    @property
    def answers(self) -> tuple[Markup, ...]:
        """The texts of its places, each once, in prompt order."""
        return tuple(dict.fromkeys(b.answer for b in self.blanks))


@dataclass(frozen=True, slots=True)
class PrintedQuestion:
    """A question as it stands in one version: its number, option order and answer space."""

    number: int
    question: Question
    options: tuple[Option, ...]
    prompt: Markup
    blanks: tuple[BlankGroup, ...]
    points: Fraction
    lines: int
    width: str
    explanation: Markup | None = None
    short: Markup = Markup("")  # the key grid's answer: "B", "A C", "T", the typed answer, "80 mg", a dash for basic
    range: str = ""  # a numeric answer's accepted range ("78 to 82 mg"), "" when only the answer itself earns
    items: tuple[Markup, ...] = ()  # a matching's numbered items (its lettered matches are ``options``)
    letters: tuple[str, ...] = ()  # a matching's letter per item, an ordering's letters first to last
    images: Mapping[str, str] = field(default_factory=dict, compare=False)  # src -> data: URI, encoded once

    @property
    def right(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)

    @property
    def marks(self) -> tuple[tuple[str, Markup], ...]:
        """This question's rows in the key grid, ``(label, short answer)``: ``3``, or a cloze's ``3a``, ``3b``, ...

        A cloze has one label per deletion number, in prompt order (as the
        marking rules name them); a number used twice shows each distinct answer.
        """
        if not self.blanks:
            return ((str(self.number), self.short),)
        return tuple((g.label, Markup(" / ").join(g.answers)) for g in self.blanks)

    def md(self, text: str) -> Markup:
        """A text of this question as safe HTML, its images embedded."""
        return Markup(to_html(text, self.images))

    @property
    def columns(self) -> bool:
        """Short options go in two columns so a long mcq list does not waste half a page."""
        return (
            len(self.options) >= 4
            and max(len(o.plain) for o in self.options) <= 28
            and not any("<img" in o.text for o in self.options)
        )


@dataclass(frozen=True, slots=True)
class Section:
    """Consecutive questions under one heading (``--sections``: a topic); ``title`` None: no heading."""

    title: str | None
    questions: tuple[PrintedQuestion, ...]

    @property
    def points(self) -> Fraction:
        return sum((q.points for q in self.questions), Fraction(0))


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
        return sum((q.points for q in self.questions), Fraction(0))

    @cached_property
    def types(self) -> frozenset[str]:
        return frozenset(q.question.type for q in self.questions)


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


def key_grid(versions: Sequence[Version]) -> tuple[GridRow, ...]:
    """Every version's short answers side by side: one row per label any version has, in number order.

    Versions hold the same number of questions, but a cloze may stand at
    another number in each, so row ``3`` and rows ``3a``, ``3b`` can all be there.
    """
    cells: dict[str, dict[int, Markup]] = {}
    for i, v in enumerate(versions):
        for q in v.questions:
            for label, short in q.marks:
                cells.setdefault(label, {})[i] = short

    def order(label: str) -> tuple[int, int, str]:
        suffix = label.lstrip(string.digits)
        return int(label[: len(label) - len(suffix)]), len(suffix), suffix

    return tuple(
        GridRow(label, tuple(cells[label].get(i, Markup("")) for i in range(len(versions))))
        for label in sorted(cells, key=order)
    )


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


def _answer_positions(questions: Sequence[Question], rng: random.Random) -> list[int | None]:
    """Where each mcq's right answer goes: the least-used position it can take, ties drawn at random.

    Over a version of four-option mcqs this is a shuffled cycle of A-D, B-D-A-C,
    ...; mixed option counts still spread as evenly as they can. A pinned right
    answer keeps its pinned place (and is counted). Non-mcq questions get None.
    """
    used: dict[int, int] = {}
    targets: list[int | None] = []
    for q in questions:
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


def _arrange(
    q: Mcq | Multi, target: int | None, rng: random.Random | None, images: Mapping[str, str]
) -> tuple[Option, ...]:
    """Shuffles the unpinned options (the right mcq answer at ``target``); pinned ones follow as given.

    Without ``rng`` (the study sheet) the options stand in the order Anki and ``play`` show them.
    """
    if rng is None:
        ordered = list(q.shuffled_options())
    else:
        free = [o for o in q.options if o.text not in q.pinned]
        if target is not None and isinstance(q, Mcq) and q.answer in free:
            free.remove(q.answer)
            rng.shuffle(free)
            free.insert(target, q.answer)
        else:
            rng.shuffle(free)
        by_text = {o.text: o for o in q.options}
        ordered = [*free, *(by_text[p] for p in q.pinned)]
    return tuple(
        Option(
            letter=option_label(i),
            text=Markup(to_html(o.text, images)),
            correct=q.is_right(o),
            why=Markup(to_html(o.why, images)) if o.why else None,
            plain=to_plain(o.text),
        )
        for i, o in enumerate(ordered)
    )


def _data_uris(q: Question) -> dict[str, str]:
    """The question's images as ``data:`` URIs, so the printed file stays self-contained."""
    return {image.src: image.file.data_uri for image in q.images}


#: Where a blank's label takes the question's number. The cached prompt is the same in every version, whose
#: numbers differ; NUL never survives :func:`quizgen.render.to_html`, so it marks only these places.
_NUMBER_SLOT = "\x00"


@cache  # the same in every version: planned once per question (plan_deck empties it when done)
def _cloze_parts(q: Cloze, filled: bool = False) -> tuple[str, tuple[tuple[str, int, tuple[Markup, ...]], ...]]:
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
        answer = Markup(to_html(d.text))
        answers.setdefault(d.number, []).append(answer)
        # f-strings over escaped parts: Markup.format was most of the time a printed cloze took
        if filled:
            html = f'<span class="fill"><span class="blank-no">{label}</span> {answer}</span>'
        else:
            html = f'<span class="blank {_blank_width(to_plain(d.text))}"><span class="blank-no">{label}</span></span>'
        if d.hint and not filled:
            html += f'<span class="hint">({to_html(d.hint)})</span>'
        return f'<span class="gap">{html}</span>'

    images = _data_uris(q)
    prompt = render_cloze(q.pieces, lambda text: to_html(text, images), blank)
    return prompt, tuple((letters[n], n, tuple(answers[n])) for n in letters)


def _cloze(q: Cloze, number: int, filled: bool = False) -> tuple[Markup, tuple[BlankGroup, ...]]:
    """The prompt of question ``number`` with its labelled blanks, and one group per deletion number for the key."""
    prompt, parts = _cloze_parts(q, filled)
    each = points(q) / len(parts)
    groups = tuple(
        BlankGroup(
            label=f"{number}{letter}",
            number=n,
            blanks=tuple(Blank(f"{number}{letter}", a) for a in answers),
            points=each,
            accept=tuple(Markup(to_html(a)) for a in q.accepted(n)),
        )
        for letter, n, answers in parts
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


def _printed(
    q: Question, number: int, target: int | None, rng: random.Random | None, study: bool = False
) -> PrintedQuestion:
    """One question as it stands in a version (or on the study sheet): each type lays out its own answer space."""
    images = _data_uris(q)
    options: tuple[Option, ...] = ()
    blanks: tuple[BlankGroup, ...] = ()
    lines, width, short, accepted = 0, "", Markup(""), ""
    items: tuple[Markup, ...] = ()
    letters: tuple[str, ...] = ()
    match q:
        case Cloze():
            prompt, blanks = _cloze(q, number, filled=study)
        case Mcq() | Multi():
            prompt, options = Markup(to_html(q.prompt, images)), _arrange(q, target, rng, images)
            short = Markup(" ".join(o.letter for o in options if o.correct))
        case Basic():
            prompt, lines, short = Markup(to_html(q.prompt, images)), _answer_lines(q), Markup("—")
        case Typed():
            prompt, lines, width = Markup(to_html(q.prompt, images)), q.lines or 0, _typed_width(q)
            short = Markup(to_html(q.answer, images))
        case Numeric():
            prompt, lines, width = Markup(to_html(q.prompt, images)), q.lines or 0, "w-m"
            answer, accepted = _number_key(q)
            short = Markup.escape(answer)
        case TrueFalse():
            prompt, short = Markup(to_html(q.prompt, images)), Markup("T" if q.answer else "F")
        case Matching():
            prompt = Markup(to_html(q.prompt, images))
            order = q.shuffled_matches() if rng is None else unaligned_order(len(q.matches), len(q.pairs), rng)
            options = _lettered([q.matches[k] for k in order], [k < len(q.pairs) for k in order], images)
            items = tuple(Markup(to_html(p.item, images)) for p in q.pairs)
            letters = tuple(option_label(order.index(i)) for i in range(len(q.pairs)))
            short = Markup("".join(letters))
        case Ordering():
            prompt = Markup(to_html(q.prompt, images))
            order = q.shuffled_entries() if rng is None else unaligned_order(len(q.answer), len(q.answer), rng)
            options = _lettered([q.answer[k] for k in order], [True] * len(order), images)
            letters = tuple(option_label(order.index(i)) for i in range(len(q.answer)))
            short = Markup("".join(letters))
        case _:
            assert_never(q)
    return PrintedQuestion(
        number=number, question=q, options=options, prompt=prompt, blanks=blanks, points=points(q), lines=lines,
        width=width, explanation=Markup(to_html(q.explanation, images)) if q.explanation else None, short=short,
        items=items, letters=letters, images=images, range=accepted,
    )  # fmt: skip


def _lettered(texts: Sequence[str], correct: Sequence[bool], images: Mapping[str, str]) -> tuple[Option, ...]:
    """Texts as lettered printed options, in the order given."""
    return tuple(
        Option(letter=option_label(i), text=Markup(to_html(t, images)), correct=c, plain=to_plain(t))
        for i, (t, c) in enumerate(zip(texts, correct, strict=True))
    )


def build_version(deck: Deck, units: Sequence[Unit], options: PrintOptions, index: int, deck_index: int = 1) -> Version:
    """One version: a member of each pool, then questions and options shuffled by ``Random(seed:deck:letter)``.

    ``--order bank`` keeps the bank's order; ``--sections`` groups by topic in
    file order, shuffling (or not) within each topic.
    """
    letter = LETTERS[index]
    rng = random.Random(f"{options.seed}:{deck.name}:{letter}")
    drawn = [draw(unit, options.seed, deck.name, index) for unit in units]
    position = {id(q): i for i, q in enumerate(deck.questions())}
    groups: list[tuple[str | None, list[Question]]]
    if options.sections:
        groups = [(t.name, [q for q in drawn if q.topic == t.name]) for t in deck.topics]
        groups = [g for g in groups if g[1]]
    else:
        groups = [(None, drawn)]
    for _, questions in groups:
        if options.order == "bank":
            questions.sort(key=lambda q: position[id(q)])
        else:
            rng.shuffle(questions)
    order = [q for _, questions in groups for q in questions]
    targets = iter(_answer_positions(order, rng))
    number = iter(range(1, len(order) + 1))
    sections = tuple(
        Section(title, tuple(_printed(q, next(number), next(targets), rng) for q in questions))
        for title, questions in groups
    )
    page = f"d{deck_index}-{letter.lower()}"
    return Version(letter=letter, page=f"quiz-{page}", key_page=f"key-{page}", sections=sections)


def study_sheet(deck: Deck, deck_index: int = 1) -> Version:
    """Every chosen question in bank order, one section per topic, laid out with its answer."""
    number = iter(range(1, sum(len(t.questions) for t in deck.topics) + 1))
    sections = tuple(
        Section(t.name, tuple(_printed(q, next(number), None, None, study=True) for q in t.questions))
        for t in deck.topics
    )
    page = f"study-d{deck_index}"
    return Version(letter="", page=page, key_page=page, sections=sections)


def plan_deck(deck: Deck, options: PrintOptions, deck_index: int = 1) -> PrintedDeck:
    """Every version of one (already selected) deck, or its study sheet, ready for the template."""
    topics = tuple(t.name for t in deck.topics)
    try:
        if options.study:
            return PrintedDeck(name=deck.name, topics=topics, versions=(study_sheet(deck, deck_index),))
        units = select_units(deck, options)
        versions = tuple(build_version(deck, units, options, i, deck_index) for i in range(options.versions))
        return PrintedDeck(name=deck.name, topics=topics, versions=versions, key_page=f"key-d{deck_index}")
    finally:
        _cloze_parts.cache_clear()  # a program that prints many banks keeps none of them


# -- rendering ----------------------------------------------------------------


def _markdown(text: str) -> Markup:
    """Inline Markdown of escaped text: raw HTML in a question stays literal."""
    return Markup(to_html(text))


def format_points(value: Fraction | int) -> str:
    """``2``, ``1.5``, ``0.25``, ``1/3``, ``1 2/3``: points as a marker reads them, never rounded."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    if (value * 100).denominator == 1:
        return f"{float(value):.2f}".rstrip("0").rstrip(".")
    whole, rest = divmod(value, 1)
    return f"{whole} {rest.numerator}/{rest.denominator}" if whole else f"{rest.numerator}/{rest.denominator}"


@cache
def _points_html(value: Fraction | int) -> Markup:
    """A question's or blank's points as printed beside it (digits only: nothing to escape; few distinct values)."""
    return Markup(f'<span class="pts">{format_points(value)} pt{"s" if value > 1 else ""}</span>')


def _css_string(text: str) -> Markup:
    """A quoted CSS string for ``content:``; anything but plain letters is a hex escape (no ``</style>``)."""
    safe = set(string.ascii_letters + string.digits + " -_.,:;!?()")
    body = "".join(c if c in safe else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


@cache
def environment() -> Environment:
    """The one Jinja environment: autoescaping, templates shipped in the package.

    ``types`` maps each question type to the module of the template its kind names (``instruction``,
    ``body`` and ``key`` macros): the one place a question's type picks its layout.
    """
    env = Environment(
        loader=PackageLoader("quizgen", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _markdown
    env.filters["num"] = format_points
    env.filters["pts"] = _points_html
    env.filters["css_string"] = _css_string
    env.filters["ordinal"] = ordinal
    env.globals["types"] = {t: env.get_template(kind.print_template).module for t, kind in KINDS.items()}
    env.globals["question_types"] = QUESTION_TYPES
    env.globals["key_grid"] = key_grid
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
    title = options.title or (planned[0].name if len(planned) == 1 else " · ".join(d.name for d in planned))
    template = environment().get_template("quiz.html.jinja")
    return template.render(
        decks=planned, key=part.key, title=title, study=options.study, size=PAGE_SIZES[options.paper],
        letters={LETTERS[i] for i in part.versions}, head=options,
        of_pages=len(planned) == 1 and len(part.versions) + part.key == 1,
    )  # fmt: skip


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
            outputs += [(path, _render(planned, options, part)) for path, part in printed_files(target, options)]
            outputs += exam_json_outputs(target, planned, options)
    return outputs


def exam_json_outputs(target: Path, planned: Sequence[PrintedDeck], options: PrintOptions) -> list[tuple[Path, str]]:
    """The exam as printed (``<name>.json`` beside the quiz), for ``quizgen mark``: see :mod:`quizgen.exam`."""
    from quizgen.exam import exam_outputs

    return exam_outputs(target, planned, options)
