"""``quizgen mark`` on a simulated class: every score and statistic recomputed here, by the spec's formulas.

The exam is a hand-made exam record (the format ``quizgen print`` writes) with
every type the marker reads, ``numeric``, ``matching`` and ``ordering``
included, and a pool. A seeded class of 48 students answers it; easy, hard and
negatively discriminating questions are planted. What each student earns is
worked out here from what the test wrote in their cells, and every statistic
from those points, with the formulas written out below (nothing is taken from
:mod:`quizgen.mark`). The outputs are then read as a teacher would read them:
scores.csv, the numbers in report.html, the review files.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli

LETTERS = "ABCDEFGH"
STUDENTS = 48


# -- the exam record, by hand ------------------------------------------------------------------------------------


@dataclass
class Spec:
    """One exam question as the test knows it, before the versions letter it."""

    id: str
    type: str
    points: int
    topic: str
    plant: str = "normal"  # easy, hard, negative or normal: how likely a student gets it right
    options: list[tuple[str, bool, str]] = field(default_factory=list)  # text, right, why
    scoring: str = "all"
    pool: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


SPECS = [
    Spec(
        "easy-mcq",
        "mcq",
        1,
        "Mechanism",
        "easy",
        [
            ("GABA-B receptor", True, ""),
            ("GABA-A receptor", False, "Where benzodiazepines act."),
            ("NMDA receptor", False, "Glutamate's receptor."),
            ("Never chosen", False, "Nobody picks this."),
        ],
    ),
    Spec(
        "hard-mcq",
        "mcq",
        1,
        "Mechanism",
        "hard",
        [("Reduced", True, ""), ("Doubled", False, "Renal clearance falls."), ("Unchanged", False, "")],
    ),
    Spec(
        "neg-mcq",
        "mcq",
        1,
        "Clinical",
        "negative",
        [
            ("Seizures", True, ""),
            ("Nothing", False, "Withdrawal is dangerous."),
            ("Sleep", False, ""),
            ("Hiccups", False, ""),
        ],
    ),
    Spec(
        "multi-all",
        "multi",
        1,
        "Clinical",
        "normal",
        [
            ("Drowsiness", True, ""),
            ("Dizziness", True, ""),
            ("Hair growth", False, "Not reported."),
            ("Night vision", False, ""),
        ],
    ),
    Spec(
        "multi-part",
        "multi",
        3,
        "Clinical",
        "normal",
        [
            ("Less calcium entry", True, ""),
            ("Potassium efflux", True, ""),
            ("Less glutamate", True, ""),
            ("More sodium", False, "The opposite."),
            ("Chloride influx", False, "That is GABA-A."),
        ],
        scoring="partial",
    ),
    Spec("tf", "truefalse", 1, "Clinical", extra={"answer": False}),
    Spec("typed-q", "typed", 1, "Mechanism", extra={"answer": "intrathecal", "accept": ["IT"]}),
    Spec("cloze-q", "cloze", 2, "Mechanism"),
    Spec("dose-a", "numeric", 1, "Clinical", pool="dose", extra={"answer": 80, "tolerance": 2, "unit": "mg"}),
    Spec("dose-b", "numeric", 1, "Clinical", pool="dose", extra={"answer": 5, "tolerance": "10%", "unit": "mg"}),
    Spec("match-q", "matching", 3, "Mechanism", scoring="partial"),
    Spec("order-q", "ordering", 1, "Clinical"),
    Spec("essay", "basic", 2, "Clinical", extra={"answer": "A model answer."}),
]
BY_ID = {s.id: s for s in SPECS}
PAIRS = [("Baclofen", "GABA-B"), ("Tizanidine", "Alpha-2"), ("Dantrolene", "Ryanodine")]
MATCH_EXTRA = "Nicotinic"
ORDER = ["Screen", "Assess", "Implant", "Titrate"]
CLOZE = [("GIRK", ["Kir3"]), ("hyperpolarize", ["hyperpolarise"])]


def build_exam(seed: int = 5) -> dict[str, Any]:
    """Two versions: each its own question order, option letters, matches and entries; the pool split A/B."""
    rng = random.Random(seed)
    versions = []
    for letter in "AB":
        specs = [s for s in SPECS if s.id != ("dose-b" if letter == "A" else "dose-a")]
        rng.shuffle(specs)
        questions = []
        for number, s in enumerate(specs, start=1):
            q: dict[str, Any] = {"number": number, "id": s.id, "type": s.type, "topic": s.topic, "points": s.points,
                                 "scoring": s.scoring, "pool": s.pool, "labels": [str(number)]}  # fmt: skip
            if s.options:
                shuffled = s.options[:]
                rng.shuffle(shuffled)
                q["options"] = [{"letter": LETTERS[i], "text": t, "right": r, "why": w}
                                for i, (t, r, w) in enumerate(shuffled)]  # fmt: skip
            if s.type == "cloze":
                q["labels"] = [f"{number}a", f"{number}b"]
                q["blanks"] = [
                    {"label": f"{number}{'ab'[i]}", "number": i + 1, "answers": [a], "accept": acc,
                     "wrong": [CLOZE[1 - i][0]], "points": 1}
                    for i, (a, acc) in enumerate(CLOZE)
                ]  # fmt: skip
            if s.type == "matching":
                matches = [m for _, m in PAIRS] + [MATCH_EXTRA]
                rng.shuffle(matches)
                q["matches"] = [{"letter": LETTERS[i], "text": m} for i, m in enumerate(matches)]
                q["items"] = [{"text": item, "match": LETTERS[matches.index(m)]} for item, m in PAIRS]
            if s.type == "ordering":
                entries = ORDER[::-1] if letter == "A" else [ORDER[2], ORDER[0], ORDER[3], ORDER[1]]
                q["entries"] = [{"letter": LETTERS[i], "text": e} for i, e in enumerate(entries)]
                q["order"] = "".join(LETTERS[entries.index(e)] for e in ORDER)
            q.update(s.extra)
            questions.append(q)
        versions.append({"version": letter, "points": sum(q["points"] for q in questions), "questions": questions})
    return {"format": "quizgen-exam", "version": 1,
            "decks": [{"name": "Baclofen", "topics": ["Mechanism", "Clinical"], "versions": versions}]}  # fmt: skip


# -- a simulated class ---------------------------------------------------------------------------------------------


@dataclass
class Student:
    name: str
    version: str
    cells: dict[str, str]
    earned: dict[str, float]  # question id -> points, as the spec's rules give them
    closes: list[tuple[str, str]] = field(default_factory=list)  # (label, written)


def chance(plant: str, ability: float) -> float:
    return {"easy": 0.97, "hard": 0.07, "negative": 0.95 - 0.9 * ability}.get(plant, 0.15 + 0.75 * ability)


def simulate(exam: dict[str, Any], seed: int = 11) -> list[Student]:
    """Each student's cells, and what the spec says each is worth (worked out here, case by case)."""
    rng = random.Random(seed)
    students = []
    for i in range(STUDENTS):
        ability = rng.random()
        letter = "AB"[i % 2]
        version = next(v for v in exam["decks"][0]["versions"] if v["version"] == letter)
        student = Student(f"Student {i:02d}", letter, {}, {})
        for q in version["questions"]:
            spec = BY_ID[q["id"]]
            ok = rng.random() < chance(spec.plant, ability)
            label = q["labels"][0]
            cell, earned = "", 0.0
            if rng.random() < 0.04:  # no answer at all: an empty cell, 0 points
                student.cells[label] = ""
                student.earned[q["id"]] = 0.0
                continue
            match q["type"]:
                case "mcq":
                    right = next(o["letter"] for o in q["options"] if o["right"])
                    wrong = [o["letter"] for o in q["options"] if not o["right"] and o["text"] != "Never chosen"]
                    if ok:
                        cell, earned = rng.choice([right, right.lower()]), 1.0
                    elif rng.random() < 0.1:
                        cell = right + wrong[0]  # two letters earn 0
                    else:
                        cell = rng.choice(wrong)
                case "multi":
                    right_set = {o["letter"] for o in q["options"] if o["right"]}
                    wrong_set = {o["letter"] for o in q["options"] if not o["right"]}
                    if ok:
                        picked = set(right_set)
                    else:
                        picked = set(rng.sample(sorted(right_set), rng.randint(0, len(right_set))))
                        picked |= set(rng.sample(sorted(wrong_set), rng.randint(0, 2)))
                    if not picked:
                        picked = {sorted(wrong_set)[0]}
                    ordered = sorted(picked, key=lambda _: rng.random())
                    cell = rng.choice(["".join(ordered), ", ".join(ordered), " ".join(ordered).lower()])
                    rp, wp = len(picked & right_set), len(picked - right_set)
                    if spec.scoring == "partial":
                        earned = q["points"] * max(0.0, (rp - wp) / len(right_set))
                    else:
                        earned = float(q["points"]) if picked == right_set else 0.0
                case "truefalse":
                    said = q["answer"] if ok else not q["answer"]
                    cell = rng.choice(["T", "t", "true", "TRUE"] if said else ["F", "f", "false", "False"])
                    earned = 1.0 if ok else 0.0
                case "typed":
                    if ok:
                        cell, earned = rng.choice(["intrathecal", "Intrathecal", "IT", " intrathecal. "]), 1.0
                    elif rng.random() < 0.3:
                        cell = "intrathecel"  # one letter off: close, no points, listed
                        student.closes.append((label, cell))
                    else:
                        cell = rng.choice(["epidural", "oral"])
                case "cloze":
                    earned = 0.0
                    for blank, (answer, accept) in zip(q["blanks"], CLOZE, strict=True):
                        if rng.random() < chance(spec.plant, ability):
                            text, earned = rng.choice([answer, *accept]), earned + 1.0
                        else:
                            text = rng.choice(["", "sodium", CLOZE[0][0] if answer != CLOZE[0][0] else "GABA"])
                        student.cells[blank["label"]] = text
                    student.earned[q["id"]] = earned
                    continue
                case "numeric":
                    if q["answer"] == 80:
                        cell = rng.choice(["80", "78 mg", "82mg", "8e1", "80,0 mg"] if ok else ["83", "80 g", "77.9"])
                    else:
                        cell = rng.choice(["5", "5,5", "4.5 mg", "5 mg"] if ok else ["5.6", "4,4", "5 Mg"])
                    earned = 1.0 if ok else 0.0
                case "matching":
                    wanted = "".join(item["match"] for item in q["items"])
                    letters = [m["letter"] for m in q["matches"]]
                    got = [w if rng.random() < chance(spec.plant, ability) else rng.choice(letters + ["-"])
                           for w in wanted]  # fmt: skip
                    cell = "".join(got)
                    earned = q["points"] * sum(g == w for g, w in zip(got, wanted, strict=True)) / len(wanted)
                case "ordering":
                    wanted = q["order"]
                    got = list(wanted) if ok else rng.sample(list(wanted), len(wanted))
                    cell = "".join(got)
                    earned = float(q["points"]) if cell == wanted else 0.0
                case "basic":
                    given = rng.choice([0, 0.5, 1, 1.5, 2]) if ok else rng.choice([0, 0.5])
                    cell = str(given).replace(".", rng.choice([".", ","]))
                    earned = float(given)
            student.cells[label] = cell
            student.earned[q["id"]] = earned
        students.append(student)
    return students


def responses_csv(exam: dict[str, Any], students: list[Student]) -> str:
    labels = sorted({lb for v in exam["decks"][0]["versions"] for q in v["questions"] for lb in q["labels"]})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "version", *labels])
    for s in students:
        writer.writerow([s.name, s.version, *(s.cells.get(lb, "") for lb in labels)])
    return out.getvalue()


# -- the statistics, by their formulas -------------------------------------------------------------------------


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def sample_sd(xs: list[float]) -> float:
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def median(xs: list[float]) -> float:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def correlation(xs: list[float], ys: list[float]) -> float:
    mx, my = mean(xs), mean(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


@dataclass
class Expected:
    percent: dict[str, float]
    total: dict[str, float]
    facility: dict[str, float]
    d: dict[str, float]
    pb: dict[str, float]
    flags: dict[str, list[str]]
    mean: float
    median: float
    sd: float
    alpha: float


def expected(exam: dict[str, Any], students: list[Student]) -> Expected:
    versions = {v["version"]: v for v in exam["decks"][0]["versions"]}
    points = {q["id"]: q["points"] for v in versions.values() for q in v["questions"]}
    total = {s.name: sum(s.earned.values()) for s in students}
    maximum = {s.name: versions[s.version]["points"] for s in students}
    percent = {s.name: 100 * total[s.name] / maximum[s.name] for s in students}
    facility, d, pb, flags = {}, {}, {}, {}
    for qid in points:
        took = [(i, s) for i, s in enumerate(students) if qid in s.earned]
        score = {s.name: s.earned[qid] / points[qid] for _, s in took}
        facility[qid] = mean(list(score.values()))
        n = len(took)
        g = max(1, round(0.27 * n))
        ranked = sorted(took, key=lambda t: (-percent[t[1].name], t[0]))
        d[qid] = mean([score[s.name] for _, s in ranked[:g]]) - mean([score[s.name] for _, s in ranked[-g:]])
        rest = [100 * (total[s.name] - s.earned[qid]) / (maximum[s.name] - points[qid]) for _, s in took]
        pb[qid] = correlation([score[s.name] for _, s in took], rest)
        flags[qid] = [f for f, on in (("easy", facility[qid] > 0.9), ("hard", facility[qid] < 0.2),
                                      ("negative discrimination", d[qid] < 0)) if on]  # fmt: skip
    # Cronbach's alpha over exam questions in points, a pool (dose-a / dose-b) one item
    unit = {qid: ("pool:dose" if qid.startswith("dose-") else qid) for qid in points}
    items = sorted(set(unit.values()))
    table = [[sum(v for q, v in s.earned.items() if unit[q] == item) for item in items] for s in students]
    k = len(items)
    item_var = sum(sample_sd([row[j] for row in table]) ** 2 for j in range(k))
    total_var = sample_sd([sum(row) for row in table]) ** 2
    alpha = k / (k - 1) * (1 - item_var / total_var)
    ps = list(percent.values())
    return Expected(percent, total, facility, d, pb, flags, mean(ps), median(ps), sample_sd(ps), alpha)


# -- reading the report as a teacher does -------------------------------------------------------------------------


def cell_texts(row: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def item_rows(report: str) -> dict[str, list[str]]:
    return {qid: cell_texts(row) for qid, row in re.findall(r'<tr id="item-([^"]+)">(.*?)</tr>', report, re.S)}


def stat(report: str, name: str) -> str:
    row = re.search(rf"<tr><td>{re.escape(name)}[^<]*</td><td[^>]*>([^<]+)</td></tr>", report)
    assert row, name
    return row.group(1)


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], list[Student]]:
    folder = tmp_path_factory.mktemp("class")
    exam = build_exam()
    students = simulate(exam)
    (folder / "exam.json").write_text(json.dumps(exam), encoding="utf-8")
    (folder / "responses.csv").write_text(responses_csv(exam, students), encoding="utf-8")
    code, out, err = cli("mark", folder / "responses.csv", "--exam", folder / "exam.json", "-o", folder / "marks")
    assert code == 0, err
    assert "wrote" in out and (folder / "marks" / "report.html").exists()
    return folder, exam, students


def close_to(shown: str, value: float, places: int = 2) -> bool:
    """Whether a number printed to ``places`` decimals shows ``value``."""
    return abs(float(shown) - value) <= 0.5 / 10.0**places + 1e-9


def test_scores_csv_has_the_spec_columns_and_each_students_points(
    marked: tuple[Path, dict[str, Any], list[Student]],
) -> None:
    folder, exam, students = marked
    want = expected(exam, students)
    rows = list(csv.DictReader(io.StringIO((folder / "marks" / "scores.csv").read_text(encoding="utf-8"))))
    header = list(rows[0])
    assert header[:2] == ["student", "version"]
    ids = {s.id for s in SPECS if not s.pool} | {"pool:dose"}
    assert set(header[2:-4]) == ids and len(header[2:-4]) == len(ids), "one column per id, a pool's members share one"
    assert header[-4:] == ["section:Mechanism", "section:Clinical", "total", "percent"]
    assert [r["student"] for r in rows] == [s.name for s in students]
    for row, s in zip(rows, students, strict=True):
        assert row["version"] == s.version
        for qid, points in s.earned.items():
            column = "pool:dose" if qid.startswith("dose-") else qid
            assert close_to(row[column], points, 6), (s.name, qid, row[column], points)
        for topic in ("Mechanism", "Clinical"):
            section = sum(p for q, p in s.earned.items() if BY_ID[q].topic == topic)
            assert close_to(row[f"section:{topic}"], section, 6)
        assert close_to(row["total"], want.total[s.name], 6)
        assert row["percent"] == f"{want.percent[s.name]:.1f}", "percent with one decimal"


def test_every_statistic_matches_the_formulas(marked: tuple[Path, dict[str, Any], list[Student]]) -> None:
    folder, exam, students = marked
    want = expected(exam, students)
    report = (folder / "marks" / "report.html").read_text(encoding="utf-8")
    assert close_to(stat(report, "Mean"), want.mean)
    assert close_to(stat(report, "Median"), want.median)
    assert close_to(stat(report, "Standard deviation"), want.sd)
    assert close_to(stat(report, "Cronbach's alpha"), want.alpha)
    rows = item_rows(report)
    assert set(rows) == set(BY_ID), "a row per question id, each pool member its own"
    for qid, cells in rows.items():
        _, _, n, facility, d, pb, flags = cells
        assert int(n) == sum(1 for s in students if qid in s.earned)
        assert close_to(facility, want.facility[qid]), qid
        assert close_to(d, want.d[qid]), qid
        assert close_to(pb, want.pb[qid]), qid
        shown = [f for f in ("easy", "hard", "negative discrimination") if f in flags]
        assert shown == want.flags[qid], (qid, flags)


def test_the_planted_items_are_flagged(marked: tuple[Path, dict[str, Any], list[Student]]) -> None:
    folder, exam, students = marked
    want = expected(exam, students)
    assert "easy" in want.flags["easy-mcq"]
    assert "hard" in want.flags["hard-mcq"]
    assert "negative discrimination" in want.flags["neg-mcq"]
    rows = item_rows((folder / "marks" / "report.html").read_text(encoding="utf-8"))
    assert "easy" in rows["easy-mcq"][-1] and "hard" in rows["hard-mcq"][-1]
    assert "negative discrimination" in rows["neg-mcq"][-1]


def test_option_counts_list_every_option_with_the_wrong_ones_reasons(
    marked: tuple[Path, dict[str, Any], list[Student]],
) -> None:
    folder, exam, students = marked
    report = (folder / "marks" / "report.html").read_text(encoding="utf-8")
    versions = {v["version"]: v for v in exam["decks"][0]["versions"]}
    for spec in SPECS:
        if not spec.options:
            continue
        block = re.search(rf'<div class="block" id="options-{spec.id}">(.*?)</div>', report, re.S)
        assert block, spec.id
        rows = [cells for cells in map(cell_texts, re.findall(r"<tr>(.*?)</tr>", block[1], re.S)) if cells]
        shown = {cells[0].lstrip("✓ "): cells for cells in rows}
        assert set(shown) == {t for t, _, _ in spec.options}, "every option, by its text"
        for text, right, why in spec.options:
            picks = 0
            for s in students:
                q = next(q for q in versions[s.version]["questions"] if q["id"] == spec.id)
                letter = next(o["letter"] for o in q["options"] if o["text"] == text)
                picks += letter in re.sub(r"[\s,]", "", s.cells[q["labels"][0]]).upper()
            assert int(shown[text][1]) == picks, (spec.id, text)
            assert shown[text][3] == ("" if right else why)
    assert int(re.findall(r"Never chosen</td><td[^>]*>(\d+)<", report)[0]) == 0


def test_close_answers_and_review_lists(marked: tuple[Path, dict[str, Any], list[Student]]) -> None:
    folder, exam, students = marked
    report = (folder / "marks" / "report.html").read_text(encoding="utf-8")
    section = report.split('id="close"')[1].split("</section>")[0]
    listed = [cells for cells in (cell_texts(r) for r in re.findall(r"<tr>(.*?)</tr>", section, re.S)) if cells]
    assert sorted((c[0], c[2], c[4]) for c in listed) == sorted(
        (s.name, label, written) for s in students for label, written in s.closes
    )
    assert all(c[3] == "typed-q" and c[5] == "intrathecal" for c in listed)
    points = {s.id: s.points for s in SPECS}
    for s in students:
        review = folder / "marks" / "review" / f"student-{s.name.split()[1]}.txt"
        lost = review.read_text(encoding="utf-8").splitlines()
        assert sorted(lost) == sorted(q for q, p in s.earned.items() if p < points[q]), s.name
        search = " or ".join(f'"Question ID:{q}"' for q in lost)
        if lost:
            assert html.escape(search, quote=True) in report or search.replace('"', "&#34;") in report
