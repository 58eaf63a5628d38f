"""Marking a class: 300 students on a 60-question exam in 4 versions, everything ``quizgen mark`` computes.

The exam record is made here (the format ``quizgen print`` writes: mcq, multi,
true/false, typed, cloze and hand-marked questions, a pool); a seeded class
answers it, a third of the typed and cloze answers misspelt so that the
judge works. Timed: ``mark_outputs`` (read both files, mark, analyse, render
the report; nothing written), median of the repeats, and one whole
``python -m quizgen mark`` run, start-up included. No assertion: it reports.
Run: ``python benchmarks/bench_mark.py [STUDENTS] [QUESTIONS] [REPEATS]`` (defaults 300, 60, 5).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from quizgen.mark import mark_outputs  # noqa: E402

TYPES = ["mcq"] * 5 + ["multi", "truefalse", "typed", "cloze", "basic"]
WORDS = ["spasticity", "intrathecal", "hyperpolarize", "baclofen", "tizanidine", "dantrolene", "ryanodine"]


def exam_record(questions: int, versions: int, rng: random.Random) -> dict[str, Any]:
    specs = []
    for i in range(questions):
        kind = TYPES[i % len(TYPES)]
        specs.append({"id": f"q{i:03d}", "type": kind, "topic": f"Topic {i % 4}", "pool": "p" if i < 2 else None,
                      "points": 2 if kind in ("cloze", "basic") else 1})  # fmt: skip
    out = []
    for v in range(versions):
        order = specs[:]
        rng.shuffle(order)
        qs = []
        for number, s in enumerate(order, start=1):
            q: dict[str, Any] = {**s, "number": number, "scoring": "all", "labels": [str(number)]}
            if s["type"] in ("mcq", "multi"):
                right = {0} if s["type"] == "mcq" else {0, 1}
                texts = [f"{s['id']} option {k}" for k in range(5)]
                rng.shuffle(texts)
                q["options"] = [{"letter": "ABCDE"[k], "text": t, "right": int(t[-1]) in right, "why": f"because {k}"}
                                for k, t in enumerate(texts)]  # fmt: skip
            elif s["type"] == "truefalse":
                q["answer"] = bool(int(s["id"][1:]) % 2)
            elif s["type"] == "typed":
                q["answer"], q["accept"] = WORDS[int(s["id"][1:]) % len(WORDS)], []
            elif s["type"] == "cloze":
                a, b = WORDS[int(s["id"][1:]) % 7], WORDS[(int(s["id"][1:]) + 3) % 7]
                q["labels"] = [f"{number}a", f"{number}b"]
                q["blanks"] = [{"label": f"{number}a", "number": 1, "answers": [a], "accept": [], "wrong": [b],
                                "points": 1},
                               {"label": f"{number}b", "number": 2, "answers": [b], "accept": [], "wrong": [a],
                                "points": 1}]  # fmt: skip
            qs.append(q)
        out.append({"version": "ABCD"[v], "points": sum(q["points"] for q in qs), "questions": qs})
    return {"format": "quizgen-exam", "version": 1,
            "decks": [{"name": "Bench", "topics": [f"Topic {i}" for i in range(4)], "versions": out}]}  # fmt: skip


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def responses(exam: dict[str, Any], students: int, rng: random.Random) -> str:
    versions = exam["decks"][0]["versions"]
    labels = sorted({lb for v in versions for q in v["questions"] for lb in q["labels"]})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "version", *labels])
    for i in range(students):
        v = versions[i % len(versions)]
        cells: dict[str, str] = {}
        for q in v["questions"]:
            ok = rng.random() < 0.7
            label = q["labels"][0]
            if q["type"] in ("mcq", "multi"):
                right = [o["letter"] for o in q["options"] if o["right"]]
                cells[label] = "".join(right) if ok else rng.choice("ABCDE")
            elif q["type"] == "truefalse":
                cells[label] = "T" if q["answer"] == ok else "F"
            elif q["type"] == "typed":
                cells[label] = q["answer"] if ok else typo(q["answer"], rng)
            elif q["type"] == "cloze":
                for b in q["blanks"]:
                    cells[b["label"]] = b["answers"][0] if rng.random() < 0.7 else typo(b["answers"][0], rng)
            else:
                cells[label] = rng.choice(["0", "1", "1.5", "2"])
        writer.writerow([f"Student {i:03d}", v["version"], *(cells.get(lb, "") for lb in labels)])
    return out.getvalue()


def main() -> None:
    students = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    questions = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        exam = exam_record(questions, 4, rng)
        (folder / "exam.json").write_text(json.dumps(exam), encoding="utf-8")
        (folder / "responses.csv").write_text(responses(exam, students, rng), encoding="utf-8")
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            outputs = mark_outputs(folder / "responses.csv", folder / "exam.json", folder / "marks")
            times.append(time.perf_counter() - start)
        size = sum(len(text) for _, text in outputs)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "quizgen", "mark", "responses.csv", "--exam", "exam.json"],
            cwd=folder, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        whole = time.perf_counter() - start
    print(f"{students} students x {questions} questions, 4 versions; {len(outputs)} files, {size / 1e3:.0f} kB")
    print(f"mark_outputs (median of {repeats}, first {times[0]:.3f} s): {statistics.median(times):6.3f} s")
    print(f"python -m quizgen mark, start-up and writing included:  {whole:6.3f} s")


if __name__ == "__main__":
    main()
