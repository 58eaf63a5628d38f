"""Checks of the hand-curated baclofen question bank in ``questions/baclofen``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from quizgen.check import check_sources
from quizgen.load import load_bank
from quizgen.model import Bank, Deck, Question, Topic

REPO_ROOT = Path(__file__).parent.parent
BANK_DIR = REPO_ROOT / "questions" / "baclofen"
IDS_FILE = Path(__file__).parent / "data" / "baclofen-ids.txt"
COVERAGE_DOC = REPO_ROOT / "docs" / "baclofen-coverage.md"
SCHEMA_LINE = "# yaml-language-server: $schema=../quizgen.schema.json"
# The article sits in a shared folder beside the checkout (or a worktree's parent); the first one found wins.
ARTICLE = next(
    (
        p / "shared" / "seed" / "baclofen-article.txt"
        for p in REPO_ROOT.parents
        if (p / "shared" / "seed" / "baclofen-article.txt").is_file()
    ),
    REPO_ROOT.parent / "shared" / "seed" / "baclofen-article.txt",
)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
REFERENCE = re.compile(r"\([^()]*[A-Za-z][^()]*\)")

TOPICS = {"Mechanism", "Indications", "Clinical studies", "Safety"}
MIN_QUESTIONS = 25
MIN_TYPES = 4


@pytest.fixture(scope="module")
def deck() -> Deck:
    bank = load_bank([BANK_DIR])
    decks = [d for d in bank.decks if d.name == "Baclofen"]
    assert len(decks) == 1, [d.name for d in bank.decks]
    return decks[0]


def all_questions(deck: Deck) -> list[tuple[Topic, Question]]:
    return [(topic, q) for topic in deck.topics for q in topic.questions]


def test_only_the_baclofen_deck(deck: Deck) -> None:
    bank = load_bank([BANK_DIR])
    assert [d.name for d in bank.decks] == ["Baclofen"]


def test_topics_present(deck: Deck) -> None:
    assert {t.name for t in deck.topics} == TOPICS


@pytest.mark.parametrize("topic_name", sorted(TOPICS))
def test_topic_size_and_variety(deck: Deck, topic_name: str) -> None:
    (topic,) = [t for t in deck.topics if t.name == topic_name]
    types = Counter(q.type for q in topic.questions)
    assert len(topic.questions) >= MIN_QUESTIONS, (topic_name, len(topic.questions))
    assert len(types) >= MIN_TYPES, (topic_name, dict(types))


def test_all_question_types_used(deck: Deck) -> None:
    used = {q.type for _, q in all_questions(deck)}
    assert used == {"basic", "mcq", "multi", "truefalse", "cloze", "typed", "numeric", "matching", "ordering"}


def test_every_question_explained(deck: Deck) -> None:
    missing = [q.id for _, q in all_questions(deck) if not (q.explanation or "").strip()]
    assert missing == []


def read_ids_file() -> tuple[list[str], dict[str, bool]]:
    """The ids file's lines, and ``id -> retired?``; a line is ``topic/id`` or ``topic/id  retired``."""
    lines = [line.strip() for line in IDS_FILE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    status: dict[str, bool] = {}
    for line in lines:
        parts = line.split()
        assert len(parts) in (1, 2) and (len(parts) == 1 or parts[1] == "retired"), f"bad line: {line!r}"
        qid = parts[0].rsplit("/", 1)[-1]
        assert qid not in status, f"{qid} listed twice in {IDS_FILE.name}"
        status[qid] = len(parts) == 2
    return lines, status


def test_published_ids_still_exist(deck: Deck) -> None:
    """Identity is deck + id: a published id leaves the bank only as retired, and a retired id never returns."""
    current = {q.id for _, q in all_questions(deck)}
    lines, status = read_ids_file()
    keys = [line.split()[0] for line in lines]
    assert keys == sorted(keys), "keep tests/data/baclofen-ids.txt sorted"
    live = {qid for qid, retired in status.items() if not retired}
    retired = {qid for qid, is_retired in status.items() if is_retired}
    gone = sorted(live - current)
    assert gone == [], f"published ids must not disappear; mark a removed one 'retired' in {IDS_FILE.name}: {gone}"
    back = sorted(retired & current)
    assert back == [], f"retired ids stay in learners' collections and must never be reused: {back}"
    unrecorded = sorted(current - set(status))
    assert unrecorded == [], f"record new ids in {IDS_FILE.name} so they are kept from now on: {unrecorded}"


def test_retired_ids_are_documented() -> None:
    """Learners keep retired cards, so the coverage document must say which they are."""
    _, status = read_ids_file()
    doc = COVERAGE_DOC.read_text(encoding="utf-8")
    undocumented = sorted(qid for qid, retired in status.items() if retired and f"`{qid}`" not in doc)
    assert undocumented == []


def raw_files() -> list[tuple[Path, str, dict[str, Any]]]:
    """Each question file's path, text and parsed YAML (for what the loader does not keep, e.g. the first line)."""
    files = sorted(BANK_DIR.glob("*.yaml"))
    assert files
    return [(f, text, yaml.safe_load(text)) for f in files for text in [f.read_text(encoding="utf-8")]]


def raw_questions() -> list[tuple[Path, dict[str, Any]]]:
    return [(f, q) for f, _, data in raw_files() for q in data["questions"]]


def test_every_file_names_the_schema() -> None:
    assert [f.name for f, text, _ in raw_files() if text.splitlines()[0] != SCHEMA_LINE] == []


def test_every_option_has_a_referenced_reason() -> None:
    """Each mcq/multi option says why it is right or wrong, and cites its source like the explanations do."""
    bare: list[tuple[str, Any]] = []
    unreferenced: list[tuple[str, str]] = []
    for _, q in raw_questions():
        if q.get("type") not in ("mcq", "multi"):
            continue
        answers = [q["answer"]] if q["type"] == "mcq" else q["answer"]
        for option in [*answers, *q["distractors"]]:
            if not isinstance(option, dict) or not str(option.get("why", "")).strip():
                bare.append((q["id"], option))
            elif not REFERENCE.search(option["why"]):
                unreferenced.append((q["id"], option["text"]))
    assert bare == []
    assert unreferenced == []


def test_every_explanation_cites_a_reference() -> None:
    assert [q["id"] for _, q in raw_questions() if not REFERENCE.search(q.get("explanation", ""))] == []


def test_cloze_accept_keys_name_deletions() -> None:
    wrong: list[tuple[str, str]] = []
    for _, q in raw_questions():
        if q.get("type") == "cloze":
            numbers = {f"c{n}" for n in re.findall(r"\{\{c(\d+)::", q["prompt"])}
            wrong += [(q["id"], key) for key in q.get("accept", {}) if key not in numbers]
    assert wrong == []


def used_images() -> dict[Path, list[str]]:
    """Image file -> the ids of questions whose prompt or explanation shows it (alt text checked on the way)."""
    used: dict[Path, list[str]] = {}
    for f, q in raw_questions():
        for key in ("prompt", "explanation"):
            for alt, src in IMAGE.findall(q.get(key, "")):
                assert alt.strip(), f"{q['id']}: an image needs alt text"
                used.setdefault((f.parent / src).resolve(), []).append(q["id"])
    return used


def test_figures_exist_and_are_used() -> None:
    used = used_images()
    missing = sorted(str(p) for p in used if not p.is_file())
    assert missing == []
    figures = sorted((BANK_DIR / "images").glob("*.svg"))
    assert len(figures) >= 2
    unused = [f.name for f in figures if f.resolve() not in used]
    assert unused == []


def test_no_image_inside_a_cloze_deletion() -> None:
    inside = [
        q["id"]
        for _, q in raw_questions()
        if q.get("type") == "cloze" and any("![" in d for d in re.findall(r"\{\{c\d+::(.*?)\}\}", q["prompt"]))
    ]
    assert inside == []


@pytest.mark.parametrize("svg", sorted((BANK_DIR / "images").glob("*.svg")), ids=lambda p: p.name)
def test_figure_is_a_safe_small_picture(svg: Path) -> None:
    """A picture only: no script or embedded HTML, no handlers or outside links; titled, scalable, for any background.

    Cards show figures on white and on night mode's dark background: the canvas
    stays transparent (no background filling the whole picture), and every label
    has a light halo (``paint-order="stroke"`` with a white stroke), so dark text
    reads on both.
    """
    data = svg.read_bytes()
    assert len(data) < 20_000
    assert b"<!DOCTYPE" not in data.upper() and b"<!ENTITY" not in data.upper()
    root = ET.fromstring(data)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("viewBox")
    title = root.find(f"{ns}title")
    assert title is not None and (title.text or "").strip()
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        assert tag not in ("script", "foreignObject", "image", "use", "a", "style"), tag
        for name, value in el.attrib.items():
            local = name.split("}")[-1]
            assert not local.lower().startswith("on"), (tag, name)
            assert local != "href" or value.startswith("#"), (tag, value)
            assert "url(" not in value or value.startswith("url(#"), (tag, value)
    width, height = root.get("viewBox", "").split()[2:]
    backgrounds = [
        el
        for el in root.iter(f"{ns}rect")
        if el.get("width") == width and el.get("height") == height and el.get("fill", "none") != "none"
    ]
    assert backgrounds == [], "keep the background transparent, so night mode shows no white block"
    parents = {child: parent for parent in root.iter() for child in parent}

    def inherited(el: ET.Element, name: str) -> str:
        while el is not None and el.get(name) is None:
            el = parents.get(el)  # type: ignore[assignment]
        return "" if el is None else el.get(name, "")

    texts = list(root.iter(f"{ns}text"))
    assert texts
    bare = [
        "".join(el.itertext())
        for el in texts
        if inherited(el, "paint-order") != "stroke"
        or inherited(el, "stroke").lower() not in ("#fff", "#ffffff", "white")
    ]
    assert bare == [], "every label needs its light halo"


def test_sources_are_verbatim_quotes_of_the_article(deck: Deck) -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"article not found at {ARTICLE}")
    report = check_sources(Bank((deck,)), ARTICLE)  # raises, listing every quote not in the article
    quoted = sum(1 for _, q in all_questions(deck) if q.source)
    assert quoted >= 30, "most article-based questions should carry their quote"
    assert report.startswith(f"sources ok: all {quoted} quotes")


def test_learners_are_never_sent_to_an_article_they_do_not_have() -> None:
    """The deck's about text names the seed article once; cards call it "a web article on baclofen"."""
    texts = [
        (q["id"], str(value))
        for _, q in raw_questions()
        for key, value in q.items()
        if key in ("prompt", "answer", "explanation", "distractors")
    ]
    assert [qid for qid, text in texts if re.search(r"\bthe article\b", text, re.IGNORECASE)] == []
    about = (BANK_DIR / "baclofen.about.md").read_text(encoding="utf-8")
    assert about.count("How Does Baclofen Work?") == 1


def test_the_about_text_tells_learners_what_they_need_before_studying() -> None:
    about = (BANK_DIR / "baclofen.about.md").read_text(encoding="utf-8")
    for needed in ("quizgen project", "MIT", "issue tracker", "File > Import", "do not edit", "flag", "tag:Baclofen::"):
        assert needed in about, needed
    tagged = [q["id"] for _, q in raw_questions() if any(t.startswith("changed::") for t in q.get("tags", []))]
    assert tagged, "questions whose answer changed carry a changed::<edition> tag"
    for tag in {t for _, q in raw_questions() for t in q.get("tags", []) if t.startswith("changed::")}:
        assert f"tag:Baclofen::{tag}" in about, f"say how to find the notes tagged {tag}"
