"""Reading a learner's answers: option letters and numbers, true or false, ratings, typed text.

Pure functions, no terminal: :mod:`quizgen.play` asks, these decide what was
meant and whether it was right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from quizgen.model import Cloze
from quizgen.render import to_plain
from quizgen.scheduler import Rating

RATING_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}
TRUE_WORDS = {"t", "true", "y", "yes"}
FALSE_WORDS = {"f", "false", "n", "no"}
QUIT_WORDS = {"q", "quit", "exit"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def normalize_answer(text: str) -> str:
    """Fold what a learner should not be marked down for: Markdown markers, case, Unicode form, spacing."""
    return " ".join(unicodedata.normalize("NFKC", to_plain(text)).casefold().split())


def cloze_answers(question: Cloze, number: int) -> list[str]:
    return list(question.answers(number))


def cloze_matches(question: Cloze, number: int, typed: str) -> bool:
    """Whether typed text is the deletion (case and spacing forgiven); several, separated by commas."""
    wanted = [normalize_answer(t) for t in cloze_answers(question, number)]
    given = normalize_answer(typed)
    if given == normalize_answer(" ".join(wanted)) or given == normalize_answer(", ".join(wanted)):
        return True
    parts = [normalize_answer(p) for p in typed.split(",")]
    return parts == wanted or (len(set(wanted)) == 1 and given == wanted[0])


def parse_choice(text: str, count: int, options: Sequence[str] = ()) -> int | None:
    """``"2"``, ``"b"``, ``"B)"`` or the option's own text -> index 1; ``None`` if it names no option."""
    token = text.strip().rstrip(").").strip().casefold()
    if token.isdigit() and 1 <= int(token) <= count:
        return int(token) - 1
    if len(token) == 1 and token in LETTERS[:count]:
        return LETTERS.index(token)
    for index, option in enumerate(options):
        if normalize_answer(option) == normalize_answer(text):
            return index
    return None


def parse_choices(text: str, count: int, options: Sequence[str] = ()) -> set[int] | None:
    """``"1 3"``, ``"a,c"``, ``"ac"``, ``"13"`` (up to 9 options) or options' texts separated by commas -> {0, 2}.

    Numbers and letters are tried first, then texts; ``None`` if some part names no option.
    """
    tokens = text.replace(",", " ").replace(";", " ").split()
    if len(tokens) == 1 and len(tokens[0]) > 1 and count <= 9:
        token = tokens[0].casefold()
        if token.isdigit() or token.isalpha():
            tokens = list(token)
    picks = [parse_choice(token, count) for token in tokens]
    if tokens and all(index is not None for index in picks):
        return {index for index in picks if index is not None}
    if options and text.strip():
        by_text = [parse_choice(part, count, options) for part in text.split(",")]
        if all(index is not None for index in by_text):
            return {index for index in by_text if index is not None}
    return None


def parse_truefalse(text: str) -> bool | None:
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_rating(text: str, default: Rating) -> Rating | None:
    """Enter keeps ``default``; ``1``-``4`` or a rating's name picks it; anything else is ``None``."""
    word = text.strip().casefold()
    if not word:
        return default
    if word in {"1", "2", "3", "4"}:
        return Rating(int(word))
    for rating, name in RATING_NAMES.items():
        if word == name.casefold():
            return rating
    return None
