"""An exam a teacher sets (points, pools, sections, images), printed to PDF by real headless Chromium.

The file is printed with the page size it asks for itself (``--paper``), on A4
and on US Letter, and read back with pypdf: each page's text, and the pixel
width of each image drawn on it. Every question carries ``B<id>``/``E<id>``
markers at its start and end, and each image has a width of its own, so a
question cut by a page break, or parted from its image, is seen.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import Browser, Request, Route

from quizgen.atomic import write_outputs
from quizgen.exporters.html import PrintOptions, format_points, plan_deck, print_outputs
from quizgen.load import load_bank
from quizgen.model import Deck
from tests.helpers import assert_page_numbers, pdf_label

DECK = "Exam"
VERSIONS = 3
TOPICS = ("Mechanism", "Clinical use", "Dosing")
FILLER = (
    "Baclofen is a derivative of gamma-aminobutyric acid that acts as an agonist at GABA-B receptors; "
    "presynaptic activation reduces calcium influx and lowers the release of excitatory transmitters."
)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real RGB PNG of one colour."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


#: Image question n -> (width, height): wide ones meet the column width, tall ones the height cap.
IMAGES = {n: (2000 + 10 * n, 500) if n % 2 else (300 + 10 * n, 1600) for n in range(0, 24, 3)}


def question(n: int) -> str:
    """Question ``n``: in pools of three (0-2, 3-5, ...) of equal points, some with an image."""
    pool, pts = f"pool{n // 3}", 1 + (n // 3) % 3
    text = " ".join([FILLER] * (1 + n % 3))
    image = f" ![Figure {n}](img/f{n:02d}.png)" if n in IMAGES else ""
    return (
        f"  - id: q{n:02d}\n    type: truefalse\n    pool: {pool}\n    points: {pts}\n"
        f"    prompt: 'B{n:02d} {text}{image} E{n:02d}'\n    answer: true\n"
    )


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exam")
    (folder / "img").mkdir()
    for n, (w, h) in IMAGES.items():
        (folder / "img" / f"f{n:02d}.png").write_bytes(png(w, h, (40 + 8 * n, 90, 160)))
    for t, topic in enumerate(TOPICS):
        items = "".join(question(n) for n in range(36) if (n // 3) % 3 == t)
        (folder / f"{t}.yaml").write_text(f"deck: {DECK}\ntopic: {topic}\nquestions:\n{items}", encoding="utf-8")
    return folder


def options(paper: str) -> PrintOptions:
    assert paper in ("a4", "letter")
    return PrintOptions(versions=VERSIONS, seed=5, sections=True, paper="letter" if paper == "letter" else "a4")


def the_deck(bank: Path) -> Deck:
    (deck,) = load_bank([bank]).decks
    return deck


def widths(obj: Any) -> Iterator[int]:
    """Pixel widths of every image drawn through ``obj``'s resources (form XObjects followed)."""
    resources = obj.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    for ref in (xobjects.get_object() if xobjects else {}).values():
        x = ref.get_object()
        if x.get("/Subtype") == "/Image":
            yield int(x["/Width"])
        elif x.get("/Subtype") == "/Form":
            yield from widths(x)


@pytest.fixture(scope="module", params=["a4", "letter"])
def printed(
    request: pytest.FixtureRequest,
    browser: Browser,
    bank: Path,
) -> tuple[str, list[str], list[set[int]], Path]:
    """(paper, each page's text, each page's image widths, the PDF), printed at the size the file asks for."""
    paper: str = request.param
    html = bank / f"exam-{paper}.html"
    write_outputs(print_outputs(load_bank([bank]), html, options(paper), bank))
    page = browser.new_page()
    pdf = bank / f"exam-{paper}.pdf"
    try:
        page.goto(html.as_uri())
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        page.close()
    reader = pypdf.PdfReader(pdf)
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    return paper, texts, [set(widths(p)) for p in reader.pages], pdf


def runs(texts: list[str]) -> list[tuple[tuple[str, str], list[int]]]:
    """Consecutive pages with the same label; the key grid's pages are ("Answer key", "")."""
    out: list[tuple[tuple[str, str], list[int]]] = []
    for i, text in enumerate(texts):
        lab = pdf_label(text, DECK)
        if out and out[-1][0] == lab:
            out[-1][1].append(i)
        else:
            out.append((lab, [i]))
    return out


def test_the_page_size_is_the_one_the_file_asks_for(printed: tuple[str, list[str], list[set[int]], Path]) -> None:
    paper, texts, _, pdf = printed
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    size = tuple(round(float(side) / 72 * 25.4) for side in (box.width, box.height))
    assert size == {"a4": (210, 297), "letter": (216, 279)}[paper]
    assert_page_numbers(texts, DECK)  # running footers on every page, numbered per version


def test_no_question_is_split_and_each_keeps_its_image(
    printed: tuple[str, list[str], list[set[int]], Path], bank: Path
) -> None:
    paper, texts, images, _ = printed
    planned = plan_deck(the_deck(bank), options(paper))
    assert [lab for lab, _ in runs(texts)] == [("Version", v.letter) for v in planned.versions] + [
        ("Answer key", ""),
        *(("Answer key", v.letter) for v in planned.versions),
    ]
    for (kind, letter), pages in runs(texts):
        if not letter:
            continue  # the key grid
        version = next(v for v in planned.versions if v.letter == letter)
        assert len(pages) >= 3 or kind == "Answer key", "the exam must run over several pages to mean anything"
        for pq in version.questions:
            n = pq.question.id[1:]
            begin = [i for i in pages if re.search(rf"\bB{n}\b", texts[i])]
            end = [i for i in pages if re.search(rf"\bE{n}\b", texts[i])]
            assert len(begin) == 1 and begin == end, f"{paper} {kind} {letter}: question {n} on pages {begin}, {end}"
            if kind == "Version" and int(n) in IMAGES:
                assert IMAGES[int(n)][0] in images[begin[0]], f"{paper} {letter}: question {n} parted from its image"
        if kind == "Version":
            drawn = {w for i in pages for w in images[i]}
            expected = {
                IMAGES[int(pq.question.id[1:])][0] for pq in version.questions if int(pq.question.id[1:]) in IMAGES
            }
            assert drawn == expected, "every image of the version, and no other, is printed"


def test_totals_sections_and_pool_draws(printed: tuple[str, list[str], list[set[int]], Path], bank: Path) -> None:
    paper, texts, _, _ = printed
    deck = the_deck(bank)
    planned = plan_deck(deck, options(paper))
    topic_of = {q.id[1:]: TOPICS.index(q.topic) for q in deck.questions()}
    draws: list[set[str]] = []
    for (kind, letter), pages in runs(texts):
        if not letter:
            continue
        text = "\n".join(texts[i] for i in pages)
        version = next(v for v in planned.versions if v.letter == letter)
        total = format_points(version.points)
        shown = re.findall(r"\bB(\d\d)\b", text)
        assert len(shown) == 12 == len({int(n) // 3 for n in shown}), "one member of each of the 12 pools"
        if kind == "Version":
            assert re.search(rf"Score\s*/\s*{total}\b", text) and f"12 questions · {total} points" in text
            assert version.points == sum(1 + (int(n) // 3) % 3 for n in shown) == 24
            order = [topic_of[n] for n in shown]
            assert order == sorted(order), "sections: topics in file order"
            for section in version.sections:  # a heading, with its points, never left alone at the foot of a page
                assert section.title is not None
                points = rf"{re.escape(section.title)}\s*{format_points(section.points)} points?$"
                heads = [i for i in pages if re.search(rf"^{points}", texts[i], re.M)]
                first = section.questions[0].question.id[1:]
                assert len(heads) == 1 and f"B{first}" in texts[heads[0]], f"{paper} {letter}: {section.title}"
            draws.append(set(shown))
        else:
            assert f"Total, version {letter}: {total} points".upper() in text.upper()
    assert len(draws) == VERSIONS
    for a, b in zip(draws, draws[1:], strict=False):
        assert not a & b, "neighbouring versions draw different members of every pool (pools of three)"


def images_in_print(chromium: Browser, bank: Path, paper: str, width_mm: float) -> tuple[set[str], list[Any], float]:
    """(every URL requested, each ``img`` as laid out for print, CSS px per mm) for the file on ``paper``."""
    html = bank / f"exam-dom-{paper}.html"
    write_outputs(print_outputs(load_bank([bank]), html, options(paper), bank))
    # the page's width less its 16 mm side margins, at CSS's 96 px per inch
    page = chromium.new_page(viewport={"width": round((width_mm - 32) / 25.4 * 96), "height": 1000})
    fetched: set[str] = set()

    def route(r: Route, req: Request) -> None:
        fetched.add(req.url)
        if req.url == html.as_uri():
            r.continue_()
        else:
            r.abort()

    try:
        page.route("**/*", route)
        page.on("request", lambda req: fetched.add(req.url))
        page.goto(html.as_uri())
        page.emulate_media(media="print")
        found: list[Any] = page.evaluate(
            """() => [...document.images].map(img => {
                const box = img.getBoundingClientRect();
                const column = img.closest('.q-prompt, .k-body, .opt').getBoundingClientRect();
                return {ok: img.complete && img.naturalWidth > 0, w: box.width, h: box.height,
                        nw: img.naturalWidth, nh: img.naturalHeight, col: column.width, alt: img.alt,
                        src: img.src.slice(0, 21)};
            })"""
        )
        mm: float = page.evaluate(
            "() => { const d = document.createElement('div'); d.style.height = '100mm'; document.body.append(d);"
            " const h = d.getBoundingClientRect().height; d.remove(); return h / 100; }"
        )
    finally:
        page.close()
    return {u for u in fetched if not u.startswith("data:")} - {html.as_uri()}, found, mm


def test_images_decode_fit_and_nothing_is_fetched(browser: Browser, bank: Path) -> None:
    """In print layout every image decodes, fits the column and a third of the page, keeps its shape."""
    for paper, (width_mm, height_mm) in (("a4", (210, 297)), ("letter", (215.9, 279.4))):
        outside, found, mm = images_in_print(browser, bank, paper, width_mm)
        assert outside == set(), "nothing but the file itself is requested"
        assert found and all(f["alt"].startswith("Figure ") for f in found), "every image keeps its alt text"
        for f in found:
            assert f["ok"] and f["src"] == "data:image/png;base64", f
            assert f["w"] <= f["col"] + 0.5, f"{paper}: wider than its column: {f}"
            assert f["h"] <= height_mm * mm / 3 + 0.5, f"{paper}: taller than a third of the page: {f}"
            assert abs(f["w"] / f["h"] - f["nw"] / f["nh"]) < 0.02, f"{paper}: aspect ratio changed: {f}"
        assert any(abs(f["w"] - f["col"]) < 1 for f in found), "wide images are scaled to the column width"
        assert any(f["h"] > height_mm * mm / 4 for f in found), "tall images keep a useful size"
