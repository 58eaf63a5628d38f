"""The question-format contract: what must be accepted, and every refusal rule.

Each refusal test writes one tiny bank, runs ``quizgen check`` through the
real CLI and asserts exit 1 with ``path:line: message`` naming the defect.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quizgen import images
from quizgen.answers import normalize_answer
from quizgen.cli import app
from quizgen.commands import load
from quizgen.env import Env
from quizgen.errors import QuizgenError
from quizgen.load import load_bank
from quizgen.model import Bank, Basic, Cloze, Mcq, Multi, Option, TrueFalse, Typed, card_count
from quizgen.parse import parse
from quizgen.validate import validate
from tests.helpers import check, mark_index, refused, write

runner = CliRunner()

HEAD = "deck: Demo\ntopic: Basics\nquestions:\n"


# -- accepted -----------------------------------------------------------------

SPEC_EXAMPLE = """\
deck: Baclofen
topic: Mechanism
tags: [pharmacology]
questions:
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor, Mu-opioid receptor]
    explanation: Baclofen is a GABA analogue that activates GABA-B, a G-protein-coupled receptor.
    source: "It also binds to receptors in the brain and nervous system, including the GABA receptor"

  - id: class-cloze
    type: cloze
    prompt: Baclofen reduces muscle {{c1::spasticity}} by acting in the {{c2::spinal cord::site}}.

  - id: cns-depressant
    type: truefalse
    prompt: Baclofen can add to the sedation of alcohol and other CNS depressants.
    answer: true
"""


def test_spec_example_is_accepted_and_summarised(tmp_path: Path) -> None:
    code, out, err = check(write(tmp_path, SPEC_EXAMPLE))
    assert code == 0, err
    assert "Baclofen: 1 topic, 3 questions, 4 cards (mcq 1, truefalse 1, cloze 2)" in out
    bank = load_bank([tmp_path])
    (deck,) = bank.decks
    mcq, cloze, tf = deck.topics[0].questions
    assert isinstance(mcq, Mcq) and isinstance(cloze, Cloze) and isinstance(tf, TrueFalse)
    assert mcq.answer == Option("GABA-B receptor")
    assert mcq.options == tuple(
        map(Option, ("GABA-B receptor", "GABA-A receptor", "NMDA receptor", "Mu-opioid receptor"))
    )
    assert mcq.tags == ("pharmacology",)
    assert [(d.number, d.text, d.hint) for d in cloze.deletions] == [
        (1, "spasticity", None),
        (2, "spinal cord", "site"),
    ]
    assert tf.answer is True and tf.line == 17


def test_every_type_with_all_optional_keys(tmp_path: Path) -> None:
    text = (
        HEAD
        + """\
  - id: b
    prompt: Why are intrathecal doses in micrograms?
    answer: It bypasses the blood-brain barrier.
    tags: [route, dosing]
  - {id: m, type: multi, prompt: Pick, answer: [a, b], distractors: [c]}
  - {id: t, type: typed, prompt: Name?, answer: Baclofen, accept: [Lioresal]}
  - {id: f, type: truefalse, prompt: Antidote exists?, answer: false}
  - {id: c, type: cloze, prompt: "{{c1::a}} {{c3::b::hint}} {{c1::again}}"}
  - {id: q, type: mcq, prompt: Pick one, answer: x, distractors: [y, None of the above], pinned: [None of the above]}
"""
    )
    bank = load_bank([write(tmp_path, text)])
    qs = {q.id: q for q in bank.questions()}
    b, m, t, f, c, q = (qs[k] for k in "bmtfcq")
    assert isinstance(b, Basic) and isinstance(m, Multi) and isinstance(t, Typed)
    assert isinstance(f, TrueFalse) and isinstance(c, Cloze) and isinstance(q, Mcq)
    assert b.type == "basic" and b.tags == ("route", "dosing")
    assert m.answer == (Option("a"), Option("b")) and m.distractors == (Option("c"),)
    assert (t.answer, t.accept) == ("Baclofen", ("Lioresal",))
    # what play compares a typed answer by: case and spacing forgiven, a different word not
    assert normalize_answer("  LIORESAL ") == normalize_answer(t.accept[0])
    assert normalize_answer("tizanidine") not in {normalize_answer(a) for a in (t.answer, *t.accept)}
    assert f.answer is False
    assert c.numbers == (1, 3) and card_count(c) == 2 and c.answers(1) == ("a", "again")
    assert q.pinned == ("None of the above",)


def test_yaml_12_words_are_text_not_booleans(tmp_path: Path) -> None:
    text = HEAD + "  - {id: a, prompt: Is it on?, answer: yes}\n  - {id: b, prompt: Off?, answer: off}\n"
    bank = load_bank([write(tmp_path, text)])
    assert [q.answer for q in bank.questions() if isinstance(q, Basic)] == ["yes", "off"]


def test_what_yaml_12_reads_as_text_stays_text(tmp_path: Path) -> None:
    values = ["1_000", "2024-01-05 was a Friday", "1:30", "0x", "+", "1.2.3", "v1.10", "Infinity"]
    text = HEAD + "".join(f"  - {{id: q{i}, prompt: p, answer: {v}}}\n" for i, v in enumerate(values))
    assert [q.answer for q in load_bank([write(tmp_path, text)]).questions() if isinstance(q, Basic)] == values


def test_quoted_numbers_are_kept_exactly(tmp_path: Path) -> None:
    text = (
        HEAD
        + '  - {id: a, type: typed, prompt: Version?, answer: "1.10"}\n  - {id: b, prompt: Agent?, answer: "007"}\n'
    )
    answers = [q.answer for q in load_bank([write(tmp_path, text)]).questions() if isinstance(q, Basic | Typed)]
    assert answers == ["1.10", "007"]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (b"\xef\xbb\xbf" + (HEAD + "  - {id: a, prompt: p, answer: x}\n").encode(), "bom.yaml"),
        ((HEAD + "  - id: a\n    prompt: p\n    answer: x\n").replace("\n", "\r\n").encode(), "crlf.yaml"),
        ((HEAD + "  - {id: a, prompt: p, answer: x}\n").encode(), "short.yml"),
    ],
)
def test_bom_crlf_and_yml_are_accepted(tmp_path: Path, raw: bytes, name: str) -> None:
    (q,) = load_bank([write(tmp_path, raw, name)]).questions()
    assert isinstance(q, Basic) and (q.id, q.prompt, q.answer) == ("a", "p", "x")


def test_a_folder_walk_finds_question_files_whatever_the_case_of_their_extension(tmp_path: Path) -> None:
    """Files saved as ``Q.YAML`` (some editors and file systems do) must not drop out of the decks silently."""
    for n, name in enumerate(["a.yaml", "B.YAML", "sub/c.Yml", "d.YML", "notes.txt", ".hidden.YAML"]):
        write(tmp_path, HEAD + f"  - {{id: q{n}, prompt: p, answer: x}}\n", name)
    assert sorted(q.id for q in load_bank([tmp_path]).questions()) == ["q0", "q1", "q2", "q3"]


@pytest.mark.parametrize("words", [("true", "True", "TRUE"), ("false", "False", "FALSE")])
def test_booleans_are_read_as_yaml_1_2_core_schema_in_any_documented_spelling(
    tmp_path: Path, words: tuple[str, ...]
) -> None:
    text = HEAD + "".join(f"  - {{id: t{n}, type: truefalse, prompt: p, answer: {w}}}\n" for n, w in enumerate(words))
    answers = {q.answer for q in load_bank([write(tmp_path, text)]).questions() if isinstance(q, TrueFalse)}
    assert answers == {words[0] == "true"}


def test_non_ascii_and_block_scalars(tmp_path: Path) -> None:
    text = (
        "deck: Pharmakologie\ntopic: Wirkmechanismus\nquestions:\n"
        "  - id: ca\n    prompt: |\n      Welches Ion strömt weniger ein?\n      (präsynaptisch)\n"
        "    answer: >-\n      Ca²⁺ —\n      Calcium\n"
    )
    (q,) = load_bank([write(tmp_path, text)]).questions()
    assert isinstance(q, Basic)
    assert q.prompt == "Welches Ion strömt weniger ein?\n(präsynaptisch)\n"
    assert q.answer == "Ca²⁺ — Calcium"


def test_anchors_share_distractors_and_decks_merge(tmp_path: Path) -> None:
    write(
        tmp_path,
        "deck: D\ntopic: One\nquestions:\n  - {id: a, type: mcq, prompt: p, answer: x, "
        "distractors: &d [y, z]}\n  - {id: b, type: mcq, prompt: q, answer: w, distractors: *d}\n",
        "a.yaml",
    )
    write(tmp_path, "deck: D\ntopic: Two\ntags: []\nquestions:\n  - {id: c, prompt: p, answer: x}\n", "sub/b.yaml")
    bank = load_bank([tmp_path])
    (deck,) = bank.decks
    assert [t.name for t in deck.topics] == ["One", "Two"]
    shared = (Option("y"), Option("z"))
    assert [q.distractors for q in deck.topics[0].questions if isinstance(q, Mcq)] == [shared, shared]


def test_same_id_in_different_decks_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "deck: A\ntopic: T\nquestions:\n  - {id: x, prompt: p, answer: a}\n", "a.yaml")
    write(tmp_path, "deck: B\ntopic: T\nquestions:\n  - {id: x, prompt: p, answer: a}\n", "b.yaml")
    assert len(load_bank([tmp_path]).decks) == 2


def test_default_path_is_questions_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, HEAD + "  - {id: a, prompt: p, answer: x}\n", "questions/x.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = check()
    assert code == 0 and "1 question, 1 card" in out


# -- refused: one tiny bank per rule ----------------------------------------------


def test_invalid_yaml(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + "  - id: a\n    prompt: [unclosed\n", 5, "invalid YAML")
    refused(tmp_path, HEAD + "  - id: a\n   prompt: p\n    answer: x\n", 5, "invalid YAML", name="indent.yaml")


def test_not_utf8_reports_the_line_of_the_bad_bytes(tmp_path: Path) -> None:
    refused(tmp_path, (HEAD + "  - {id: a, prompt: caf\xe9, answer: x}\n").encode("latin-1"), 4, "UTF-8")


def test_binary_file(tmp_path: Path) -> None:
    refused(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", 1, "UTF-8")
    refused(tmp_path, b"deck: a\x00\x01", 1, "NUL", name="nul.yaml")


@pytest.mark.parametrize(
    ("text", "what"),
    [("", "empty"), ("---\n", "empty"), ("\n\n# only a comment\n", "empty"), ("- a\n- b\n", "list"),
     ("just text\n", "single value")],
)  # fmt: skip
def test_top_level_not_a_mapping(tmp_path: Path, text: str, what: str) -> None:
    refused(tmp_path, text, 1, what)


@pytest.mark.parametrize("key", ["deck", "topic", "questions"])
def test_missing_file_key(tmp_path: Path, key: str) -> None:
    full = {"deck": "deck: D", "topic": "topic: T", "questions": "questions:\n  - {id: a, prompt: p, answer: x}"}
    text = "\n".join(v for k, v in full.items() if k != key) + "\n"
    refused(tmp_path, text, 1, f"missing required key '{key}'")


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("{prompt: p, answer: x}", "id"),
        ("{id: a, answer: x}", "prompt"),
        ("{id: a, prompt: p}", "answer"),
        ("{id: a, type: mcq, prompt: p, answer: x}", "distractors"),
    ],
)
def test_missing_question_key(tmp_path: Path, question: str, key: str) -> None:
    refused(tmp_path, HEAD + f"  - {question}\n", 4, f"missing required key '{key}'")


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("deck: D\ntopic: T\ntags: pharmacology\nquestions:\n  - {id: a, prompt: p, answer: x}\n", 3, "list"),
        ("deck: D\ntopic: T\nquestions: {id: a}\n", 3, "must be a list"),
        ("deck: [D]\ntopic: T\nquestions:\n  - {id: a, prompt: p, answer: x}\n", 1, "must be text"),
        (HEAD + "  - just a string\n", 4, "must be a mapping"),
        (HEAD + "  - {id: a, prompt: {x: 1}, answer: x}\n", 4, "must be text"),
        (HEAD + "  - {id: a, type: typed, prompt: p, answer: x, accept: maybe}\n", 4, "list"),
    ],
)
def test_key_of_wrong_type(tmp_path: Path, text: str, line: int, needle: str) -> None:
    refused(tmp_path, text, line, needle)


@pytest.mark.parametrize("value", ['""', '"   "', "' \t'"])
def test_empty_text(tmp_path: Path, value: str) -> None:
    refused(tmp_path, HEAD + f"  - id: a\n    prompt: {value}\n    answer: x\n", 5, "prompt is empty")


def test_optional_key_without_value(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + "  - id: a\n    prompt: p\n    answer: x\n    explanation:\n", 7, "leave the key out")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("42", "number"),
        ("1.10", "number"),
        ("007", "number"),
        ("2024-01-05", "date"),
        ("1e3", "number"),
        ("0E0", "number"),
        ("-.5", "number"),
        ("0x1F", "number"),
        ("0o17", "number"),
        ("2024-01-05 10:30:00", "date"),
        (".inf", "number"),
    ],
)
def test_numbers_and_dates_where_text_is_expected(tmp_path: Path, value: str, kind: str) -> None:
    refused(tmp_path, HEAD + f"  - id: a\n    prompt: p\n    answer: {value}\n", 6, kind, f'quote it ("{value}")')


def test_unknown_key_with_hint(tmp_path: Path) -> None:
    refused(
        tmp_path,
        HEAD + "  - id: a\n    prompt: p\n    answer: x\n    explaination: y\n",
        7,
        "unknown key 'explaination'",
        "did you mean 'explanation'",
    )


def test_unknown_top_level_key(tmp_path: Path) -> None:
    refused(
        tmp_path,
        "deck: D\ntopc: T\ntopic: T\nquestions:\n  - {id: a, prompt: p, answer: x}\n",
        2,
        "unknown key 'topc'",
        "did you mean 'topic'",
    )


def test_duplicate_mapping_key(tmp_path: Path) -> None:
    refused(
        tmp_path,
        HEAD + "  - id: a\n    prompt: p\n    prompt: q\n    answer: x\n",
        6,
        "duplicate key 'prompt'",
        "line 5",
    )


@pytest.mark.parametrize(
    ("question", "key", "qtype"),
    [
        ("{id: a, type: typed, prompt: p, answer: x, distractors: [y]}", "distractors", "typed"),
        ("{id: a, type: mcq, prompt: p, answer: x, distractors: [y], accept: [z]}", "accept", "mcq"),
        ("{id: a, type: basic, prompt: p, answer: x, pinned: [x]}", "pinned", "basic"),
    ],
)
def test_key_not_of_this_type(tmp_path: Path, question: str, key: str, qtype: str) -> None:
    refused(tmp_path, HEAD + f"  - {question}\n", 4, f"key '{key}' does not belong to a {qtype} question")


def test_unknown_type(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + "  - {id: a, type: mcqq, prompt: p, answer: x}\n", 4, "unknown type 'mcqq'", "'mcq'")


@pytest.mark.parametrize("bad_id", ["Upper", "-lead", "has space", "under_score", "a" * 65, "ümlaut"])
def test_id_breaking_the_pattern(tmp_path: Path, bad_id: str) -> None:
    refused(tmp_path, HEAD + f"  - id: '{bad_id}'\n    prompt: p\n    answer: x\n", 4, "id")


def test_id_of_64_chars_is_fine(tmp_path: Path) -> None:
    assert check(write(tmp_path, HEAD + f"  - {{id: {'a' * 64}, prompt: p, answer: x}}\n"))[0] == 0


def test_duplicate_id_is_reported_at_the_later_one_naming_the_first(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD + "  - {id: a, prompt: p, answer: x}\n", "a.yaml")
    err = refused(
        tmp_path,
        "deck: Demo\ntopic: More\nquestions:\n  - {id: b, prompt: p, answer: x}\n  - {id: a, prompt: q, answer: y}\n",
        5,
        "duplicate id 'a'",
        f"{first}:4",
        name="b.yaml",
    )
    assert f"{first}:4:" not in err


@pytest.mark.parametrize(
    ("question", "needle"),
    [
        ("{id: a, type: truefalse, prompt: p, answer: yes}", "true or false"),
        ("{id: a, type: truefalse, prompt: p, answer: 'true'}", "the word true without quotes"),
        ("{id: a, type: multi, prompt: p, answer: x, distractors: [y]}", "list"),
        ("{id: a, type: multi, prompt: p, answer: [], distractors: [y]}", "at least 1"),
        ("{id: a, type: mcq, prompt: p, answer: [x], distractors: [y]}", "text"),
        ("{id: a, type: mcq, prompt: p, answer: x, distractors: []}", "at least 1"),
        ("{id: a, prompt: p, answer: true}", "boolean"),
    ],
)
def test_answer_that_does_not_fit_its_type(tmp_path: Path, question: str, needle: str) -> None:
    refused(tmp_path, HEAD + f"  - {question}\n", 4, needle)


@pytest.mark.parametrize(
    "question",
    [
        "{id: a, type: mcq, prompt: p, answer: x, distractors: [y, x]}",
        "{id: a, type: mcq, prompt: p, answer: x, distractors: [y, y]}",
        "{id: a, type: multi, prompt: p, answer: [x, x], distractors: [y]}",
        "{id: a, type: multi, prompt: p, answer: [x, z], distractors: [z]}",
    ],
)
def test_repeated_options(tmp_path: Path, question: str) -> None:
    refused(tmp_path, HEAD + f"  - {question}\n", 4, "option")


@pytest.mark.parametrize(
    ("prompt", "needle"),
    [
        ("no deletion here", "at least one deletion"),
        ("{{c0::x}}", "malformed"),
        ("{{c01::x}}", "malformed"),
        ("{{c1::}}", "malformed"),
        ("{{c1:x}}", "malformed"),
        ("{{c1::a {{c2::b}} c}}", "malformed"),
        ("{{cx::y}}", "malformed"),
        ("{{c1::open", "malformed"),
        ("{{C1::x}}", "malformed"),
    ],
)
def test_bad_cloze(tmp_path: Path, prompt: str, needle: str) -> None:
    refused(tmp_path, HEAD + f"  - id: a\n    type: cloze\n    prompt: '{prompt}'\n", 6, needle)


def test_cloze_with_answer(tmp_path: Path) -> None:
    refused(
        tmp_path,
        HEAD + "  - {id: a, type: cloze, prompt: '{{c1::x}}', answer: x}\n",
        4,
        "key 'answer' does not belong to a cloze question",
    )


def test_empty_questions_list(tmp_path: Path) -> None:
    refused(tmp_path, "deck: D\ntopic: T\nquestions: []\n", 3, "questions is empty")
    refused(tmp_path, "deck: D\ntopic: T\nquestions:\n", 3, "questions has no value", name="bare.yaml")


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    code, _, err = check(tmp_path / "nope")
    assert code == 1 and "no such file or folder" in err
    (tmp_path / "empty").mkdir()
    code, _, err = check(tmp_path / "empty")
    assert code == 1 and "no question files" in err


def test_every_error_of_the_bank_is_reported_in_one_run(tmp_path: Path) -> None:
    write(tmp_path, HEAD + "  - {id: a, prompt: p}\n  - {id: B, prompt: p, answer: x}\n", "one.yaml")
    write(tmp_path, b"deck: \xff\n", "two.yaml")
    write(tmp_path, "deck: D\ntopic: T\nquestions: []\n", "three.yaml")
    code, _, err = check(tmp_path)
    rows = [r for r in err.splitlines() if ".yaml:" in r]
    assert code == 1
    assert [r.split(": ")[0] for r in rows] == [
        f"{tmp_path}/one.yaml:4",
        f"{tmp_path}/one.yaml:5",
        f"{tmp_path}/three.yaml:3",
        f"{tmp_path}/two.yaml:1",
    ]
    assert "(4 problems)" in err


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "deck: D\ntopic: T\n" + "\n".join(lines) + "\nquestions:\n  - {id: x, prompt: p, answer: x, tags: *j}\n"
    started = time.process_time()
    refused(tmp_path, text, 4, "aliases expand")  # at the first alias
    # Not a speed gate: a generous bound that only a real expansion (minutes, GBs) would break.
    assert time.process_time() - started < 30


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    refused(tmp_path, "deck: " + "[" * 5000 + "]" * 5000 + "\n", 1, "invalid YAML")


def test_load_bank_raises_with_problems(tmp_path: Path) -> None:
    with pytest.raises(QuizgenError) as info:
        load_bank([write(tmp_path, HEAD + "  - {id: a, prompt: p}\n")])
    assert [(p.line, "answer" in p.message) for p in info.value.problems] == [(4, True)]


# -- check --source ---------------------------------------------------------------


def test_source_check_lists_quotes_not_in_the_document(tmp_path: Path) -> None:
    doc = write(tmp_path, "Baclofen is a \u201cGABA-B\u201d   agonist.\nIt acts in the\nspinal cord.", "doc.txt")
    bank = write(
        tmp_path,
        HEAD
        + """\
  - {id: a, prompt: p, answer: x, source: 'baclofen is a "GABA-B" agonist'}
  - {id: b, prompt: p, answer: x, source: "acts in the spinal cord"}
  - {id: c, prompt: p, answer: x, source: "acts in the brain"}
  - {id: d, prompt: p, answer: x}
  - id: e
    prompt: "What is the source: a label?"
    answer: x
    source: acts in the heart
""",
    )
    result = runner.invoke(app, ["check", str(bank), "--source", str(doc)])
    assert result.exit_code == 1
    assert f"{bank}:6: source quote of 'c'" in result.stderr
    assert f"{bank}:11: source quote of 'e'" in result.stderr  # the line of its source key
    assert "'a'" not in result.stderr and "'b'" not in result.stderr
    ok = write(tmp_path, HEAD + "  - {id: a, prompt: p, answer: x, source: 'spinal   CORD'}\n", "ok/bank.yaml")
    result = runner.invoke(app, ["check", str(ok), "--source", str(doc)])
    assert result.exit_code == 0 and "all 1 quotes appear" in result.stdout


def test_lines_are_counted_as_an_editor_counts_them(tmp_path: Path) -> None:
    # PyYAML also breaks lines at U+0085 / U+2028; editors show those inside a line.
    refused(tmp_path, 'deck: D\ntopic: "a\u0085b\u2028c"\nquestions:\n  - {id: a, prompt: p}\n', 4, "answer")
    refused(tmp_path, "deck: D\rtopic: T\rquestions:\r  - {id: a, prompt: p}\r", 4, "answer", name="cr.yaml")


def test_pinned_options_are_kept_as_the_options_own_text(tmp_path: Path) -> None:
    text = HEAD + "  - {id: a, type: mcq, prompt: p, answer: x, distractors: [y, 'None '], pinned: [None]}\n"
    (q,) = load_bank([write(tmp_path, text)]).questions()
    assert isinstance(q, Mcq) and q.pinned == ("None ",)
    assert q.shuffled_options()[-1] == Option("None ") and len(q.shuffled_options()) == 3
    refused(tmp_path, HEAD + "  - {id: a, type: mcq, prompt: p, answer: x, distractors: [y], pinned: [y, y]}\n",
            4, "pinned option 'y' is repeated", name="twice.yaml")  # fmt: skip


def test_bad_bytes_are_located_in_files_with_old_mac_line_endings(tmp_path: Path) -> None:
    refused(tmp_path, b"deck: D\rtopic: T\rquestions:\r  - {id: a, prompt: caf\xe9, answer: x}\r", 4, "UTF-8")


def test_the_cached_load_reports_every_problem_and_follows_every_edit(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bad = write(tmp_path, HEAD + "  - {id: a, prompt: p}\n", "bad.yaml")
    with pytest.raises(QuizgenError) as info:
        load_bank([tmp_path / "nope", bad], cache_dir=cache)
    assert [(p.path, p.line) for p in info.value.problems] == [(str(bad), 4), (str(tmp_path / "nope"), 1)]

    def prompt(bank: Bank) -> str:
        (q,) = bank.questions()
        assert isinstance(q, Basic)
        return q.prompt

    good = write(tmp_path, HEAD + "  - {id: a, prompt: first, answer: x}\n", "good/bank.yaml")
    assert prompt(load_bank([good], cache_dir=cache)) == "first"
    mark_index(cache, "marked")  # the stored question now says "marked": a load that shows it read the index
    assert prompt(load_bank([good], cache_dir=cache)) == "marked"
    # every command finds the same index through $QUIZGEN_CACHE_DIR; QUIZGEN_NO_CACHE=1 reads afresh
    assert prompt(load([good], Env({"QUIZGEN_CACHE_DIR": str(cache)}), quiet=True)) == "marked"
    assert prompt(load([good], Env({"QUIZGEN_CACHE_DIR": str(cache), "QUIZGEN_NO_CACHE": "1"}))) == "first"
    assert prompt(load([good], Env({"QUIZGEN_CACHE_DIR": str(cache)}), cache=False)) == "first"
    good.write_text(HEAD + "  - {id: a, prompt: second, answer: x}\n")
    assert prompt(load_bank([good], cache_dir=cache)) == "second"


def test_the_cached_load_checks_an_image_again_once_it_is_edited_or_gone(tmp_path: Path) -> None:
    """The cache is keyed by the question files; an image changed since must not slip past its checks."""
    cache = tmp_path / "cache"
    good = write(tmp_path, HEAD + "  - {id: a, prompt: 'See ![the synapse](images/s.svg)', answer: x}\n")
    figure = tmp_path / "images" / "s.svg"
    figure.parent.mkdir()
    figure.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>')
    os.utime(figure, ns=(time.time_ns() - 10**10,) * 2)  # not just written: its row is stored
    (image,) = load_bank([good], cache_dir=cache).images
    assert load_bank([good], cache_dir=cache).images == (image,)

    figure.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    with pytest.raises(QuizgenError) as info:
        load_bank([good], cache_dir=cache)
    assert "script" in info.value.problems[0].message and info.value.problems[0].line == 4

    figure.unlink()
    with pytest.raises(QuizgenError) as info:
        load_bank([good], cache_dir=cache)
    assert "images/s.svg" in info.value.problems[0].message


def test_the_cached_bank_keeps_no_image_bytes_and_reads_them_from_the_checked_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bank index holds image paths and digests only; the bytes are read again, and only if unchanged."""
    cache = tmp_path / "cache"
    good = write(tmp_path, HEAD + "  - {id: a, prompt: 'See ![the synapse](images/s.png)', answer: x}\n")
    figure = tmp_path / "images" / "s.png"
    figure.parent.mkdir()
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    figure.write_bytes(picture)
    checked_at = time.time_ns() - 10**10
    os.utime(figure, ns=(checked_at, checked_at))  # not just written: its row is stored
    load_bank([good], cache_dir=cache)
    stored = b"".join(f.read_bytes() for f in cache.iterdir())
    assert b"images/s.png" in stored and picture[8:] not in stored

    def from_index() -> Bank:
        """The bank as a later run loads it: from the index (its prompt marked), no bytes read yet."""
        monkeypatch.setattr(images, "_CONTENT", {})
        mark_index(cache, "marked")
        bank = load_bank([good], cache_dir=cache)
        (q,) = bank.questions()
        assert isinstance(q, Basic) and q.prompt == "marked"
        return bank

    (image,) = from_index().images
    assert image.read() == picture

    (image,) = from_index().images
    figure.write_bytes(picture + b"more")  # edited after the checks, before an output reads it
    with pytest.raises(QuizgenError) as info:
        image.read()
    assert str(info.value) == f"{image.path}:1: image: it changed after it was checked; run the command again"

    # an edit that keeps the file's size and time passes its stamp, but never its digest
    figure.write_bytes(picture[:-1] + b"!")
    os.utime(figure, ns=(checked_at, checked_at))
    (image,) = from_index().images
    with pytest.raises(QuizgenError) as info:
        image.read()
    assert str(info.value) == f"{image.path}:1: image: it changed after it was checked; run the command again"


def test_cloze_numbers_anki_cannot_make_cards_for_are_refused(tmp_path: Path) -> None:
    assert check(write(tmp_path, HEAD + "  - {id: a, type: cloze, prompt: '{{c500::x}}'}\n"))[0] == 0
    refused(tmp_path, HEAD + "  - {id: b, type: cloze, prompt: '{{c501::x}}'}\n", 4, "c1 to c500", name="big.yaml")
    refused(tmp_path, HEAD + "  - {id: c, type: cloze, prompt: '{{c99999999999999999999::x}}'}\n", 4, "too large",
            name="huge.yaml")  # fmt: skip


def test_a_timestamp_with_a_spaced_offset_is_a_date(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + "  - id: a\n    prompt: p\n    answer: 2001-12-14 21:59:43.10 -5\n", 6, "date")


def test_every_problem_is_one_line_even_when_the_text_has_line_breaks(tmp_path: Path) -> None:
    err = refused(tmp_path, HEAD + "  - id: |\n      two\n      lines\n    prompt: p\n    answer: x\n", 4, "id")
    assert "id 'two\\nlines\\n' must be" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_like_a_question_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    write(tmp_path, HEAD + "  - {id: a, prompt: p, answer: x}\n", "good.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    for target in (tmp_path, tmp_path / "pipe.yaml"):
        # a real process with a deadline: a check that waited for a writer would otherwise hang the test run
        run = subprocess.run(
            [sys.executable, "-m", "quizgen", "check", str(target)], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 1
        assert f"{tmp_path / 'pipe.yaml'}:1: not a regular file" in run.stderr


def test_a_problem_inside_a_block_text_is_reported_at_its_own_line(tmp_path: Path) -> None:
    text = (
        HEAD
        + "  - id: a\n    prompt: |\n      line one\n      line two\n      ![x](missing.png)\n    answer: y\n"
        + "  - id: b\n    type: cloze\n    prompt: >-\n      first {{c1::x}}\n      second\n      third {{c2:y}} end\n"
    )
    code, _, err = check(write(tmp_path, text))
    assert code == 1
    assert f"{tmp_path / 'bank.yaml'}:8: question 'a': prompt: image 'missing.png': no such file" in err
    assert f"{tmp_path / 'bank.yaml'}:15: question 'b': malformed cloze deletion near '{{{{c2:y}}}}':" in err


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any folder")
def test_a_folder_that_cannot_be_read_is_an_error_not_left_out(tmp_path: Path) -> None:
    write(tmp_path, HEAD + "  - {id: a, prompt: p, answer: x}\n", "good.yaml")
    write(tmp_path, HEAD + "  - {id: b, prompt: p, answer: x}\n", "sub/more.yaml")
    (tmp_path / "sub").chmod(0o000)
    try:
        code, _, err = check(tmp_path)
    finally:
        (tmp_path / "sub").chmod(0o755)
    assert code == 1 and f"{tmp_path / 'sub'}:1: cannot read folder: Permission denied" in err


def test_a_folder_walk_reports_what_it_cannot_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above where the tests run as root (who reads every folder): the walk's error is reported."""
    write(tmp_path, HEAD + "  - {id: a, prompt: p, answer: x}\n", "good.yaml")
    real_walk = os.walk

    def walk_failing_on_sub(top: str, onerror: Callable[[OSError], None] | None = None) -> Iterator[Any]:
        if onerror is not None:
            onerror(PermissionError(13, "Permission denied", str(tmp_path / "sub")))
        yield from real_walk(top, onerror=onerror)

    monkeypatch.setattr(os, "walk", walk_failing_on_sub)
    code, _, err = check(tmp_path)
    assert code == 1 and f"{tmp_path / 'sub'}:1: cannot read folder: Permission denied" in err


def test_a_question_of_an_unknown_type_still_has_its_prompt_checked(tmp_path: Path) -> None:
    text = HEAD + "  - {id: c, type: bogus, prompt: }\n  - {id: d, type: essay, prompt: 42}\n"
    code, _, err = check(write(tmp_path, text))
    assert code == 1
    assert "bank.yaml:4: question 'c': prompt has no value" in err and "unknown type 'bogus'" in err
    assert "bank.yaml:5: question 'd': prompt must be text, not the number 42" in err


def test_a_bad_option_does_not_hide_a_repeated_one(tmp_path: Path) -> None:
    text = (
        HEAD + "  - {id: a, type: mcq, prompt: x, answer: A, distractors: [A, {text: B}]}\n"
        "  - {id: c, type: multi, prompt: x, answer: [A, A, 5], distractors: [C]}\n"
    )
    code, _, err = check(write(tmp_path, text))
    assert code == 1
    assert "bank.yaml:4: question 'a': distractors item 2 needs both 'text' and 'why'" in err
    assert "bank.yaml:4: question 'a': option 'A' is both the answer and a distractor" in err
    assert "bank.yaml:5: question 'c': answer item 3 must be text" in err
    assert "bank.yaml:5: question 'c': option 'A' is repeated in answer" in err


def test_a_malformed_deletion_does_not_hide_the_prompts_images_or_bad_accept_entries(tmp_path: Path) -> None:
    text = HEAD + '  - id: b\n    type: cloze\n    prompt: "{{c1:x}} ![](nope.png) {{c2::y}}"\n    accept: {c2: [5]}\n'
    code, _, err = check(write(tmp_path, text))
    assert code == 1
    assert "bank.yaml:6: question 'b': malformed cloze deletion near '{{c1:x}}'" in err
    assert "bank.yaml:6: question 'b': prompt: image 'nope.png' needs alt text" in err
    assert "bank.yaml:7: question 'b': accept c2 item 1 must be text, not the number 5" in err


def test_every_malformed_deletion_of_a_prompt_is_reported_at_its_line(tmp_path: Path) -> None:
    text = HEAD + (
        "  - id: b\n    type: cloze\n    prompt: >-\n      first {{c1:x}}\n"
        "      second {{c2::ok}} and {{c01::y}}\n      third {{c600::z}} end {{c3::}}\n"
        "  - {id: n, type: cloze, prompt: 'a {{c1::b {{c2::c}} d}} e'}\n"
    )
    code, _, err = check(write(tmp_path, text))
    assert code == 1
    bank = tmp_path / "bank.yaml"
    assert f"{bank}:7: question 'b': malformed cloze deletion near '{{{{c1:x}}}}'" in err
    assert f"{bank}:8: question 'b': malformed cloze deletion near '{{{{c01::y}}}}'" in err
    assert f"{bank}:9: question 'b': cloze number c600 is too large" in err
    assert f"{bank}:9: question 'b': malformed cloze deletion near '{{{{c3::}}}}'" in err
    assert f"{bank}:10: question 'n': malformed cloze deletion near '{{{{c1::b {{{{c2::c}}}}'" in err
    assert err.count("question 'n'") == 1  # the inner deletion is fine: one problem, not two


@pytest.mark.parametrize(
    "bad",
    [
        "{id: b, prompt: p, answer: x, lines: 0}", "{id: t, type: typed, prompt: p, answer: x, lines: ~}",
        "{id: n, type: numeric, prompt: p, answer: 8, lines: two}", "{id: n, type: numeric, prompt: p, answer: .nan}",
        "{id: r, prompt: p, answer: x, rubric: [fine, 1]}", "{id: o, type: ordering, prompt: p, answer: [a, b], "
        "scoring: some}",
    ],
)  # fmt: skip
def test_a_question_with_one_refused_value_is_left_out_of_the_bank(bad: str) -> None:
    """Each read of the newer keys (lines, rubric, scoring, a numeric answer) is counted in the question's validity."""
    text = f"deck: D\ntopic: T\nquestions:\n  - {{id: ok, prompt: p, answer: x}}\n  - {bad}\n"
    source, _ = parse("q.yaml", text.encode())
    bank, problems = validate([source])
    assert [p.line for p in problems] == [5]
    assert [q.id for q in bank.questions()] == ["ok"]


def test_each_folder_resolved_once_gives_the_real_path_of_every_file(tmp_path: Path) -> None:
    """Files are told apart by their real path, each folder resolved once: as ``os.path.realpath`` for each file."""
    import os

    from quizgen.load import _real_path

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("x")
    os.symlink(tmp_path / "a", tmp_path / "linked")
    os.symlink(tmp_path / "a" / "x.yaml", tmp_path / "y.yaml")
    folders: dict[str, str] = {}
    for path in [tmp_path / "a" / "x.yaml", tmp_path / "linked" / "x.yaml", tmp_path / "y.yaml",
                 tmp_path / "a" / ".." / "linked" / "x.yaml"]:  # fmt: skip
        assert _real_path(str(path), folders) == os.path.realpath(path) == str(tmp_path.resolve() / "a" / "x.yaml")
