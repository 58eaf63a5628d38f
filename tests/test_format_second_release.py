"""The question format's second-release rules: options with reasons, cloze ``accept``, points and pools,
images, text cut by a ``#``, YAML syntax errors in plain words, and where the bank is looked for.

Each refusal writes one tiny bank and runs the real ``quizgen check``: exit 1, ``path:line: message``.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from quizgen import __version__
from quizgen.load import load_bank
from quizgen.model import Basic, Cloze, Mcq, Multi, Option, points
from tests.helpers import cli, refused, write

HEAD = "deck: Demo\ntopic: Basics\nquestions:\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


# -- options with reasons -----------------------------------------------------


def test_options_may_carry_reasons_in_either_form(tmp_path: Path) -> None:
    write(
        tmp_path,
        HEAD
        + """\
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer:
      text: GABA-B receptor
      why: A G-protein-coupled receptor.
    distractors:
      - text: GABA-A receptor
        why: The chloride channel where benzodiazepines act.
      - NMDA receptor
  - id: m
    type: multi
    prompt: Which?
    answer: [{text: a, why: right}, b]
    distractors: [{text: c, why: wrong}]
    pinned: [c]
""",
    )
    mcq, multi = load_bank([tmp_path]).questions()
    assert isinstance(mcq, Mcq) and isinstance(multi, Multi)
    assert mcq.answer == Option("GABA-B receptor", "A G-protein-coupled receptor.")
    assert mcq.distractors == (Option("GABA-A receptor", "The chloride channel where benzodiazepines act."),
                               Option("NMDA receptor"))  # fmt: skip
    assert multi.answer == (Option("a", "right"), Option("b")) and multi.pinned == ("c",)


@pytest.mark.parametrize(
    ("option", "needle"),
    [
        ("{text: x}", "needs both 'text' and 'why' (missing why)"),
        ("{why: x}", "missing text"),
        ("{text: x, why: y, note: z}", "unknown key 'note'"),
        ("{text: x, why: ''}", "why is empty"),
        ("{text: '', why: y}", "text is empty"),
        ("{text: [x], why: y}", "must be text"),
    ],
)
def test_a_malformed_option_mapping_is_refused(tmp_path: Path, option: str, needle: str) -> None:
    refused(tmp_path, HEAD + f"  - {{id: a, type: mcq, prompt: p, answer: r, distractors: [{option}]}}\n", 4, needle)


def test_repeats_are_judged_on_text_and_reported_at_the_later_one(tmp_path: Path) -> None:
    text = (
        HEAD
        + "  - id: a\n    type: mcq\n    prompt: p\n    answer: x\n"
        + "    distractors:\n      - y\n      - {text: x, why: w}\n"
    )
    refused(tmp_path, text, 10, "option 'x' is both the answer and a distractor (first at line 7)")
    text = HEAD + "  - id: a\n    type: multi\n    prompt: p\n    answer: [x]\n    distractors:\n      - y\n      - y\n"
    refused(tmp_path, text, 10, "option 'y' is repeated in distractors (first at line 9)")


# -- cloze accept -------------------------------------------------------------


def test_cloze_accept_maps_deletions_to_other_answers(tmp_path: Path) -> None:
    write(
        tmp_path,
        HEAD + "  - id: g\n    type: cloze\n    prompt: '{{c1::GIRK}} and {{c2::hyperpolarize}}'\n"
        "    accept:\n      c1: [GIRK potassium, Kir3]\n      c2: [hyperpolarise]\n",
    )
    (cloze,) = load_bank([tmp_path]).questions()
    assert isinstance(cloze, Cloze)
    assert cloze.accepted(1) == ("GIRK potassium", "Kir3") and cloze.accepted(2) == ("hyperpolarise",)


@pytest.mark.parametrize(
    ("accept", "needle"),
    [
        ("{c3: [x]}", "unknown key 'c3'"),
        ("{x1: [x]}", "unknown key 'x1'"),
        ("{c1: x}", "must be a list"),
        ("[x]", "maps deletions to other answers"),
    ],
)
def test_a_cloze_accept_that_names_no_deletion_is_refused(tmp_path: Path, accept: str, needle: str) -> None:
    refused(tmp_path, HEAD + f"  - {{id: g, type: cloze, prompt: '{{{{c1::a}}}} {{{{c2::b}}}}', accept: {accept}}}\n",
            4, needle)  # fmt: skip


# -- points and pools ---------------------------------------------------------


def test_points_default_to_one_and_a_cloze_shares_its_points(tmp_path: Path) -> None:
    write(
        tmp_path,
        HEAD + "  - {id: a, prompt: p, answer: x}\n  - {id: b, prompt: p, answer: x, points: 3}\n"
        "  - {id: c, type: cloze, prompt: '{{c1::a}} {{c2::b}} {{c2::c}}'}\n"
        "  - {id: d, type: cloze, prompt: '{{c1::a}} {{c2::b}}', points: 3, pool: p1}\n",
    )
    a, b, c, d = load_bank([tmp_path]).questions()
    assert [points(q) for q in (a, b, c, d)] == [1, 3, 2, 3]
    assert d.pool == "p1" and isinstance(d, Cloze)
    assert points(d) / len(d.numbers) == Fraction(3, 2)  # 1.5 a blank, shown as such on paper


@pytest.mark.parametrize("value", ["0", "-1", "1.5", '"2"', "two", "true", "[1]", "0x0", "0o8", "1e1"])
def test_points_must_be_a_positive_whole_number(tmp_path: Path, value: str) -> None:
    refused(
        tmp_path, HEAD + f"  - {{id: a, prompt: p, answer: x, points: {value}}}\n", 4, "points must be a whole number"
    )


@pytest.mark.parametrize(("value", "number"), [("+3", 3), ("03", 3), ("0o10", 8), ("0x10", 16)])
def test_points_are_read_as_yaml_1_2_integers(tmp_path: Path, value: str, number: int) -> None:
    (q,) = load_bank([write(tmp_path, HEAD + f"  - {{id: a, prompt: p, answer: x, points: {value}}}\n")]).questions()
    assert points(q) == number


def test_points_without_a_value_say_so(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + "  - id: a\n    prompt: p\n    answer: x\n    points:\n", 7, "points has no value")


@pytest.mark.parametrize("value", ["Bad_Pool", "-x", '"a b"'])
def test_a_pool_follows_the_id_pattern(tmp_path: Path, value: str) -> None:
    refused(tmp_path, HEAD + f"  - {{id: a, prompt: p, answer: x, pool: {value}}}\n", 4, "pool")


def test_members_of_a_pool_must_be_worth_the_same(tmp_path: Path) -> None:
    text = HEAD + "  - {id: a, prompt: p, answer: x, pool: r, points: 2}\n  - {id: b, prompt: p, answer: x, pool: r}\n"
    refused(tmp_path, text, 5, "pool 'r' mixes points", "'a'", "'b'")


# -- images ---------------------------------------------------------------------


def test_images_are_found_in_every_text_and_checked(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.png").write_bytes(PNG)
    write(
        tmp_path,
        HEAD + "  - id: a\n    type: mcq\n    prompt: 'See ![a dot](images/dot.png)'\n"
        "    answer: {text: '![the dot](images/dot.png)', why: '![dot](images/dot.png) is it'}\n"
        "    distractors: [none]\n    explanation: 'Again ![a dot](./images/dot.png)'\n",
    )
    (q,) = load_bank([tmp_path]).questions()
    assert {i.src for i in q.images} == {"images/dot.png", "./images/dot.png"}
    assert len({i.file.media_name for i in q.images}) == 1
    code, out, _ = cli("check", tmp_path)
    assert code == 0 and "1 image (shown by 1 question)" in out


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("prompt: 'x ![](images/dot.png)'", "needs alt text"),
        ("prompt: 'x ![dot](images/none.png)'", "images/none.png"),
        ("prompt: 'x ![dot](/etc/passwd)'", "image '/etc/passwd'"),
        ("prompt: 'x ![dot](https://example.com/a.png)'", "https://example.com/a.png"),
        ("prompt: 'x ![dot](file:///etc/passwd)'", "file:///etc/passwd"),
        ("prompt: 'x ![dot](../dot.png)'", "../dot.png"),
    ],
)
def test_a_bad_image_is_refused_at_the_line_of_its_text(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.png").write_bytes(PNG)
    (tmp_path.parent / "dot.png").write_bytes(PNG)
    refused(tmp_path, HEAD + f"  - id: a\n    answer: y\n    {text}\n", 6, needle)


def test_no_image_inside_a_deletion_or_in_a_typed_answer(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.png").write_bytes(PNG)
    err = refused(tmp_path, HEAD + "  - {id: c, type: cloze, prompt: 'a {{c1::![d](images/dot.png)}}'}\n", 4,
                  "cannot stand inside a cloze deletion")  # fmt: skip
    assert "c1" in err
    refused(tmp_path, HEAD + "  - {id: t, type: typed, prompt: p, answer: '![d](images/dot.png)'}\n", 4,
            "cannot show an image")  # fmt: skip
    refused(tmp_path, HEAD + "  - {id: t, type: typed, prompt: p, answer: a, accept: ['![d](images/dot.png)']}\n", 4,
            "cannot show an image")  # fmt: skip


def test_raw_html_img_stays_text(tmp_path: Path) -> None:
    write(tmp_path, HEAD + "  - {id: a, prompt: '<img src=x onerror=alert(1)>', answer: y}\n")
    (q,) = load_bank([tmp_path]).questions()
    assert q.images == ()


# -- text that YAML would cut, and syntax errors in plain words -----------------


def test_text_cut_by_a_hash_comment_is_refused_with_the_fix(tmp_path: Path) -> None:
    text = HEAD + "  - id: a\n    prompt: Which drug is the #1 priority in malignant hyperthermia?\n    answer: x\n"
    refused(tmp_path, text, 5, "prompt ends before '#1 priority", "put the whole text in quotes")


def test_an_ordinary_comment_is_fine(tmp_path: Path) -> None:
    write(tmp_path, HEAD + "  - id: a\n    prompt: Which wall is thickest?\n    answer: Left ventricle  # thickest\n")
    (q,) = load_bank([tmp_path]).questions()
    assert q.answer == "Left ventricle"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (HEAD + "  - id: a\n\tprompt: p\n", 5, "YAML indents with spaces"),
        (HEAD + "  - id: a\n    prompt: Dose: 5 mg\n    answer: x\n", 5, "put the whole text in quotes"),
        (HEAD + "  - id: a\n    prompt: *Dantrolene* acts on what?\n    answer: x\n", 5, "Markdown *italics*"),
        (HEAD + "  - {id: a, prompt: Dose: 5 mg, answer: x}\n", 4, "within { } reads as a new key; put that text in"),
        (HEAD + "  - {id: a, type: mcq, prompt: p, answer: {text: 'x', why: Ratio: 2}, distractors: [y]}\n", 4,
         "within { } reads as a new key"),
        (HEAD + "  - id: a\n    prompt: `GABA` is what?\n    answer: x\n", 5, "Markdown `code` at the start"),
        (HEAD + "  - id: a\n    prompt: x\n    answer: @home\n", 6, "put the whole text in quotes"),
    ],
)  # fmt: skip
def test_yaml_syntax_errors_say_what_to_do(tmp_path: Path, text: str, line: int, needle: str) -> None:
    refused(tmp_path, text, line, needle)


def test_a_quoted_true_on_a_truefalse_answer_says_to_drop_the_quotes(tmp_path: Path) -> None:
    refused(
        tmp_path, HEAD + '  - {id: a, type: truefalse, prompt: p, answer: "true"}\n', 4, "without quotes: answer: true"
    )


# -- where the bank is looked for; the version ------------------------------------


def test_without_a_questions_folder_check_says_how_to_name_the_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("check")
    assert code == 1
    assert "there is no questions/ folder" in err and "quizgen check path/to/questions" in err
    assert "questions:1:" not in err


def test_version() -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"quizgen {__version__}"


@pytest.mark.parametrize("image", ["![dot](images/dot.png)", "![a *red* dot](images/dot.png)"])
def test_check_source_ignores_images_in_a_quote(tmp_path: Path, image: str) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.png").write_bytes(PNG)
    write(tmp_path, HEAD + f"  - {{id: a, prompt: p, answer: x, source: 'Baclofen relaxes {image} muscles'}}\n")
    article = tmp_path.parent / "article.txt"
    article.write_text("It says: baclofen relaxes muscles.", encoding="utf-8")
    code, out, err = cli("check", tmp_path, "--source", article)
    assert code == 0, err
    assert "sources ok: all 1 quotes" in out


def test_an_image_path_with_a_space_is_refused_with_the_fix_unless_in_angle_brackets(tmp_path: Path) -> None:
    figure = tmp_path / "sub dir" / "fig one.svg"
    figure.parent.mkdir()
    figure.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>')
    message = refused(tmp_path, HEAD + "  - {id: a, prompt: 'See ![fig](sub dir/fig one.svg)', answer: x}\n", 4,
                      "the image path 'sub dir/fig one.svg' has a space", "![...](<sub dir/fig one.svg>)")  # fmt: skip
    assert "Markdown reads this as text" in message
    ok = write(tmp_path, HEAD + "  - {id: a, prompt: 'See ![fig](<sub dir/fig one.svg>)', answer: x}\n", "ok.yaml")
    (q,) = load_bank([ok]).questions()
    assert [image.src for image in q.images] == ["sub dir/fig one.svg"]


def test_text_starting_with_an_unused_anchor_is_refused_but_anchors_that_are_used_are_fine(tmp_path: Path) -> None:
    refused(tmp_path, HEAD + "  - {id: a, prompt: p, answer: &more than one}\n", 4,
            "answer starts with '&more', which YAML reads as an anchor name", '"&more than one"')  # fmt: skip
    shared = HEAD + (
        "  - {id: b, prompt: &x shared text, answer: *x}\n"
        "  - {id: c, prompt: &y another, answer: x}\n"
        "  - {id: d, prompt: q, answer: *y}\n"
    )
    b, c, d = load_bank([write(tmp_path, shared, "shared.yaml")]).questions()
    assert (b.prompt, c.prompt) == ("shared text", "another")
    assert isinstance(d, Basic) and d.answer == "another"
