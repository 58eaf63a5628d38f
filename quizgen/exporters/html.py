"""Printable quizzes (``quizgen print``): shuffled versions of a deck and their answer key, as one HTML file.

This module owns what goes on paper: which questions are picked (``--topic``,
``--count``, round-robin by topic), how each version orders its questions and
options (seeded by a string, so the same seed gives the same file on every
machine), where each mcq's right answer lands (balanced over A, B, C, ... so
the letters betray nothing), and how many points each question is worth. The
layout lives in ``quizgen/templates/`` (``quiz.html.jinja``,
``question.html.jinja``, ``quiz.css.jinja``); Python hands the templates
frozen records and already-safe HTML.

Points: one per card, as Anki counts cards. mcq, multi (all right options
needed), truefalse, typed and basic are 1 point; a cloze is 1 point per
deletion number (its numbered blanks; several deletions sharing a number are
one blank number and one point).
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import assert_never

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from quizgen.errors import QuizgenError
from quizgen.model import (
    Bank,
    Basic,
    Cloze,
    Deck,
    Deletion,
    Mcq,
    Multi,
    Question,
    Topic,
    TrueFalse,
    Typed,
    option_label,
    points,
    topic_matches,
)  # fmt: skip
from quizgen.render import render_cloze, to_html, to_plain

LETTERS = string.ascii_uppercase
MAX_VERSIONS = len(LETTERS)


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """What ``quizgen print`` was asked for; ``count`` is per version, ``None`` meaning every question."""

    versions: int = 1
    seed: int | str = 0
    topics: tuple[str, ...] = ()
    count: int | None = None
    key: bool = True
    tags: tuple[str, ...] = ()
    sections: bool = False
    order: str = "shuffle"
    paper: str = "a4"
    study: bool = False


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
    """One numbered blank of a cloze: the texts it stands for (usually one)."""

    label: int
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PrintedQuestion:
    """A question as it stands in one version: its number, option order and answer space."""

    number: int
    question: Question
    options: tuple[Option, ...]
    prompt: Markup
    blanks: tuple[Blank, ...]
    points: Fraction
    lines: int
    width: str
    explanation: Markup | None = None

    @property
    def right(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)

    def md(self, text: str) -> Markup:
        """A text of this question as safe HTML, its images embedded."""
        return Markup(to_html(text, _data_uris(self.question)))

    @property
    def columns(self) -> bool:
        """Short options go in two columns so a long mcq list does not waste half a page."""
        return (
            len(self.options) >= 4
            and max(len(o.plain) for o in self.options) <= 28
            and not any("<img" in o.text for o in self.options)
        )


@dataclass(frozen=True, slots=True)
class Version:
    """One shuffled version of a deck's quiz; ``page`` names its CSS page so margins show the letter."""

    letter: str
    page: str
    key_page: str
    questions: tuple[PrintedQuestion, ...]

    @property
    def points(self) -> Fraction:
        return sum((q.points for q in self.questions), Fraction(0))

    @property
    def types(self) -> frozenset[str]:
        return frozenset(q.question.type for q in self.questions)


@dataclass(frozen=True, slots=True)
class PrintedDeck:
    """Every version of one deck's quiz, and the topics its questions were drawn from."""

    name: str
    topics: tuple[str, ...]
    versions: tuple[Version, ...]


# -- choosing questions -------------------------------------------------------


def chosen_topics(deck: Deck, wanted: Sequence[str]) -> tuple[Topic, ...]:
    """The deck's topics that ``--topic`` picks (all of them when none is given)."""
    if not wanted:
        return deck.topics
    return tuple(t for t in deck.topics if any(topic_matches(deck, t, w) for w in wanted))


def check_topics(decks: Sequence[Deck], wanted: Sequence[str]) -> None:
    """Refuses a ``--topic`` that names no topic of any deck, listing the topics there are."""
    Bank(tuple(decks)).with_topics(wanted)


def _check_options(options: PrintOptions) -> None:
    if not 1 <= options.versions <= MAX_VERSIONS:
        raise QuizgenError(f"--versions must be between 1 and {MAX_VERSIONS}, not {options.versions}")
    if options.count is not None and options.count < 1:
        raise QuizgenError(f"--count must be at least 1, not {options.count}")


def select_questions(deck: Deck, options: PrintOptions) -> tuple[Question, ...]:
    """The questions every version of the deck holds, in authored order.

    With ``count``, each chosen topic's questions are drawn in a seeded random
    order and taken one topic at a time in turn, so a 10-question quiz over
    two topics has five of each (or as many as a smaller topic has).
    """
    topics = chosen_topics(deck, options.topics)
    pool = [q for t in topics for q in t.questions]
    if options.count is None or options.count >= len(pool):
        return tuple(pool)
    rng = random.Random(f"{options.seed}:{deck.name}:pick")
    queues: list[list[int]] = []
    start = 0
    for topic in topics:
        drawn = list(range(start, start + len(topic.questions)))
        rng.shuffle(drawn)
        queues.append(drawn)
        start += len(topic.questions)
    picked: set[int] = set()
    while len(picked) < options.count:
        for queue in queues:
            if queue and len(picked) < options.count:
                picked.add(queue.pop(0))
    return tuple(q for i, q in enumerate(pool) if i in picked)


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


def _arrange(q: Mcq | Multi, target: int | None, rng: random.Random) -> tuple[Option, ...]:
    """Shuffles the unpinned options (the right mcq answer at ``target``); pinned ones follow as given."""
    free = [o for o in q.options if o.text not in q.pinned]
    if target is not None and isinstance(q, Mcq) and q.answer in free:
        free.remove(q.answer)
        rng.shuffle(free)
        free.insert(target, q.answer)
    else:
        rng.shuffle(free)
    by_text = {o.text: o for o in q.options}
    images = _data_uris(q)
    return tuple(
        Option(
            letter=option_label(i),
            text=Markup(to_html(o.text, images)),
            correct=q.is_right(o),
            why=Markup(to_html(o.why, images)) if o.why else None,
            plain=to_plain(o.text),
        )
        for i, o in enumerate([*free, *(by_text[p] for p in q.pinned)])
    )


def _data_uris(q: Question) -> dict[str, str]:
    """The question's images as ``data:`` URIs, so the printed file stays self-contained."""
    return {image.src: image.file.data_uri for image in q.images}


def _cloze(q: Cloze) -> tuple[Markup, tuple[Blank, ...]]:
    """The prompt with each deletion as a numbered blank; numbers follow first appearance (c3, c1 -> 1, 2)."""
    labels: dict[int, int] = {}
    texts: dict[int, list[str]] = {}

    def blank(d: Deletion) -> str:
        label = labels.setdefault(d.number, len(labels) + 1)
        if d.text not in texts.setdefault(d.number, []):
            texts[d.number].append(d.text)
        html = Markup('<span class="blank {}"><span class="blank-no">{}</span></span>').format(
            _blank_width(to_plain(d.text)), label
        )
        if d.hint:
            html += Markup('<span class="hint">({})</span>').format(Markup(to_html(d.hint)))
        return str(Markup('<span class="gap">{}</span>').format(html))

    images = _data_uris(q)
    prompt = Markup(render_cloze(q.pieces, lambda text: to_html(text, images), blank))
    blanks = tuple(Blank(labels[n], tuple(texts[n])) for n in sorted(labels, key=labels.__getitem__))
    return prompt, blanks


def _blank_width(answer: str) -> str:
    """A blank wide enough to write the answer by hand, in a few sizes so the width hints little."""
    n = len(answer)
    return "w-s" if n <= 6 else "w-m" if n <= 14 else "w-l" if n <= 26 else "w-xl"


def _answer_lines(q: Basic) -> int:
    """Writing lines for a basic answer: about 45 handwritten characters a line, plus one to spare."""
    return max(2, min(10, math.ceil(len(to_plain(q.answer)) / 45) + 1))


def _typed_width(q: Typed) -> str:
    """The typed answer line, long enough for the longest accepted spelling, in a few steps."""
    n = max(len(to_plain(a)) for a in (q.answer, *q.accept))
    return "w-m" if n <= 12 else "w-l" if n <= 30 else "w-full"


def _printed(q: Question, number: int, target: int | None, rng: random.Random) -> PrintedQuestion:
    """One question as it stands in a version: each type lays out its own answer space."""
    images = _data_uris(q)
    options: tuple[Option, ...] = ()
    blanks: tuple[Blank, ...] = ()
    lines, width = 0, ""
    match q:
        case Cloze():
            prompt, blanks = _cloze(q)
        case Mcq() | Multi():
            prompt, options = Markup(to_html(q.prompt, images)), _arrange(q, target, rng)
        case Basic():
            prompt, lines = Markup(to_html(q.prompt, images)), _answer_lines(q)
        case Typed():
            prompt, lines, width = Markup(to_html(q.prompt, images)), 1, _typed_width(q)
        case TrueFalse():
            prompt = Markup(to_html(q.prompt, images))
        case _:
            assert_never(q)
    return PrintedQuestion(
        number=number, question=q, options=options, prompt=prompt, blanks=blanks, points=points(q), lines=lines,
        width=width, explanation=Markup(to_html(q.explanation, images)) if q.explanation else None,
    )  # fmt: skip


def build_version(
    deck: Deck, questions: Sequence[Question], seed: int | str, index: int, deck_index: int = 1
) -> Version:
    """One version: questions and options shuffled by ``Random(f"{seed}:{deck}:{letter}")``."""
    letter = LETTERS[index]
    rng = random.Random(f"{seed}:{deck.name}:{letter}")
    order = list(questions)
    rng.shuffle(order)
    targets = _answer_positions(order, rng)
    printed = [
        _printed(q, number, target, rng) for number, (q, target) in enumerate(zip(order, targets, strict=True), start=1)
    ]
    page = f"d{deck_index}-{letter.lower()}"
    return Version(letter=letter, page=f"quiz-{page}", key_page=f"key-{page}", questions=tuple(printed))


def plan_deck(deck: Deck, options: PrintOptions, deck_index: int = 1) -> PrintedDeck:
    """Every version of one deck, ready for the template."""
    questions = select_questions(deck, options)
    topics = tuple(t.name for t in chosen_topics(deck, options.topics))
    versions = tuple(build_version(deck, questions, options.seed, i, deck_index) for i in range(options.versions))
    return PrintedDeck(name=deck.name, topics=topics, versions=versions)


# -- rendering ----------------------------------------------------------------


def _markdown(text: str) -> Markup:
    """Inline Markdown of escaped text: raw HTML in a question stays literal."""
    return Markup(to_html(text))


def format_points(value: Fraction | int) -> str:
    """``2``, ``1.5``, ``0.33``: points as a marker reads them (a fraction shown as a decimal)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _css_string(text: str) -> Markup:
    """A quoted CSS string for ``content:``; anything but plain letters is a hex escape (no ``</style>``)."""
    safe = set(string.ascii_letters + string.digits + " -_.,:;!?()")
    body = "".join(c if c in safe else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


@cache
def environment() -> Environment:
    """The one Jinja environment: autoescaping, templates shipped in the package."""
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
    env.filters["css_string"] = _css_string
    return env


def render_document(decks: Iterable[Deck], options: PrintOptions) -> str:
    """One HTML file holding each deck's versions (and keys) in turn; each deck starts on a new page."""
    _check_options(options)
    chosen = list(decks)
    check_topics(chosen, options.topics)
    planned = [
        plan_deck(deck, options, i)
        for i, deck in enumerate((d for d in chosen if chosen_topics(d, options.topics)), start=1)
    ]
    title = planned[0].name if len(planned) == 1 else " · ".join(d.name for d in planned)
    return environment().get_template("quiz.html.jinja").render(decks=planned, key=options.key, title=title)


def render_quiz(deck: Deck, options: PrintOptions) -> str:
    """The printable quiz of one deck: pure and deterministic for a given ``options.seed``."""
    return render_document([deck], options)


def print_outputs(bank: Bank, output: Path | None, options: PrintOptions, folder: Path) -> list[tuple[Path, str]]:
    """``quizgen print``: one file with every deck (``output``) or ``folder/<slug>-quiz.html`` per deck.

    Everything is rendered before anything is written, so a refused option or
    topic leaves the disk untouched.
    """
    _check_options(options)
    decks = bank.with_topics(options.topics).decks
    if output is not None:
        return [(output, render_document(decks, options))]
    targets = Bank(decks).deck_files(folder, "-quiz.html")
    return [(target, render_quiz(deck, options)) for target, deck in targets.items()]
