"""The printed quiz as a teacher gets it: real headless Chromium prints it to PDF, on A4 and US Letter.

Everything is checked from the PDF's own text, page by page: every question is
there, no question is cut by a page break, each version and each answer key
keeps to its own pages, and every page carries the deck, the version letter
and its page number (CSS ``@page`` margin boxes on named pages).

Chromium is required, not optional: CI installs it, so a missing browser
fails with a message instead of quietly skipping.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser

from quizgen.atomic import write_outputs
from quizgen.exporters.html import PrintOptions, format_points, plan_deck, print_outputs
from quizgen.load import load_bank
from tests.helpers import assert_page_numbers, pdf_label

DECK = "Baclofen – Print Test"
VERSIONS = 2
TYPES = ("mcq", "cloze", "multi", "basic", "truefalse", "typed", "numeric", "matching", "ordering")
QUESTIONS = 30

FILLER = [
    "Baclofen is a derivative of gamma-aminobutyric acid that acts as an agonist at GABA-B receptors.",
    "Presynaptic activation reduces calcium influx and so lowers the release of excitatory transmitters.",
    "Postsynaptically it opens potassium channels, hyperpolarising the neurone and damping reflex activity.",
    "The drug is used mainly for spasticity of spinal origin, such as that seen in multiple sclerosis.",
    "Abrupt withdrawal after long use can cause hallucinations, seizures and a dangerous rebound of tone.",
]


def prompt(n: int, tail: str = "") -> str:
    body = " ".join(FILLER[(n + k) % len(FILLER)] for k in range(1 + n % 4))
    return f"Begin{n:02d} {body}{tail} End{n:02d}"


def question_yaml(n: int) -> str:
    kind = TYPES[n % len(TYPES)]
    head = f"  - id: q{n:02d}\n    type: {kind}\n"
    if kind in ("mcq", "multi"):
        answer = "Right answer here" if kind == "mcq" else "[Right answer here, Also right]"
        return (
            head + f"    prompt: '{prompt(n)}?'\n    answer: {answer}\n"
            f"    distractors: [A plausible but wrong option, Another wrong option that is rather longer, "
            f"None of these End{n:02d}]\n    pinned: [None of these End{n:02d}]\n"
        )
    if kind == "cloze":
        text = prompt(n, " It acts in the {{c1::spinal cord::site}} and lowers {{c2::calcium}} entry.")
        return head + f"    prompt: '{text}'\n"
    if kind == "matching":  # the marker in the last item and the last match: both columns on one page
        return (
            head + f"    prompt: '{prompt(n)}?'\n    pairs:\n      - {{item: Baclofen, match: GABA-B receptors}}\n"
            f"      - {{item: Tizanidine, match: Alpha-2 adrenoceptors}}\n"
            f"      - {{item: Dantrolene End{n:02d}, match: Ryanodine receptors End{n:02d}}}\n"
        )
    if kind == "ordering":  # every entry carries the marker: wherever the shuffle puts them, all on one page
        return (
            head
            + f"    prompt: '{prompt(n)}?'\n    answer: [Bolus End{n:02d}, Assess End{n:02d}, Implant End{n:02d}]\n"
        )
    if kind == "truefalse":
        return head + f"    prompt: '{prompt(n)}.'\n    answer: true\n"
    if kind == "typed":
        return head + f"    prompt: '{prompt(n)}?'\n    answer: GABA-B\n    accept: [GABA B]\n"
    if kind == "numeric":  # working lines above the blank on some, and marking points in the key
        lines = f"    lines: {n % 5}\n" if n % 5 else ""
        return (
            head
            + f"    prompt: '{prompt(n)}?'\n    answer: 80\n    tolerance: 5%\n    unit: mg\n{lines}"
            + (f"    rubric: [States the dose, Names the label End{n:02d}k]\n")
        )
    rubric = f"    rubric: [First point, Second point End{n:02d}k]\n" if n % 2 else ""
    return head + f"    prompt: '{prompt(n)}?'\n    answer: '{' '.join(FILLER[:2])}'\n    lines: {3 + n % 4}\n{rubric}"


@pytest.fixture(scope="module")
def quiz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A quiz long enough that each version runs over several pages."""
    folder = tmp_path_factory.mktemp("bank")
    for t, topic in enumerate(("Mechanism", "Clinical use")):
        items = "".join(question_yaml(n) for n in range(QUESTIONS) if n % 2 == t)
        (folder / f"{t}.yaml").write_text(f"deck: {DECK}\ntopic: {topic}\nquestions:\n{items}", encoding="utf-8")
    raw = (
        "  - id: raw-html\n    type: truefalse\n"
        "    prompt: 'Literal <script>alert(1)</script> and <b>tags</b> stay text.'\n    answer: true\n"
    )
    (folder / "raw.yaml").write_text(f"deck: {DECK}\ntopic: Raw\nquestions:\n{raw}", encoding="utf-8")
    out = folder / "quiz.html"
    write_outputs(print_outputs(load_bank([folder]), out, PrintOptions(versions=VERSIONS, seed=3), folder))
    return out


def print_pdf(browser: Browser, html: Path, paper: str, target: Path) -> list[str]:
    """Prints like the browser's print dialog (CSS page margins, no header) and returns each page's text."""
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.pdf(path=str(target), format=paper)
    finally:
        page.close()
    reader = pypdf.PdfReader(target)
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]


@pytest.fixture(scope="module", params=["A4", "Letter"])
def pages(request: pytest.FixtureRequest, browser: Browser, quiz: Path) -> tuple[str, list[str], Path]:
    paper: str = request.param
    target = quiz.with_name(f"quiz-{paper}.pdf")
    return paper, print_pdf(browser, quiz, paper, target), target


def label(text: str) -> tuple[str, str]:
    return pdf_label(text, DECK)


def groups(texts: list[str], deck: str = DECK) -> list[tuple[tuple[str, str], list[int]]]:
    """Consecutive pages with the same label, e.g. (("Version", "A"), [0, 1, 2])."""
    out: list[tuple[tuple[str, str], list[int]]] = []
    for i, text in enumerate(texts):
        lab = pdf_label(text, deck)
        if out and out[-1][0] == lab:
            out[-1][1].append(i)
        else:
            out.append((lab, [i]))
    return out


def test_paper_size_is_the_one_asked_for(pages: tuple[str, list[str], Path]) -> None:
    paper, _, pdf = pages
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    width_mm, height_mm = (float(side) / 72 * 25.4 for side in (box.width, box.height))
    expected = {"A4": (210, 297), "Letter": (215.9, 279.4)}[paper]
    assert abs(width_mm - expected[0]) < 1 and abs(height_mm - expected[1]) < 1


def test_every_page_shows_deck_version_and_page_number(pages: tuple[str, list[str], Path]) -> None:
    _, texts, _ = pages
    assert_page_numbers(texts, DECK)  # Version B starts again at page 1; no "of N" in a file of several versions
    for text in texts:
        assert DECK in text
        kind, letter = label(text)
        top = f"Answer key · Version {letter}" if letter and kind == "Answer key" else f"{kind} {letter}".strip()
        assert top in text


def test_versions_then_keys_each_on_their_own_pages(pages: tuple[str, list[str], Path]) -> None:
    _, texts, _ = pages
    found = groups(texts)
    assert [lab for lab, _ in found] == [
        ("Version", "A"), ("Version", "B"), ("Answer key", ""), ("Answer key", "A"), ("Answer key", "B")
    ]  # fmt: skip
    for (kind, letter), numbers in found:
        first = texts[numbers[0]]
        if kind == "Version":
            assert len(numbers) >= 3, "the bank must span several pages for the page-break checks to mean anything"
            assert "Name" in first and "Date" in first and "Score" in first, "each version opens with its header"
            assert f"END OF VERSION {letter}" in texts[numbers[-1]]
        else:
            assert "ANSWER KEY · NOT FOR STUDENTS" in first, "the key starts on a page of its own"
            assert not any("Select all that apply" in texts[i] for i in numbers)
    assert all("ANSWER KEY" not in texts[i] for lab, numbers in found if lab[0] == "Version" for i in numbers)


def test_the_key_opens_with_one_grid_of_every_versions_short_answers(pages: tuple[str, list[str], Path]) -> None:
    _, texts, _ = pages
    (grid,) = [numbers for (kind, letter), numbers in groups(texts) if kind == "Answer key" and not letter]
    text = "\n".join(texts[i] for i in grid)
    assert re.search(r"NO\.\s*VERSION A\s*VERSION B", text), "one column per version"
    rows = re.findall(r"^(\d+[a-z]?) ", text, re.M)
    assert len(rows) >= QUESTIONS and "1" in rows, "a row per question number or blank label"
    assert "GABA-B" in text, "a typed answer is in the grid"


def test_every_question_once_per_version_and_never_split(pages: tuple[str, list[str], Path]) -> None:
    _, texts, _ = pages
    assert_never_split(texts)


def assert_never_split(texts: list[str], deck: str = DECK) -> None:
    """Every question once in each version and each version's key, and no question cut by a page break."""
    for (kind, letter), numbers in groups(texts, deck):
        if not letter:
            continue  # the key grid: answers only
        where: dict[str, list[int]] = {}
        for i in numbers:
            for marker in re.findall(r"\b((?:Begin|End)\d\d)\b", texts[i]):
                where.setdefault(marker, []).append(i)
        for n in range(QUESTIONS):
            begin = where.get(f"Begin{n:02d}", [])
            assert len(begin) == 1, f"{kind} {letter}: question {n} should start once, found on pages {begin}"
            if kind == "Version":
                end = where.get(f"End{n:02d}", [])
                # mcq/multi end with their pinned last option, so the whole block is checked
                assert end and set(end) == set(begin), f"{kind} {letter}: question {n} is split across pages"


def test_every_version_holds_every_question_and_raw_html_is_text(pages: tuple[str, list[str], Path]) -> None:
    _, texts, _ = pages
    for (kind, letter), numbers in groups(texts):
        if not letter:
            continue
        text = "\n".join(texts[i] for i in numbers)
        assert "Literal <script>alert(1)</script> and <b>tags</b> stay text." in " ".join(text.split())
        if kind == "Version":
            assert len(re.findall(r"^\d+\. Begin\d\d", text, re.M)) == QUESTIONS
            assert re.search(r"Score\s*/\s*35", text), "score line out of the total (31 questions + 4 extra cloze)"


def test_screen_view_is_readable(browser: Browser, quiz: Path) -> None:
    """On screen the quiz keeps a comfortable line length and nothing runs off the side."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(quiz.as_uri())
        sheet_width = page.eval_on_selector(".sheet", "e => e.getBoundingClientRect().width")
        overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        page.set_viewport_size({"width": 380, "height": 800})
        narrow_overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    finally:
        page.close()
    assert 600 <= sheet_width <= 800
    assert not overflow and not narrow_overflow


def test_marking_points_stay_with_their_question_in_the_key(pages: tuple[str, list[str], Path]) -> None:
    """A key entry with a rubric (its last point ends ``EndNNk``) is not split from its answer and prompt."""
    _, texts, _ = pages
    keys = [(letter, numbers) for (kind, letter), numbers in groups(texts) if kind == "Answer key" and letter]
    assert keys  # each version's full key (the grid of short answers before them has no marking points)
    for letter, numbers in keys:
        begin: dict[str, int] = {}
        rubric_end: dict[str, int] = {}
        for i in numbers:
            for n in re.findall(r"\bBegin(\d\d)\b", texts[i]):
                begin[n] = i
            for n in re.findall(r"End(\d\d)k\b", texts[i]):
                rubric_end[n] = i
        assert rubric_end, "the bank has questions with marking points"
        for n, page in rubric_end.items():
            assert begin[n] == page, f"key {letter}: question {n}'s marking points are split from it"


def test_numeric_questions_print_their_unit_and_the_key_its_range(pages: tuple[str, list[str], Path]) -> None:
    _, texts, _ = pages
    found = groups(texts)
    quiz = "\n".join(texts[i] for (kind, _), numbers in found if kind == "Version" for i in numbers)
    key = "\n".join(texts[i] for (kind, _), numbers in found if kind == "Answer key" for i in numbers)
    numeric = sum(1 for n in range(QUESTIONS) if TYPES[n % len(TYPES)] == "numeric")
    assert len(re.findall(r"Answer\s*mg", quiz)) == numeric * VERSIONS
    assert key.count("accept 76 to 84 mg") == numeric * VERSIONS


# -- the header and file options, printed -------------------------------------

TITLE = "Pharmacology, term 2"
OPTION_CASES = {
    "header": PrintOptions(
        versions=VERSIONS, seed=3, title=TITLE, label="Exam", time="45 minutes",
        fields=("Name", "Class", "Candidate no."), sections=True,
    ),
    "split": PrintOptions(versions=VERSIONS, seed=3, split=True),
    "key-only": PrintOptions(versions=VERSIONS, seed=3, key_only=True),
}  # fmt: skip


def print_case(browser: Browser, quiz: Path, case: str, paper: str) -> dict[str, list[str]]:
    """Each HTML file one case of the new options writes -> its pages' text, printed on ``paper``.

    The exam record (``<case>.json``) is written beside them every time; it is checked here, not printed.
    """
    folder = quiz.parent / f"{case}-{paper}"
    files = write_outputs(print_outputs(load_bank([quiz.parent]), folder / f"{case}.html", OPTION_CASES[case], folder))
    assert [f.name for f in files if f.suffix == ".json"] == [f"{case}.json"]
    return {f.name: print_pdf(browser, f, paper, f.with_suffix(".pdf")) for f in files if f.suffix == ".html"}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_header_options_shape_every_versions_header(browser: Browser, quiz: Path, paper: str) -> None:
    (texts,) = print_case(browser, quiz, "header", paper).values()
    assert_page_numbers(texts, TITLE)  # the title runs in the margins too
    assert_never_split(texts, TITLE)
    planned = plan_deck(load_bank([quiz.parent]).decks[0], OPTION_CASES["header"])
    for (kind, letter), numbers in groups(texts, TITLE):
        first = texts[numbers[0]]
        if kind == "Version":
            assert "EXAM" in first and TITLE in first and "Time: 45 minutes" in first
            assert re.search(r"Name\s*Class\s*Candidate no\.\s*Score", first) and "Date" not in first
            text = "\n".join(texts[i] for i in numbers)
            (version,) = [v for v in planned.versions if v.letter == letter]
            expected = [(s.title, format_points(s.points)) for s in version.sections]
            assert re.findall(r"^(Mechanism|Clinical use|Raw)\s*(\d+) points?$", text, re.M) == expected


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_split_writes_one_file_per_version_and_one_key_each_numbered_of_its_own_pages(
    browser: Browser, quiz: Path, paper: str
) -> None:
    files = print_case(browser, quiz, "split", paper)
    assert sorted(files) == ["split-A.html", "split-B.html", "split-key.html"]
    for name, texts in files.items():
        assert_page_numbers(texts, DECK, of=True)  # "Version A, page 2 of 4": the file is that version alone
        assert_never_split(texts)
        kinds = {pdf_label(t, DECK) for t in texts}
        if name == "split-key.html":
            assert kinds == {("Answer key", ""), ("Answer key", "A"), ("Answer key", "B")}
        else:
            assert kinds == {("Version", name[-6])}
            assert f"END OF VERSION {name[-6]}" in texts[-1] and len(texts) >= 3


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_key_only_writes_just_the_key(browser: Browser, quiz: Path, paper: str) -> None:
    files = print_case(browser, quiz, "key-only", paper)
    assert list(files) == ["key-only.html"]
    (texts,) = files.values()
    assert_page_numbers(texts, DECK, of=True)
    assert_never_split(texts)
    assert [lab for lab, _ in groups(texts)] == [("Answer key", ""), ("Answer key", "A"), ("Answer key", "B")]
    assert "ANSWER KEY · NOT FOR STUDENTS" in texts[0] and not any("Score" in t for t in texts)
