"""The validated, immutable question bank that every exporter and ``play`` share.

One frozen dataclass per question type, joined in the :data:`Question` union:
each type carries exactly its own fields, and every consumer dispatches with
``match`` and ``assert_never``, so mypy names each place a new type or field
must touch. Each type's other declarations (keys, checker, Anki note type,
print template) are its kind in :mod:`quizgen.kinds`. Objects here are built
only by the kinds' checkers, which :mod:`quizgen.validate` runs; once built
they are trusted, so exporters never re-check them.

The classes are frozen but keep a ``__dict__`` (no ``slots``): ``play`` loads a
cached bank with pickle, which restores a ``__dict__`` in C but a slotted
dataclass through Python code, object by object (twice as slow to the first card).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, assert_never, get_args

from quizgen.errors import Problem, QuizgenError

if TYPE_CHECKING:
    from quizgen.images import ImageFile

#: The question types, in the bank's order; each has its kind in :data:`quizgen.kinds.KINDS`.
QuestionType = Literal["basic", "mcq", "multi", "truefalse", "cloze", "typed", "numeric", "matching", "ordering"]
QUESTION_TYPES: tuple[QuestionType, ...] = get_args(QuestionType)
#: How a question of several parts (``multi``, ``matching``, ``ordering``) is marked: every part, or a share.
Scoring = Literal["all", "partial"]


@dataclass(frozen=True)
class Deletion:
    """One ``{{cN::text::hint}}`` of a cloze prompt; each distinct ``number`` is one card."""

    number: int
    text: str
    hint: str | None = None


#: A cloze prompt, parsed once: its text pieces and deletions in the order they stand.
ClozePiece = str | Deletion


@dataclass(frozen=True)
class Option:
    """One option of an mcq or multi question, with the author's reason for it (if any)."""

    text: str
    why: str | None = None


@dataclass(frozen=True)
class Image:
    """An image a question's text shows: ``src`` exactly as written, and the checked file it names."""

    src: str
    file: ImageFile


@dataclass(frozen=True, kw_only=True)
class _Common:
    """What every question has, with its deck and topic so it can stand on its own.

    ``tags`` are the file's tags followed by the question's own, without
    repeats. ``points`` is ``None`` when the author gave none (see
    :func:`points`). ``images`` are the images any of its texts shows.
    ``rubric``: the marking points of the answer key and the study sheet.
    """

    type: ClassVar[QuestionType]

    deck: str
    topic: str
    id: str
    explanation: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    points: int | None = None
    pool: str | None = None
    images: tuple[Image, ...] = ()
    path: str = ""
    line: int = 0
    source_line: int = 0  # the line of its ``source:`` key, for ``check --source`` (0: no source)
    rubric: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Basic(_Common):
    """Free recall: a front and a back."""

    type: ClassVar[QuestionType] = "basic"
    prompt: str
    answer: str
    lines: int | None = None  # ruled answer lines on paper; None: as many as the answer needs


@dataclass(frozen=True, kw_only=True)
class _Choice(_Common):
    """What mcq and multi share: options, some right, some pinned last."""

    prompt: str
    distractors: tuple[Option, ...]
    pinned: tuple[str, ...] = ()  # the pinned options' texts, exactly as in ``options``

    @property
    def correct(self) -> tuple[Option, ...]:
        raise NotImplementedError

    @property
    def options(self) -> tuple[Option, ...]:
        """Every option, right ones first, as authored."""
        return self.correct + self.distractors

    def is_right(self, option: Option) -> bool:
        return option in self.correct

    def shuffled_options(self, seed: str = "") -> tuple[Option, ...]:
        """The options in a stable shuffled order (same deck, id and seed: same order), pinned ones last.

        Seeded by identity, never by text, so a learner sees the same order in
        Anki and in ``play`` and a typo fix does not reshuffle the options.
        """
        free = [o for o in self.options if o.text not in self.pinned]
        random.Random(f"{seed}\x1f{self.deck}\x1f{self.id}").shuffle(free)
        by_text = {o.text: o for o in self.options}
        return (*free, *(by_text[p] for p in self.pinned))


@dataclass(frozen=True, kw_only=True)
class Mcq(_Choice):
    """One right option among distractors."""

    type: ClassVar[QuestionType] = "mcq"
    answer: Option

    @property
    def correct(self) -> tuple[Option, ...]:
        return (self.answer,)


@dataclass(frozen=True, kw_only=True)
class Multi(_Choice):
    """Several right options among distractors; all are needed."""

    type: ClassVar[QuestionType] = "multi"
    answer: tuple[Option, ...]
    scoring: Scoring = "all"

    @property
    def correct(self) -> tuple[Option, ...]:
        return self.answer


@dataclass(frozen=True, kw_only=True)
class TrueFalse(_Common):
    """A statement that is true or false."""

    type: ClassVar[QuestionType] = "truefalse"
    prompt: str
    answer: bool


@dataclass(frozen=True, kw_only=True)
class Cloze(_Common):
    """Text with deletions: one card per deletion number. ``accept``: number -> other right answers."""

    type: ClassVar[QuestionType] = "cloze"
    pieces: tuple[ClozePiece, ...]
    accept: tuple[tuple[int, tuple[str, ...]], ...] = ()

    @property
    def deletions(self) -> tuple[Deletion, ...]:
        return tuple(p for p in self.pieces if isinstance(p, Deletion))

    @property
    def numbers(self) -> tuple[int, ...]:
        """The distinct deletion numbers, ascending: one card each."""
        return tuple(sorted({d.number for d in self.deletions}))

    @property
    def prompt(self) -> str:
        """The prompt in Anki's syntax, as the author wrote it."""
        return "".join(_deletion_source(p) if isinstance(p, Deletion) else p for p in self.pieces)

    def answers(self, number: int) -> tuple[str, ...]:
        """The texts deletion ``number`` stands for (usually one), in order."""
        return tuple(d.text for d in self.deletions if d.number == number)

    def accepted(self, number: int) -> tuple[str, ...]:
        return dict(self.accept).get(number, ())


@dataclass(frozen=True, kw_only=True)
class Typed(_Common):
    """The learner types the answer; ``accept`` holds other right spellings."""

    type: ClassVar[QuestionType] = "typed"
    prompt: str
    answer: str
    accept: tuple[str, ...] = ()
    lines: int | None = None  # ruled answer lines on paper; None: one answer line


@dataclass(frozen=True, kw_only=True)
class Numeric(_Common):
    """A number, right within ``tolerance`` (absolute, or ``"N%"`` of the answer); ``unit`` is optional."""

    type: ClassVar[QuestionType] = "numeric"
    prompt: str
    answer: int | float
    tolerance: int | float | str = 0
    unit: str | None = None
    lines: int | None = None  # ruled answer lines on paper; None: one answer blank


@dataclass(frozen=True)
class Pair:
    """One item of a matching question and the match that belongs to it."""

    item: str
    match: str


def unaligned_order(count: int, placed: int, rng: random.Random) -> tuple[int, ...]:
    """A shuffled order of ``count`` indices in which the first ``placed`` are never all in their own places.

    Shown in such an order, a matching's matches never line up with their items
    (item 1 with A, 2 with B, ...) and an ordering is never shown solved: a draw
    that lines them up is rotated by one (two entries: reversed).
    """
    order = list(range(count))
    rng.shuffle(order)
    if count > 1 and order[:placed] == list(range(placed)):
        order = order[1:] + order[:1]
    return tuple(order)


@dataclass(frozen=True, kw_only=True)
class Matching(_Common):
    """Items, each with the one match that belongs to it; ``distractors`` are matches that belong to none."""

    type: ClassVar[QuestionType] = "matching"
    prompt: str
    pairs: tuple[Pair, ...]
    distractors: tuple[str, ...] = ()
    scoring: Scoring = "all"

    @property
    def matches(self) -> tuple[str, ...]:
        """Every match, the items' first (in item order), then the distractors."""
        return tuple(p.match for p in self.pairs) + self.distractors

    def shuffled_matches(self, seed: str = "") -> tuple[int, ...]:
        """Indices into :attr:`matches` in a stable shuffled order (same deck, id and seed: same order)."""
        rng = random.Random(f"{seed}\x1f{self.deck}\x1f{self.id}")
        return unaligned_order(len(self.matches), len(self.pairs), rng)


@dataclass(frozen=True, kw_only=True)
class Ordering(_Common):
    """Entries the learner puts in order; ``answer`` is the right order."""

    type: ClassVar[QuestionType] = "ordering"
    prompt: str
    answer: tuple[str, ...]
    scoring: Scoring = "all"

    def shuffled_entries(self, seed: str = "") -> tuple[int, ...]:
        """Indices into :attr:`answer` in a stable shuffled order, never the right one."""
        rng = random.Random(f"{seed}\x1f{self.deck}\x1f{self.id}")
        return unaligned_order(len(self.answer), len(self.answer), rng)


Question = Basic | Mcq | Multi | TrueFalse | Cloze | Typed | Numeric | Matching | Ordering


def _deletion_source(d: Deletion) -> str:
    return f"{{{{c{d.number}::{d.text}{f'::{d.hint}' if d.hint else ''}}}}}"


def card_numbers(question: Question) -> tuple[int, ...]:
    """One entry per card: the cloze numbers of a cloze, else ``(0,)``."""
    return question.numbers if isinstance(question, Cloze) else (0,)


def card_count(question: Question) -> int:
    return len(card_numbers(question))


def points(question: Question) -> Fraction:
    """The marks a question is worth on paper: ``points``, else 1 (a cloze: 1 per deletion number)."""
    if question.points is not None:
        return Fraction(question.points)
    return Fraction(card_count(question))


def texts(question: Question) -> Iterator[str]:
    """Every authored text of a question (prompt, answers, options, reasons, explanation): for scans."""
    match question:
        case Basic() | Typed():
            yield question.prompt
            yield question.answer
            if isinstance(question, Typed):
                yield from question.accept
        case Mcq() | Multi():
            yield question.prompt
            for option in question.options:
                yield option.text
                if option.why:
                    yield option.why
        case TrueFalse() | Numeric():
            yield question.prompt
            if isinstance(question, Numeric) and question.unit:
                yield question.unit
        case Matching():
            yield question.prompt
            for pair in question.pairs:
                yield pair.item
                yield pair.match
            yield from question.distractors
        case Ordering():
            yield question.prompt
            yield from question.answer
        case Cloze():
            yield question.prompt
            for _, accepted in question.accept:
                yield from accepted
        case _:
            assert_never(question)
    if question.explanation:
        yield question.explanation
    yield from question.rubric


def option_label(index: int) -> str:
    """``A``, ``B``, ... ``Z``, then ``AA``, ``AB``, ...: a letter for any number of options."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ... ``11th``, ``21st``: the places of an ordering."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Topic:
    """The questions of one file: one topic of one deck."""

    deck: str
    name: str
    path: str
    tags: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Deck:
    """All topics that name the same deck, in the order their files were found."""

    name: str
    topics: tuple[Topic, ...]

    @property
    def slug(self) -> str:
        """A file-name-safe form of the name: ``decks/<slug>.apkg``."""
        return slugify(self.name)

    def questions(self) -> Iterator[Question]:
        for topic in self.topics:
            yield from topic.questions


@dataclass(frozen=True)
class Selection:
    """Which questions a command works on: ``--topic`` and ``--tag`` (none of either: all)."""

    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bank:
    """Every deck read from the given paths."""

    decks: tuple[Deck, ...]
    images: tuple[ImageFile, ...] = field(default=())
    #: What the checks found probably wrong but possibly meant (``path:line: warning: ...``); never invalid.
    warnings: tuple[Problem, ...] = field(default=())

    def questions(self) -> Iterator[Question]:
        for deck in self.decks:
            yield from deck.questions()

    def select(self, selection: Selection) -> Bank:
        """The bank narrowed to what ``--topic`` and ``--tag`` name (all of it when neither is given).

        A topic is named by its name, as ``Deck::Topic``, or by its deck's name
        (all its topics), ignoring case and spacing; a tag is matched ignoring
        case. A question is kept when it is in a named topic (or none is named)
        and carries a named tag (or none is named). A name that matches nothing
        is refused with the list of names there are.
        """
        wanted, tags = selection.topics, selection.tags
        if not wanted and not tags:
            return self
        unknown = [w for w in wanted if not any(topic_matches(d, t, w) for d in self.decks for t in d.topics)]
        if unknown:
            several = len(self.decks) > 1
            names = sorted(
                {f"{d.name}::{t.name}" if several else t.name for d in self.decks for t in d.topics}, key=str.casefold
            )
            raise QuizgenError(
                f"no topic named {', '.join(repr(u) for u in unknown)}; topics are: {', '.join(names) or '(none)'}"
            )
        known_tags = {fold_name(t) for q in self.questions() for t in q.tags}
        missing = [t for t in tags if fold_name(t) not in known_tags]
        if missing:
            shown = sorted({t for q in self.questions() for t in q.tags}, key=str.casefold)
            raise QuizgenError(
                f"no question is tagged {', '.join(repr(m) for m in missing)}; tags are: {', '.join(shown) or '(none)'}"
            )
        wanted_tags = {fold_name(t) for t in tags}
        decks = []
        for deck in self.decks:
            topics = []
            for topic in deck.topics:
                if wanted and not any(topic_matches(deck, topic, w) for w in wanted):
                    continue
                kept = tuple(
                    q for q in topic.questions if not wanted_tags or wanted_tags & {fold_name(t) for t in q.tags}
                )
                if kept:
                    topics.append(Topic(topic.deck, topic.name, topic.path, topic.tags, kept))
            if topics:
                decks.append(Deck(deck.name, tuple(topics)))
        if not decks:
            raise QuizgenError("no question is both in the topics and carries the tags you named")
        return Bank(tuple(decks), self.images)

    def deck_files(self, folder: Path, suffix: str) -> dict[Path, Deck]:
        """``folder/<slug><suffix>`` for each deck; refuses two decks that would share a file."""
        files: dict[Path, Deck] = {}
        for deck in self.decks:
            target = folder / f"{deck.slug}{suffix}"
            if target in files:
                raise QuizgenError(
                    f"decks '{files[target].name}' and '{deck.name}' would both be written to {target}; "
                    "rename one, or write a single file with -o"
                )
            files[target] = deck
        return files


def fold_name(name: str) -> str:
    """A deck or topic name as ``--topic`` compares it: case, spacing and spaces around ``::`` ignored."""
    return "::".join(" ".join(part.casefold().split()) for part in name.split("::"))


def topic_matches(deck: Deck, topic: Topic, wanted: str) -> bool:
    """Whether ``--topic wanted`` names this topic: by its name, ``Deck::Topic``, or its deck's name."""
    w = fold_name(wanted)
    return w in (fold_name(topic.name), fold_name(f"{deck.name}::{topic.name}"), fold_name(deck.name))


def slugify(name: str) -> str:
    """``"Baclofen: Basics"`` -> ``"baclofen-basics"``, ``"Pharmakologie ü"`` -> ``"pharmakologie-u"``.

    Names with no Latin letters keep their own (``"日本語"`` -> ``"日本語"``), so
    decks in other scripts get files of their own; never empty.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not slug:
        slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", name).casefold()).strip("-")
    return slug or "deck"


def group_pools(questions: Sequence[Question]) -> list[tuple[Question, ...]]:
    """Questions grouped by pool, in order of first appearance; a question without a pool is its own group."""
    groups: dict[str, list[Question]] = {}  # a dict keeps the order of first appearance
    for q in questions:
        groups.setdefault(f"pool\x1f{q.pool}" if q.pool else f"id\x1f{q.id}", []).append(q)
    return [tuple(group) for group in groups.values()]
