"""The validated, immutable question bank that every exporter and ``play`` share.

Objects here are built only by :mod:`quizgen.validate`; once built they are
trusted, so exporters never re-check them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

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
    file's tags followed by the question's own, without repeats.
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

        pinned_keys = [p.strip() for p in self.pinned]
        pinned = [next(o for o in self.options if o.strip() == key) for key in pinned_keys]
        free = [o for o in self.options if o.strip() not in pinned_keys]
        random.Random(f"{seed}\x1f{self.deck}\x1f{self.id}").shuffle(free)
        return (*free, *pinned)

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
    """Fold what a learner should not be marked down for: case, Unicode form, spacing."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


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

    def deck(self, name: str) -> Deck:
        for deck in self.decks:
            if deck.name == name:
                return deck
        raise KeyError(name)


def slugify(name: str) -> str:
    """``"Baclofen: Basics"`` -> ``"baclofen-basics"``; never empty."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "deck"
