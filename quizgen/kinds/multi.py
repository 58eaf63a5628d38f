"""``multi``: several right options among distractors; all are needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizgen.kinds.base import PROMPT_SIDE, SCORING_KEY, Key, Kind, NoteType, check_scoring
from quizgen.kinds.choice import (
    FIELDS,
    MARKED_SIDE,
    OPTIONS_SIDE,
    PINNED_HELP,
    PINNED_SHAPE,
    check_choice,
    options_shape,
)
from quizgen.model import Multi

if TYPE_CHECKING:
    from quizgen.validate import Fields

_ASK = f"{PROMPT_SIDE}\n<div class=qg-ask>Choose all that apply.</div>"


def check(f: Fields) -> Multi | None:
    parts = check_choice(f, multi=True)
    scoring = check_scoring(f)
    if parts is None or scoring is None:
        return None
    prompt, right, wrong, pinned = parts
    return Multi(**f.common(), prompt=prompt, answer=right, distractors=wrong, pinned=pinned, scoring=scoring)


KIND = Kind(
    name="multi",
    cls=Multi,
    help="Multiple choice with several right options: `answer` is a list of at least 1 option, "
    "`distractors` the wrong ones (at least 1); no option repeated.",
    keys=(
        Key(
            "answer",
            "The right options, a list of at least 1: each text, or `{text, why}`. Required. "
            "Example: `answer: [Drowsiness, Dizziness]`",
            options_shape(),
            required=True,
        ),
        Key(
            "distractors",
            "The wrong options, at least 1: each text, or `{text, why}` with the reason it is wrong. "
            "None may repeat an answer or another distractor. Example: `distractors: [Hair loss]`",
            options_shape(),
            required=True,
        ),
        Key("pinned", PINNED_HELP, PINNED_SHAPE),
        SCORING_KEY,
    ),
    check=check,
    note=NoteType(
        id=1105520423,
        name="quizgen: Multiple answers",
        fields=FIELDS,
        front=f"{_ASK}\n{OPTIONS_SIDE}",
        back_top=_ASK,
        back_bottom=MARKED_SIDE,
        scripted=True,
    ),
    print_template="types/multi.html.jinja",
)
