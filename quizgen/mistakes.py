"""Likely mistakes of an author: the rules that name what was probably meant.

The validator calls these while checking a question file. Each is a small,
pure judgement (two options that look the same on paper, a key another quiz
format uses, a `: ` that turned text into a mapping, a letter written where an
option's text was meant), so the checks of every question type share them:
``same_option`` also judges matching items and matches and ordering entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

#: Punctuation that does not make an option look different on paper when it stands at either end.
_END_PUNCTUATION = ".,;:!?…\"'`*_()[]{}«»‘’‚‛“”„‟"
#: A leading sign or decimal point before a digit is part of a number (``-1`` and ``1``, ``.5`` and ``5`` differ).
_NUMBER_START = re.compile(r"[-+.,−][0-9]")


def fold_option(text: str) -> str:
    """The key two options share when they would look the same on paper.

    Case, surrounding and repeated white space, and punctuation at the ends
    (``Metaphase``, ``metaphase.``, `` "Metaphase" ``) do not count; an option
    that is nothing but punctuation keeps it, so ``?`` and ``!`` stay apart.
    """
    spaced = " ".join(text.split()).casefold()
    start, end = 0, len(spaced)
    while start < end and spaced[start] in _END_PUNCTUATION and not _NUMBER_START.match(spaced, start):
        start += 1
    while end > start and spaced[end - 1] in _END_PUNCTUATION:
        end -= 1
    folded = spaced[start:end].strip()
    return folded or spaced


def same_option(a: str, b: str) -> bool:
    """Whether two options of one question would look like the same option on paper."""
    return fold_option(a) == fold_option(b)


#: Keys other quiz formats use, with what to write instead: (the hint, the keys it stands for).
_FOREIGN_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "options": ("use 'answer' for the right option(s) and 'distractors' for the wrong ones", ("answer", "distractors")),
    "choices": ("use 'answer' for the right option(s) and 'distractors' for the wrong ones", ("answer", "distractors")),
    "correct": ("use 'answer' for the right option(s)", ("answer",)),
    "question": ("use 'prompt' for the question's text", ("prompt",)),
    "feedback": (
        "use 'explanation' for the question's explanation, or 'why' on an option ({text: ..., why: ...})",
        ("explanation",),
    ),
}
#: The same keys written on an option (a mapping of ``text`` and ``why``).
_FOREIGN_OPTION_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "feedback": ("use 'why' for the reason shown beside the option", ("why",)),
    "correct": (
        "an option does not say whether it is right: list right options under 'answer' and wrong ones "
        "under 'distractors'",
        ("why",),
    ),
    "option": ("use 'text' for the option's text", ("text",)),
}


def foreign_key(key: str, allowed: Sequence[str]) -> tuple[str, tuple[str, ...]] | None:
    """For a key another quiz format uses: the hint naming the key to use instead, and the keys it stands for."""
    if "prompt" in allowed:
        return _FOREIGN_KEYS.get(key)
    if "why" in allowed:
        return _FOREIGN_OPTION_KEYS.get(key)
    return None


def colon_entry(text_of_file: str, node: yaml.Node, allowed: Sequence[str] = ()) -> str | None:
    """The text as written when YAML read a text entry as ``key: value`` because of a ``: ``; else None.

    ``[Prophase, Telophase: nuclear envelope reforms]`` holds the mapping
    ``{Telophase: nuclear envelope reforms}``, not a text: a mapping of one
    key that is not an ``allowed`` key, written without braces, is such a text.
    """
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return None
    key, value = node.value[0]
    if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode) or key.value in allowed:
        return None
    if text_of_file.startswith("{", node.start_mark.index):
        return None  # braces written on purpose: a mapping, judged as one
    return f"{key.value}: {value.value}"


def quote_it(written: str) -> str:
    """The entry in double quotes, escaped as YAML reads them."""
    return '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: A right option that may stand for the option it names: a single letter, or a number.
_LETTER_OR_NUMBER = re.compile(r"[^\W\d_]|[-+−]?[0-9]+(?:[.,][0-9]+)?", re.UNICODE)


def letter_answer(right: Sequence[str], wrong: Sequence[str]) -> tuple[int, str] | None:
    """The first right option that is a letter or number while every distractor is a real text, and the warning.

    ``answer: C`` with four options listed as distractors prints an option
    "C". Options that are all short (vitamins A, C, D, E) are meant, so no warning.
    """
    if not wrong or any(len(w.strip()) < 3 for w in wrong):
        return None
    for index, text in enumerate(right):
        if _LETTER_OR_NUMBER.fullmatch(text.strip()):
            return index, (
                f"the right option is '{text.strip()}' while every distractor is longer text: if it names an "
                "option by its letter or number, write that option's text as the answer instead (options are "
                "shuffled and lettered when printed)"
            )
    return None
