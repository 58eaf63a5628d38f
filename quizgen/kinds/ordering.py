"""``ordering``: entries the learner puts in order; ``answer`` lists them in the right one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from quizgen.kinds.base import PROMPT_SIDE, SCORING_KEY, TAIL, Field, Key, Kind, NoteType, check_scoring, text_list
from quizgen.model import Ordering

if TYPE_CHECKING:
    from quizgen.validate import Fields

_ASK = f"{PROMPT_SIDE}\n<div class=qg-ask>Put these in order, first to last.</div>"
#: The lettered entries in the stored shuffled order; the script reshuffles them per review.
_ENTRIES = "<ol class=qg-entries>{{Entries}}</ol>"
#: The right order: shown whole without JavaScript; the script marks the learner's own order.
_ORDER = "<ol class=qg-sequence>{{Answer}}</ol>\n<ol class=qg-entries hidden>{{Entries}}</ol>"


def check(f: Fields) -> Ordering | None:
    checker = f.checker
    prompt = f.text("prompt")
    node = f.required("answer")
    answer = None
    ok = True
    if node is not None:
        if isinstance(node, yaml.ScalarNode) and isinstance(checker.scalar(node), str):
            checker.error(node, f"{f.where}: the answer of an ordering is a list of at least 2 entries, in order")
        else:
            answer = checker.text_list(node, f"{f.where}: answer")
            if answer is not None and len(answer) < 2:
                checker.error(node, f"{f.where}: answer needs at least 2 entries to put in order")
                answer = None
            if answer is not None and isinstance(node, yaml.SequenceNode):
                entries = [(text, n, "answer") for text, n in zip(answer, node.value, strict=True)]
                ok = checker.no_option_alike(f.where, entries)
    scoring = check_scoring(f)
    if not ok or prompt is None or answer is None or scoring is None:
        return None
    return Ordering(**f.common(), prompt=prompt, answer=answer, scoring=scoring)


KIND = Kind(
    name="ordering",
    cls=Ordering,
    help="Put entries in order: `answer` lists at least 2 entries in the right order, none repeated; "
    "they are shown lettered and shuffled, never in the right order.",
    keys=(
        Key(
            "answer",
            "The entries in the right order, first to last: a list of at least 2 texts, none repeated. Required. "
            "Example: `answer: [Screening bolus, Assess the response, Implant the pump, Titrate the dose]`",
            text_list(minItems=2, uniqueItems=True),
            required=True,
        ),
        SCORING_KEY,
    ),
    check=check,
    note=NoteType(
        id=2102165411,
        name="quizgen: Ordering",
        fields=(Field("Prompt", "prompt"), Field("Entries", "options"), Field("Answer", "answer"), *TAIL),
        front=f"{_ASK}\n{_ENTRIES}",
        back_top=_ASK,
        back_bottom=_ORDER,
        scripted=True,
        script="ordering",
    ),
    print_template="types/ordering.html.jinja",
)
