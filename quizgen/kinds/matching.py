"""``matching``: items, each with the one match that belongs to it; ``distractors`` are matches of no item."""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from quizgen.kinds.base import PROMPT_SIDE, SCORING_KEY, TAIL, Field, Key, Kind, NoteType, check_scoring, text_list
from quizgen.model import Matching, Pair
from quizgen.parse import node_kind

if TYPE_CHECKING:
    from quizgen.validate import Fields

PAIR_KEYS = ("item", "match")
PAIRS_SHAPE = {
    "type": "array",
    "minItems": 2,
    "items": {
        "type": "object",
        "properties": {
            "item": {
                "$ref": "#/$defs/text",
                "description": "The item, numbered on the card and on paper. Example: `item: Baclofen`",
            },
            "match": {
                "$ref": "#/$defs/text",
                "description": "The match that belongs to the item, lettered. Example: `match: GABA-B receptors`",
            },
        },
        "required": list(PAIR_KEYS),
        "additionalProperties": False,
    },
}
_ASK = f"{PROMPT_SIDE}\n<div class=qg-ask>Match each item to its letter.</div>"
#: Numbered items and lettered matches (the stored shuffled order); the script reshuffles the matches per review.
_LISTS = "<ol class=qg-items>{{Items}}</ol>\n<ol class=qg-matches>{{Matches}}</ol>"
#: The right pairs: shown whole without JavaScript; the script marks the learner's own right or wrong.
_PAIRS = "<ol class=qg-pairs>{{Answer}}</ol>\n<ol class=qg-matches hidden>{{Matches}}</ol>"


def _pair(f: Fields, node: yaml.Node, number: int) -> tuple[Pair, yaml.Node, yaml.Node] | None:
    """One ``{item, match}`` mapping: both keys, nothing else."""
    checker = f.checker
    what = f"{f.where}: pairs item {number}"
    if not isinstance(node, yaml.MappingNode):
        checker.error(node, f"{what} must be a mapping {{item: ..., match: ...}}, not a {node_kind(node)}")
        return None
    keys = checker.mapping(node, PAIR_KEYS, what)
    missing = [k for k in PAIR_KEYS if k not in keys and k not in checker.stand_ins.get(id(node), ())]
    if missing:
        checker.error(node, f"{what} needs both 'item' and 'match' (missing {' and '.join(missing)})")
    item = checker.rich_text(keys["item"], f"{what} item", images=False) if "item" in keys else None
    match = checker.rich_text(keys["match"], f"{what} match", images=False) if "match" in keys else None
    if item is None or match is None or len(keys) != len(PAIR_KEYS):
        return None
    return Pair(item, match), keys["item"], keys["match"]


def check(f: Fields) -> Matching | None:
    checker = f.checker
    prompt = f.text("prompt")
    good: list[tuple[Pair, yaml.Node, yaml.Node]] = []
    pairs = None
    node = f.required("pairs")
    if node is not None:
        pairs = checker.items(node, f"{f.where}: pairs", lambda n, i: _pair(f, n, i), noun="pairs", good=good)
        if pairs is not None and len(pairs) < 2:
            checker.error(node, f"{f.where}: pairs needs at least 2 pairs, each {{item: ..., match: ...}}")
            pairs = None
    distractors: tuple[str, ...] | None = ()
    wrong: list[tuple[str, yaml.Node, str]] = []
    if "distractors" in f.fields:
        dnode = f.fields["distractors"]
        distractors = checker.text_list(dnode, f"{f.where}: distractors")
        if isinstance(dnode, yaml.SequenceNode) and distractors is not None:
            wrong = [(text, n, "distractors") for text, n in zip(distractors, dnode.value, strict=True)]
    ok = checker.no_option_alike(f.where, [(p.item, n, "items") for p, n, _ in good])
    ok = checker.no_option_alike(f.where, [(p.match, n, "matches") for p, _, n in good] + wrong) and ok
    scoring = check_scoring(f)
    if not ok or prompt is None or pairs is None or distractors is None or scoring is None:
        return None
    return Matching(
        **f.common(), prompt=prompt, pairs=tuple(p for p, _, _ in pairs), distractors=distractors, scoring=scoring
    )


KIND = Kind(
    name="matching",
    cls=Matching,
    help="Match each item to its match: `pairs` is a list of at least 2 `{item, match}` mappings, "
    "`distractors` extra matches of no item; the matches are shown lettered and shuffled.",
    keys=(
        Key(
            "pairs",
            "The items and the match of each, a list of at least 2 mappings of exactly `item` and `match`; "
            "no item and no match repeated. Required. "
            "Example: `pairs: [{item: Baclofen, match: GABA-B receptors}, {item: Diazepam, match: GABA-A receptors}]`",
            PAIRS_SHAPE,
            required=True,
        ),
        Key(
            "distractors",
            "Extra matches that belong to no item, listed with the others. Optional list of text; none may "
            "repeat a match. Example: `distractors: [Nicotinic receptors at the end plate]`",
            text_list(minItems=1, uniqueItems=True),
        ),
        SCORING_KEY,
    ),
    check=check,
    note=NoteType(
        id=1120473579,
        name="quizgen: Matching",
        fields=(
            Field("Prompt", "prompt"),
            Field("Items", "options"),
            Field("Matches", "options"),
            Field("Answer", "answer"),
            *TAIL,
        ),  # fmt: skip
        front=f"{_ASK}\n{_LISTS}",
        back_top=_ASK,
        back_bottom=_PAIRS,
        scripted=True,
        script="matching",
    ),
    print_template="types/matching.html.jinja",
)
