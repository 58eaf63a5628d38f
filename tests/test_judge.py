"""The typed-answer judge as a learner meets it: the shared table of verdicts, properties over any text, the diff.

``tests/data/verdicts.tsv`` is the contract: ``tests/test_judge_js.py`` runs the same rows against the
JavaScript twin used by the Anki card. Rows whose answer reads ``numeric 80 ±2 mg`` are numbers
(answer, optional tolerance, optional unit), judged by :func:`quizgen.judge.judge_number`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.judge import (
    AMBIGUOUS_HINT,
    Outcome,
    Verdict,
    accepted_range,
    diff_plain,
    display,
    is_right,
    judge,
    judge_number,
    key,
)

TABLE = Path(__file__).parent / "data" / "verdicts.tsv"


class Row(NamedTuple):
    typed: str
    answer: str
    accept: list[str]
    wrong: list[str]
    verdict: Outcome


class NumberRow(NamedTuple):
    """A numeric row: what was typed against an answer, its tolerance (a number or ``N%``) and unit."""

    typed: str
    answer: int | float
    tolerance: int | float | str
    unit: str | None
    verdict: Outcome


_NUMERIC = re.compile("numeric (\\S+)(?: \u00b1(\\S+))?(?: (.+))?")


def _number(text: str) -> int | float:
    return int(text) if re.fullmatch("-?[0-9]+", text) else float(text)


def read_table() -> tuple[list[Row], list[NumberRow]]:
    """Rows of ``typed, answer, accept (| separated), wrong (| separated), verdict``; the first line names them."""
    lines = TABLE.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "typed\tanswer\taccept\twrong\tverdict"
    rows, numbers = [], []
    for line in lines[1:]:
        if not line:
            continue
        typed, answer, accept, wrong, verdict = line.split("\t")
        numeric = _NUMERIC.fullmatch(answer)
        if numeric is not None:
            value, tolerance, unit = numeric.groups()
            spread = tolerance if tolerance is None or tolerance.endswith("%") else _number(tolerance)
            numbers.append(NumberRow(typed, _number(value), spread or 0, unit, Outcome(verdict)))
            continue
        rows.append(Row(typed, answer, [a for a in accept.split("|") if a], [w for w in wrong.split("|") if w],
                        Outcome(verdict)))  # fmt: skip
    return rows, numbers


ROWS, NUMBER_ROWS = read_table()
#: Test ids: the table's line number, what was typed and the answer.
IDS = [f"{n:03d}:{r.typed!r}->{r.answer!r}" for n, r in enumerate(ROWS, 2)]
NUMBER_IDS = [f"{r.typed!r}->{r.answer}+-{r.tolerance}{r.unit or ''}" for r in NUMBER_ROWS]


def run(row: Row) -> Verdict:
    return judge(row.typed, row.answer, row.accept, row.wrong)


def test_table_covers_every_outcome() -> None:
    assert len(ROWS) >= 80
    counts = {outcome: sum(r.verdict == outcome for r in ROWS) for outcome in Outcome}
    assert min(counts.values()) >= 15, counts


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_table(row: Row) -> None:
    verdict = run(row)
    assert verdict.outcome == row.verdict, diff_plain(verdict.diff)
    if verdict.outcome == Outcome.RIGHT:
        assert verdict.diff == ()
        assert verdict.expected in [display(c) for c in (row.answer, *row.accept)]
    else:
        assert_diff_spans(verdict, row.typed)
    if verdict.outcome == Outcome.WRONG:
        assert verdict.expected == display(row.answer)


def assert_diff_spans(verdict: Verdict, typed: str) -> None:
    """The pieces rebuild the expected text exactly, and the typed text up to case."""
    kinds = {kind for kind, _ in verdict.diff}
    assert kinds <= {"same", "missing", "extra"}
    assert all(text for _, text in verdict.diff), "no empty pieces"
    assert all(a[0] != b[0] for a, b in zip(verdict.diff, verdict.diff[1:], strict=False)), "neighbours merged"
    assert "".join(t for k, t in verdict.diff if k != "extra") == verdict.expected
    rebuilt = "".join(t for k, t in verdict.diff if k != "missing")
    assert key_chars(rebuilt) == key_chars(display(typed))


def key_chars(text: str) -> list[str]:
    return [c.upper().lower() for c in text]


def test_close_answer_is_shown_against_the_entry_it_was_close_to() -> None:
    verdict = judge("taperring", "Taper", ["tapering"])
    assert verdict.outcome == Outcome.CLOSE
    assert verdict.expected == "tapering"
    assert diff_plain(verdict.diff) == "taper[-r-]ing"


def test_diff_marks_a_swap_and_a_wrong_letter_readably() -> None:
    assert diff_plain(judge("calcuim", "calcium").diff) == "calc{+i+}u[-i-]m"
    assert diff_plain(judge("GABA-A", "GABA-B").diff) == "GABA-[-A-]{+B+}"
    assert diff_plain(judge("500", "50 mcg").diff) == "50[-0-]{+ mcg+}"


def test_diff_ignores_case_and_shows_the_expected_spelling() -> None:
    verdict = judge("BACLOFAN", "baclofen")
    assert verdict.diff == (("same", "baclof"), ("extra", "A"), ("missing", "e"), ("same", "n"))


def test_blank_answer_is_wrong_and_shows_all_of_the_answer_as_missing() -> None:
    for typed in ("", "   ", "\u200b", "\n\t"):
        verdict = judge(typed, "GABA-B receptor")
        assert verdict == Verdict(Outcome.WRONG, "GABA-B receptor", (("missing", "GABA-B receptor"),))


def test_invisible_characters_do_not_count() -> None:
    assert judge("bac\u200blo\u00adfen", "baclofen").outcome == Outcome.RIGHT


def test_answer_of_punctuation_only_is_still_compared() -> None:
    assert judge("?", "?").outcome == Outcome.RIGHT
    assert judge("!", "?").outcome == Outcome.WRONG


def test_right_shows_the_accept_entry_it_matched() -> None:
    verdict = judge("calcium ions", "calcium", ["Ca2+", "Calcium  ions"])
    assert verdict == Verdict(Outcome.RIGHT, "Calcium ions", ())


def test_number_in_a_sentence_still_needs_to_be_the_same_number() -> None:
    assert judge("50 intrathecally", "50 mcg intrathecally").outcome == Outcome.RIGHT
    assert judge("500 intrathecally", "50 mcg intrathecally").outcome == Outcome.WRONG
    assert judge("50 mcg intrathecally", "50 intrathecally").outcome == Outcome.WRONG


def test_a_typo_nearer_a_wrong_entry_than_the_answer_is_wrong() -> None:
    # one edit from each: a tie goes to wrong, so a careless typo never earns a distractor partial credit
    assert judge("hypeokalaemia", "hyperkalaemia").outcome == Outcome.CLOSE
    assert judge("hypeokalaemia", "hyperkalaemia", wrong=["hypokalaemia"]).outcome == Outcome.WRONG
    # nearer the answer than the wrong entry: still a typo of the answer
    assert judge("hyperkalaemai", "hyperkalaemia", wrong=["hypokalaemia"]).outcome == Outcome.CLOSE


# --- properties -------------------------------------------------------------------------------------

SPACES_LIST = [" ", "  ", "\t", "\n", "\u00a0", "\u3000", " \u2003"]
SPACES = st.sampled_from(SPACES_LIST)


@st.composite
def case_and_spacing(draw: st.DrawFn, text: str) -> str:
    """``text`` with each letter's case changed at will, each single space replaced and spaces added at the ends."""
    words = ["".join(draw(st.sampled_from([c, c.upper(), c.lower()])) for c in word) for word in text.split(" ")]
    out = draw(st.sampled_from(["", *SPACES_LIST]))
    for n, word in enumerate(words):
        out += (draw(SPACES) if n else "") + word
    return out + draw(st.sampled_from(["", *SPACES_LIST]))


ANY_TEXT = st.text(max_size=40)
WORDY = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "M")), min_size=1, max_size=40)
MEDICAL = st.sampled_from([r.answer for r in ROWS] + [a for r in ROWS for a in r.accept])
ANSWER = st.one_of(WORDY, MEDICAL).filter(lambda t: display(t) != "")


@given(answer=ANSWER, accept=st.lists(ANSWER, max_size=3), data=st.data())
def test_answer_and_each_accept_entry_are_right_under_any_case_or_spacing(
    answer: str, accept: list[str], data: st.DataObject
) -> None:
    for text in (answer, *accept):
        typed = data.draw(case_and_spacing(text))
        verdict = judge(typed, answer, accept)
        assert verdict.outcome == Outcome.RIGHT, (typed, key(typed), key(text))


@given(typed=st.one_of(ANY_TEXT, MEDICAL), answer=st.one_of(ANY_TEXT, MEDICAL),
       accept=st.lists(st.one_of(ANY_TEXT, MEDICAL), max_size=3), others=st.lists(ANY_TEXT, max_size=2),
       data=st.data())  # fmt: skip
def test_a_wrong_entry_is_never_right_nor_close(
    typed: str, answer: str, accept: list[str], others: list[str], data: st.DataObject
) -> None:
    """Even when it is the answer itself, or an accept entry: the author said it must be marked wrong."""
    wrong = [*others, typed]
    assert judge(typed, answer, accept, wrong).outcome == Outcome.WRONG
    varied = data.draw(case_and_spacing(typed))
    assert judge(varied, answer, accept, wrong).outcome == Outcome.WRONG


@given(typed=ANY_TEXT, answer=ANY_TEXT, accept=st.lists(ANY_TEXT, max_size=3), wrong=st.lists(ANY_TEXT, max_size=3))
def test_judge_never_raises_and_its_diff_rebuilds_both_texts(
    typed: str, answer: str, accept: list[str], wrong: list[str]
) -> None:
    verdict = judge(typed, answer, accept, wrong)
    assert verdict.outcome in Outcome
    if verdict.outcome == Outcome.RIGHT:
        assert verdict.diff == ()
    else:
        assert_diff_spans(verdict, typed)
    diff_plain(verdict.diff)


@given(word=st.sampled_from(["calcium", "baclofen", "spasticity", "intrathecal", "hyperpolarisation"]),
       data=st.data())  # fmt: skip
def test_one_typo_in_a_long_word_is_close_never_right(word: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from("jqvwx"))  # none is in the words, none makes a British spelling
    typed = word[:at] + letter + word[at + 1 :]
    assert judge(typed, word).outcome == Outcome.CLOSE


@given(word=st.sampled_from(["tone", "dose", "pump", "GABA", "cord", "R", "S", "A", "B"]), data=st.data())
def test_one_typo_in_a_short_word_is_wrong(word: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from("jqxz"))
    assert judge(word[:at] + letter + word[at + 1 :], word).outcome == Outcome.WRONG


@given(number=st.integers(0, 10_000), other=st.integers(0, 10_000), unit=st.sampled_from(["mg", "mcg", "%", "ml"]))
def test_only_the_same_number_is_right(number: int, other: int, unit: str) -> None:
    for typed in (str(other), f"{other}{unit}", f"{other} {unit}"):
        outcome = judge(typed, f"{number} {unit}").outcome
        assert outcome == (Outcome.RIGHT if other == number else Outcome.WRONG), typed


# -- numbers -------------------------------------------------------------------------------------------------------


def test_number_rows_cover_both_outcomes() -> None:
    assert len(NUMBER_ROWS) >= 40
    assert {r.verdict for r in NUMBER_ROWS} == {Outcome.RIGHT, Outcome.WRONG}


@pytest.mark.parametrize("row", NUMBER_ROWS, ids=NUMBER_IDS)
def test_number_table(row: NumberRow) -> None:
    verdict = judge_number(row.typed, row.answer, row.tolerance, row.unit)
    assert verdict.outcome == row.verdict
    assert (verdict.diff == ()) == (verdict.outcome == Outcome.RIGHT)


def test_a_thousands_comma_is_wrong_with_a_hint_to_write_it_plainly() -> None:
    verdict = judge_number("1,000", 1000)
    assert verdict.outcome == Outcome.WRONG
    assert verdict.hint == AMBIGUOUS_HINT
    assert "write 1000" in verdict.hint and "1.000" in verdict.hint
    assert judge_number("1000", 1000).hint == ""


def test_a_number_shows_its_answer_unit_and_accepted_range() -> None:
    assert judge_number("7", 80, 0, "mg").expected == "80 mg"
    assert judge_number("7", 80, 2, "mg").expected == "80 mg (from 78 to 82)"
    assert accepted_range(80, 2, "mg") == "80 mg (78 to 82 mg)"  # as the card, the key and play show it
    assert accepted_range(0.001, "5%") == "0.001 (0.00095 to 0.00105)"
    assert accepted_range(1e-6, 0) == "0.000001"  # never 1e-06
    assert accepted_range(-2, "50%", "°C") == "-2 °C (-3 to -1 °C)"


def test_a_unit_is_compared_in_the_form_the_typed_text_is_read() -> None:
    """NFKC turns the micro sign into Greek mu in the typed text; the unit is read the same way."""
    assert judge_number("50 \u00b5g", 50, 0, "\u00b5g").outcome == Outcome.RIGHT
    assert judge_number("50 \u03bcg", 50, 0, "\u00b5g").outcome == Outcome.RIGHT


@given(
    st.integers(-(10**6), 10**6),
    st.integers(0, 6),
    st.integers(0, 500),
    st.sampled_from(["", " ", "mg", " mg", " Mg", " g"]),
)
def test_bounds_are_inclusive_and_the_unit_is_optional_but_exact(
    cents: int, places: int, spread: int, written_unit: str
) -> None:
    answer = cents / 10**places
    tolerance = spread / 10**places
    low, high = answer - tolerance, answer + tolerance
    unit_ok = written_unit.strip() in ("", "mg")
    for value in (low, high, answer):
        typed = f"{value:.{places}f}{written_unit}"
        expected = Outcome.RIGHT if unit_ok else Outcome.WRONG
        assert judge_number(typed, answer, tolerance, "mg").outcome == expected, typed
    outside = f"{high + 10**-places:.{places}f}"
    assert judge_number(outside, answer, tolerance, "mg").outcome == Outcome.WRONG


_NEAR = st.sampled_from(
    ["", " ", "the", "50", "50 mcg", "mg", "colour", "color", "Baclofen", "baclofen.", "a", "?", "-"]
)
_PHRASE = st.one_of(_NEAR, st.text(max_size=12), st.lists(_NEAR, max_size=3).map(" ".join))


@given(_PHRASE, _PHRASE, st.lists(_PHRASE, max_size=2))
def test_is_right_is_judges_right(typed: str, answer: str, accept: list[str]) -> None:
    """The fast decision the cloze wrong-answer lists use is exactly judge's RIGHT."""
    assert is_right(typed, answer, accept) == (judge(typed, answer, accept).outcome is Outcome.RIGHT)


def test_is_right_on_the_verdict_table() -> None:
    for row in read_table()[0]:
        if not row.wrong:
            assert is_right(row.typed, row.answer, row.accept) == (row.verdict is Outcome.RIGHT), row
