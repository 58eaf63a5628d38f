"""What mcq and multi share: reading options (text, or ``{text, why}``), repeats, pinned options; their card sides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from quizgen import mistakes
from quizgen.kinds.base import TAIL, Field, Shape, text_list
from quizgen.model import Option

if TYPE_CHECKING:
    from quizgen.validate import Fields

OPTION_KEYS = ("text", "why")

#: The front shows the plain options; only the back's field knows which are right.
OPTIONS_SIDE = "<ol class=qg-options>{{Options}}</ol>"
MARKED_SIDE = "<ol class=qg-options>{{Marked options}}</ol>"
FIELDS: tuple[Field, ...] = (
    Field("Prompt", "prompt"), Field("Options", "options"), Field("Answer", "answer"),
    Field("Marked options", "options"), *TAIL,
)  # fmt: skip
PINNED_HELP = (
    "Options that stay last, in this order, instead of being shuffled (e.g. None of the above). "
    "Optional list of the texts of options of this question. Example: `pinned: [None of the above]`"
)
PINNED_SHAPE = text_list(uniqueItems=True)


def options_shape(**more: Any) -> Shape:
    """A list of at least one option, none repeated."""
    return {"type": "array", "items": {"$ref": "#/$defs/option"}, "minItems": 1, "uniqueItems": True, **more}


def _option(f: Fields, node: yaml.Node, what: str) -> tuple[Option, yaml.Node] | None:
    """An option: text, or a mapping of exactly ``text`` and ``why``."""
    checker = f.checker
    if isinstance(node, yaml.MappingNode):
        if checker.colon_entry(node, f"{f.where}: {what}", OPTION_KEYS):
            return None
        keys = checker.mapping(node, OPTION_KEYS, f"{f.where}: {what}")
        missing = [k for k in OPTION_KEYS if k not in keys and k not in checker.stand_ins.get(id(node), ())]
        if missing:
            checker.error(node, f"{f.where}: {what} needs both 'text' and 'why' (missing {' and '.join(missing)})")
        text = checker.rich_text(keys["text"], f"{f.where}: {what} text") if "text" in keys else None
        why = checker.rich_text(keys["why"], f"{f.where}: {what} why") if "why" in keys else None
        if text is None or why is None:
            return None
        return Option(text, why), keys["text"]
    text = checker.rich_text(node, f"{f.where}: {what}")
    return (Option(text), node) if text is not None else None


def _options(
    f: Fields, node: yaml.Node, what: str, *, min_items: int, good: list[tuple[Option, yaml.Node]]
) -> list[tuple[Option, yaml.Node]] | None:
    return f.checker.items(
        node, f"{f.where}: {what}", lambda item, i: _option(f, item, f"{what} item {i}"),
        noun="options", min_items=min_items, good=good,
    )  # fmt: skip


#: A choice question's checked parts: prompt, right options, distractors, pinned texts.
Choice = tuple[str, tuple[Option, ...], tuple[Option, ...], tuple[str, ...]]


def check_choice(f: Fields, multi: bool) -> Choice | None:
    """The prompt, right options, distractors and pinned texts of an mcq (one right option) or multi."""
    checker = f.checker
    prompt = f.text("prompt")
    answer_node = f.required("answer")
    right: list[tuple[Option, yaml.Node]] | None = None
    # the options that are fine on their own, even beside a bad one: repeats among them are reported too
    right_good: list[tuple[Option, yaml.Node]] = []
    wrong_good: list[tuple[Option, yaml.Node]] = []
    if answer_node is not None:
        if not multi:
            one = _option(f, answer_node, "answer")
            right = [one] if one is not None else None
            right_good.extend(right or [])
        elif isinstance(answer_node, yaml.MappingNode) or (
            isinstance(answer_node, yaml.ScalarNode) and isinstance(checker.scalar(answer_node), str)
        ):
            checker.error(answer_node, f"{f.where}: the answer of a multi question is a list of the right options")
        else:
            right = _options(f, answer_node, "answer", min_items=1, good=right_good)
    wrong: list[tuple[Option, yaml.Node]] | None = None
    distractors_node = f.required("distractors")
    if distractors_node is not None:
        wrong = _options(f, distractors_node, "distractors", min_items=1, good=wrong_good)
    ok = prompt is not None and right is not None and wrong is not None
    entries = [(o.text, n, "answer") for o, n in right_good] + [(o.text, n, "distractors") for o, n in wrong_good]
    ok = checker.no_option_alike(f.where, entries) and ok
    pinned: list[str] = []
    if "pinned" in f.fields:
        # Kept as the options' own text, so every consumer can compare exactly.
        by_key = {o.text.strip(): o.text for o, _ in (right or []) + (wrong or [])}
        listed = checker.text_list(f.fields["pinned"], f"{f.where}: pinned")
        if listed is None:
            ok = False
        for name in listed or ():
            if name.strip() not in by_key:
                if right is not None and wrong is not None:
                    checker.error(f.fields["pinned"], f"{f.where}: pinned option '{name}' is not one of the options")
                ok = False
            elif by_key[name.strip()] in pinned:
                checker.error(f.fields["pinned"], f"{f.where}: pinned option '{name}' is repeated")
                ok = False
            else:
                pinned.append(by_key[name.strip()])
    if not ok or prompt is None or right is None or wrong is None:
        return None
    _warn_letter_answer(f, right, wrong)
    return prompt, tuple(o for o, _ in right), tuple(o for o, _ in wrong), tuple(pinned)


def _warn_letter_answer(
    f: Fields, right: list[tuple[Option, yaml.Node]], wrong: list[tuple[Option, yaml.Node]]
) -> None:
    """``answer: C`` among four real distractors: probably the third option's letter, printed as an option "C"."""
    found = mistakes.letter_answer([o.text for o, _ in right], [o.text for o, _ in wrong])
    if found is not None:
        f.checker.warn(right[found[0]][1], f"{f.where}: {found[1]}")
