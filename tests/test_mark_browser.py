"""The marking report as a teacher opens and prints it: real headless Chromium, nothing fetched, no row cut.

The report of a simulated class (``tests/test_mark.py``) is opened with every
request but the file's own refused, then printed to PDF on A4 and on US Letter
and read back with pypdf: each student's row (name, review file and the whole
Anki search) stands on one page, and so does each question's option table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import Browser, Request, Route

from quizgen.atomic import write_outputs
from quizgen.mark import anki_search, mark_outputs
from tests.test_mark import SPECS, build_exam, responses_csv, simulate


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    folder = tmp_path_factory.mktemp("report")
    exam = build_exam()
    students = simulate(exam)
    (folder / "exam.json").write_text(json.dumps(exam), encoding="utf-8")
    (folder / "responses.csv").write_text(responses_csv(exam, students), encoding="utf-8")
    write_outputs(mark_outputs(folder / "responses.csv", folder / "exam.json", folder / "marks"))
    return folder / "marks" / "report.html", students


def test_the_report_opens_with_nothing_fetched(browser: Browser, report: tuple[Path, list[Any]]) -> None:
    path, _ = report
    requested: list[str] = []

    def route(r: Route, req: Request) -> None:
        if req.url == path.as_uri():
            r.continue_()
        else:
            r.abort()

    page = browser.new_page()
    try:
        page.route("**/*", route)
        page.on("request", lambda req: requested.append(req.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("networkidle")
        bars = page.evaluate("() => document.querySelectorAll('#test svg rect').length")
        rows = page.evaluate("() => document.querySelectorAll('#questions tr[id^=item-]').length")
    finally:
        page.close()
    assert [u for u in requested if not u.startswith("data:")] == [path.as_uri()], "no outside request attempted"
    assert bars == 10, "the histogram is an inline SVG, a bar per band of 10%"
    assert rows == len(SPECS)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize(("paper", "size"), [("A4", (210, 297)), ("Letter", (216, 279))])
def test_the_report_prints_without_a_row_or_an_option_table_cut(
    browser: Browser, report: tuple[Path, list[Any]], paper: str, size: tuple[int, int]
) -> None:
    path, students = report
    pdf = path.with_name(f"report-{paper}.pdf")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        page.pdf(path=str(pdf), format=paper, print_background=True)
    finally:
        page.close()
    reader = pypdf.PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert tuple(round(float(side) / 72 * 25.4) for side in (box.width, box.height)) == size  # in mm
    pages = [squash(p.extract_text()) for p in reader.pages]
    assert len(pages) > 2, "enough to span pages: a real test of the breaks"
    for s in students:
        name = f"review/student-{s.name.split()[1]}.txt"
        found = [i for i, text in enumerate(pages) if name in text]
        assert len(found) == 1, name
        lost = [q for q, p in s.earned.items() if p < next(x.points for x in SPECS if x.id == q)]
        if lost:
            # the row's whole Anki search, unbroken, on the page of its review file: the row is not cut
            assert squash(anki_search(lost)) in pages[found[0]], (paper, s.name)
    for spec in SPECS:
        if not spec.options:
            continue
        head = squash(f"{spec.id} · {spec.type} ·")
        where = [i for i, text in enumerate(pages) if head in text]
        assert len(where) == 1, spec.id
        assert all(squash(text) in pages[where[0]] for text, _, _ in spec.options), (paper, spec.id)
    assert "Method." in " ".join(pages[-1:]) or "Method." in "".join(pages), "the method at the foot"
