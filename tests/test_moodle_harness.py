"""Moodle's own importer reads our exports: run only where a Moodle source tree and php-cli are at hand.

``MOODLE_TREE`` names a Moodle tree (4.5 was used; see tools/moodle_harness/README.md).
The harness runs Moodle's real XML import code on a file and prints the
question objects Moodle would save; these tests first hold it to Moodle's own
example files (what Moodle's tests expect of them, and the file it refuses),
then assert on what it makes of our exports, type by type.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from quizgen.exporters.moodle import choice_grades, cloze_weights, moodle_xml, question_name
from quizgen.judge import number_range
from quizgen.load import load_bank
from quizgen.model import (
    Bank,
    Basic,
    Cloze,
    Matching,
    Mcq,
    Multi,
    Numeric,
    Ordering,
    Question,
    TrueFalse,
    Typed,
    points,
)
from quizgen.render import to_html, to_plain
from tests.test_moodle import EXAMPLES, REPO, TEST_BANK, grader_info

TREE = os.environ.get("MOODLE_TREE")
HARNESS = REPO / "tools" / "moodle_harness" / "harness.php"
pytestmark = [
    pytest.mark.skipif(
        not TREE, reason="MOODLE_TREE is not set: Moodle's importer is not at hand (CI cannot fetch it)"
    ),
    pytest.mark.skipif(shutil.which("php") is None, reason="php-cli is not installed"),
]


def moodle_import(path: Path) -> dict[str, Any]:
    """What Moodle's importer makes of the file: ``refused``, ``errors`` and the question objects."""
    done = subprocess.run(["php", str(HARNESS), str(TREE), str(path)], capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_harness_reads_moodles_examples_as_moodles_tests_expect() -> None:
    refused = moodle_import(EXAMPLES / "error_invalid_grades.xml")
    assert refused["refused"] and "invalidgradequestion" in refused["errors"][0] and "0.33" in refused["errors"][0]
    for name in ("multichoice.xml", "truefalse.xml", "multianswer.xml", "html_chars_in_idnumbers.xml",
                 "nested_categories_with_questions.xml"):  # fmt: skip
        assert not moodle_import(EXAMPLES / name)["refused"], name
    (mc,) = [q for q in moodle_import(EXAMPLES / "multichoice.xml")["questions"] if q["qtype"] != "category"]
    assert [float(f) for f in mc["fraction"]] == [0, 1, 0, 0] and mc["single"] == 1
    assert [f["name"] for f in mc["files"]["questiontext"]] == ["bonjour.mp3"]
    (cloze,) = [q for q in moodle_import(EXAMPLES / "multianswer.xml")["questions"] if q["qtype"] != "category"]
    paris = cloze["options"]["questions"]["5"]
    assert paris["qtype"] == "shortanswer" and paris["answer"] == ["Paris", "Marseille", "*"]
    assert [float(f) for f in paris["fraction"]] == [1, 0.5, 0]
    idnumbers = moodle_import(EXAMPLES / "html_chars_in_idnumbers.xml")["questions"]
    # Moodle's parser drops character data that is only white space: the " " between two entities is lost
    assert [q["idnumber"] for q in idnumbers] == ["The inequalities <&>", "T & F"]
    nested = moodle_import(EXAMPLES / "nested_categories_with_questions.xml")["questions"]
    assert [q["category_path"][1:] for q in nested if q["qtype"] == "essay"] == [["Iota", "Kappa"]]


def html_of(text: str | None, question: Question) -> str:
    urls = {i.src: f"@@PLUGINFILE@@/{i.file.media_name}" for i in question.images}
    return to_html(text, urls).strip() if text else ""


def files_of(question: Question, *texts: str | None) -> list[tuple[str, str]]:
    shown = "".join(t for t in texts if t)
    return sorted(
        {
            (i.file.media_name, hashlib.sha256(i.file.read()).hexdigest())
            for i in question.images
            if f"]({i.src})" in shown
        }
    )


def saved_files(got: dict[str, Any], field: str) -> list[tuple[str, str]]:
    return sorted((f["name"], f["sha256"]) for f in got["files"].get(field, []))


def assert_imported(question: Question, got: dict[str, Any]) -> None:
    """One question as Moodle's importer built it, field by field."""
    assert got["idnumber"] == question.id
    assert got["tags"] == list(question.tags)
    if "<" not in question_name(question):  # Moodle cleans a name as plain text (tags stripped)
        assert got["name"] == question_name(question)
    category = ["$course$", question.deck, *(("Pools", question.pool) if question.pool else (question.topic,))]
    assert got["category_path"] == [c.strip() for c in category]
    assert got["generalfeedback"] == html_of(question.explanation, question)
    assert saved_files(got, "generalfeedback") == files_of(question, question.explanation)
    if not isinstance(question, Cloze):
        assert got["questiontext"] == html_of(question.prompt, question)
        assert saved_files(got, "questiontext") == files_of(question, question.prompt)
        assert float(got["defaultmark"]) == points(question)
    match question:
        case Basic():
            assert got["qtype"] == "essay"
            assert got["graderinfo"]["text"] == grader_info(question)
            assert saved_files(got, "graderinfo") == files_of(question, question.answer, *question.rubric)
            assert int(got["responsefieldlines"]) == (question.lines or 10)
        case Mcq() | Multi():
            assert got["qtype"] == "multichoice" and got["single"] == int(isinstance(question, Mcq))
            by_text = dict(zip((a["text"] for a in got["answer"]), range(len(got["answer"])), strict=True))
            if isinstance(question, Multi):
                grades = choice_grades(len(question.answer), question.scoring)
                expected = {**dict(zip(question.answer, grades.right, strict=True)),
                            **{o: grades.wrong for o in question.distractors}}  # fmt: skip
            else:
                expected = {o: "1.0" if o == question.answer else "0.0" for o in question.options}
            for option in question.options:
                i = by_text[html_of(option.text, question)]
                assert float(got["fraction"][i]) == pytest.approx(float(expected[option]), abs=1e-7)
                assert got["feedback"][i]["text"] == html_of(option.why, question)
                assert saved_files(got, f"feedback[{i}]") == files_of(question, option.why)
                assert saved_files(got, f"answer[{i}]") == files_of(question, option.text)
        case TrueFalse():
            assert got["qtype"] == "truefalse" and got["correctanswer"] is question.answer
        case Cloze():
            assert got["qtype"] == "multianswer"
            subquestions = [got["options"]["questions"][str(n)] for n in range(1, len(question.deletions) + 1)]
            weights = cloze_weights(question)
            assert [int(s["defaultmark"]) for s in subquestions] == list(weights)
            assert got["defaultmark"] == sum(weights)
            for d, sub in zip(question.deletions, subquestions, strict=True):
                assert sub["qtype"] == "shortanswer" and sub["usecase"] == 0
                accepted = dict.fromkeys(
                    to_plain(a).strip().replace("*", "\\*") for a in (d.text, *question.accepted(d.number))
                )
                assert sub["answer"] == list(accepted)
                assert [float(f) for f in sub["fraction"]] == [1.0] * len(accepted)
        case Typed():
            assert got["qtype"] == "shortanswer" and got["usecase"] == "0"
            accepted = dict.fromkeys(
                to_plain(a).strip().replace("*", "\\*") for a in (question.answer, *question.accept)
            )
            assert got["answer"] == list(accepted)
            assert [float(f) for f in got["fraction"]] == [1.0] * len(accepted)
        case Numeric():
            assert got["qtype"] == "numerical" and [float(f) for f in got["fraction"]] == [1.0]
            (answer,), (tolerance,) = got["answer"], got["tolerance"]
            low, high = number_range(question.answer, question.tolerance)
            exact = Fraction(str(answer))
            assert (exact - Fraction(str(tolerance)), exact + Fraction(str(tolerance))) == (low, high)
            assert got["unit"] == ([question.unit] if question.unit else [])
            if question.unit:
                assert [float(m) for m in got["multiplier"]] == [1.0]
            assert int(got["showunits"]) == (2 if question.unit else 3) and int(got["unitgradingtype"]) == 0
        case Matching():
            # qformat_xml::import_match: one subquestion text (with files) and one plain answer per subquestion
            assert got["qtype"] == "match"
            items = [html_of(p.item, question) for p in question.pairs] + [""] * len(question.distractors)
            assert [sub["text"] for sub in got["subquestions"]] == items
            assert got["subanswers"] == [to_plain(m).strip() for m in question.matches]
        case Ordering():
            assert got["qtype"] == "ordering"
            assert [a["text"] for a in got["answer"]] == [html_of(e, question) for e in question.answer]
        case _:
            raise AssertionError(question.type)


@pytest.mark.parametrize("bank_path", [REPO / "questions", TEST_BANK], ids=["baclofen", "every-type"])
def test_moodles_importer_reads_every_question_of_our_export(tmp_path: Path, bank_path: Path) -> None:
    bank: Bank = load_bank([bank_path])
    path = tmp_path / "export.xml"
    path.write_text(moodle_xml(bank.decks).xml, encoding="utf-8")
    result = moodle_import(path)
    assert not result["refused"], result["errors"]
    assert result["errors"] == [] and result["notifications"] == []
    got = {q["idnumber"]: q for q in result["questions"] if q["qtype"] != "category"}
    assert len(got) == sum(1 for _ in bank.questions())  # not one lost
    for question in bank.questions():
        assert_imported(question, got[question.id])


def test_the_committed_deck_is_read_by_moodle_without_an_error() -> None:
    result = moodle_import(REPO / "decks" / "baclofen-moodle.xml")
    assert not result["refused"] and result["errors"] == []
