"""``cloze``: text with deletions ``{{cN::text::hint}}``, one card per deletion number."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from quizgen.kinds.base import TAIL, Field, Key, Kind, NoteType, text_list
from quizgen.model import Cloze, ClozePiece, Deletion
from quizgen.render import find_images

if TYPE_CHECKING:
    from quizgen.validate import Fields

#: Anki makes no card for a cloze number above this (checked with its importer: an "empty card").
MAX_CLOZE = 500
#: A well-formed cloze deletion: ``{{cN::text}}`` or ``{{cN::text::hint}}``.
CLOZE_RE = re.compile(r"\{\{c([1-9][0-9]*)::((?:(?!\{\{|\}\}|::).)+?)(?:::((?:(?!\{\{|\}\}).)*?))?\}\}", re.S)
_CLOZE_START = re.compile(r"\{\{c", re.I)


def parse_cloze(prompt: str) -> tuple[tuple[ClozePiece, ...], list[tuple[str, str]]]:
    """The prompt's pieces, or every malformed deletion as (its text, the message); pieces are empty then."""
    pieces: list[ClozePiece] = []
    problems: list[tuple[str, str]] = []
    pos = 0
    while True:
        start = _CLOZE_START.search(prompt, pos)
        if start is None:
            break
        m = CLOZE_RE.match(prompt, start.start())
        if m is None or not m.group(2).strip():
            close = prompt.find("}}", start.start())
            cut = close + 2 if 0 <= close < start.start() + 40 else start.start() + 40
            snippet = prompt[start.start() : cut].split("\n")[0]
            problems.append((snippet, (
                f"malformed cloze deletion near '{snippet}': write {{{{c1::text}}}} or {{{{c1::text::hint}}}}, "
                "numbered from c1 without leading zeros, with no deletion inside another"
            )))  # fmt: skip
            pos = start.start() + 3  # look for the next deletion after this one's start
            continue
        if len(m.group(1)) > 3 or int(m.group(1)) > MAX_CLOZE:
            problems.append(
                (m.group(0), f"cloze number c{m.group(1)} is too large: Anki makes cards for c1 to c{MAX_CLOZE} only")
            )
        if m.start() > pos:
            pieces.append(prompt[pos : m.start()])
        hint = m.group(3)
        pieces.append(Deletion(int(m.group(1)), m.group(2), hint if hint and hint.strip() else None))
        pos = m.end()
    if problems:
        return (), problems
    if pos < len(prompt):
        pieces.append(prompt[pos:])
    return tuple(pieces), []


def check(f: Fields) -> Cloze | None:
    checker = f.checker
    node = f.required("prompt")
    if "answer" in f.fields:
        checker.error(f.key_node("answer"), f"{f.where}: a cloze has no answer: its deletions are the answers")
    if node is None:
        return None
    prompt = checker.text(node, f"{f.where}: prompt")
    if prompt is None:
        return None
    pieces, problems = parse_cloze(prompt)
    if problems:
        for snippet, message in problems:
            checker.error(checker.line_of(node, snippet), f"{f.where}: {message}")
        # what can be judged without the deletions is still reported in this run
        checker.check_images(node, prompt, f"{f.where}: prompt")
        if isinstance(f.fields.get("accept"), yaml.MappingNode):
            for key_node, value in f.fields["accept"].value:
                checker.text_list(value, f"{f.where}: accept {getattr(key_node, 'value', '')}")
        return None
    deletions = [p for p in pieces if isinstance(p, Deletion)]
    if not deletions:
        checker.error(node, f"{f.where}: a cloze prompt needs at least one deletion like {{{{c1::text}}}}")
        return None
    ok = checker.check_images(node, prompt, f"{f.where}: prompt")
    for d in deletions:
        if find_images(d.text) or (d.hint and find_images(d.hint)):
            checker.error(node, f"{f.where}: an image cannot stand inside a cloze deletion (c{d.number}); move it out")
            ok = False
    accept: list[tuple[int, tuple[str, ...]]] = []
    if "accept" in f.fields:
        accept_node = f.fields["accept"]
        numbers = sorted({d.number for d in deletions})
        if not isinstance(accept_node, yaml.MappingNode):
            checker.error(
                accept_node, f"{f.where}: accept of a cloze maps deletions to other answers, e.g. accept: {{c1: [x]}}"
            )
            ok = False
        else:
            names = [f"c{n}" for n in numbers]
            keys = checker.mapping(accept_node, names, f"{f.where}: accept (a cloze's deletions: {', '.join(names)})")
            ok = ok and keys.ok
            for key, value in keys.items():
                listed = checker.text_list(value, f"{f.where}: accept {key}")
                if listed is None:
                    ok = False
                else:
                    accept.append((int(key[1:]), listed))
    if not ok:
        return None
    return Cloze(**f.common(), pieces=pieces, accept=tuple(sorted(accept)))


KIND = Kind(
    name="cloze",
    cls=Cloze,
    help="Fill in the blanks: the prompt holds deletions `{{c1::text}}` or `{{c1::text::hint}}`, "
    "one card per number; no `answer` key.",
    keys=(
        Key(
            "accept",
            "Other answers that count as right, per deletion of the prompt. Optional mapping from `cN` "
            "(a deletion of the prompt) to a list of text. Example: `accept: {c1: [Kir3], c2: [hyperpolarise]}`",
            {
                "type": "object",
                "propertyNames": {
                    "pattern": "^c[1-9][0-9]*$",
                    "patternErrorMessage": "A deletion of the prompt: c1, c2, ...",
                },
                "additionalProperties": text_list(),
            },
        ),
    ),
    overrides=(
        Key(
            "prompt",
            "Text with one or more deletions in Anki's syntax: `{{c1::text}}` or `{{c1::text::hint}}`, "
            "numbered c1, c2, ... without leading zeros (numbers may skip); one card per number. "
            "Example: `prompt: Baclofen reduces {{c1::spasticity}}.`",
            {
                "type": "string",
                "pattern": r"\{\{c[1-9][0-9]*::",
                "patternErrorMessage": "A cloze prompt needs at least one deletion like {{c1::text}}.",
            },
        ),
    ),
    check=check,
    note=NoteType(
        id=1220188675,
        name="quizgen: Cloze",
        fields=(Field("Text", "prompt"), *TAIL),
        front="{{cloze:Text}}",
        back_top="{{cloze:Text}}",
        back_bottom="",
        card="Cloze",
        cloze=True,
    ),
    print_template="types/cloze.html.jinja",
)
