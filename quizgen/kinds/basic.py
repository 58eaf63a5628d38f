"""``basic``: free recall, a front (prompt) and a back (answer). The default type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizgen.kinds.base import ANSWER_SIDE, LINES, PROMPT_SIDE, TAIL, TEXT, Field, Key, Kind, NoteType
from quizgen.model import Basic

if TYPE_CHECKING:
    from quizgen.validate import Fields


def check(f: Fields) -> Basic | None:
    prompt, answer, lines = f.text("prompt"), f.text("answer"), f.lines()
    if prompt is None or answer is None or ("lines" in f.fields and lines is None):
        return None
    return Basic(**f.common(), prompt=prompt, answer=answer, lines=lines)


KIND = Kind(
    name="basic",
    cls=Basic,
    help="Free recall: a front (prompt) and a back (answer). The default when `type` is left out.",
    keys=(
        Key(
            "answer",
            "The back of the card. Required, non-empty text. Example: `answer: GABA-B receptor`",
            TEXT,
            required=True,
        ),
        LINES,
    ),  # fmt: skip
    check=check,
    note=NoteType(
        id=1435890634,
        name="quizgen: Basic",
        fields=(Field("Prompt", "prompt"), Field("Answer", "answer"), *TAIL),
        front=PROMPT_SIDE,
        back_top=PROMPT_SIDE,
        back_bottom=ANSWER_SIDE,
    ),
    print_template="types/basic.html.jinja",
)
