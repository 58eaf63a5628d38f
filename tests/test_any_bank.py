"""Any bank the format allows goes through every output: a property test across exporters.

Hypothesis writes valid banks with hostile text (Markdown, raw HTML, Rich
markup, braces, non-ASCII); each must load, import into the real Anki with
one note per question and one card per card, and print with every question
in every version.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.exporters.html import PrintOptions, render_document
from quizgen.load import load_bank
from quizgen.mistakes import fold_option
from quizgen.model import card_count
from tests.helpers import import_apkg, write_unlocked

ALPHABET = st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85\u2028\u2029")
HOSTILE = ["<script>alert(1)</script>", "**bold**", "*it*", "`code`", "[red]x[/red]", "{{c1::not cloze}}", "a & b",
           "yes", "on", "42", "1.10"]  # fmt: skip
text = st.one_of(st.text(ALPHABET, min_size=1, max_size=25), st.sampled_from(HOSTILE)).filter(lambda s: s.strip())
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
tags = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9 _:-]{0,8}", fullmatch=True), max_size=2)


class QuotingDumper(yaml.SafeDumper):
    """Writes every string double-quoted: PyYAML's plain style follows YAML 1.1, so it would
    leave ``0E0`` unquoted, which YAML 1.2 (and so quizgen) rightly reads as a number."""


QuotingDumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def unique_options(min_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(text, min_size=min_size, max_size=5, unique_by=lambda s: s.strip())


#: Text that may sit inside a cloze deletion: no ':' next to the '::' separators, no braces.
plain = text.filter(lambda s: not any(m in s for m in (":", "{", "}")))


def option(draw: st.DrawFn, o: str) -> str | dict[str, str]:
    """An option is its text, or its text with the reason for it."""
    return {"text": o, "why": draw(text)} if draw(st.booleans()) else o


@st.composite
def question(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    """Any valid question, every optional key possible: points, pool, reasons, pinned, accept (also the
    editor schema's property test draws its banks here)."""
    qtype = draw(st.sampled_from(["basic", "mcq", "multi", "truefalse", "cloze", "typed", "matching", "ordering"]))
    q: dict[str, Any] = {"id": qid} if qtype == "basic" and draw(st.booleans()) else {"id": qid, "type": qtype}
    if qtype == "cloze":
        numbers = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
        parts = []
        for n in numbers:
            hint = draw(st.one_of(st.none(), plain))
            parts.append(f"{draw(plain)} {{{{c{n}::{draw(plain)}{'::' + hint if hint else ''}}}}}")
        q["prompt"] = " ".join(parts)
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(numbers), unique=True))
            q["accept"] = {f"c{n}": draw(st.lists(text, max_size=2)) for n in chosen}
    else:
        q["prompt"] = draw(text)
    if qtype in ("basic", "typed"):
        q["answer"] = draw(text)
    elif qtype in ("mcq", "multi"):
        options = draw(unique_options(2))
        cut = 1 if qtype == "mcq" else draw(st.integers(1, len(options) - 1))
        q["answer"] = option(draw, options[0]) if qtype == "mcq" else [option(draw, o) for o in options[:cut]]
        q["distractors"] = [option(draw, o) for o in options[cut:]]
        if draw(st.booleans()):
            q["pinned"] = draw(st.lists(st.sampled_from(options), unique=True, max_size=2))
    elif qtype == "truefalse":
        q["answer"] = draw(st.booleans())
    elif qtype == "matching":
        items = draw(st.lists(text, min_size=2, max_size=4, unique_by=fold_option))
        matches = draw(st.lists(text, min_size=len(items), max_size=len(items) + 2, unique_by=fold_option))
        q["pairs"] = [{"item": i, "match": m} for i, m in zip(items, matches, strict=False)]
        if len(matches) > len(items):
            q["distractors"] = matches[len(items) :]
    elif qtype == "ordering":
        q["answer"] = draw(st.lists(text, min_size=2, max_size=5, unique_by=fold_option))
    if qtype in ("multi", "matching", "ordering") and draw(st.booleans()):
        q["scoring"] = draw(st.sampled_from(["all", "partial"]))
    if qtype == "typed" and draw(st.booleans()):
        q["accept"] = draw(st.lists(text, max_size=2))
    for key in ("explanation", "source"):
        if draw(st.booleans()):
            q[key] = draw(text)
    if draw(st.booleans()):
        q["tags"] = draw(tags)
    if draw(st.booleans()):
        q["points"] = draw(st.integers(1, 9))
    if draw(st.booleans()):
        q["pool"] = f"{qid}-pool"  # one member: its points never clash
    return q


@st.composite
def bank(draw: st.DrawFn) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    for deck in draw(st.lists(st.sampled_from(["Deck One", "Pharmakologie ü", "<b>Deck</b>"]), min_size=1, max_size=2)):
        for topic in draw(st.lists(text, min_size=1, max_size=2, unique=True)):
            qids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
            f: dict[str, Any] = {"deck": deck, "topic": topic}
            if draw(st.booleans()):
                f["tags"] = draw(tags)
            f["questions"] = [draw(question(f"{len(files)}-{qid}")) for qid in qids]
            files.append(f)
    return files


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(bank())
def test_any_valid_bank_goes_through_anki_and_print(files: list[dict[str, Any]]) -> None:
    from anki.collection import Collection

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, content in enumerate(files):
            (root / f"f{i}.yaml").write_text(
                yaml.dump(content, Dumper=QuotingDumper, allow_unicode=True, sort_keys=False), "utf-8"
            )
        loaded = load_bank([root])
        questions = list(loaded.questions())
        assert len(questions) == sum(len(f["questions"]) for f in files)

        write_unlocked(loaded.decks, root / "out.apkg", now=1_700_000_000)
        col = Collection(str(root / "collection.anki2"))
        try:
            counts = import_apkg(col, root / "out.apkg")  # refuses conflicts, missing note types or decks
            assert counts["new"] == len(questions)
            assert col.note_count() == len(questions)
            assert col.card_count() == sum(card_count(q) for q in questions)
            stored_ids = sorted(col.get_note(nid).fields[-1] for nid in col.find_notes(""))
            assert stored_ids == sorted(q.id for q in questions)
            assert not col.find_cards("is:new -deck:*")  # every card sits in a deck
        finally:
            col.close()

        html = render_document(loaded.decks, PrintOptions(versions=2, seed=3))
        assert "<script>" not in html
        sheets = re.findall(r'<article class="sheet quiz".*?</article>', html, re.S)
        assert len(sheets) == 2 * len(loaded.decks)
        printed = sum(len(re.findall(r'<section class="q q-', sheet)) for sheet in sheets)
        assert printed == 2 * len(questions)


ANSWERS = ["1", "2", "3", "4", "a", "b", "t", "f", "", "", "1 2", "a,c", "x", "GABA-B", "?", "5"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(bank(), st.lists(st.sampled_from(ANSWERS), max_size=40))
def test_play_takes_any_valid_bank_and_any_typing(files: list[dict[str, Any]], lines: list[str]) -> None:
    import os
    import sqlite3
    import subprocess
    import sys

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, content in enumerate(files):
            (root / f"f{i}.yaml").write_text(yaml.dump(content, Dumper=QuotingDumper, allow_unicode=True), "utf-8")
        env = {**os.environ, "QUIZGEN_CACHE_DIR": str(root / "cache"), "QUIZGEN_NOW": "2026-03-02T10:00:00+00:00"}
        state = root / "state.db"
        proc = subprocess.run(
            [sys.executable, "-m", "quizgen", "play", str(root), "--state", str(state)],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr + proc.stdout
        assert "Session:" in proc.stdout or "Nothing" in proc.stdout
        with sqlite3.connect(state) as db:
            (count,) = db.execute("select count(*) from reviews").fetchone()
        assert count <= len(lines)
