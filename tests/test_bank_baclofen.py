"""Checks of the hand-curated baclofen question bank in ``questions/baclofen``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from quizgen.check import check_sources
from quizgen.load import load_bank
from quizgen.model import Bank

REPO_ROOT = Path(__file__).parent.parent
BANK_DIR = REPO_ROOT / "questions" / "baclofen"
IDS_FILE = Path(__file__).parent / "data" / "baclofen-ids.txt"
ARTICLE = REPO_ROOT.parent / "shared" / "seed" / "baclofen-article.txt"

TOPICS = {"Mechanism", "Indications", "Clinical studies", "Safety"}
MIN_QUESTIONS = 25
MIN_TYPES = 4


@pytest.fixture(scope="module")
def deck():
    bank = load_bank([BANK_DIR])
    decks = [d for d in bank.decks if d.name == "Baclofen"]
    assert len(decks) == 1, [d.name for d in bank.decks]
    return decks[0]


def all_questions(deck):
    return [(topic, q) for topic in deck.topics for q in topic.questions]


def test_only_the_baclofen_deck(deck):
    bank = load_bank([BANK_DIR])
    assert [d.name for d in bank.decks] == ["Baclofen"]


def test_topics_present(deck):
    assert {t.name for t in deck.topics} == TOPICS


@pytest.mark.parametrize("topic_name", sorted(TOPICS))
def test_topic_size_and_variety(deck, topic_name):
    (topic,) = [t for t in deck.topics if t.name == topic_name]
    types = Counter(q.type for q in topic.questions)
    assert len(topic.questions) >= MIN_QUESTIONS, (topic_name, len(topic.questions))
    assert len(types) >= MIN_TYPES, (topic_name, dict(types))


def test_all_question_types_used(deck):
    used = {q.type for _, q in all_questions(deck)}
    assert used == {"basic", "mcq", "multi", "truefalse", "cloze", "typed"}


def test_every_question_explained(deck):
    missing = [q.id for _, q in all_questions(deck) if not (q.explanation or "").strip()]
    assert missing == []


def test_published_ids_still_exist(deck):
    """Identity is deck + id: a question may move between files, but a published id never goes away."""
    current = {q.id for _, q in all_questions(deck)}
    published = [line.strip() for line in IDS_FILE.read_text(encoding="utf-8").splitlines()]
    published = [line for line in published if line and not line.startswith("#")]
    assert published == sorted(published), "keep tests/data/baclofen-ids.txt sorted"
    published_ids = {line.rsplit("/", 1)[-1] for line in published}
    gone = sorted(published_ids - current)
    assert gone == [], f"published ids must never disappear (a renamed id loses learners' history): {gone}"
    unrecorded = sorted(current - published_ids)
    assert unrecorded == [], f"record new ids in {IDS_FILE.name} so they are kept from now on: {unrecorded}"


def test_sources_are_verbatim_quotes_of_the_article(deck):
    if not ARTICLE.is_file():
        pytest.skip(f"article not found at {ARTICLE}")
    report = check_sources(Bank((deck,)), ARTICLE)  # raises, listing every quote not in the article
    quoted = sum(1 for _, q in all_questions(deck) if q.source)
    assert quoted >= 30, "most article-based questions should carry their quote"
    assert report.startswith(f"sources ok: all {quoted} quotes")
