"""The question types, one module each, and the registry that lists them in the bank's order.

Adding a type: write ``quizgen/kinds/<type>.py`` with its :class:`~quizgen.kinds.base.Kind`
(its dataclass goes in :mod:`quizgen.model` and the ``Question`` union), add its name to
``QuestionType`` and one ``case`` below; mypy then names every place that must handle it.
"""

from __future__ import annotations

from typing import assert_never

from quizgen.kinds import basic, cloze, matching, mcq, multi, numeric, ordering, truefalse, typed
from quizgen.kinds.base import Field, Key, Kind, NoteType
from quizgen.model import QUESTION_TYPES, QuestionType

__all__ = ["DEFAULT", "KINDS", "Field", "Key", "Kind", "NoteType"]

#: The type of a question that names none.
DEFAULT: QuestionType = "basic"


def _declared(name: QuestionType) -> Kind:
    """The kind of each type: mypy names a type that has none here."""
    match name:
        case "basic":
            return basic.KIND
        case "mcq":
            return mcq.KIND
        case "multi":
            return multi.KIND
        case "truefalse":
            return truefalse.KIND
        case "cloze":
            return cloze.KIND
        case "typed":
            return typed.KIND
        case "numeric":
            return numeric.KIND
        case "matching":
            return matching.KIND
        case "ordering":
            return ordering.KIND
        case _:
            assert_never(name)


#: Every kind, in the order of :data:`quizgen.model.QUESTION_TYPES` (the schema's, the reports').
KINDS: dict[QuestionType, Kind] = {name: _declared(name) for name in QUESTION_TYPES}
