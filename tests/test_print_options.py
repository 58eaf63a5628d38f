"""``quizgen print``'s header and file options, the key grid, section points and the study sheet's lack of badges.

What is pinned byte for byte is in ``tests/golden`` (see ``tests/test_print.py``);
these tests read the printed HTML for what a teacher would notice, and drive
the command line for which files are written and for the exit status.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizgen.exporters.html import (
    PrintOptions,
    format_points,
    key_grid,
    plan_deck,
    print_outputs,
    printed_files,
    render_document,
)
from quizgen.load import load_bank
from tests.helpers import cli, write_files
from tests.test_print import KEY_RE, POOLS, QUIZ_RE, SMALL, keys, two_decks, versions

GRID_RE = re.compile(r'<table class="grid">(.*?)</table>', re.S)
ROW_RE = re.compile(r'<tr><th scope="row">(\w+)</th>(.*?)</tr>')


def grid(html: str) -> dict[str, list[str]]:
    """The key grid: each row's label -> its cells, one per version."""
    (table,) = GRID_RE.findall(html)
    return {label: re.findall(r"<td>(.*?)</td>", cells) for label, cells in ROW_RE.findall(table)}


def headers(html: str) -> list[str]:
    return [body.split("</header>")[0] for _, body in QUIZ_RE.findall(html)]


# -- the header ---------------------------------------------------------------


def test_the_default_header_is_a_quiz_with_name_and_date() -> None:
    html = render_document(load_bank([SMALL]).decks, PrintOptions(versions=2))
    for head in headers(html):
        assert '<p class="kicker">Quiz</p>' in head and "<h1>Baclofen</h1>" in head
        assert re.findall(r'<div class="field[^"]*"><span>([^<]+)</span>', head) == ["Name", "Date", "Score"]
        assert "Time" not in head
    assert "<title>Baclofen — Quiz</title>" in html


def test_title_label_time_and_fields_shape_every_versions_header(tmp_path: Path) -> None:
    out = tmp_path / "exam.html"
    args = ["--title", "Pharmacology <term 2>", "--label", "Exam", "--time", "45 minutes"]
    fields = ["--field", "Name", "--field", "Class", "--field", "Candidate no."]
    status, _, err = cli("print", SMALL, "-o", out, "--versions", "3", *args, *fields)
    assert status == 0, err
    html = out.read_text(encoding="utf-8")
    assert len(headers(html)) == 3
    for head in headers(html):
        assert '<p class="kicker">Exam</p>' in head and "<h1>Pharmacology &lt;term 2&gt;</h1>" in head
        assert re.findall(r'<div class="field[^"]*"><span>([^<]+)</span>', head) == [
            "Name", "Class", "Candidate no.", "Score"
        ]  # fmt: skip
        assert '<b class="time">Time: 45 minutes</b>' in head
    assert '@top-left { content: "Pharmacology \\3c term 2\\3e "; }' in html, "the title runs in the margins"
    assert "Baclofen" not in "".join(headers(html))
    assert "<title>Pharmacology &lt;term 2&gt; — Exam</title>" in html
    for _, key in KEY_RE.findall(html):
        assert "<h1>Pharmacology &lt;term 2&gt;</h1>" in key


def test_the_title_also_heads_the_study_sheet() -> None:
    html = render_document(load_bank([SMALL]).decks, PrintOptions(study=True, title="Revision"))
    assert "<h1>Revision</h1>" in html and "<h1>Baclofen</h1>" not in html


# -- which files are written -----------------------------------------------------


def test_split_writes_one_file_per_version_one_key_and_the_exam_record(tmp_path: Path) -> None:
    out = tmp_path / "exam.html"
    status, stdout, err = cli("print", SMALL, "-o", out, "--versions", "3", "--seed", "7", "--split")
    assert status == 0, err
    names = ["exam-A.html", "exam-B.html", "exam-C.html", "exam-key.html", "exam.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    assert stdout == "".join(f"wrote {tmp_path / n}\n" for n in names)
    whole = render_document(load_bank([SMALL]).decks, PrintOptions(versions=3, seed=7))
    for letter in "ABC":
        html = (tmp_path / f"exam-{letter}.html").read_text(encoding="utf-8")
        assert versions(html) == {letter: versions(whole)[letter]}, "the same version as in the single file"
        assert 'class="sheet key' not in html
    key = (tmp_path / "exam-key.html").read_text(encoding="utf-8")
    assert not QUIZ_RE.findall(key) and keys(key) == keys(whole) and grid(key) == grid(whole)


def test_split_without_key_writes_only_the_versions(tmp_path: Path) -> None:
    status, _, err = cli("print", SMALL, "-o", tmp_path / "exam.html", "--versions", "2", "--split", "--no-key")
    assert status == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam-A.html", "exam-B.html", "exam.json"]


def test_split_without_output_names_each_decks_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = cli("print", SMALL, "--versions", "2", "--split")
    assert status == 0, err
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == [
        "baclofen-quiz-A.html", "baclofen-quiz-B.html", "baclofen-quiz-key.html", "baclofen-quiz.json"
    ]  # fmt: skip


def test_split_with_several_decks_in_one_output_puts_each_decks_version_a_in_the_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "exam.html"
    status, _, err = cli("print", two_decks(tmp_path), "-o", out, "--versions", "2", "--split")
    assert status == 0, err
    assert sorted(p.name for p in out.parent.iterdir()) == ["exam-A.html", "exam-B.html", "exam-key.html", "exam.json"]
    a = out.with_name("exam-A.html").read_text(encoding="utf-8")
    assert re.findall(r'<article class="sheet quiz" id="([\w-]+)">', a) == ["quiz-d1-a", "quiz-d2-a"]
    assert " of " not in "".join(footers(a)), "counter(pages) would count both decks"
    key = out.with_name("exam-key.html").read_text(encoding="utf-8")
    assert key.count('<table class="grid">') == 2, "a grid per deck"


@pytest.mark.parametrize(("split", "name"), [(False, "exam.html"), (True, "exam-key.html")])
def test_key_only_writes_only_the_key_and_the_exam_record(tmp_path: Path, split: bool, name: str) -> None:
    status, _, err = cli("print", SMALL, "-o", tmp_path / "exam.html", "--versions", "2", "--key-only",
                         *(["--split"] if split else []))  # fmt: skip
    assert status == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "exam.json"])
    html = (tmp_path / name).read_text(encoding="utf-8")
    assert not QUIZ_RE.findall(html) and sorted(keys(html)) == ["A", "B"] and grid(html)
    whole = render_document(load_bank([SMALL]).decks, PrintOptions(versions=2))
    assert keys(html) == keys(whole), "the key of the very versions printed without --key-only"


def test_printed_files_is_the_one_list_of_names() -> None:
    target = Path("out/exam.html")

    def names(**kw: bool | int) -> list[tuple[str, tuple[int, ...], bool]]:
        options = PrintOptions(versions=2, **kw)  # type: ignore[arg-type]
        return [(p.name, part.versions, part.key) for p, part in printed_files(target, options)]

    assert names() == [("exam.html", (0, 1), True)]
    assert names(key=False) == [("exam.html", (0, 1), False)]
    assert names(split=True) == [
        ("exam-A.html", (0,), False),
        ("exam-B.html", (1,), False),
        ("exam-key.html", (), True),
    ]
    assert names(key_only=True) == [("exam.html", (), True)]
    assert names(key_only=True, split=True) == [("exam-key.html", (), True)]
    assert names(study=True) == [("exam.html", (0, 1), False)]


# -- page numbers -------------------------------------------------------------------


def footers(html: str) -> list[str]:
    return re.findall(r"@bottom-right \{ content: (\"[^;]*); \}", html.split("</style>")[0])[1:]


def test_page_numbers_count_each_version_and_the_key_and_say_of_n_only_in_a_file_of_one(tmp_path: Path) -> None:
    whole = render_document(load_bank([SMALL]).decks, PrintOptions(versions=2))
    assert footers(whole) == [
        '"Version A, page " counter(quiz-d1-a)', '"Version B, page " counter(quiz-d1-b)',
        *['"Answer key, page " counter(key-d1)'] * 3,
    ]  # fmt: skip
    assert re.findall(r"counter-increment: ([\w-]+);", whole) == ["quiz-d1-a", "quiz-d1-b", *["key-d1"] * 3]
    status, _, err = cli("print", SMALL, "-o", tmp_path / "exam.html", "--versions", "2", "--split")
    assert status == 0, err
    a = (tmp_path / "exam-A.html").read_text(encoding="utf-8")
    assert footers(a) == ['"Version A, page " counter(quiz-d1-a) " of " counter(pages)']
    key = (tmp_path / "exam-key.html").read_text(encoding="utf-8")
    assert footers(key) == ['"Answer key, page " counter(key-d1) " of " counter(pages)'] * 3


# -- the key grid ---------------------------------------------------------------------


def test_the_key_grid_has_a_column_per_version_and_a_row_per_number_or_blank_label() -> None:
    deck = load_bank([SMALL]).decks[0]
    planned = plan_deck(deck, PrintOptions(versions=2, seed=7))
    html = render_document([deck], PrintOptions(versions=2, seed=7))
    assert html.count('<table class="grid">') == 1, "one grid for every version"
    assert '<th scope="col">Version A</th><th scope="col">Version B</th>' in html
    rows = grid(html)
    for i, v in enumerate(planned.versions):
        mine = {label: cells[i] for label, cells in rows.items() if cells[i]}
        assert len(mine) == len(v.questions) - 1 + 3, "every question, the 3-number cloze as 3 rows"
        for pq in v.questions:
            match pq.question.type:
                case "cloze":
                    n = pq.number
                    assert (mine[f"{n}a"], mine[f"{n}b"], mine[f"{n}c"]) == ("spasticity", "spinal cord", "calcium")
                    assert str(n) not in mine
                case "mcq" | "multi":
                    assert mine[str(pq.number)] == " ".join(o.letter for o in pq.options if o.correct)
                case "truefalse":
                    assert mine[str(pq.number)] in ("T", "F")
                case "typed":
                    assert mine[str(pq.number)] == "80 mg"
                case "basic":
                    assert mine[str(pq.number)] == "—"
    labels = list(rows)
    assert labels == sorted(labels, key=lambda lb: (int(lb.rstrip("abc")), lb)), "in number order, 3 before 3a"


def test_a_cloze_number_used_twice_is_one_row_showing_each_answer() -> None:
    deck = load_bank([POOLS]).decks[0]
    planned = plan_deck(deck, PrintOptions(versions=3, seed=1))
    shared = [
        (label, cell)
        for row in key_grid(planned.versions)
        for label, cell in zip([row.label] * 3, row.cells, strict=True)
        if "B1" in cell
    ]
    assert shared and all(cell == "B / B1 / B2" and label.endswith("b") for label, cell in shared)


def test_a_one_number_cloze_is_labelled_a(tmp_path: Path) -> None:
    cloze = "  - id: c\n    type: cloze\n    prompt: 'A {{c1::GABA}} agonist.'\n"
    bank = write_files(tmp_path / "bank", {"a.yaml": f"deck: D\ntopic: T\nquestions:\n{cloze}"})
    assert grid(render_document(load_bank([bank]).decks, PrintOptions())) == {"1a": ["GABA"]}


# -- sections and the study sheet --------------------------------------------------------


def test_each_section_heading_shows_its_points_but_not_on_the_study_sheet() -> None:
    deck = load_bank([POOLS]).decks[0]
    options = PrintOptions(versions=2, seed=2, sections=True)
    html = render_document([deck], options)
    heading = re.compile(r'<h2 class="section-title"><span>([^<]+)</span> <span class="sec-pts">([^<]+)</span></h2>')
    for v in plan_deck(deck, options).versions:
        expected = []
        for s in v.sections:
            total = sum(q.points for q in s.questions)
            expected.append((s.title, f"{format_points(total)} point{'s' if total > 1 else ''}"))
        assert len(expected) > 1 and any(e[1] != "1 point" for e in expected)
        quiz = next(body for letter, body in QUIZ_RE.findall(html) if letter == v.letter.lower())
        assert heading.findall(quiz) == expected
        assert heading.findall(keys(html)[v.letter]) == expected, "the key's sections too"
    study = render_document([deck], PrintOptions(study=True))
    assert 'class="sec-pts"' not in study and '<h2 class="section-title">' in study


def test_the_study_sheet_shows_no_points_badges() -> None:
    for bank in (SMALL, POOLS):
        study = render_document(load_bank([bank]).decks, PrintOptions(study=True))
        assert 'class="pts"' not in study.split("</style>")[1]


# -- usage ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--key-only", "--no-key"], "--key-only and --no-key leave nothing to print"),
        (["--split", "--study"], "has no versions to split"),
        (["--key-only", "--study"], "has no answer key"),
        (["--field", " "], "--field needs a name"),
        (["--title", ""], "--title needs some text"),
        (["--label", ""], "--label needs some text"),
        (["--time", " "], "--time needs some text"),
    ],
)
def test_options_that_make_no_sense_together_are_wrong_usage(tmp_path: Path, args: list[str], says: str) -> None:
    status, stdout, err = cli("print", SMALL, "-o", tmp_path / "exam.html", *args)
    assert status == 2 and says in " ".join(err.split()), err
    assert list(tmp_path.iterdir()) == [], "nothing written"


def test_the_library_refuses_the_same_combinations(tmp_path: Path) -> None:
    from quizgen.errors import QuizgenError

    with pytest.raises(QuizgenError, match="--key-only and --no-key"):
        print_outputs(load_bank([SMALL]), tmp_path / "x.html", PrintOptions(key=False, key_only=True), tmp_path)
