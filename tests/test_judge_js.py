"""The Anki card's judge (``quizgen/exporters/card/judge.js``) in real headless Chromium gives ``play``'s verdicts.

The script is run exactly as the card inlines it: after the rule tables generated from ``quizgen/judge.py``.
Every row of ``tests/data/verdicts.tsv`` is judged by it and must match the table and Python's verdict piece
for piece (outcome, expected text, diff). A few thousand variations of the table's own texts, made with a fixed
seed, must agree too: the table cannot list every path through the code.

Chromium is required, not optional, as for the print tests.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from quizgen.exporters.anki_cards import judge_script
from quizgen.exporters.card_scripts import judge_source
from quizgen.judge import Verdict, judge, judge_number, number_range, number_text
from tests.test_judge import IDS, NUMBER_IDS, NUMBER_ROWS, ROWS, NumberRow, Row

#: The script as the typed card inlines it, without its <script> tags.
SCRIPT = judge_script().removeprefix("<script>").removesuffix("</script>")
#: The card scripts' folder (the numeric judge and its back script).
CARD = Path(__file__).parent.parent / "quizgen" / "exporters" / "card"
Case = tuple[str, str, list[str], list[str]]


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    """A blank page with the script inlined, as a card template inlines it."""
    opened = browser.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.goto("about:blank")
    opened.add_script_tag(content=SCRIPT)
    assert not errors
    yield opened
    opened.close()


def js_judge(page: Page, cases: list[Case]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate("cases => cases.map(c => qgJudge(c[0], c[1], c[2], c[3]))", cases)
    return result


def as_js(verdict: Verdict) -> dict[str, Any]:
    return {"outcome": verdict.outcome.value, "expected": verdict.expected, "diff": [list(p) for p in verdict.diff]}


def case(row: Row) -> Case:
    return (row.typed, row.answer, row.accept, row.wrong)


@pytest.fixture(scope="module")
def table_verdicts(page: Page) -> list[dict[str, Any]]:
    return js_judge(page, [case(r) for r in ROWS])


@pytest.mark.parametrize("n", range(len(ROWS)), ids=IDS)
def test_table_in_the_browser(n: int, table_verdicts: list[dict[str, Any]]) -> None:
    row = ROWS[n]
    got = table_verdicts[n]
    assert got["outcome"] == row.verdict.value
    assert got == as_js(judge(*case(row)))


ALPHABET = "abcdeilnorstuzAEIOU -./%5ß0αβｂﬁ\u00a0\u0301æœ"


def mutate(rng: random.Random, text: str) -> str:
    """One to three random edits, case flips or spacing changes of ``text``."""
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(chars))
        move = rng.choice(("insert", "delete", "replace", "swap", "case", "space"))
        if move == "insert" or not chars:
            chars.insert(at, rng.choice(ALPHABET))
            continue
        at = min(at, len(chars) - 1)
        if move == "delete":
            del chars[at]
        elif move == "replace":
            chars[at] = rng.choice(ALPHABET)
        elif move == "swap" and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        elif move == "case":
            chars[at] = chars[at].upper() if chars[at].islower() else chars[at].lower()
        else:
            chars.insert(at, rng.choice(("  ", "\t", "\u3000", "-")))
    return "".join(chars)


def variations(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    texts = sorted({t for r in ROWS for t in (r.typed, r.answer, *r.accept, *r.wrong)})
    out: list[Case] = []
    for n in range(count):
        row = ROWS[n % len(ROWS)]
        source = rng.choice([row.answer, row.typed, *row.accept, rng.choice(texts)])
        wrong = [*row.wrong, *([mutate(rng, row.answer)] if rng.random() < 0.2 else [])]
        out.append((mutate(rng, source), row.answer, row.accept, wrong))
    return out


def test_browser_agrees_with_python_on_variations_of_the_table(page: Page) -> None:
    cases = variations(3000, seed=20240611)
    got = js_judge(page, cases)
    outcomes = {v["outcome"] for v in got}
    assert outcomes == {"right", "close", "wrong"}, "the variations must reach every outcome"
    disagree = [(c, g, as_js(judge(*c))) for c, g in zip(cases, got, strict=True) if g != as_js(judge(*c))]
    assert not disagree, f"{len(disagree)} disagreements, first: {disagree[:3]}"


def test_judge_with_accept_and_wrong_left_out(page: Page) -> None:
    got = page.evaluate("qgJudge('Calcuim', 'calcium')")
    assert got == as_js(judge("Calcuim", "calcium"))
    assert got["outcome"] == "close"


def test_script_survives_being_inlined_twice(page: Page) -> None:
    """Anki keeps the page between the front and the back, so the script may run again in the same window."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_script_tag(content=SCRIPT)
    assert not errors
    assert page.evaluate("Object.keys(window).filter(k => k.startsWith('qg'))") == ["qgJudge"]
    assert page.evaluate("qgJudge('GABA-A', 'GABA-B').outcome") == "wrong"


def test_script_is_safe_to_inline_in_old_webviews() -> None:
    """Inside ``<script>`` in any card encoding; no lookbehind or ``\\p{}``, which old Safari webviews reject.

    The rule tables come from judge.py's patterns: this holds them to what the card can run.
    """
    source = SCRIPT
    assert "</script" not in source.lower()
    assert source.isascii()
    assert not re.search(r"\(\?<[=!]", source)
    assert "\\p{" not in source and "\\P{" not in source
    assert not re.search(r"^(?:let|const|class|import|export)\b", source, re.M), "only `var` at the top level"


def test_rules_use_only_regex_syntax_that_python_and_javascript_read_alike() -> None:
    """The card builds its regexes from judge.py's patterns: ``\\d``, ``\\s``, ``\\w`` and ``\\b`` mean other
    characters in Python (Unicode) than in JavaScript, and ``(?i)``-style flags or named groups do not parse there."""
    from quizgen.judge import card_rules

    def patterns(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [p for item in value for p in patterns(item)]
        return []

    rules = card_rules()
    found = [
        p for key, value in rules.items() if key not in ("opposites", "suffixes", "greekNames") for p in patterns(value)
    ]
    assert found
    for pattern in found:
        assert not re.search(r"\\[dDsSwWbBAZ]|\(\?[aiLmsux]|\(\?P|\(\?<", pattern), pattern


# -- numbers: the numeric card's judge (quizgen/exporters/card/numeric.js) -------------------------------------------

NumberCase = tuple[str, int | float, int | float | str, str | None]


@pytest.fixture(scope="module")
def number_page(browser: Browser) -> Iterator[Page]:
    """A blank page with the numeric judge inlined after its rule data, as the card's back has it."""
    opened = browser.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.goto("about:blank")
    opened.add_script_tag(content=judge_source("numeric"))
    assert not errors
    yield opened
    opened.close()


def js_numbers(page: Page, cases: list[NumberCase]) -> list[dict[str, Any]]:
    """Each case judged by the card's script, against the bounds the note's fields carry (made in Python)."""
    fields = []
    for typed, answer, tolerance, unit in cases:
        low, high = number_range(answer, tolerance)
        fields.append([typed, number_text(low), number_text(high), unit or ""])
    result: list[dict[str, Any]] = page.evaluate("cases => cases.map(c => qgNumber(c[0], c[1], c[2], c[3]))", fields)
    return result


def py_number(case: NumberCase) -> dict[str, Any]:
    verdict = judge_number(*case)
    return {"outcome": verdict.outcome.value, "hint": verdict.hint}


def number_case(row: NumberRow) -> NumberCase:
    return (row.typed, row.answer, row.tolerance, row.unit)


@pytest.fixture(scope="module")
def number_verdicts(number_page: Page) -> list[dict[str, Any]]:
    return js_numbers(number_page, [number_case(r) for r in NUMBER_ROWS])


@pytest.mark.parametrize("n", range(len(NUMBER_ROWS)), ids=NUMBER_IDS)
def test_number_table_in_the_browser(n: int, number_verdicts: list[dict[str, Any]]) -> None:
    row = NUMBER_ROWS[n]
    assert number_verdicts[n]["outcome"] == row.verdict.value
    assert number_verdicts[n] == py_number(number_case(row))


def number_variations(count: int, seed: int) -> list[NumberCase]:
    """Numbers near and at the bounds, written every way a learner may write them."""
    rng = random.Random(seed)
    out: list[NumberCase] = []
    for _ in range(count):
        places = rng.randint(0, 4)
        answer = round(rng.uniform(-2000, 2000), places) if rng.random() < 0.8 else rng.randint(-5, 5000)
        choices: list[int | float | str] = [0, round(rng.uniform(0, 50), places), f"{rng.randint(0, 20)}%"]
        tolerance = rng.choice(choices)
        unit = rng.choice([None, "mg", "mcg", "h", "%"])
        low, high = number_range(answer, tolerance)
        value = rng.choice([low, high, Fraction(str(answer)), low - Fraction(1, 10**places), high + 1])
        text = number_text(value)
        style = rng.randint(0, 6)
        if style == 1:
            text = text.replace(".", ",")
        elif style == 2 and value != 0:
            text = f"{float(value):e}"
        elif style == 3:
            text = f"{float(value) * 1000:g}x10^-3"
        elif style == 4 and float(value).is_integer() and abs(value) >= 1000:
            text = f"{int(value):,}"
        elif style == 5:
            text = f"{float(value) * 100:g}\u00b710**\u20132".replace("-", "\u2212")
        written = rng.choice(["", " ", " mg", "mg", " Mg", " h", " %", "%", " g", " mcg"])
        out.append((text + written, answer, tolerance, unit))
    return out


def test_browser_agrees_with_python_on_numbers_written_every_way(number_page: Page) -> None:
    cases = number_variations(3000, seed=20261206)
    got = js_numbers(number_page, cases)
    assert {g["outcome"] for g in got} == {"right", "wrong"}
    assert any(g["hint"] for g in got), "the variations must reach an ambiguous number"
    disagree = [(c, g, py_number(c)) for c, g in zip(cases, got, strict=True) if g != py_number(c)]
    assert not disagree, f"{len(disagree)} disagreements, first: {disagree[:3]}"


def test_number_script_is_safe_to_inline_in_old_webviews() -> None:
    """The same limits as judge.js, for the number judge and the back script that shows its verdict."""
    for name in ("numeric.js", "numeric.back.js"):
        source = (CARD / name).read_text(encoding="utf-8")
        assert "</script" not in source.lower() and "{{" not in source
        assert source.isascii()
        assert not re.search(r"\(\?<[=!]", source)
        assert "\\p{" not in source and "\\P{" not in source
    assert judge_source("numeric").isascii()
    top = (CARD / "numeric.js").read_text(encoding="utf-8")
    assert re.findall(r"^(?:var|let|const|function|class)\b.*", top, re.M) == ["var qgNumber = (function () {"], (
        "only `var qgNumber` at the top level"
    )
