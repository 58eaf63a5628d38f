"""``numeric``: a number, right within a tolerance (absolute or ``N%``), with an optional unit.

The answer must be a YAML number, written unquoted: ``answer: "80"`` is refused
with the fix, so an author never stores a number as text by accident. What a
learner types is judged by :func:`quizgen.judge.judge_number` in ``play`` and by
its twin ``quizgen/exporters/card/numeric.js`` on the Anki card.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizgen.kinds.base import LINES, PROMPT_SIDE, TAIL, TEXT, Field, Key, Kind, NoteType
from quizgen.model import Numeric

if TYPE_CHECKING:
    from quizgen.validate import Fields

#: A relative tolerance: a percentage of the answer, written without a space (``5%``, ``2.5%``).
PERCENT = re.compile(r"[0-9]+(\.[0-9]+)?%")
_NUMBER_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

_ASK = f"{PROMPT_SIDE}\n{{{{#Unit}}}}<div class=qg-ask>Answer in {{{{Unit}}}}</div>{{{{/Unit}}}}"
#: The accepted range for the learner, and the bounds and unit for the card's script (out of sight).
_BACK = (
    "{{type:Answer}}\n<div class=qg-answer>{{Accepted}}</div>\n"
    "<div hidden><div class=qg-data-low>{{Lowest}}</div><div class=qg-data-high>{{Highest}}</div>"
    "<div class=qg-data-unit>{{Unit}}</div></div>"
)


def check(f: Fields) -> Numeric | None:
    prompt, lines = f.text("prompt"), f.lines()
    answer = _answer(f)
    tolerance = _tolerance(f) if "tolerance" in f.fields else 0
    unit = f.checker.text(f.fields["unit"], f"{f.where}: unit", required=False) if "unit" in f.fields else None
    if prompt is None or answer is None or tolerance is None:
        return None
    if ("unit" in f.fields and unit is None) or ("lines" in f.fields and lines is None):
        return None
    return Numeric(**f.common(), prompt=prompt, answer=answer, tolerance=tolerance, unit=unit, lines=lines)


def _answer(f: Fields) -> int | float | None:
    node = f.required("answer")
    if node is None:
        return None
    value = f.checker.number(node, f"{f.where}: answer", "answer: 80")
    if isinstance(value, str):
        shown = value.strip()
        if _NUMBER_TEXT.fullmatch(shown.replace(",", ".")):
            fix = f"write it without quotes: answer: {shown.replace(',', '.')}"
        else:
            fix = "write the number alone, like answer: 80, and the unit as unit: mg"
        f.checker.error(node, f'{f.where}: answer must be a number, not the text "{value}"; {fix}')
        return None
    return value


def _tolerance(f: Fields) -> int | float | str | None:
    node = f.fields["tolerance"]
    what = f"{f.where}: tolerance"
    value = f.checker.number(node, what, "tolerance: 2")
    if value is None:
        return None
    fix = "write a number of at least 0 (like tolerance: 2) or a percentage without a space (like tolerance: 5%)"
    if isinstance(value, str):
        shown = value.strip()
        if PERCENT.fullmatch(value):
            return value
        if PERCENT.fullmatch(shown.replace(" ", "")) and "%%" not in shown:
            fix = f"write it without spaces: tolerance: {shown.replace(' ', '')}"
        elif _NUMBER_TEXT.fullmatch(shown) and not shown.startswith("-"):
            fix = f"write it without quotes: tolerance: {shown}"
        f.checker.error(node, f"{what} must be a number or a percentage, not '{value}'; {fix}")
        return None
    if value < 0:
        f.checker.error(node, f"{what} must be at least 0, not {node.value}; it is how far either side of the answer "
                        f"still counts as right, like tolerance: {str(node.value).lstrip('-')}")  # fmt: skip
        return None
    return value


KIND = Kind(
    name="numeric",
    cls=Numeric,
    help="A number, typed or written: right within `tolerance` of `answer` (bounds included); "
    "the `unit` may be written or left out, another unit is wrong.",
    keys=(
        Key(
            "answer",
            "The right number, unquoted (a YAML number; `1.5` and `1e-3` are numbers too). Required. "
            "Example: `answer: 80`",
            {"type": "number"},
            required=True,
        ),
        Key(
            "tolerance",
            "How far either side of the answer still counts as right, bounds included: a number of at least 0 "
            "(absolute) or a percentage `N%` of the answer. Optional, default 0. Example: `tolerance: 5%`",
            {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?%$"}]},
        ),
        Key(
            "unit",
            "The unit of the answer, shown after the answer blank; case matters (`mg` is not `Mg`). "
            "Optional text. Example: `unit: mg`",
            TEXT,
        ),
        LINES,
    ),
    check=check,
    note=NoteType(
        id=1225761281,
        name="quizgen: Number",
        fields=(
            Field("Prompt", "prompt"),
            Field("Answer", "answer"),
            Field("Unit", "answer"),
            Field("Accepted", "answer"),
            Field("Lowest", "answer"),
            Field("Highest", "answer"),
            *TAIL,
        ),
        front=f"{_ASK}\n{{{{type:Answer}}}}",
        back_top=_ASK,
        back_bottom=_BACK,
        scripted=True,
        script="numeric",
    ),
    print_template="types/numeric.html.jinja",
)
