"""``mcq``: multiple choice with one right option among distractors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizgen.kinds.base import PROMPT_SIDE, Key, Kind, NoteType
from quizgen.kinds.choice import (
    FIELDS,
    MARKED_SIDE,
    OPTIONS_SIDE,
    PINNED_HELP,
    PINNED_SHAPE,
    check_choice,
    options_shape,
)
from quizgen.model import Mcq

if TYPE_CHECKING:
    from quizgen.validate import Fields


def check(f: Fields) -> Mcq | None:
    parts = check_choice(f, multi=False)
    if parts is None:
        return None
    prompt, right, wrong, pinned = parts
    return Mcq(**f.common(), prompt=prompt, answer=right[0], distractors=wrong, pinned=pinned)


KIND = Kind(
    name="mcq",
    cls=Mcq,
    help="Multiple choice with one right option: `answer` is one option, `distractors` the wrong ones "
    "(at least 1); no option repeated.",
    keys=(
        Key(
            "answer",
            "The one right option: text, or `{text, why}` with the reason it is right. Required. "
            "Example: `answer: GABA-B receptor`",
            {"$ref": "#/$defs/option"},
            required=True,
        ),
        Key(
            "distractors",
            "The wrong options, at least 1: each text, or `{text, why}` with the reason it is wrong. "
            "None may repeat the answer or another distractor. "
            "Example: `distractors: [GABA-A receptor, NMDA receptor]`",
            options_shape(),
            required=True,
        ),
        Key("pinned", PINNED_HELP, PINNED_SHAPE),
    ),
    check=check,
    note=NoteType(
        id=1810003611,
        name="quizgen: Multiple choice",
        fields=FIELDS,
        front=f"{PROMPT_SIDE}\n{OPTIONS_SIDE}",
        back_top=PROMPT_SIDE,
        back_bottom=MARKED_SIDE,
        scripted=True,
    ),
    print_template="types/mcq.html.jinja",
)
