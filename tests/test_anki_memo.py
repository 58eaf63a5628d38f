"""Anki packages built from kept notes: after any edit, byte for byte the package a cold build writes.

``quizgen anki`` keeps each question's rendered note (guid, fields, content hash) in the
parts store beside the bank index (:mod:`quizgen.memo`), a run of about a hundred notes to a
row. A build after an edit renders only the runs holding a question whose note could have
changed; everything else comes from the store. These
tests edit a bank that shows images at random (a prompt, an option, an image's bytes, a
cloze's text, tags, points, a deleted question) and hold the package and lock built with
the warm store to those of a build without any cache, for the locked packages of
``quizgen anki`` and the single package of ``quizgen anki -o``.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from quizgen import commands, memo
from quizgen.env import Env
from quizgen.exporters import anki
from quizgen.load import load_bank
from quizgen.lock import Lock, Stamp, lock_text, read_lock

T0 = 1_700_000_000
T1 = T0 + 86_400

Question = dict[str, Any]


def png(rgb: tuple[int, int, int]) -> bytes:
    """A real 3x3 PNG of one colour."""
    raw = b"".join(b"\x00" + bytes(rgb) * 3 for _ in range(3))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 3, 3, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def svg(colour: str) -> bytes:
    rect = f'<rect width="9" height="9" fill="{colour}"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">{rect}</svg>'.encode()


def question(n: int) -> Question:
    """Question ``n`` of the bank: every type in turn, some showing a figure, some tagged or worth more."""
    figure = f" ![figure {n}](images/{'fig.png' if n % 2 else 'box.svg'})" if n % 3 == 0 else ""
    kinds: list[Question] = [
        {"prompt": f"Why does **step {n}** matter?{figure}", "answer": f"Because of *reason* {n}."},
        {"type": "mcq", "prompt": f"Which receptor {n}?{figure}", "answer": {"text": "GABA-B", "why": "It binds."},
         "distractors": ["GABA-A", "NMDA", "Glycine"]},
        {"type": "multi", "prompt": f"Which transmitters ({n})?", "answer": ["Glutamate", "Aspartate"],
         "distractors": ["GABA", "Glycine"]},
        {"type": "truefalse", "prompt": f"Transmission is unaffected ({n}).{figure}", "answer": n % 2 == 0},
        {"type": "cloze", "prompt": f"Drug {n} cuts {{{{c1::calcium::ion}}}} entry, opens {{{{c2::GIRK}}}}.{figure}"},
        {"type": "typed", "prompt": f"Name the enantiomer ({n}).", "answer": "R-baclofen", "accept": ["arbaclofen"]},
        {"type": "numeric", "prompt": f"Maximum dose {n}?", "answer": 80 + n, "unit": "mg", "tolerance": "5%"},
        {"type": "matching", "prompt": f"Match them ({n}).",
         "pairs": [{"item": "Baclofen", "match": "GABA-B"}, {"item": "Tizanidine", "match": "Alpha-2"}],
         "distractors": ["Nicotinic"]},
        {"type": "ordering", "prompt": f"Order the steps ({n}).", "answer": ["Screen", "Implant", "Titrate"]},
    ]  # fmt: skip
    q: Question = {"id": f"q{n}", **kinds[n % len(kinds)]}
    if n % 4 == 1:
        q["tags"] = [f"group-{n % 3}"]
    if n % 5 == 2 and q.get("type") != "cloze":
        q["points"] = 2
    if n % 7 == 0:
        q["explanation"] = f"See figure {n}.{figure}"
    return q


class Bank:
    """The bank as data, written to YAML files: two topics of one deck, each with its own figures."""

    def __init__(self, folder: Path, size: int) -> None:
        self.folder = folder
        self.topics: dict[str, list[Question]] = {
            "one": [question(n) for n in range(0, size, 2)],
            "two": [question(n) for n in range(1, size, 2)],
        }
        self.figures: dict[str, bytes] = {"fig.png": png((200, 0, 0)), "box.svg": svg("#00f")}
        self.next_id = size

    def write(self) -> None:
        for topic, questions in self.topics.items():
            images = self.folder / topic / "images"
            images.mkdir(parents=True, exist_ok=True)
            for name, data in self.figures.items():
                (images / name).write_bytes(data)
            text = yaml.safe_dump(
                {"deck": "Memo", "topic": topic.title(), "questions": questions}, sort_keys=False, allow_unicode=True
            )
            (self.folder / topic / "questions.yaml").write_text(text, encoding="utf-8")

    def size(self) -> int:
        return sum(len(qs) for qs in self.topics.values())


# -- edits: each changes the bank as an author would --------------------------


def pick(bank: Bank, rng: random.Random, where: Callable[[Question], bool] = lambda q: True) -> Question:
    return rng.choice([q for qs in bank.topics.values() for q in qs if where(q)])


def edit_prompt(bank: Bank, rng: random.Random) -> None:
    q = pick(bank, rng, lambda q: q.get("type") != "cloze")
    q["prompt"] = f"{q['prompt']} (revised {rng.randrange(1000)})"


def edit_option(bank: Bank, rng: random.Random) -> None:
    q = pick(bank, rng, lambda q: q.get("type") in ("mcq", "multi"))
    q["distractors"][rng.randrange(len(q["distractors"]))] += f" {rng.randrange(1000)}"


def edit_image(bank: Bank, rng: random.Random) -> None:
    name = rng.choice(sorted(bank.figures))
    colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    bank.figures[name] = png(colour) if name.endswith(".png") else svg("#{:02x}{:02x}{:02x}".format(*colour))


def edit_cloze(bank: Bank, rng: random.Random) -> None:
    q = pick(bank, rng, lambda q: q.get("type") == "cloze")
    q["prompt"] = q["prompt"].replace("{{c2::GIRK}}", f"{{{{c2::GIRK {rng.randrange(1000)}::channel}}}}")


def edit_tags(bank: Bank, rng: random.Random) -> None:
    q = pick(bank, rng)
    q["tags"] = [*q.get("tags", []), f"extra-{rng.randrange(1000)}"]


def edit_points(bank: Bank, rng: random.Random) -> None:
    q = pick(bank, rng, lambda q: q.get("type") != "cloze")
    q["points"] = q.get("points", 1) + 1


def delete_question(bank: Bank, rng: random.Random) -> None:
    topic = rng.choice(sorted(bank.topics))
    bank.topics[topic].pop(rng.randrange(len(bank.topics[topic])))


def add_question(bank: Bank, rng: random.Random) -> None:
    topic = rng.choice(sorted(bank.topics))
    bank.topics[topic].insert(rng.randrange(len(bank.topics[topic]) + 1), question(bank.next_id))
    bank.next_id += 1


EDITS = [edit_prompt, edit_option, edit_image, edit_cloze, edit_tags, edit_points, delete_question, add_question]


# -- builds --------------------------------------------------------------------


def run_anki(bank: Bank, out: Path, now: int, cache: Path | None) -> dict[str, bytes]:
    """``quizgen anki`` (locked packages into ``out``) and ``quizgen anki -o``: every file written, by name."""
    variables = {"SOURCE_DATE_EPOCH": str(now)}
    variables.update({"QUIZGEN_CACHE_DIR": str(cache)} if cache is not None else {"QUIZGEN_NO_CACHE": "1"})
    env = Env(variables)
    commands.anki([bank.folder], env, folder=out)
    commands.anki([bank.folder], env, output=out / "all.apkg")
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of each question whose note fields are rendered (a spy: the rendering itself is real)."""
    seen: list[str] = []
    real = anki.note_fields

    def spy(q: Any) -> tuple[str, ...]:
        seen.append(q.id)
        return real(q)

    monkeypatch.setattr(anki, "note_fields", spy)
    return seen


def warm_and_cold(
    tmp_path: Path, bank: Bank, edit: Callable[[Bank], None], renders: list[str]
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Builds the bank with a store, edits it, then builds it with the warm store and without any cache."""
    cache, warm, cold = tmp_path / "cache", tmp_path / "warm", tmp_path / "cold"
    bank.write()
    first = run_anki(bank, warm, T0, cache)
    cold.mkdir()
    for name in first:
        if name.endswith(".lock.json"):
            shutil.copy(warm / name, cold / name)  # both start from the published lock
    edit(bank)
    bank.write()
    renders.clear()
    return run_anki(bank, warm, T1, cache), run_anki(bank, cold, T1, None)


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
def test_each_edit_builds_what_a_cold_build_writes(
    tmp_path: Path, renders: list[str], edit: Callable[[Bank, random.Random], None]
) -> None:
    bank = Bank(tmp_path / "bank", 40)
    rng = random.Random(edit.__name__)
    warm, cold = warm_and_cold(tmp_path, bank, lambda b: edit(b, rng), renders)
    assert warm == cold
    assert set(warm) == {"memo.apkg", "memo.lock.json", "all.apkg"}


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_build_what_a_cold_build_writes(tmp_path: Path, renders: list[str], seed: int) -> None:
    rng = random.Random(seed)
    bank = Bank(tmp_path / "bank", 30 + rng.randrange(30))
    chosen = [rng.choice(EDITS) for _ in range(rng.randrange(1, 4))]

    def edit(b: Bank) -> None:
        for one in chosen:
            one(b, rng)

    warm, cold = warm_and_cold(tmp_path, bank, edit, renders)
    assert warm == cold, [e.__name__ for e in chosen]


def test_only_the_edited_questions_run_is_rendered_again(tmp_path: Path, renders: list[str]) -> None:
    """Notes are kept a run of about a hundred to a row: an edit renders its run again, never the bank."""
    bank = Bank(tmp_path / "bank", 1500)  # runs end by content, at most 1024 long: several runs
    target = bank.topics["one"][300]

    def edit(b: Bank) -> None:
        target["prompt"] += " (revised)"

    warm, cold = warm_and_cold(tmp_path, bank, edit, renders)
    assert warm == cold
    order = [q.id for q in next(iter(load_bank([bank.folder]).decks)).questions()]
    assert renders[-2 * bank.size() :] == order + order  # the cold build renders every note of both packages
    again = renders[: -2 * bank.size()]  # the warm build: the edited question's run in each package (locked, -o)
    assert again.count(target["id"]) == 2
    where = sorted({order.index(i) for i in again})
    assert where == list(range(where[0], where[-1] + 1))  # the two runs around the edit, one stretch of the bank
    assert len(where) < bank.size()


def test_a_damaged_run_in_the_store_is_rendered_again(tmp_path: Path, renders: list[str]) -> None:
    """A stored run that is not one string per note (cut short, not JSON) is rendered, never split wrongly."""
    bank = Bank(tmp_path / "bank", 30)

    def damage(b: Bank) -> None:
        db = sqlite3.connect(tmp_path / "cache" / memo.STORE_NAME, isolation_level=None)
        rows = db.execute("SELECT key, value FROM runs").fetchall()
        assert rows
        for n, (key, value) in enumerate(rows):
            broken = json.dumps(json.loads(value)[1:]) if n % 2 else value[:-1]
            db.execute("UPDATE runs SET value = ? WHERE key = ?", (broken, key))
        db.close()

    warm, cold = warm_and_cold(tmp_path, bank, damage, renders)
    assert warm == cold
    assert renders == [q.id for q in next(iter(load_bank([bank.folder]).decks)).questions()] * 4


def test_a_field_holding_anki_separator_is_rendered_again_not_split(tmp_path: Path, renders: list[str]) -> None:
    """Anki separates fields with \\x1f; a text holding one must not shift the kept fields."""
    bank = Bank(tmp_path / "bank", 12)
    bank.topics["one"][0]["prompt"] = "a\x1fb"  # the first field: the sort field Anki searches by

    def edit(b: Bank) -> None:
        b.topics["two"][0]["prompt"] += " (revised)"

    warm, cold = warm_and_cold(tmp_path, bank, edit, renders)
    assert warm == cold


def test_the_collection_is_what_genankis_own_deck_writing_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decks' and note types' JSON is written once, not deck after deck as genanki does: same bytes."""
    import genanki

    bank = Bank(tmp_path / "bank", 30)
    bank.topics["three"] = [question(n) for n in (40, 43, 47)]  # some note types in a third subdeck only
    bank.write()
    decks = load_bank([bank.folder]).decks
    ours = anki.unlocked_package(decks, T0)
    monkeypatch.setattr(anki, "_Deck", genanki.Deck)
    monkeypatch.setattr(anki, "_write_col", lambda *args: None)
    assert anki.unlocked_package(decks, T0) == ours


@pytest.mark.parametrize(
    "entries",
    [
        [("q1", "0123456789abcdef"), ("q10", "fedcba9876543210"), ("q2", "00000000ffffffff")],
        [("q1", "ab12"), ('q"2', "cd"), ("\u00e93", "h\u00e9"), ("q\\4", "\U0001f600"), ("q\x015", "\x7f")],
    ],
    ids=["ids and hex hashes", "what JSON escapes"],
)
def test_the_lock_is_written_as_json_writes_its_entries_and_reads_back(
    tmp_path: Path, entries: list[tuple[str, str]]
) -> None:
    """The lock's lines are written without a JSON call per entry where nothing needs escaping: the same text."""
    stamps = {key: Stamp(digest, T0 + n) for n, (key, digest) in enumerate(entries)}
    lock = Lock(questions=stamps, notetypes={"basic": Stamp("1234", T0)})
    text = lock_text(lock)
    lines = [line.rstrip(",") for line in text.splitlines()]
    for key in sorted(stamps):
        stamp = stamps[key]
        assert (
            f'    {json.dumps(key, ensure_ascii=False)}: {{"hash": {json.dumps(stamp.hash)}, "time": {stamp.time}}}'
            in lines
        )
    (tmp_path / "deck.lock.json").write_text(text, encoding="utf-8")
    assert read_lock(tmp_path / "deck.lock.json") == lock
