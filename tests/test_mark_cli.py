"""``quizgen mark`` at the edges: each refusal (located, all at once, nothing written), the exam record that
``quizgen print`` writes, the command end to end, the template, and numbers judged as the format says.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from quizgen.judge import Outcome, judge_number
from tests.helpers import cli, write_files
from tests.test_mark import build_exam

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "banks" / "print-small"


def version(exam: dict[str, Any], letter: str) -> dict[str, Any]:
    found: dict[str, Any] = next(v for v in exam["decks"][0]["versions"] if v["version"] == letter)
    return found


def label_of(exam: dict[str, Any], letter: str, qid: str) -> str:
    q = next(q for q in version(exam, letter)["questions"] if q["id"] == qid)
    return str(q["labels"][0])


@pytest.fixture
def exam_file(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    exam = build_exam()
    path = tmp_path / "exam.json"
    path.write_text(json.dumps(exam), encoding="utf-8")
    return path, exam


def run_mark(tmp_path: Path, exam: Path, text: str | bytes) -> tuple[int, str, str, Path]:
    responses = tmp_path / "responses.csv"
    if isinstance(text, bytes):
        responses.write_bytes(text)
    else:
        responses.write_text(text, encoding="utf-8")
    out = tmp_path / "marks"
    code, stdout, stderr = cli("mark", responses, "--exam", exam, "-o", out)
    return code, stdout, stderr, responses


def table(header: list[str], *rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def test_each_bad_cell_is_refused_at_its_line_and_column_all_at_once(
    tmp_path: Path, exam_file: tuple[Path, dict[str, Any]]
) -> None:
    path, exam = exam_file
    a_labels = [lb for q in version(exam, "A")["questions"] for lb in q["labels"]]
    b_labels = [lb for q in version(exam, "B")["questions"] for lb in q["labels"]]
    only_b = next(lb for lb in b_labels if lb not in a_labels)
    mcq, essay, match = (label_of(exam, "A", q) for q in ("easy-mcq", "essay", "match-q"))
    header = ["student", "version", *sorted(set(a_labels) | set(b_labels))]

    def row(name: str, letter: str, **cells: str) -> list[str]:
        return [name, letter, *(cells.get(lb, "") for lb in header[2:])]

    text = table(
        header,
        row("Ann", "A", **{mcq: "E"}),  # line 2: a letter that is no option
        row("Bo", "C"),  # line 3: an unknown version
        row("", "A"),  # line 4: a missing student
        row("Ann", "A"),  # line 5: a repeated student
        row("Cy", "A", **{essay: "good"}),  # line 6: a non-number where points are given
        row("Di", "A", **{essay: "2.5"}),  # line 7: more than the question's points
        row("Ed", "A", **{only_b: "x"}),  # line 8: a cell of version B's only
        row("Fa", "A", **{match: "AB"}),  # line 9: too few matching letters
        row("Gu", "B") + ["extra"],  # line 10: too many cells
        row("Ha", ""),  # line 11: a missing version
    )
    code, stdout, stderr, responses = run_mark(tmp_path, path, text)
    assert code == 1 and stdout == ""
    lines = stderr.splitlines()
    r = str(responses)
    expected = [
        f"{r}:2:{mcq}: 'E' is no option of question {mcq} in version A",
        f"{r}:3:version: unknown version 'C'",
        f"{r}:4:student: missing student",
        f"{r}:5:student: repeated student 'Ann': also on line 2",
        f"{r}:6:{essay}: 'good' is not a number",
        f"{r}:7:{essay}: 2.5 points is more than question {essay}'s 2",
        f"{r}:8:{only_b}: version A has no {only_b}",
        f"{r}:9:{match}: 2 letters for 3 items",
        f"{r}:10: {len(header) + 1} cells but {len(header)} columns",
        f"{r}:11:version: missing version",
    ]
    assert len(lines) == len(expected) + 1, stderr
    for line, start in zip(lines, expected, strict=False):
        assert line.startswith(start), (line, start)
    assert lines[-1] == "error: the responses do not fit the exam (10 problems)"
    assert not (tmp_path / "marks").exists(), "a refused file writes nothing"


@pytest.mark.parametrize(
    ("header", "where"),
    [
        (["student", "version", "1", "zz"], ":1:zz: unknown column"),
        (["student", "version", "1", "1"], ":1:1: repeated column"),
        (["student", "1"], ":1: no version column"),
    ],
)
def test_a_header_that_fits_no_exam_is_refused(
    tmp_path: Path, exam_file: tuple[Path, dict[str, Any]], header: list[str], where: str
) -> None:
    path, _ = exam_file
    code, _, stderr, responses = run_mark(tmp_path, path, table(header, ["Ann", "A", "B", ""][: len(header)]))
    assert code == 1 and stderr.splitlines()[0].startswith(f"{responses}{where}")
    assert not (tmp_path / "marks").exists()


def test_bytes_that_are_not_utf8_and_text_that_is_not_csv(
    tmp_path: Path, exam_file: tuple[Path, dict[str, Any]]
) -> None:
    path, _ = exam_file
    code, _, stderr, responses = run_mark(tmp_path, path, b"student,version\nAnn,A\nBo,\xff\n")
    assert code == 1 and stderr.startswith(f"{responses}:3: not UTF-8 text")
    code, _, stderr, responses = run_mark(tmp_path, path, 'student,version\nAnn,"A\n')
    assert code == 1 and stderr.startswith(f"{responses}:2: not CSV")
    assert not (tmp_path / "marks").exists()


def test_an_exam_file_quizgen_did_not_write_or_a_newer_one_is_refused(
    tmp_path: Path, exam_file: tuple[Path, dict[str, Any]]
) -> None:
    path, exam = exam_file
    text = table(["student", "version"], ["Ann", "A"])
    for content, message in [
        ("not json", "not an exam written by quizgen print"),
        (json.dumps({"format": "other", "version": 1}), "not an exam written by quizgen print"),
        (json.dumps({**exam, "version": 2}), "written by a newer quizgen (exam format version 2"),
    ]:
        path.write_text(content, encoding="utf-8")
        code, _, stderr, _ = run_mark(tmp_path, path, text)
        assert code == 1 and stderr.startswith(f"{path}:1: {message}"), stderr
    assert not (tmp_path / "marks").exists()


def test_two_students_with_one_review_file_name_are_refused_naming_both_lines(
    tmp_path: Path, exam_file: tuple[Path, dict[str, Any]]
) -> None:
    path, _ = exam_file
    code, _, stderr, responses = run_mark(
        tmp_path, path, table(["student", "version"], ["Ann Lee", "A"], ["Bo", "B"], ["ann-lee!", "A"])
    )
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"{responses}:4:student: 'Ann Lee' (line 2) and 'ann-lee!' (line 4) would share review/ann-lee.txt: "
        "make the names differ by a letter or digit"
    )


def test_an_empty_cell_is_no_answer_and_a_review_file_lists_every_id_lost(
    tmp_path: Path, exam_file: tuple[Path, dict[str, Any]]
) -> None:
    path, exam = exam_file
    code, _, stderr, _ = run_mark(tmp_path, path, table(["student", "version"], ["Ann", "B"]))
    assert code == 0, stderr
    scores = list(csv.DictReader(io.StringIO((tmp_path / "marks" / "scores.csv").read_text(encoding="utf-8"))))
    assert scores[0]["total"] == "0" and scores[0]["percent"] == "0.0"
    lost = (tmp_path / "marks" / "review" / "ann.txt").read_text(encoding="utf-8").splitlines()
    assert lost == [q["id"] for q in version(exam, "B")["questions"]], "every id, one a line, in printed order"


# -- print, then mark -------------------------------------------------------------------------------------------


def quizgen(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=False,
    )  # fmt: skip


def test_print_then_mark_end_to_end(tmp_path: Path) -> None:
    printed = quizgen("print", SMALL, "--versions", "2", "--seed", "3", "-o", "quiz.html", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.splitlines() == ["wrote quiz.html", "wrote quiz.json"]
    template = quizgen("mark", "responses.csv", "--exam", "quiz.json", "--template", cwd=tmp_path)
    assert template.returncode == 0, template.stderr
    header = (tmp_path / "responses.csv").read_text(encoding="utf-8").splitlines()
    exam = json.loads((tmp_path / "quiz.json").read_text(encoding="utf-8"))
    labels = {lb for v in exam["decks"][0]["versions"] for q in v["questions"] for lb in q["labels"]}
    assert header[0].split(",")[:2] == ["student", "version"] and set(header[0].split(",")[2:]) == labels
    again = quizgen("mark", "responses.csv", "--exam", "quiz.json", "--template", cwd=tmp_path)
    assert again.returncode == 1 and "exists" in again.stderr, "a template never overwrites a responses file"

    # one student answers every question right from the key in the exam record, one leaves everything empty
    columns = header[0].split(",")
    rows = []
    for letter, name in (("A", "Right Rita"), ("B", "Empty Ed")):
        cells = {"student": name, "version": letter}
        if name == "Right Rita":
            for q in version(exam, letter)["questions"]:
                if q["type"] in ("mcq", "multi"):
                    cells[q["labels"][0]] = ", ".join(o["letter"] for o in q["options"] if o["right"])
                elif q["type"] == "truefalse":
                    cells[q["labels"][0]] = "T" if q["answer"] else "F"
                elif q["type"] == "typed":
                    cells[q["labels"][0]] = q["answer"]
                elif q["type"] == "basic":
                    cells[q["labels"][0]] = str(q["points"])
                elif q["type"] == "cloze":
                    cells.update({b["label"]: b["answers"][0] for b in q["blanks"]})
        rows.append([cells.get(c, "") for c in columns])
    (tmp_path / "responses.csv").write_text(table(columns, *rows), encoding="utf-8")
    marked = quizgen("mark", "responses.csv", "--exam", "quiz.json", cwd=tmp_path)
    assert marked.returncode == 0, marked.stderr
    assert marked.stdout.splitlines() == [
        "wrote marks/scores.csv", "wrote marks/report.html", "wrote marks/review/right-rita.txt",
        "wrote marks/review/empty-ed.txt",
    ]  # fmt: skip
    scores = list(csv.DictReader(io.StringIO((tmp_path / "marks" / "scores.csv").read_text(encoding="utf-8"))))
    assert [(s["student"], s["percent"]) for s in scores] == [("Right Rita", "100.0"), ("Empty Ed", "0.0")]
    assert (tmp_path / "marks" / "review" / "right-rita.txt").read_text(encoding="utf-8") == ""
    assert len((tmp_path / "marks" / "review" / "empty-ed.txt").read_text(encoding="utf-8").splitlines()) == 9


def test_the_page_the_key_and_the_exam_record_use_the_same_blank_labels(tmp_path: Path) -> None:
    bank = write_files(tmp_path / "q", {"a.yaml": (
        "deck: D\ntopic: T\nquestions:\n"
        "  - {id: one, type: truefalse, prompt: Yes?, answer: true}\n"
        "  - {id: two, type: cloze, prompt: '{{c2::x}} then {{c1::y}} and {{c2::x}} again'}\n"
        "  - {id: three, type: cloze, prompt: 'only {{c1::z}}'}\n"
    )})  # fmt: skip
    assert cli("print", bank, "--versions", "2", "--seed", "1", "-o", tmp_path / "quiz.html")[0] == 0
    page = (tmp_path / "quiz.html").read_text(encoding="utf-8")
    exam = json.loads((tmp_path / "quiz.json").read_text(encoding="utf-8"))
    for v in exam["decks"][0]["versions"]:
        by_id = {q["id"]: q for q in v["questions"]}
        two, three = by_id["two"], by_id["three"]
        n2, n3 = two["number"], three["number"]
        assert two["labels"] == [f"{n2}a", f"{n2}b"], "one label per deletion number, in prompt order"
        assert [b["answers"] for b in two["blanks"]] == [["x", "x"], ["y"]]
        assert three["labels"] == [f"{n3}a"], "a letter even for a single deletion number"
        quiz = page.split(f'id="quiz-d1-{v["version"].lower()}">')[1].split("</article>")[0]
        key = page.split(f'id="key-d1-{v["version"].lower()}">')[1].split("</article>")[0]
        prompt = re.search(rf'<span class="q-no">{n2}\.</span>\s*<div class="q-prompt">(.*?)</div>', quiz, re.S)
        assert prompt and re.findall(r'blank-no">([^<]+)<', prompt[1]) == [f"{n2}a", f"{n2}b", f"{n2}a"]
        assert re.findall(r'<span class="k-blank"><span class="blank-no">([^<]+)</span>', key) == [
            *(lb for q in v["questions"] for lb in q["labels"] if q["type"] == "cloze")
        ]


def test_a_study_sheet_writes_no_exam_record(tmp_path: Path) -> None:
    code, out, _ = cli("print", SMALL, "--study", "-o", tmp_path / "s.html")
    assert code == 0 and out == f"wrote {tmp_path / 's.html'}\n" and not (tmp_path / "s.json").exists()


# -- numbers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [("80", "right"), ("80 mg", "right"), ("80mg", "right"), ("78", "right"), ("82 mg", "right"),
     ("8e1", "right"), ("8x10^1 mg", "right"), ("8×10^1", "right"), ("80,0", "right"), ("80.00 mg", "right"),
     ("77.99", "wrong"), ("82.01", "wrong"), ("80 g", "wrong"), ("80 Mg", "wrong"), ("800", "wrong"),
     ("", "wrong"), ("eighty", "wrong"), ("-80", "wrong")],
)  # fmt: skip
def test_judge_number_absolute_tolerance(typed: str, outcome: str) -> None:
    assert judge_number(typed, 80, 2, "mg").outcome == Outcome(outcome)


def test_judge_number_relative_tolerance_scientific_notation_and_ambiguous_commas() -> None:
    assert judge_number("5,5", 5, "10%").outcome is Outcome.RIGHT  # the bound itself
    assert judge_number("5.51", 5, "10%").outcome is Outcome.WRONG
    assert judge_number("1e-3", 0.001).outcome is Outcome.RIGHT
    assert judge_number("1×10^-3", 0.001).outcome is Outcome.RIGHT
    assert judge_number("1000", 1000).outcome is Outcome.RIGHT
    ambiguous = judge_number("1,000", 1000)
    assert ambiguous.outcome is Outcome.WRONG and "1000 or 1.000" in ambiguous.hint
    assert judge_number("1.000", 1).outcome is Outcome.RIGHT
    assert judge_number("0.1", 0.1, "0%").outcome is Outcome.RIGHT
    assert judge_number("80", 80, 2, "mg").expected == "80 mg (from 78 to 82)"


def test_the_anki_search_finds_exactly_the_listed_notes_in_the_published_deck(collection: Any) -> None:
    """The report's search, run by the real Anki on the committed deck, finds the notes of those ids and no other."""
    from quizgen.mark import anki_search
    from tests.helpers import import_apkg

    import_apkg(collection, ROOT / "decks" / "baclofen.apkg")
    every = {collection.get_note(n)["Question ID"]: n for n in collection.find_notes("")}
    wanted = sorted(every)[:3] + [next(i for i in every if "-" in i)]
    found = collection.find_notes(anki_search(wanted))
    assert sorted(collection.get_note(n)["Question ID"] for n in found) == sorted(set(wanted))


def test_an_ambiguous_number_earns_nothing_and_is_listed_for_review(
    tmp_path: Path, exam_file: tuple[Path, dict[str, Any]]
) -> None:
    path, exam = exam_file
    dose = label_of(exam, "A", "dose-a")
    code, _, stderr, _ = run_mark(tmp_path, path, table(["student", "version", dose], ["Ann", "A", "1,000"]))
    assert code == 0, stderr
    report = (tmp_path / "marks" / "report.html").read_text(encoding="utf-8")
    review = report.split('id="close"')[1].split("</section>")[0]
    assert "<td>1,000</td>" in review and "write 1000 or 1.000" in review
    assert "dose-a" in (tmp_path / "marks" / "review" / "ann.txt").read_text(encoding="utf-8").splitlines()


def test_an_exam_file_of_several_decks_is_refused(tmp_path: Path, exam_file: tuple[Path, dict[str, Any]]) -> None:
    path, exam = exam_file
    path.write_text(json.dumps({**exam, "decks": exam["decks"] * 2}), encoding="utf-8")
    code, _, stderr, _ = run_mark(tmp_path, path, table(["student", "version"], ["Ann", "A"]))
    assert code == 1 and stderr.startswith(f"{path}:1: holds 2 decks; mark one deck at a time")


def test_a_quiz_named_json_is_refused_before_it_overwrites_its_own_record(tmp_path: Path) -> None:
    code, _, err = cli("print", SMALL, "-o", tmp_path / "quiz.json")
    assert code == 1 and "name the quiz .html" in err and not (tmp_path / "quiz.json").exists()


def test_a_printed_numeric_question_is_recorded_and_marked_by_its_tolerance_and_unit(tmp_path: Path) -> None:
    """The exam record carries what the judge needs (answer, tolerance, unit), so marking judges as play does."""
    bank = write_files(tmp_path / "q", {"a.yaml": (
        "deck: D\ntopic: T\nquestions:\n"
        "  - {id: dose, type: numeric, prompt: Oral maximum?, answer: 80, tolerance: 5%, unit: mg}\n"
        "  - {id: count, type: numeric, prompt: How many?, answer: 12, points: 2}\n"
    )})  # fmt: skip
    assert cli("print", bank, "--seed", "1", "--order", "bank", "-o", tmp_path / "quiz.html")[0] == 0
    exam = json.loads((tmp_path / "quiz.json").read_text(encoding="utf-8"))
    dose, count = exam["decks"][0]["versions"][0]["questions"]
    assert (dose["answer"], dose["tolerance"], dose["unit"]) == (80, "5%", "mg")
    assert (count["answer"], count["tolerance"], count["unit"]) == (12, 0, None)
    rows = [["Ann", "A", "83.5 mg", "12"], ["Bob", "A", "84.1", "12.0"], ["Cy", "A", "80 g", "1,000"]]
    (tmp_path / "r.csv").write_text(table(["student", "version", "1", "2"], *rows), encoding="utf-8")
    marked = quizgen("mark", "r.csv", "--exam", "quiz.json", cwd=tmp_path)
    assert marked.returncode == 0, marked.stderr
    scores = list(csv.DictReader(io.StringIO((tmp_path / "marks" / "scores.csv").read_text(encoding="utf-8"))))
    assert [(s["student"], s["total"]) for s in scores] == [("Ann", "3"), ("Bob", "2"), ("Cy", "0")]


# -- matching, ordering and partial multi: printed, answered from the page, marked by the spec's rules ----------

SORTING = """\
deck: D
topic: T
questions:
  - id: sites
    type: matching
    prompt: Match each drug to its site.
    points: 4
    scoring: partial
    pairs:
      - {item: Baclofen, match: GABA-B}
      - {item: Diazepam, match: GABA-A}
      - {item: Dantrolene, match: Ryanodine receptor}
      - {item: Tizanidine, match: Alpha-2}
    distractors: [Nicotinic]
  - id: capitals
    type: matching
    prompt: Match the capitals.
    pairs:
      - {item: France, match: Paris}
      - {item: Spain, match: Madrid}
      - {item: Italy, match: Rome}
  - id: steps
    type: ordering
    prompt: Put the steps in order.
    points: 4
    scoring: partial
    answer: [Bolus, Assess, Implant, Titrate]
  - id: effects
    type: multi
    prompt: Which are adverse effects?
    points: 3
    scoring: partial
    answer: [Drowsiness, Weakness, Dizziness]
    distractors: [Hair growth, Weight gain]
"""
PAIRS = {
    "sites": {"Baclofen": "GABA-B", "Diazepam": "GABA-A", "Dantrolene": "Ryanodine receptor", "Tizanidine": "Alpha-2"},
    "capitals": {"France": "Paris", "Spain": "Madrid", "Italy": "Rome"},
}
STEPS = ["Bolus", "Assess", "Implant", "Titrate"]
EFFECTS = {"Drowsiness", "Weakness", "Dizziness"}
POINTS = {"sites": 4, "capitals": 1, "steps": 4, "effects": 3}
SCORING = {"sites": "partial", "capitals": "all", "steps": "partial", "effects": "partial"}
#: What each student means to answer, as texts: a match per item (None: left blank), the entries first to last,
#: the options ticked.
ANSWERS: dict[str, dict[str, Any]] = {
    "All Right": {"sites": PAIRS["sites"], "capitals": PAIRS["capitals"], "steps": STEPS, "effects": EFFECTS},
    "Half Way": {
        "sites": {"Baclofen": "GABA-A", "Diazepam": "GABA-B", "Dantrolene": "Ryanodine receptor",
                  "Tizanidine": "Alpha-2"},
        "capitals": {"France": "Madrid", "Spain": "Paris", "Italy": "Rome"},  # 1 of 3 under `all`: nothing
        "steps": ["Bolus", "Implant", "Assess", "Titrate"],
        "effects": {"Drowsiness", "Weakness", "Hair growth"},  # (2 right - 1 wrong) / 3
    },
    "Few Right": {
        # a blank, a distractor, a right one and a letter used twice
        "sites": {"Baclofen": None, "Diazepam": "Nicotinic", "Dantrolene": "Ryanodine receptor",
                  "Tizanidine": "Ryanodine receptor"},
        "capitals": PAIRS["capitals"],
        "steps": list(reversed(STEPS)),
        "effects": {"Dizziness", "Hair growth", "Weight gain"},  # 1 right - 2 wrong: never below 0
    },
}  # fmt: skip


def expected_points(qid: str, answer: Any) -> Fraction:
    """The format's *scoring*, computed here from the texts, not from the exam record."""
    if qid in PAIRS:
        share = Fraction(sum(answer[item] == match for item, match in PAIRS[qid].items()), len(PAIRS[qid]))
    elif qid == "steps":
        share = Fraction(sum(a == b for a, b in zip(answer, STEPS, strict=True)), len(STEPS))
    else:
        share = max(Fraction(0), Fraction(len(answer & EFFECTS) - len(answer - EFFECTS), len(EFFECTS)))
    if SCORING[qid] == "all":
        share = Fraction(share == 1)
    return POINTS[qid] * share


def printed_questions(page: str, letter: str) -> dict[str, tuple[str, dict[str, str], list[str]]]:
    """Per prompt, as the students' page of one version shows it: the number, text -> letter, the items in order."""
    quiz = page.split(f'id="quiz-d1-{letter.lower()}">')[1].split("</article>")[0]
    found = {}
    for section in re.findall(r'<section class="q q-\w+">(.*?)</section>', quiz, re.S):
        number = re.search(r'<span class="q-no">(\d+)\.</span>', section)
        prompt = re.search(r'<div class="q-prompt">(.*?)</div>', section)
        assert number and prompt
        lettered = re.findall(r'<span class="mark square">([A-Z])</span><span class="opt">(.*?)</span>', section)
        items = re.findall(r'<span class="item-no">\d+\.</span><span class="opt">(.*?)</span>', section)
        found[prompt[1]] = (number[1], {text: mark for mark, text in lettered}, items)
    return found


def test_matching_ordering_and_partial_multi_are_printed_recorded_and_marked_by_their_scoring(tmp_path: Path) -> None:
    bank = write_files(tmp_path / "q", {"a.yaml": SORTING})
    printed = quizgen("print", bank, "--versions", "2", "--seed", "4", "-o", "quiz.html", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    page = (tmp_path / "quiz.html").read_text(encoding="utf-8")
    exam = json.loads((tmp_path / "quiz.json").read_text(encoding="utf-8"))
    prompts = {"sites": "Match each drug to its site.", "capitals": "Match the capitals.",
               "steps": "Put the steps in order.", "effects": "Which are adverse effects?"}  # fmt: skip

    rows, expected = [], {}
    for letter in ("A", "B"):
        shown = printed_questions(page, letter)
        record = {q["id"]: q for q in version(exam, letter)["questions"]}
        # The record holds what the page shows: the items in order with their right match's letter, the lettered
        # matches and entries, the right order as letters.
        for qid, pairs in PAIRS.items():
            _, letters, items = shown[prompts[qid]]
            assert items == list(pairs)
            assert record[qid]["items"] == [{"text": i, "match": letters[pairs[i]]} for i in items]
            assert record[qid]["matches"] == [{"letter": m, "text": t} for t, m in letters.items()]
        _, letters, _ = shown[prompts["steps"]]
        assert record["steps"]["entries"] == [{"letter": m, "text": t} for t, m in letters.items()]
        assert record["steps"]["order"] == "".join(letters[s] for s in STEPS)

        for name, answers in ANSWERS.items():
            cells = {"student": f"{name} {letter}", "version": letter}
            for qid, answer in answers.items():
                number, letters, items = shown[prompts[qid]]
                if qid in PAIRS:
                    cells[number] = "".join("-" if answer[i] is None else letters[answer[i]] for i in items)
                elif qid == "steps":
                    cells[number] = "".join(letters[s] for s in answer)
                else:
                    cells[number] = ", ".join(sorted(letters[t] for t in answer))
                expected[(f"{name} {letter}", qid)] = expected_points(qid, answer)
            rows.append([cells.get(c, "") for c in ("student", "version", "1", "2", "3", "4")])
    (tmp_path / "r.csv").write_text(table(["student", "version", "1", "2", "3", "4"], *rows), encoding="utf-8")
    marked = quizgen("mark", "r.csv", "--exam", "quiz.json", cwd=tmp_path)
    assert marked.returncode == 0, marked.stderr

    scores = list(csv.DictReader(io.StringIO((tmp_path / "marks" / "scores.csv").read_text(encoding="utf-8"))))
    got = {(s["student"], qid): Fraction(s[qid]) for s in scores for qid in POINTS}
    assert got == expected
    assert {s["student"]: Fraction(s["total"]) for s in scores} == {
        student: sum(v for (who, _), v in expected.items() if who == student) for student, _ in expected
    }
    # the hand-checked numbers behind the rules: 12, then 2 + 0 + 2 + 1, then 1 + 1 + 0 + 0 points
    assert [Fraction(s["total"]) for s in scores] == [12, 5, 2] * 2
