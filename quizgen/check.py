"""What ``quizgen check`` reports: the bank's summary and the ``--source`` quote check."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from quizgen.errors import Problem, QuizgenError
from quizgen.model import QUESTION_TYPES, Bank, card_count

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})  # fmt: skip


#: ``![alt](path)`` as written (alt may hold Markdown, the path ``%20``): a figure is not part of a quote.
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(bank: Bank) -> str:
    """A few lines: decks, topics, questions, and cards by type (a cloze makes one per deletion)."""
    lines: list[str] = []
    total_q = total_c = 0
    for deck in bank.decks:
        questions = list(deck.questions())
        cards: Counter[str] = Counter()
        for q in questions:
            cards[q.type] += card_count(q)
        total_q += len(questions)
        total_c += sum(cards.values())
        by_type = ", ".join(f"{t} {cards[t]}" for t in QUESTION_TYPES if cards[t])
        lines.append(
            f"{deck.name}: {_count(len(deck.topics), 'topic')}, {_count(len(questions), 'question')}, "
            f"{_count(sum(cards.values()), 'card')} ({by_type})"
        )
    topics = sum(len(d.topics) for d in bank.decks)
    shown = sum(1 for q in bank.questions() if q.images)
    images = f", {_count(len(bank.images), 'image')} (shown by {_count(shown, 'question')})" if bank.images else ""
    lines.append(
        f"ok: {_count(len(bank.decks), 'deck')}, {_count(topics, 'topic')}, "
        f"{_count(total_q, 'question')}, {_count(total_c, 'card')}{images}"
    )
    return "\n".join(lines)


def normalize_quote(text: str) -> str:
    """Whitespace, case and typographic quotes do not count when matching a quote; images are left out."""
    if "![" in text:
        text = _IMAGE.sub(" ", text)
    return " ".join(text.translate(_QUOTES).casefold().split())


def check_sources(bank: Bank, document: Path) -> str:
    """Verifies each ``source`` quote appears in ``document``; raises listing those that do not."""
    try:
        text = document.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise QuizgenError(f"cannot read {document}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise QuizgenError(f"cannot read {document}: it is not UTF-8 text") from None
    haystack = normalize_quote(text)
    quoted = missing = 0
    problems: list[Problem] = []
    for q in bank.questions():
        if q.source is None:
            continue
        quoted += 1
        if normalize_quote(q.source) not in haystack:
            missing += 1
            problems.append(Problem(q.path, q.source_line or q.line, f"source quote of '{q.id}' is not in {document}"))
    if problems:
        raise QuizgenError(f"{missing} of {quoted} source quotes are not in {document}", problems)
    unquoted = sum(1 for _ in bank.questions()) - quoted
    return f"sources ok: all {quoted} quotes appear in {document} ({unquoted} questions carry no source quote)"
