"""What one question type declares: its keys, its checker, its Anki note type and its print template.

A :class:`Kind` is pure data plus one function: every consumer that needs
per-type behaviour reads it from the kind (through :data:`quizgen.kinds.KINDS`)
or matches on the model's union with ``assert_never``. Nothing here imports
an exporter or the validator at run time, so the kinds sit below both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from quizgen.model import Question, QuestionType, Scoring

if TYPE_CHECKING:
    from quizgen.validate import Fields

#: A JSON Schema fragment: the shape of one key's value in the editor's schema.
Shape = dict[str, Any]
#: Which part of a question an Anki field holds: the release report's vocabulary.
Part = Literal["prompt", "answer", "options", "explanation", "source", "id"]
#: Checks one question's own keys and builds its dataclass (``None``: the problems are reported).
Check = Callable[["Fields"], Question | None]

TEXT: Shape = {"$ref": "#/$defs/text"}


def text_list(**more: Any) -> Shape:
    """A list of non-empty texts, with any further schema keywords."""
    return {"type": "array", "items": {"$ref": "#/$defs/text"}, **more}


@dataclass(frozen=True)
class Key:
    """A key of a question file: its name, its hover help (with an example) and the shape of its value."""

    name: str
    help: str
    shape: Shape
    required: bool = False


@dataclass(frozen=True)
class Field:
    """One field of an Anki note type and the part of the question it holds."""

    name: str
    part: Part


#: The fields every note type ends with.
TAIL: tuple[Field, ...] = (Field("Explanation", "explanation"), Field("Source", "source"), Field("Question ID", "id"))


@dataclass(frozen=True)
class NoteType:
    """A type's Anki note type. ``id``, ``name`` and ``fields`` are published: fixed forever.

    The card's look (``front`` and the back above and below the rule) may change
    between releases; the shared CSS, scripts and the explanation/source/id block
    are added by :mod:`quizgen.exporters.anki_cards`. ``scripted`` cards get the
    card script (options to tap, a typed verdict), ``judge`` ones also the typed-answer checker,
    and a ``script`` names the type's own scripts (:mod:`quizgen.exporters.card_scripts`).
    """

    id: int
    name: str
    fields: tuple[Field, ...]
    front: str
    back_top: str
    back_bottom: str
    card: str = "Card 1"
    cloze: bool = False
    scripted: bool = False
    judge: bool = False
    script: str = ""  # scripts of its own: card/<script>.front.js, .back.js (each in place of the options' one), .js

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Kind:
    """Everything one question type declares, in one place.

    ``keys`` are its keys beyond the common ones (validate, schema); ``overrides``
    give a common key its own meaning for this type (help and shape only).
    ``check`` reads the keys and builds ``cls``; ``print_template`` is its file
    under ``quizgen/templates/`` (its ``instruction`` macro; its layout is ``exporters.html.LAYOUTS``).
    """

    name: QuestionType
    cls: type[Question]
    help: str
    keys: tuple[Key, ...]
    check: Check
    note: NoteType
    print_template: str
    overrides: tuple[Key, ...] = ()

    @cached_property
    def key_names(self) -> tuple[str, ...]:
        """The names of its own keys (read for every key of every question, so computed once)."""
        return tuple(k.name for k in self.keys)


#: ``lines``: the ruled answer lines of a printed question, for the types that are written out (basic, typed, numeric).
LINES = Key(
    "lines",
    "The number of ruled answer lines on a printed quiz. Optional whole number of at least 1, unquoted; "
    "without it the lines follow the answer's length. Example: `lines: 4`",
    {"type": "integer", "minimum": 1},
)

#: The card's prompt, on the front and above the back's rule.
PROMPT_SIDE = "<div class=qg-prompt>{{Prompt}}</div>"
#: The answer field below the back's rule.
ANSWER_SIDE = "<div class=qg-answer>{{Answer}}</div>"


#: The ``scoring`` key of the types whose answer has several parts (multi, matching, ordering).
SCORING_KEY = Key(
    "scoring",
    "How the question is marked on paper and in play: `all` (default: the points need every part right) or "
    "`partial` (points in proportion to the parts right). Example: `scoring: partial`",
    {"enum": ["all", "partial"]},
)


def check_scoring(f: Fields) -> Scoring | None:
    """``all`` (also when the key is left out) or ``partial``; ``None`` with a problem for anything else."""
    node = f.fields.get("scoring")
    if node is None:
        return "all"
    value = f.checker.text(node, f"{f.where}: scoring")
    if value is None:
        return None
    for known in ("all", "partial"):
        if value == known:
            return known
    f.checker.error(
        node,
        f"{f.where}: scoring must be 'all' or 'partial', not '{value}'; write scoring: partial to give points "
        "for each part right, or leave the key out to need every part right",
    )
    return None
