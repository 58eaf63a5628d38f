"""The validated, immutable question bank that every exporter and ``play`` share.

Objects here are built only by :mod:`quizgen.validate`; once built they are
trusted, so exporters never re-check them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quizgen.errors import QuizgenError

QuestionType = Literal["basic", "mcq", "multi", "truefalse", "cloze", "typed"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("basic", "mcq", "multi", "truefalse", "cloze", "typed")

#: A well-formed cloze deletion: ``{{cN::text}}`` or ``{{cN::text::hint}}``.
CLOZE_RE = re.compile(r"\{\{c([1-9][0-9]*)::((?:(?!\{\{|\}\}|::).)+?)(?:::((?:(?!\{\{|\}\}).)*?))?\}\}", re.S)


@dataclass(frozen=True, slots=True)
class Deletion:
    """One ``{{cN::text::hint}}`` of a cloze prompt; each distinct ``number`` is one card."""

    number: int
    text: str
    hint: str | None


@dataclass(frozen=True, slots=True)
class Question:
    """One question, with its deck and topic so it can stand on its own.

    ``answer`` is a ``str`` for basic, mcq and typed, a tuple of ``str`` for
    multi, a ``bool`` for truefalse and ``None`` for cloze. ``tags`` are the
    file's tags followed by the question's own, without repeats. ``pinned``
    holds the pinned options exactly as they stand in ``options``.
    """

    deck: str
    topic: str
    id: str
    type: QuestionType
    prompt: str
    answer: str | tuple[str, ...] | bool | None
    distractors: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    explanation: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    deletions: tuple[Deletion, ...] = ()
    path: str = ""
    line: int = 0

    @property
    def correct(self) -> tuple[str, ...]:
        """The right options of an mcq or multi question (empty for other types)."""
        if self.type == "mcq" and isinstance(self.answer, str):
            return (self.answer,)
        if self.type == "multi" and isinstance(self.answer, tuple):
            return self.answer
        return ()

    @property
    def options(self) -> tuple[str, ...]:
        """Every option of an mcq or multi question, right ones first, as authored."""
        return self.correct + self.distractors

    def shuffled_options(self, seed: str = "") -> tuple[str, ...]:
        """The options in a stable shuffled order (same deck, id and seed: same order), pinned ones last.

        Seeded by identity, never by text, so a learner sees the same order in
        Anki and in ``play`` and a typo fix does not reshuffle the options.
        """
        import random

        free = [o for o in self.options if o not in self.pinned]
        random.Random(f"{seed}\x1f{self.deck}\x1f{self.id}").shuffle(free)
        return (*free, *self.pinned)

    @property
    def cloze_numbers(self) -> tuple[int, ...]:
        """The distinct deletion numbers of a cloze question, ascending: one card each."""
        return tuple(sorted({d.number for d in self.deletions}))

    @property
    def card_count(self) -> int:
        """How many cards the question makes: one per cloze number, else one."""
        return len(self.cloze_numbers) if self.type == "cloze" else 1

    def accepts(self, typed: str) -> bool:
        """Whether a typed answer counts as right: case, spacing and ``accept`` forgiven."""
        if self.type != "typed" or not isinstance(self.answer, str):
            return False
        given = normalize_answer(typed)
        return any(given == normalize_answer(a) for a in (self.answer, *self.accept))


def normalize_answer(text: str) -> str:
    """Fold what a learner should not be marked down for: Markdown markers, case, Unicode form, spacing."""
    from quizgen.render import to_plain

    return " ".join(unicodedata.normalize("NFKC", to_plain(text)).casefold().split())


def option_label(index: int) -> str:
    """``A``, ``B``, ... ``Z``, then ``AA``, ``AB``, ...: a letter for any number of options."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


@dataclass(frozen=True, slots=True)
class Topic:
    """The questions of one file: one topic of one deck."""

    deck: str
    name: str
    path: str
    tags: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Bank:
    """Every deck read from the given paths."""

    decks: tuple[Deck, ...]

    def questions(self) -> Iterator[Question]:
        for deck in self.decks:
            yield from deck.questions()

    def with_topics(self, wanted: Sequence[str]) -> Bank:
        """The bank narrowed to the topics ``--topic`` names (all of it when none is named).

        A topic is named by its name, as ``Deck::Topic``, or by its deck's name
        (all its topics), ignoring case and spacing. A name that matches
        nothing is refused with the list of topics there are.
        """
        if not wanted:
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
        decks = []
        for deck in self.decks:
            topics = tuple(t for t in deck.topics if any(topic_matches(deck, t, w) for w in wanted))
            if topics:
                decks.append(Deck(deck.name, topics))
        return Bank(tuple(decks))

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
