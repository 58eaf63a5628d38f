"""``typed``: the learner types the answer; ``accept`` holds other right spellings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizgen.kinds.base import LINES, PROMPT_SIDE, TAIL, TEXT, Field, Key, Kind, NoteType, text_list
from quizgen.model import Typed

if TYPE_CHECKING:
    from quizgen.validate import Fields

_ACCEPT = "{{#Accept}}<div class=qg-accept>Also accepted: {{Accept}}</div>{{/Accept}}"
#: Typed answer fields for the script, out of sight (Anki's comparison already shows the answer).
_DATA = "<div hidden><div class=qg-data-answer>{{Answer}}</div><div class=qg-data-accept>{{Accept}}</div></div>"


def check(f: Fields) -> Typed | None:
    prompt, answer, lines = f.text("prompt"), f.text("answer", images=False), f.lines()
    accept: tuple[str, ...] | None = ()
    if "accept" in f.fields:
        accept = f.checker.text_list(f.fields["accept"], f"{f.where}: accept")
    if prompt is None or answer is None or accept is None or ("lines" in f.fields and lines is None):
        return None
    return Typed(**f.common(), prompt=prompt, answer=answer, accept=accept, lines=lines)


KIND = Kind(
    name="typed",
    cls=Typed,
    help="The learner types the answer; it is matched ignoring case and surrounding spaces, or against `accept`.",
    keys=(
        Key(
            "answer",
            "The answer the learner types; matched ignoring case and surrounding spaces. Required, "
            "non-empty text, no images. Example: `answer: GABA-B`",
            TEXT,
            required=True,
        ),
        Key(
            "accept",
            "Other answers that also count as right. Optional list of non-empty text. "
            "Example: `accept: [GABA B, GABAB]`",
            text_list(),
        ),
        LINES,
    ),
    check=check,
    note=NoteType(
        id=1196453879,
        name="quizgen: Type the answer",
        fields=(Field("Prompt", "prompt"), Field("Answer", "answer"), Field("Accept", "answer"), *TAIL),
        front=f"{PROMPT_SIDE}\n{{{{type:Answer}}}}",
        back_top=PROMPT_SIDE,
        back_bottom=f"{{{{type:Answer}}}}\n{_ACCEPT}\n{_DATA}",
        scripted=True,
        judge=True,
    ),
    print_template="types/typed.html.jinja",
)
