"""The third release's ``numeric`` type and the exam keys ``lines`` and ``rubric``, as an author writes them.

Each refusal writes one tiny bank and runs the real ``quizgen check``: exit 1, ``path:line: message`` with the
fix, every error of the bank in one run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.load import load_bank
from quizgen.model import Basic, Mcq, Numeric, Typed
from tests.helpers import check, refused, write

HEAD = "deck: Demo\ntopic: Numbers\nquestions:\n"


def numeric(*keys: str) -> str:
    """One numeric question (its ``answer`` and more keys on lines 7 onwards)."""
    return HEAD + "  - id: n\n    type: numeric\n    prompt: How much?\n" + "".join(f"    {k}\n" for k in keys)


def test_numbers_tolerances_and_units_as_written(tmp_path: Path) -> None:
    write(
        tmp_path,
        HEAD
        + """\
  - {id: a, type: numeric, prompt: p, answer: 80, unit: mg}
  - {id: b, type: numeric, prompt: p, answer: 3.5, tolerance: 0.5, unit: h}
  - {id: c, type: numeric, prompt: p, answer: 1e-3, tolerance: 5%}
  - {id: d, type: numeric, prompt: p, answer: -2, tolerance: 2.5%}
  - {id: e, type: numeric, prompt: p, answer: 0x10, tolerance: 0, lines: 2}
  - {id: f, type: numeric, prompt: p, answer: 1.10, unit: "%"}
""",
    )
    got = [
        (q.answer, q.tolerance, q.unit, q.lines) for q in load_bank([tmp_path]).questions() if isinstance(q, Numeric)
    ]
    assert got == [
        (80, 0, "mg", None), (3.5, 0.5, "h", None), (0.001, "5%", None, None), (-2, "2.5%", None, None),
        (16, 0, None, 2), (1.1, 0, "%", None),
    ]  # fmt: skip
    assert isinstance(got[0][0], int) and isinstance(got[1][0], float)


@pytest.mark.parametrize(
    ("keys", "line", "needles"),
    [
        (['answer: "80"'], 7, ('answer must be a number, not the text "80"', "write it without quotes: answer: 80")),
        (["answer: '1,5'"], 7, ("not the text", "answer: 1.5")),
        (["answer: 80 mg"], 7, ('not the text "80 mg"', "unit: mg")),
        (["answer: true"], 7, ("must be a number", "not the boolean true")),
        (["answer: .inf"], 7, ("must be a finite number",)),
        (["answer: [80]"], 7, ("must be a number", "not a list")),
        (["answer:"], 7, ("answer has no value", "like answer: 80")),
        (["answer: 2024-01-01"], 7, ("must be a number",)),
        (["unit: mg"], 4, ("missing required key 'answer'",)),
        (["answer: 80", "tolerance: -1"], 8, ("tolerance must be at least 0, not -1", "tolerance: 1")),
        (["answer: 80", "tolerance: 5 %"], 8, ("not '5 %'", "without spaces: tolerance: 5%")),
        (["answer: 80", "tolerance: abc"], 8, ("not 'abc'", "like tolerance: 2", "like tolerance: 5%")),
        (["answer: 80", "tolerance: 5%%"], 8, ("not '5%%'", "like tolerance: 5%")),
        (["answer: 80", "tolerance: -5%"], 8, ("not '-5%'",)),
        (["answer: 80", "tolerance: '2'"], 8, ("not '2'", "without quotes: tolerance: 2")),
        (["answer: 80", "tolerance: [2]"], 8, ("tolerance must be a number", "not a list")),
        (["answer: 80", "unit: 5"], 8, ("unit must be text, not the number 5", 'quote it ("5")')),
        (["answer: 80", "unit: [mg]"], 8, ("unit must be text, not a list",)),
        (["answer: 80", "unit: ''"], 8, ("unit is empty",)),
        (["answer: 80", "accept: [eighty]"], 8, ("key 'accept' does not belong to a numeric question",)),
        (["answer: 80", "lines: 0"], 8, ("lines must be a whole number of at least 1", "like lines: 4", "not 0")),
        (["answer: 80", "lines: '2'"], 8, ("lines must be a whole number", "(without quotes)")),
        (["answer: 80", "lines: 1.5"], 8, ("not 1.5",)),
    ],
)
def test_a_numeric_question_that_breaks_a_rule_is_refused_with_the_fix(
    tmp_path: Path, keys: list[str], line: int, needles: tuple[str, ...]
) -> None:
    refused(tmp_path, numeric(*keys), line, *needles)


@pytest.mark.parametrize(
    ("question", "line", "needles"),
    [
        ("type: mcq\n    prompt: p\n    answer: a\n    distractors: [b]\n    lines: 2", 9,
         ("key 'lines' does not belong to a mcq question",)),
        ("type: truefalse\n    prompt: p\n    answer: true\n    lines: 2", 8, ("does not belong to a truefalse",)),
        ("type: cloze\n    prompt: '{{c1::x}}'\n    lines: 2", 7, ("does not belong to a cloze",)),
        ("prompt: p\n    answer: a\n    lines: 0", 7, ("lines must be a whole number of at least 1",)),
        ("prompt: p\n    answer: a\n    lines:", 7, ("lines has no value", "leave the key out")),
        ("prompt: p\n    answer: a\n    rubric: One point", 7, ("rubric must be a list of text, not a single value",)),
        ("prompt: p\n    answer: a\n    rubric: [1]", 7, ("rubric item 1 must be text, not the number 1",)),
        ("prompt: p\n    answer: a\n    rubric: [{a: b}]", 7, ("rubric item 1 must be text, not a mapping",)),
        ("prompt: p\n    answer: a\n    rubric: ['']", 7, ("rubric item 1 is empty",)),
        ("prompt: p\n    answer: a\n    rubric:", 7, ("rubric has no value",)),
    ],
)  # fmt: skip
def test_lines_and_rubric_are_refused_where_they_do_not_fit(
    tmp_path: Path, question: str, line: int, needles: tuple[str, ...]
) -> None:
    refused(tmp_path, HEAD + f"  - id: q\n    {question}\n", line, *needles)


def test_lines_on_basic_typed_and_numeric_and_a_rubric_on_any_type(tmp_path: Path) -> None:
    write(
        tmp_path,
        HEAD
        + """\
  - {id: b, prompt: p, answer: a, lines: 6, rubric: [First, "**Second**"]}
  - {id: t, type: typed, prompt: p, answer: a, lines: 1}
  - {id: n, type: numeric, prompt: p, answer: 1, lines: 0o3}
  - {id: m, type: mcq, prompt: p, answer: a, distractors: [b], rubric: [Picks a]}
  - {id: e, prompt: p, answer: a, rubric: []}
""",
    )
    b, t, n, m, e = load_bank([tmp_path]).questions()
    assert isinstance(b, Basic) and (b.lines, b.rubric) == (6, ("First", "**Second**"))
    assert isinstance(t, Typed) and t.lines == 1 and t.rubric == ()
    assert isinstance(n, Numeric) and n.lines == 3
    assert isinstance(m, Mcq) and m.rubric == ("Picks a",)
    assert e.rubric == ()


def test_every_numeric_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """\
  - {id: a, type: numeric, prompt: p, answer: "80"}
  - {id: b, type: numeric, prompt: p, answer: 80, tolerance: -1}
  - {id: c, type: numeric, prompt: p, answer: 80, tolerance: 5 %}
  - {id: d, type: numeric, prompt: p, answer: 80, unit: 5, lines: 0}
  - {id: e, prompt: p, answer: x, rubric: nope}
""",
    )
    code, out, err = check(tmp_path)
    assert code == 1 and "Traceback" not in err
    lines = [row.split(": ", 1)[0] for row in err.splitlines() if row.startswith(str(path))]
    assert lines == [f"{path}:{n}" for n in (4, 5, 6, 7, 7, 8)]
    assert "6 problems" in err
