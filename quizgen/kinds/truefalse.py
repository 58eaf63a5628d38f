"""``truefalse``: a statement that is true or false."""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from quizgen.kinds.base import ANSWER_SIDE, PROMPT_SIDE, TAIL, Field, Key, Kind, NoteType
from quizgen.model import TrueFalse
from quizgen.parse import STR, node_kind

if TYPE_CHECKING:
    from quizgen.validate import Fields

_ASK = f"{PROMPT_SIDE}\n<div class=qg-ask>True or false?</div>"
#: Shown only once the script runs: without it the front stays as it always was.
_BUTTONS = "<ol class='qg-options qg-tf' hidden><li>True</li><li>False</li></ol>"


def check(f: Fields) -> TrueFalse | None:
    prompt = f.text("prompt")
    node = f.required("answer")
    if node is None:
        return None
    value = f.checker.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, bool):
        if isinstance(node, yaml.ScalarNode) and node.tag == STR and node.value.strip().lower() in ("true", "false"):
            word = node.value.strip().lower()
            f.checker.error(
                node, f"{f.where}: the answer of a truefalse question is the word {word} without quotes: answer: {word}"
            )
        else:
            shown = node.value if isinstance(node, yaml.ScalarNode) else node_kind(node)
            f.checker.error(node, f"{f.where}: the answer of a truefalse question is true or false, not {shown!s}")
        return None
    return None if prompt is None else TrueFalse(**f.common(), prompt=prompt, answer=value)


KIND = Kind(
    name="truefalse",
    cls=TrueFalse,
    help="A statement that is true or false: `answer: true` or `answer: false` (unquoted).",
    keys=(
        Key(
            "answer",
            "Whether the prompt is true: `true` or `false`, without quotes (yes/no are text, not "
            "booleans). Required. Example: `answer: true`",
            {"type": "boolean"},
            required=True,
        ),
    ),
    check=check,
    note=NoteType(
        id=1897904821,
        name="quizgen: True or false",
        fields=(Field("Prompt", "prompt"), Field("Answer", "answer"), *TAIL),
        front=f"{_ASK}\n{_BUTTONS}",
        back_top=_ASK,
        back_bottom=ANSWER_SIDE,
        scripted=True,
    ),
    print_template="types/truefalse.html.jinja",
)
