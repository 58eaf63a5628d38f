"""Reading a learner's answers: option letters and numbers, true or false, ratings, typed text.

Pure functions, no terminal: :mod:`quizgen.play` asks, these decide what was
meant and whether it was right. Typed and cloze answers are marked by
:func:`quizgen.judge.judge` (right, close or wrong), the same checker the Anki
card runs, so a learner gets one verdict wherever they study. What was
answered is described by a :data:`Given`, which the review log keeps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from quizgen.model import Cloze, Numeric, Scoring, Typed
from quizgen.outcome import Outcome
from quizgen.render import to_plain
from quizgen.scheduler import Rating

if TYPE_CHECKING:
    from quizgen.judge import Verdict

RATING_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}
TRUE_WORDS = {"t", "true", "y", "yes"}
FALSE_WORDS = {"f", "false", "n", "no"}
QUIT_WORDS = {"q", "quit", "exit"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: The rating a verdict proposes: a typo is remembered, but with effort.
PROPOSED: dict[Outcome, Rating] = {Outcome.RIGHT: Rating.GOOD, Outcome.CLOSE: Rating.HARD, Outcome.WRONG: Rating.AGAIN}


# What the learner answered, as the review log keeps it.


@dataclass(frozen=True, slots=True)
class TypedText:
    """The text typed for a ``typed`` question or a cloze deletion, as typed."""

    text: str


@dataclass(frozen=True, slots=True)
class Picked:
    """The options picked in an mcq or multi, by their texts (an option's number changes with the shuffle)."""

    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Said:
    """True or false, as the learner said it."""

    value: bool


@dataclass(frozen=True, slots=True)
class Shown:
    """Nothing was typed or picked: the answer was shown and self-rated (basic, a revealed cloze)."""


@dataclass(frozen=True, slots=True)
class Matched:
    """A matching's answer: each item's text with the text of the match given for it (``None``: left out)."""

    pairs: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class Ordered:
    """An ordering's answer: the entries' texts in the order the learner gave them."""

    entries: tuple[str, ...]


Given = TypedText | Picked | Said | Shown | Matched | Ordered


def normalize_answer(text: str) -> str:
    """Fold what a learner should not be marked down for: Markdown markers, case, Unicode form, spacing."""
    return " ".join(unicodedata.normalize("NFKC", to_plain(text)).casefold().split())


def proposed_rating(outcome: Outcome) -> Rating:
    """Right proposes Good, close (a typo) Hard, wrong Again."""
    return PROPOSED[outcome]


# Marking typed text: always through quizgen.judge, on the text as shown (Markdown markers removed).


def check_typed(question: Typed, typed: str) -> Verdict:
    """A ``typed`` answer against the answer and ``accept``, as the Anki card marks it."""
    from quizgen.judge import judge

    return judge(to_plain(typed), to_plain(question.answer), [to_plain(a) for a in question.accept])


def check_number(question: Numeric, typed: str) -> Verdict:
    """A typed number against a ``numeric`` answer, its tolerance and unit, as the Anki card marks it.

    Without the letter diff: a number is not spelt, so "you typed" would only repeat it.
    """
    from dataclasses import replace

    from quizgen.judge import judge_number

    return replace(judge_number(typed, question.answer, question.tolerance, question.unit), diff=())


def number_answer(question: Numeric) -> str:
    """The answer as the learner is shown it: ``80 mg``, or ``3.5 h (3 to 4 h)`` with the accepted range."""
    from quizgen.judge import accepted_range

    return accepted_range(question.answer, question.tolerance, question.unit)


def cloze_wrong(question: Cloze, number: int) -> list[str]:
    """The other deletions' answers: never right for this one, however near (unless this one accepts them)."""
    from quizgen.judge import is_right

    own = [to_plain(t) for t in question.answers(number)]
    accept = [to_plain(a) for a in question.accepted(number)]
    others = [to_plain(d.text) for d in question.deletions if d.number != number]
    return [w for w in dict.fromkeys(others) if not any(is_right(w, a, accept) for a in own)]


def check_cloze(question: Cloze, number: int, typed: str) -> Verdict:
    """Typed text against deletion ``number``: its text, its ``accept`` entries, never another deletion's text.

    A number with several deletions (``{{c1::a}} ... {{c1::b}}``) is answered
    with every text in order, separated by commas; each part is judged against
    its deletion and the whole is as good as its worst part. When all of them
    hold the same text, typing it once is enough.
    """
    wanted = [to_plain(t) for t in question.answers(number)]
    accept = [to_plain(a) for a in question.accepted(number)]
    return judge_blank(to_plain(typed), wanted, accept, cloze_wrong(question, number))


def judge_blank(given: str, wanted: Sequence[str], accept: Sequence[str], wrong: Sequence[str]) -> Verdict:
    """:func:`check_cloze` on plain texts: what ``quizgen mark`` judges from the exam record, as ``play`` does.

    ``wanted`` are the deletion's texts in order, ``accept`` its other right
    answers, ``wrong`` the texts never right for it (:func:`cloze_wrong`).
    """
    from quizgen.judge import Outcome, Verdict, judge

    if len(wanted) == 1 or len(set(wanted)) == 1:
        single = judge(given, wanted[0], accept, wrong)
        if len(wanted) == 1 or single.outcome is Outcome.RIGHT:
            return single
    whole = judge(given, ", ".join(wanted), [" ".join(wanted), *accept], wrong)
    parts = given.split(",")
    if whole.outcome is Outcome.RIGHT or len(parts) != len(wanted):
        return whole
    verdicts = [judge(part, text, accept, wrong) for part, text in zip(parts, wanted, strict=True)]
    rank = [Outcome.RIGHT, Outcome.CLOSE, Outcome.WRONG]
    worst = max((v.outcome for v in verdicts), key=rank.index)
    expected = ", ".join(v.expected for v in verdicts)
    if worst is Outcome.RIGHT:
        return Verdict(Outcome.RIGHT, expected, ())
    diff: list[tuple[str, str]] = []
    for index, (verdict, text) in enumerate(zip(verdicts, wanted, strict=True)):
        if index:
            diff.append(("same", ", "))
        diff.extend(verdict.diff or (("same", verdict.expected or text),))
    return Verdict(worst, expected, tuple(diff))


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


# Answers of several parts: matching letters, ordering letters, and the share that was right.


def _letter(token: str, count: int) -> int | None:
    """``"c"`` -> 2 among ``count`` lettered choices (``AA`` onwards for more than 26)."""
    from quizgen.model import option_label

    labels = [option_label(i).casefold() for i in range(count)]
    return labels.index(token) if token in labels else None


def parse_matching(text: str, items: int, matches: int) -> list[int | None] | None:
    """The match (its shown position) given for each item, ``None`` for one left out; ``None`` if unreadable.

    Letters in item order (``CAB``, ``C A B``, ``c,a,-`` with ``-`` for an item left
    out) or numbered pairs (``1C 2A``, ``1-c, 3:b``; items not named are left out).
    """
    written = text.strip().casefold()
    if not written:
        return None
    if any(ch.isdigit() for ch in written):
        found: list[int | None] = [None] * items
        rest = written
        for m in re.finditer(r"([0-9]+)\s*[-:=.)]?\s*([a-z]+|-)", written):
            number, letter = int(m.group(1)), m.group(2)
            if not 1 <= number <= items:
                return None
            if letter != "-":
                index = _letter(letter, matches)
                if index is None:
                    return None
                found[number - 1] = index
            rest = rest.replace(m.group(0), " ", 1)
        return found if not rest.replace(",", " ").replace(";", " ").strip() else None
    tokens = written.replace(",", " ").replace(";", " ").split()
    if len(tokens) == 1 and matches <= 26:
        tokens = list(tokens[0])
    if len(tokens) != items:
        return None
    given: list[int | None] = []
    for token in tokens:
        index = None if token == "-" else _letter(token, matches)
        if index is None and token != "-":
            return None
        given.append(index)
    return given


def parse_ordering(text: str, count: int) -> list[int] | None:
    """The entries' shown letters first to last (``CADB``, ``c a d b``, ``C,A,D,B``), each once; else ``None``."""
    tokens = text.strip().casefold().replace(",", " ").replace(";", " ").split()
    if len(tokens) == 1 and count <= 26:
        tokens = list(tokens[0])
    picks = [_letter(token, count) for token in tokens]
    if len(picks) != count or None in picks or len(set(picks)) != count:
        return None
    return [p for p in picks if p is not None]


def multi_share(right_picks: int, wrong_picks: int, rights: int) -> Fraction:
    """A multi's partial mark: right options picked minus wrong ones picked, over the right options, never below 0."""
    return max(Fraction(0), Fraction(right_picks - wrong_picks, rights))


def share_rating(share: Fraction, scoring: Scoring) -> Rating:
    """Good when all is right; short of that Again, or with ``partial`` Hard when at least half is right."""
    if share >= 1:
        return Rating.GOOD
    if scoring == "partial" and share >= Fraction(1, 2):
        return Rating.HARD
    return Rating.AGAIN
