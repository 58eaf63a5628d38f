"""Likely mistakes of an author, caught before they reach paper: one tiny bank per rule, run through the real CLI.

Refusals: options that look the same on paper, keys other quiz formats use, a `: ` that made text a
mapping, one message for one misspelt key, a misspelt image name. Warnings: a right option that is a
letter or a number among real distractors (``check`` exit 0, ``check --strict`` exit 1, ``build`` and
``print`` still write).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.mistakes import fold_option, same_option
from tests.helpers import check, cli, refused, write

HEAD = "deck: Demo\ntopic: Basics\nquestions:\n"


def mcq(answer: str, distractors: str, qid: str = "q") -> str:
    head = f"  - id: {qid}\n    type: mcq\n    prompt: Which phase?\n"
    return head + f"    answer: {answer}\n    distractors: {distractors}\n"


# -- options that look the same on paper ---------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("Metaphase", "metaphase"), ("Metaphase", "  Metaphase  "), ("Cell  wall", "cell wall"),
     ("Metaphase", "Metaphase."), ("Metaphase", '"Metaphase"'), ("Left ventricle", "left ventricle!")],
)  # fmt: skip
def test_same_option_ignores_case_spacing_and_end_punctuation(a: str, b: str) -> None:
    assert same_option(a, b)


@pytest.mark.parametrize(("a", "b"), [("1", "-1"), ("5", ".5"), ("C", "C#"), ("C", "C++"), ("?", "!"), ("50", "50%")])
def test_options_that_look_different_stay_apart(a: str, b: str) -> None:
    assert not same_option(a, b)
    assert fold_option(a) != fold_option(b)


def test_an_answer_and_a_distractor_differing_in_case_are_refused_at_the_later(tmp_path: Path) -> None:
    text = HEAD + mcq("Metaphase", "\n      - Prophase\n      - metaphase")
    err = refused(tmp_path, text, 10, "option 'metaphase' looks the same as 'Metaphase' (first at line 7)")
    assert err.count("metaphase") == 1 and "(1 problem)" in err


def test_two_distractors_differing_in_spacing_and_punctuation_are_refused(tmp_path: Path) -> None:
    text = HEAD + mcq("Anaphase", "[Prophase, 'prophase.', Telophase]")
    refused(tmp_path, text, 8, "option 'prophase.' looks the same as 'Prophase'", "punctuation")


def test_an_exact_repeat_keeps_its_own_message(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + mcq("Anaphase", "[Prophase, Anaphase]"), 8, "option 'Anaphase' is both the answer and a")


# -- keys of other quiz formats ---------------------------------------------------


@pytest.mark.parametrize(
    ("key", "needle"),
    [("options", "use 'answer' for the right option(s) and 'distractors' for the wrong ones"),
     ("choices", "use 'answer' for the right option(s) and 'distractors' for the wrong ones"),
     ("correct", "use 'answer'"), ("question", "use 'prompt'"), ("feedback", "use 'explanation'")],
)  # fmt: skip
def test_keys_of_other_formats_name_the_key_to_use(tmp_path: Path, key: str, needle: str) -> None:
    text = HEAD + f"  - id: q\n    prompt: Which?\n    answer: Metaphase\n    {key}: [Prophase, Metaphase]\n"
    err = refused(tmp_path, text, 7, f"unknown key '{key}'; {needle}")
    assert "did you mean" not in err


def test_the_format_of_other_tools_gets_one_message_per_key(tmp_path: Path) -> None:
    text = HEAD + "  - id: q\n    type: mcq\n    question: Which?\n    options: [Prophase, Metaphase]\n    correct: B\n"
    err = refused(tmp_path, text, 6, "unknown key 'question'; use 'prompt'")
    assert "missing required key" not in err and "(3 problems)" in err


def test_feedback_on_an_option_names_why(tmp_path: Path) -> None:
    text = HEAD + mcq("Metaphase", "[{text: Prophase, feedback: Too early.}]")
    err = refused(tmp_path, text, 8, "unknown key 'feedback'; use 'why'")
    assert "needs both" not in err and "(1 problem)" in err


# -- a `: ` inside a bracketed list -----------------------------------------------


def test_a_colon_in_a_flow_list_says_to_quote_that_entry(tmp_path: Path) -> None:
    text = HEAD + mcq("Metaphase", "[Prophase, Telophase: nuclear envelope reforms]")
    err = refused(tmp_path, text, 8, "distractors item 2", 'put that entry in quotes: "Telophase: nuclear envelope')
    assert "needs both" not in err and "unknown key" not in err and "(1 problem)" in err


def test_a_colon_in_a_list_of_text_says_to_quote_that_entry(tmp_path: Path) -> None:
    text = HEAD + "  - id: q\n    prompt: Which?\n    answer: x\n    tags: [cell, mitosis: phases]\n"
    err = refused(tmp_path, text, 7, "tags item 2", 'put that entry in quotes: "mitosis: phases"')
    assert "must be text" not in err


def test_an_option_mapping_in_braces_is_still_judged_as_one(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + mcq("Metaphase", "[{Telophase: x}]"), 8, "unknown key 'Telophase'")


# -- one problem, one message -------------------------------------------------------


def test_a_misspelt_required_key_is_reported_once(tmp_path: Path) -> None:
    text = HEAD + "  - id: q\n    type: mcq\n    prompt: Which?\n    answer: Metaphase\n    distracters: [Prophase]\n"
    err = refused(tmp_path, text, 8, "unknown key 'distracters' (did you mean 'distractors'?)")
    assert "missing required key" not in err and "(1 problem)" in err


def test_a_misspelt_file_key_is_reported_once(tmp_path: Path) -> None:
    text = "deck: Demo\ntopc: Basics\nquestions:\n  - id: q\n    prompt: p\n    answer: a\n"
    err = refused(tmp_path, text, 2, "unknown key 'topc' (did you mean 'topic'?)")
    assert "missing required key" not in err


def test_a_missing_key_with_no_stand_in_is_still_reported(tmp_path: Path) -> None:
    text = HEAD + "  - id: q\n    type: mcq\n    prompt: Which?\n    answer: Metaphase\n"
    refused(tmp_path, text, 4, "missing required key 'distractors'")


# -- a misspelt image name -------------------------------------------------------------


def test_a_wrong_image_name_suggests_the_nearest_file(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><rect width="2" height="2"/></svg>'
    write(tmp_path, svg, "images/animal-cell.svg")
    write(tmp_path, svg, "images/plant-cell.svg")
    text = HEAD + '  - id: q\n    prompt: "Name it: ![a cell](images/animal_cell.svg)"\n    answer: A cell\n'
    refused(tmp_path, text, 5, "no such file", "did you mean 'images/animal-cell.svg'?")


def test_an_image_name_near_nothing_gets_the_plain_hint(tmp_path: Path) -> None:
    text = HEAD + '  - id: q\n    prompt: "Name it: ![a cell](images/zebra.svg)"\n    answer: A cell\n'
    err = refused(tmp_path, text, 5, "no such file", "check the name")
    assert "did you mean" not in err


# -- warnings ------------------------------------------------------------------------------


LETTER = HEAD + mcq("C", "[Prophase, Metaphase, Anaphase, Telophase]")


def test_a_letter_for_an_answer_warns_and_passes(tmp_path: Path) -> None:
    path = write(tmp_path, LETTER)
    code, out, err = check(tmp_path)
    assert code == 0, err
    assert f"{path}:7: warning: question 'q': the right option is 'C'" in err
    assert out.startswith("Demo: 1 topic, 1 question")


def test_a_number_for_a_multi_answer_warns_at_that_entry(tmp_path: Path) -> None:
    text = HEAD + "  - id: q\n    type: multi\n    prompt: Which?\n    answer:\n      - Prophase\n      - '3'\n"
    path = write(tmp_path, text + "    distractors: [Metaphase, Telophase]\n")
    code, _, err = check(tmp_path)
    assert code == 0 and f"{path}:9: warning: " in err


def test_strict_makes_a_warning_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, LETTER)
    code, _, err = cli("check", "--strict", tmp_path)
    assert code == 1
    assert f"{path}:7: warning made an error by --strict: question 'q'" in err
    assert "(1 problem)" in err


@pytest.mark.parametrize(
    "text",
    [mcq("C", "[A, D, E]"), mcq("C", "[Prophase, D, Telophase]"), mcq("Metaphase", "[A, Prophase, Telophase]")],
)
def test_options_that_are_all_short_do_not_warn(tmp_path: Path, text: str) -> None:
    write(tmp_path, HEAD + text)
    code, out, err = cli("check", "--strict", tmp_path)
    assert (code, err) == (0, "")
    assert out.startswith("Demo: 1 topic, 1 question")


def test_a_warning_beside_an_error_is_shown_and_not_counted(tmp_path: Path) -> None:
    text = LETTER + "  - id: b\n    prompt: p\n"
    path = write(tmp_path, text)
    code, _, err = check(tmp_path)
    assert code == 1
    assert f"{path}:7: warning: " in err and "missing required key 'answer'" in err and "(1 problem)" in err


def test_build_and_print_show_warnings_and_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "questions", LETTER)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    code, _, err = cli("print", "-o", "quiz.html")
    assert code == 0 and f"{path.relative_to(tmp_path)}:7: warning: " in err
    assert (tmp_path / "quiz.html").exists()
    code, out, err = cli("build")
    assert code == 0 and f"{path.relative_to(tmp_path)}:7: warning: " in err
    assert "wrote decks/demo.apkg" in out


def test_an_alias_repeating_an_option_is_a_repeat(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + mcq("Metaphase", "[&p Prophase, *p]"), 8, "option 'Prophase' is repeated in distractors")
