"""The Anki exporter, checked with the real Anki importer (the ``anki`` package).

Each test writes a small bank in ``tmp_path``, exports it, imports the
package into a fresh collection with the same backend call the Anki desktop
app uses (with its default options) and looks at what a learner would see:
notes, cards, decks, tags, rendered cards, and what survives a re-import of
an edited deck after some reviews.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from quizgen.cli import app
from quizgen.errors import QuizgenError
from quizgen.exporters import anki as exporter
from quizgen.exporters import anki_cards
from quizgen.exporters.anki import anki_tag
from quizgen.kinds import KINDS
from quizgen.lock import read_lock
from quizgen.model import Mcq
from tests.helpers import (
    build_files,
    card_history,
    cli,
    field,
    import_apkg,
    notes_by_id,
    review_until_graduated,
    the_deck,
    write_bank,
    write_files,
    write_locked,
    write_unlocked,
)  # fmt: skip

runner = CliRunner()

T0 = 1_700_000_000  # a fixed "now" for the first build
T1 = T0 + 86_400  # a day later, for the second

MECHANISM = """\
deck: Baclofen
topic: Mechanism
tags: [pharmacology, side effects]
questions:
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which **receptor**?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor, Mu-opioid receptor, None of the above]
    pinned: [None of the above]
    explanation: Baclofen is a GABA analogue that activates GABA-B.
    source: "It also binds to receptors in the brain and nervous system"
    tags: [receptors]

  - id: class-cloze
    type: cloze
    prompt: Baclofen reduces muscle {{c1::spasticity}} by acting in the **{{c2::spinal cord::site}}**.

  - id: cns-depressant
    type: truefalse
    prompt: Baclofen can add to the sedation of alcohol and other CNS depressants.
    answer: true
"""

SORTING = """\
deck: Baclofen
topic: Sorting
questions:
  - id: sites
    type: matching
    prompt: Match each drug to its site.
    pairs: [{item: Baclofen, match: GABA-B receptors}, {item: Dantrolene, match: Ryanodine receptors}]
    distractors: [Nicotinic receptors]

  - id: steps
    type: ordering
    prompt: Which comes first?
    answer: [Bolus, Implant]
"""

DOSING = """\
deck: Baclofen
topic: Dosing and use
questions:
  - id: xss
    prompt: What does <script>alert(1)</script> print?
    answer: Nothing & <b>more</b>

  - id: gaba-receptors
    type: multi
    prompt: Which are `GABA` receptors?
    answer: [GABA-A, GABA-B]
    distractors: [NMDA, AMPA]

  - id: brand
    type: typed
    prompt: A brand name of baclofen?
    answer: Lioresal
    accept: [Lioresal Intrathecal]
"""


# -- what Anki sees -----------------------------------------------------------


def test_every_question_becomes_one_note_with_its_cards_decks_and_tags(tmp_path: Path, collection: Any) -> None:
    files = {"mechanism.yaml": MECHANISM, "dosing.yaml": DOSING, "sorting.yaml": SORTING}
    deck = the_deck(tmp_path / "q", files)
    apkg = tmp_path / "decks" / "baclofen.apkg"
    write_locked(deck, apkg, tmp_path / "decks" / "baclofen.lock.json", T0)

    log = import_apkg(collection, apkg)
    assert log["new"] == 8
    assert collection.note_count() == 8
    assert collection.card_count() == 9  # the cloze has two deletions: two cards; a matching or ordering one

    decks = {d.name for d in collection.decks.all_names_and_ids()}
    # Numbered by file order (Anki sorts sub-decks by name): new cards come in the bank's order.
    # (dosing.yaml is found before mechanism.yaml: files are read in name order)
    assert {"Baclofen", "Baclofen::1 Dosing and use", "Baclofen::2 Mechanism"} <= decks
    notes = notes_by_id(collection)
    for qid, sub in [("receptor-target", "2 Mechanism"), ("class-cloze", "2 Mechanism"), ("brand", "1 Dosing and use")]:
        card_decks = {collection.decks.name(c.did) for c in notes[qid].cards()}
        assert card_decks == {f"Baclofen::{sub}"}
    assert [c.ord for c in notes["class-cloze"].cards()] == [0, 1]

    assert notes["receptor-target"].tags == [
        "Baclofen::Mechanism", "Baclofen::pharmacology", "Baclofen::receptors", "Baclofen::side_effects",
    ]  # fmt: skip
    assert notes["brand"].tags == ["Baclofen::Dosing_and_use"]
    assert notes["cns-depressant"].mod == T0

    sites, steps = notes["sites"], notes["steps"]
    assert field(sites, "Items") == "<li>Baclofen</li><li>Dantrolene</li>"
    matches = re.findall(r"<li>(.*?)</li>", field(sites, "Matches"))
    assert sorted(matches) == ["GABA-B receptors", "Nicotinic receptors", "Ryanodine receptors"]
    assert matches[:2] != ["GABA-B receptors", "Ryanodine receptors"]  # never lined up with the items
    letter = {m: "ABC"[i] for i, m in enumerate(matches)}
    assert re.sub("<[^>]+>", "", field(sites, "Answer")) == (
        f"Baclofen \u2192 {letter['GABA-B receptors']} GABA-B receptors"
        f"Dantrolene \u2192 {letter['Ryanodine receptors']} Ryanodine receptors"
    )
    entries = re.findall(r"<li>(.*?)</li>", field(steps, "Entries"))
    assert entries == ["Implant", "Bolus"]  # two entries: shown reversed
    assert re.sub("<[^>]+>", "", field(steps, "Answer")) == "B BolusA Implant"
    kinds = {
        collection.models.get(KINDS[t].note.id)["type"]
        for t in ("basic", "mcq", "multi", "truefalse", "typed", "matching", "ordering")
    }
    assert kinds == {0}
    assert collection.models.get(KINDS["cloze"].note.id)["type"] == 1  # Anki's cloze kind
    for kind in {KINDS[q.type].name: KINDS[q.type] for q in deck.questions()}.values():  # the types it uses
        model = collection.models.get(kind.note.id)
        assert model["name"] == kind.note.name
        assert tuple(f["name"] for f in model["flds"]) == kind.note.field_names


def test_raw_html_arrives_escaped_and_markdown_rendered(tmp_path: Path, collection: Any) -> None:
    deck = the_deck(tmp_path / "q", {"dosing.yaml": DOSING, "mechanism.yaml": MECHANISM})
    apkg = tmp_path / "b.apkg"
    write_locked(deck, apkg, tmp_path / "b.lock.json", T0)
    import_apkg(collection, apkg)
    notes = notes_by_id(collection)

    xss = notes["xss"]
    assert field(xss, "Prompt") == "What does &lt;script&gt;alert(1)&lt;/script&gt; print?"
    assert field(xss, "Answer") == "Nothing &amp; &lt;b&gt;more&lt;/b&gt;"
    question = xss.cards()[0].render_output(reload=True).question_text
    assert "<script>" not in question and "&lt;script&gt;" in question

    assert field(notes["receptor-target"], "Prompt") == "Baclofen is an agonist at which <b>receptor</b>?"
    assert field(notes["gaba-receptors"], "Prompt") == "Which are <code>GABA</code> receptors?"
    assert field(notes["class-cloze"], "Text") == (
        "Baclofen reduces muscle {{c1::spasticity}} by acting in the <b>{{c2::spinal cord::site}}</b>."
    )


def test_cards_render_options_hints_and_the_typed_comparison(tmp_path: Path, collection: Any) -> None:
    deck = the_deck(tmp_path / "q", {"mechanism.yaml": MECHANISM, "dosing.yaml": DOSING})
    apkg = tmp_path / "b.apkg"
    write_locked(deck, apkg, tmp_path / "b.lock.json", T0)
    import_apkg(collection, apkg)
    notes = notes_by_id(collection)

    def rendered(qid: str, ord_: int = 0) -> tuple[str, str]:
        card = next(c for c in notes[qid].cards() if c.ord == ord_)
        out = card.render_output(reload=True)
        return out.question_text, out.answer_text

    front, back = rendered("receptor-target")
    options = ["GABA-B receptor", "GABA-A receptor", "NMDA receptor", "Mu-opioid receptor", "None of the above"]
    assert all(f">{o}</li>" in front for o in options)
    assert front.index("None of the above") > max(front.index(o) for o in options[:-1])  # pinned stays last
    assert "<li class=qg-right>GABA-B receptor</li>" in back  # marked (and styled) on the back
    assert "qg-right" not in front  # and not even in the front's HTML
    assert "activates GABA-B" in back and "binds to receptors" in back and "receptor-target" in back
    assert "activates GABA-B" not in front

    front, back = rendered("gaba-receptors")
    assert "Choose all that apply" in front
    assert back.count("class=qg-right") == 2

    front, back = rendered("class-cloze", 1)
    assert "[site]" in front and "spinal cord" not in front.split("[site]")[0][-40:]
    assert "spinal cord" in back
    front, _ = rendered("class-cloze", 0)
    assert "[...]" in front and "spasticity" not in front.replace('data-cloze="spasticity"', "")

    front, back = rendered("cns-depressant")
    assert "True or false?" in front and "qg-answer" not in front  # both choices offered, neither marked
    assert front.count(">True<") == front.count(">False<") == 1
    assert "<div class=qg-answer>True</div>" in back

    front, back = rendered("brand")
    assert "[[type:Answer]]" in front and "[[type:Answer]]" in back
    assert "Also accepted: Lioresal Intrathecal" in back
    expected = field(notes["brand"], "Answer")
    assert "typeBad" not in collection.compare_answer(expected, "Lioresal")
    assert "typeBad" in collection.compare_answer(expected, "Baclofen")


def test_styling_covers_night_mode_and_small_screens(tmp_path: Path, collection: Any) -> None:
    deck = the_deck(tmp_path / "q", {"mechanism.yaml": MECHANISM})
    apkg = tmp_path / "b.apkg"
    write_locked(deck, apkg, tmp_path / "b.lock.json", T0)
    import_apkg(collection, apkg)
    css = collection.models.get(KINDS["mcq"].note.id)["css"]
    assert ".nightMode" in css and ".night_mode" in css and "@media (max-width" in css


# -- re-publishing: updates in place, history kept, nothing duplicated --------


def test_an_edit_updates_the_note_in_place_and_keeps_reviews_and_learner_edits(tmp_path: Path, collection: Any) -> None:
    out = tmp_path / "decks"
    apkg, lock = out / "baclofen.apkg", out / "baclofen.lock.json"
    write_locked(the_deck(tmp_path / "v1", {"mechanism.yaml": MECHANISM}), apkg, lock, T0)
    assert import_apkg(collection, apkg)["new"] == 3

    notes = notes_by_id(collection)
    edited, untouched = notes["receptor-target"], notes["cns-depressant"]
    reviewed = [edited.cards()[0].id, untouched.cards()[0].id, notes["class-cloze"].cards()[1].id]
    for card_id in reviewed:
        review_until_graduated(collection, card_id)
    before = {cid: card_history(collection, cid) for cid in reviewed}
    assert all(reps > 0 and ivl > 0 for reps, ivl, _, _ in before.values())

    learner_note = "<br>My mnemonic: CNS + alcohol = double trouble"
    untouched["Prompt"] = untouched["Prompt"] + learner_note  # a learner's own edit
    collection.update_note(untouched)

    v2 = MECHANISM.replace("at which **receptor**?", "at which **receptor subtype**?") + (
        "\n  - id: new-one\n    prompt: Added later?\n    answer: Yes\n"
    )
    write_locked(the_deck(tmp_path / "v2", {"mechanism.yaml": v2}), apkg, lock, T1)
    log = import_apkg(collection, apkg)
    assert (log["new"], log["updated"], log["duplicate"]) == (1, 1, 2)

    notes = notes_by_id(collection)
    assert collection.note_count() == 4 and collection.card_count() == 5
    assert field(notes["receptor-target"], "Prompt") == "Baclofen is an agonist at which <b>receptor subtype</b>?"
    assert notes["receptor-target"].id == edited.id
    assert field(notes["cns-depressant"], "Prompt").endswith(learner_note)  # untouched note left alone
    assert {cid: card_history(collection, cid) for cid in reviewed} == before
    assert field(notes["new-one"], "Answer") == "Yes"


def test_an_edit_within_the_same_second_still_reaches_learners(tmp_path: Path, collection: Any) -> None:
    apkg, lock = tmp_path / "d.apkg", tmp_path / "d.lock.json"
    write_locked(the_deck(tmp_path / "v1", {"m.yaml": MECHANISM}), apkg, lock, T0)
    import_apkg(collection, apkg)
    v2 = MECHANISM.replace("CNS depressants.", "central nervous system depressants.")
    write_locked(the_deck(tmp_path / "v2", {"m.yaml": v2}), apkg, lock, T0)  # same clock reading
    assert import_apkg(collection, apkg)["updated"] == 1
    assert "central nervous system" in field(notes_by_id(collection)["cns-depressant"], "Prompt")


def test_a_changed_note_type_updates_the_existing_one(
    tmp_path: Path, collection: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = the_deck(tmp_path / "q", {"m.yaml": MECHANISM})
    apkg, lock = tmp_path / "d.apkg", tmp_path / "d.lock.json"
    write_locked(deck, apkg, lock, T0)
    import_apkg(collection, apkg)
    monkeypatch.setattr(exporter, "CSS", anki_cards.CSS + "\n.qg { letter-spacing: 0.01em; }\n")
    write_locked(deck, apkg, lock, T1)
    log = import_apkg(collection, apkg)
    assert log["updated"] == 0 and log["new"] == 0  # the notes did not change
    assert "letter-spacing" in collection.models.get(KINDS["mcq"].note.id)["css"]
    assert len([m for m in collection.models.all() if m["name"].startswith("quizgen")]) == 3


def test_without_a_lock_every_build_is_newer_and_nothing_duplicates(
    tmp_path: Path, collection: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bank(tmp_path / "q", {"m.yaml": MECHANISM, "d.yaml": DOSING})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    first = Path("all.apkg")
    assert cli("anki", "q", "-o", first)[0] == 0
    assert import_apkg(collection, tmp_path / first)["new"] == 6
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T1))
    assert cli("anki", "q", "-o", first)[0] == 0
    log = import_apkg(collection, tmp_path / first)
    assert (log["new"], log["updated"]) == (0, 6)
    assert collection.note_count() == 6


def test_two_decks_in_one_package_keep_their_notes_apart(tmp_path: Path, collection: Any) -> None:
    other = MECHANISM.replace("deck: Baclofen", "deck: Tizanidine")  # same ids, another deck
    bank = write_bank(tmp_path / "q", {"a.yaml": MECHANISM, "b.yaml": other})
    write_unlocked(bank.decks, tmp_path / "all.apkg", T0)
    assert import_apkg(collection, tmp_path / "all.apkg")["new"] == 6
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {"Baclofen::1 Mechanism", "Tizanidine::1 Mechanism"} <= names
    assert len({collection.get_note(n).guid for n in collection.find_notes("")}) == 6


# -- reproducible bytes, the lock file ----------------------------------------


def test_same_bank_and_lock_give_identical_bytes(tmp_path: Path) -> None:
    deck = the_deck(tmp_path / "q", {"m.yaml": MECHANISM, "d.yaml": DOSING})
    apkg, lock = tmp_path / "d.apkg", tmp_path / "d.lock.json"
    write_locked(deck, apkg, lock, T0)
    first, first_lock = apkg.read_bytes(), lock.read_bytes()
    apkg.unlink()
    write_locked(deck, apkg, lock, T1)  # a later clock changes nothing: no content changed
    assert apkg.read_bytes() == first
    assert lock.read_bytes() == first_lock

    with zipfile.ZipFile(apkg) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        db = tmp_path / "collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        note_mods = {m for (m,) in con.execute("select mod from notes")}
        card_mods = {m for (m,) in con.execute("select mod from cards")}
        model_mods = {m["mod"] for m in json.loads(con.execute("select models from col").fetchone()[0]).values()}
    finally:
        con.close()
    assert note_mods == card_mods == model_mods == {T0}


def test_without_a_lock_source_date_epoch_makes_builds_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bank(tmp_path / "q", {"m.yaml": MECHANISM, "d.yaml": DOSING})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    digests = []
    for _ in range(2):
        assert cli("anki", "q", "-o", "out.apkg")[0] == 0
        digests.append(hashlib.sha256((tmp_path / "out.apkg").read_bytes()).hexdigest())
        (tmp_path / "out.apkg").unlink()
    assert digests[0] == digests[1]


def test_the_lock_keeps_old_times_stamps_edits_and_drops_removed_questions(tmp_path: Path) -> None:
    apkg, lock = tmp_path / "d.apkg", tmp_path / "d.lock.json"
    write_locked(the_deck(tmp_path / "v1", {"m.yaml": MECHANISM}), apkg, lock, T0)
    text = lock.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data["questions"]) == sorted(data["questions"]) == ["class-cloze", "cns-depressant", "receptor-target"]
    assert {s["time"] for s in data["questions"].values()} == {T0}

    v2 = MECHANISM.replace("muscle {{c1::spasticity}}", "muscle {{c1::tone}}")
    v2 = v2[: v2.index("  - id: cns-depressant")]
    write_locked(the_deck(tmp_path / "v2", {"m.yaml": v2}), apkg, lock, T1)
    stamps = read_lock(lock).questions
    assert set(stamps) == {"class-cloze", "receptor-target"}
    assert (stamps["class-cloze"].time, stamps["receptor-target"].time) == (T1, T0)


def test_a_damaged_lock_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    deck = the_deck(tmp_path / "q", {"m.yaml": MECHANISM})
    apkg, lock = tmp_path / "d.apkg", tmp_path / "d.lock.json"
    lock.write_text('{\n  "format": 1,\n<<<<<<< HEAD\n', encoding="utf-8")
    with pytest.raises(QuizgenError) as caught:
        write_locked(deck, apkg, lock, T0)
    assert str(caught.value).startswith(f"{lock}:3: not valid JSON")
    assert not apkg.exists()


# -- failures write nothing ---------------------------------------------------


def test_a_failed_write_leaves_the_earlier_package_untouched(tmp_path: Path) -> None:
    deck = the_deck(tmp_path / "q", {"m.yaml": MECHANISM})
    out = tmp_path / "decks"
    apkg = out / "baclofen.apkg"
    write_locked(deck, apkg, out / "baclofen.lock.json", T0)
    earlier = apkg.read_bytes()
    (tmp_path / "not-a-folder").write_text("a file", encoding="utf-8")

    edited = the_deck(tmp_path / "v2", {"m.yaml": MECHANISM.replace("CNS", "central nervous system")})
    with pytest.raises(QuizgenError, match="cannot write"):
        write_locked(edited, apkg, tmp_path / "not-a-folder" / "baclofen.lock.json", T1)
    assert apkg.read_bytes() == earlier
    assert sorted(p.name for p in out.iterdir()) == ["baclofen.apkg", "baclofen.lock.json"]

    with pytest.raises(QuizgenError, match="cannot write"):
        write_unlocked([edited], tmp_path / "not-a-folder" / "x.apkg", T1)


def test_one_failing_deck_writes_no_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = MECHANISM.replace("deck: Baclofen", "deck: Tizanidine")
    write_bank(tmp_path / "q", {"a.yaml": MECHANISM, "b.yaml": other})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decks" / "baclofen.apkg").mkdir(parents=True)  # cannot be replaced by a file
    (tmp_path / "decks" / "tizanidine.apkg").write_bytes(b"earlier")
    code, _, err = cli("anki", "q")
    assert code == 1
    assert re.search(r"cannot write decks.baclofen\.apkg: it is a folder", err), err
    assert (tmp_path / "decks" / "tizanidine.apkg").read_bytes() == b"earlier"
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == ["baclofen.apkg", "tizanidine.apkg"]


# -- the command line ---------------------------------------------------------


def test_cli_writes_one_package_per_deck_or_one_with_every_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collection: Any
) -> None:
    other = MECHANISM.replace("deck: Baclofen", 'deck: "Tizanidine: Basics"')
    write_bank(tmp_path / "questions", {"a.yaml": MECHANISM, "b.yaml": other, "c.yaml": DOSING})
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(app, ["anki"])
    assert result.exit_code == 0, result.output
    written = ["baclofen.apkg", "tizanidine-basics.apkg", "baclofen.lock.json", "tizanidine-basics.lock.json"]
    assert result.stdout.splitlines() == [f"wrote {Path('decks') / name}" for name in written]
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == sorted(written)

    result = runner.invoke(app, ["anki", "questions", "-o", "out/all.apkg"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {Path('out/all.apkg')}\n"
    log = import_apkg(collection, tmp_path / "out" / "all.apkg")
    assert log["new"] == 9 and collection.card_count() == 11


def test_cli_refuses_an_invalid_bank_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "questions", {"a.yaml": MECHANISM.replace("answer: true", "answer: maybe")})
    monkeypatch.chdir(tmp_path)
    for args in (["anki"], ["anki", "-o", "x.apkg"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert "a.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["questions"]


def test_cli_refuses_a_folder_as_output_and_a_bad_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bank(tmp_path / "questions", {"a.yaml": MECHANISM})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    result = runner.invoke(app, ["anki", "-o", "out"])
    assert result.exit_code == 1 and "is a folder" in result.stderr
    for bad, why in (("yesterday", "whole number"), ("99999999999999", "before the year 10000")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", bad)
        result = runner.invoke(app, ["anki", "-o", "x.apkg"])
        assert result.exit_code == 1 and "error: SOURCE_DATE_EPOCH must be" in result.stderr
        assert why in result.stderr and "internal error" not in result.stderr
        assert not (tmp_path / "x.apkg").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")  # 9999-12-31: later than any zip date
    assert runner.invoke(app, ["anki", "-o", "x.apkg"]).exit_code == 0


def test_cli_refuses_two_decks_that_would_share_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_bank(tmp_path / "questions", {"a.yaml": MECHANISM, "b.yaml": MECHANISM.replace("Baclofen\n", "baclofen\n")})
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["anki"])
    assert result.exit_code == 1 and "decks/baclofen.apkg" in result.stderr.replace(os.sep, "/")
    assert not (tmp_path / "decks").exists()


# -- pieces -------------------------------------------------------------------


def test_note_type_ids_are_derived_once_from_their_names() -> None:
    for qtype, kind in KINDS.items():
        digest = hashlib.sha256(f"quizgen note type {qtype} v1".encode()).digest()
        assert kind.note.id == (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)
    assert len({kind.note.id for kind in KINDS.values()}) == len(KINDS)


def test_options_are_shuffled_by_deck_and_id_with_pinned_ones_last(tmp_path: Path) -> None:
    questions = [
        "  - id: q{n}\n    type: mcq\n    prompt: P{n}\n    answer: A\n"
        "    distractors: [B, C, D, E, All of these, None of these]\n    pinned: [None of these, All of these]\n"
    ]
    text = "deck: D\ntopic: T\nquestions:\n" + "".join(questions[0].format(n=n) for n in range(8))
    orders = [
        tuple(o.text for o in q.shuffled_options())
        for q in the_deck(tmp_path / "a", {"a.yaml": text}).questions()
        if isinstance(q, Mcq)
    ]
    assert len(orders) == 8
    assert all(order[-2:] == ("None of these", "All of these") for order in orders)
    assert len({order[:-2] for order in orders}) > 1  # really shuffled, differently per question
    again = [
        tuple(o.text for o in q.shuffled_options())
        for q in the_deck(tmp_path / "b", {"a.yaml": text}).questions()
        if isinstance(q, Mcq)
    ]
    assert again == orders


def test_anki_keeps_our_tags_exactly_as_written(tmp_path: Path, collection: Any) -> None:
    awkward = ["a\u3000b", 'say "hi"', "::lead", "trail::", "a::::b", "cafe\u0301", "Tab\tbed", "x", "X"]
    text = "deck: D\ntopic: T\nquestions:\n  - id: q\n    prompt: P\n    answer: A\n    tags: " + json.dumps(awkward)
    deck = the_deck(tmp_path / "q", {"f.yaml": text})
    write_unlocked([deck], tmp_path / "d.apkg", T0)
    import_apkg(collection, tmp_path / "d.apkg")
    (question,) = deck.questions()
    assert notes_by_id(collection)["q"].tags == list(exporter.note_tags(question))
    assert exporter.note_tags(question) == tuple(
        f"D::{t}" for t in ("a::b", "a_b", "café", "lead", "say_hi", "T", "Tab_bed", "trail", "x")
    )


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("side effects", "side_effects"),
        ("  a \t b  ", "a_b"),
        ("tab\tand\nnewline\x07", "tab_and_newline"),
        ('say "hi"', "say_hi"),
        ("pharm::  gaba receptors ::", "pharm::gaba_receptors"),
        ("::", ""),
    ],
)
def test_tags_are_made_valid_for_anki(raw: str, tag: str) -> None:
    assert anki_tag(raw) == tag


@pytest.mark.parametrize(
    ("prompt", "html"),
    [
        ("**bold {{c1::x}} text**", "<b>bold {{c1::x}} text</b>"),
        ("{{c1::*a*::`h`}} <i>", "{{c1::<i>a</i>::<code>h</code>}} &lt;i&gt;"),
        ("a\x00b {{c2::x}}", "a\ufffdb {{c2::x}}"),
    ],
)
def test_cloze_markdown_keeps_the_markers(tmp_path: Path, prompt: str, html: str) -> None:
    text = "deck: D\ntopic: T\nquestions:\n  - id: c\n    type: cloze\n    prompt: " + json.dumps(prompt) + "\n"
    (question,) = the_deck(tmp_path, {"c.yaml": text}).questions()
    assert exporter.note_fields(question)[0] == html


def test_the_deck_description_tells_learners_what_this_version_changed(tmp_path: Path, collection: Any) -> None:
    apkg, lock = tmp_path / "d.apkg", tmp_path / "d.lock.json"
    write_locked(the_deck(tmp_path / "v1", {"m.yaml": MECHANISM}), apkg, lock, T0)
    import_apkg(collection, apkg)
    first = collection.decks.by_name("Baclofen")["desc"]
    assert "New (3): class-cloze, cns-depressant, receptor-target" in first

    v2 = MECHANISM.replace("Baclofen can add", "Baclofen adds").replace("  - id: class-cloze", "  - id: gone-cloze")
    write_locked(the_deck(tmp_path / "v2", {"m.yaml": v2}), apkg, lock, T1)
    before = apkg.read_bytes()
    import_apkg(collection, apkg)
    desc = collection.decks.by_name("Baclofen")["desc"]  # Anki replaced it on import
    assert "New (1): gone-cloze" in desc and "Updated (1): cns-depressant" in desc
    assert "Retired, kept in your collection (1): class-cloze" in desc and "2023-11-15" in desc

    write_locked(the_deck(tmp_path / "v2", {"m.yaml": v2}), apkg, lock, T1 + 999)  # nothing changed
    assert apkg.read_bytes() == before  # the changelog is kept in the lock: the package is reproducible


def test_the_deck_description_opens_with_the_decks_about_file(tmp_path: Path, collection: Any) -> None:
    """``<slug>.about.md`` beside the questions comes first (paragraphs, a list, Markdown), then the changelog."""
    from quizgen.atomic import write_outputs
    from quizgen.load import load_bank

    about = "What this deck covers, **who** made it.\n\n- flag cards\n- keep notes apart\n\nReport <errors>.\n"
    write_files(tmp_path / "q", {"m.yaml": MECHANISM, "baclofen.about.md": about})
    write_outputs(build_files(load_bank([tmp_path / "q"]), tmp_path / "decks", T0))
    import_apkg(collection, tmp_path / "decks" / "baclofen.apkg")
    desc = collection.decks.by_name("Baclofen")["desc"]
    assert desc.startswith(
        "<p>What this deck covers, <b>who</b> made it.</p><ul><li>flag cards</li><li>keep notes apart</li></ul>"
        "<p>Report &lt;errors&gt;.</p>"
    )
    assert "New (3): class-cloze, cns-depressant, receptor-target" in desc  # the changelog follows


def test_an_unreadable_about_file_is_reported_with_its_path(tmp_path: Path) -> None:
    from quizgen.load import load_bank

    write_files(tmp_path / "q", {"m.yaml": MECHANISM})
    (tmp_path / "q" / "baclofen.about.md").write_bytes(b"\xff\xfe not utf-8 \x80")
    with pytest.raises(QuizgenError) as caught:
        build_files(load_bank([tmp_path / "q"]), tmp_path / "decks", T0)
    assert str(caught.value).startswith(f"{tmp_path / 'q' / 'baclofen.about.md'}:1: ")
    assert "UTF-8" in str(caught.value)


def test_new_cards_come_in_the_order_of_the_bank_with_ankis_default_settings(tmp_path: Path, collection: Any) -> None:
    """Anki gathers new cards deck by deck, sub-decks sorted by name: the numbers keep the bank's order."""
    files = {
        "a-zoology.yaml": "deck: D\ntopic: Zoology\nquestions:\n"
        + "".join(f"  - {{id: z{i}, prompt: p, answer: a}}\n" for i in range(6)),
        "b-anatomy.yaml": "deck: D\ntopic: Anatomy\nquestions:\n"
        + "".join(f"  - {{id: a{i}, prompt: p, answer: a}}\n" for i in range(6)),
    }
    deck = the_deck(tmp_path / "q", files)
    write_locked(deck, tmp_path / "d.apkg", tmp_path / "d.lock.json", T0)
    import_apkg(collection, tmp_path / "d.apkg")
    collection.decks.select(collection.decks.id_for_name("D"))
    queued = collection.sched.get_queued_cards(fetch_limit=10).cards
    shown = [collection.get_card(c.card.id).note().fields[-1] for c in queued]
    # Alphabetically "Anatomy" would come first; the bank's order (the files) puts Zoology first.
    assert shown == [f"z{i}" for i in range(6)] + [f"a{i}" for i in range(4)]


def test_the_back_shows_each_options_reason_beside_it_and_the_front_shows_none(tmp_path: Path, collection: Any) -> None:
    text = (
        "deck: D\ntopic: T\nquestions:\n  - id: r\n    type: mcq\n    prompt: Which receptor?\n"
        "    answer: {text: GABA-B, why: The G-protein-coupled one.}\n"
        "    distractors: [{text: GABA-A, why: The chloride channel.}, NMDA]\n"
    )
    write_locked(the_deck(tmp_path / "q", {"r.yaml": text}), tmp_path / "d.apkg", tmp_path / "d.lock", T0)
    import_apkg(collection, tmp_path / "d.apkg")
    card = notes_by_id(collection)["r"].cards()[0]
    front, back = card.question(), card.answer()
    assert "The G-protein-coupled one." not in front and "The chloride channel." not in front
    right = back.index("The G-protein-coupled one.")
    assert back.rindex("GABA-B", 0, right) > back.rindex("<li", 0, right)  # in the right option's own item
    assert "The chloride channel." in back and back.count("qg-why") >= 2


NUMBERS = """\
deck: Baclofen
topic: Numbers
questions:
  - id: oral-max
    type: numeric
    prompt: The largest oral daily dose on the **US label**?
    answer: 80
    unit: mg
    rubric: [Says 80 mg a day]

  - id: half-life
    type: numeric
    prompt: Elimination half-life?
    answer: 3.5
    tolerance: 0.5
    unit: h

  - id: fraction
    type: numeric
    prompt: A share.
    answer: 1e-3
    tolerance: 5%
"""


def test_a_numeric_question_is_one_note_of_its_own_type_with_its_range(tmp_path: Path, collection: Any) -> None:
    deck = the_deck(tmp_path / "q", {"numbers.yaml": NUMBERS})
    apkg = tmp_path / "n.apkg"
    write_locked(deck, apkg, tmp_path / "n.lock.json", T0)
    log = import_apkg(collection, apkg)
    assert log["new"] == 3 and collection.card_count() == 3
    notes = notes_by_id(collection)
    model = collection.models.get(KINDS["numeric"].note.id)
    assert model["name"] == "quizgen: Number" and model["type"] == 0
    assert all(n.mid == model["id"] for n in notes.values())

    def fields(qid: str) -> dict[str, str]:
        return {name: field(notes[qid], name) for name in ("Answer", "Unit", "Accepted", "Lowest", "Highest")}

    assert fields("oral-max") == {"Answer": "80", "Unit": "mg", "Accepted": "80 mg", "Lowest": "80", "Highest": "80"}
    assert fields("half-life") == {
        "Answer": "3.5", "Unit": "h", "Accepted": "3.5 h (3 to 4 h)", "Lowest": "3", "Highest": "4",
    }  # fmt: skip
    assert fields("fraction")["Accepted"] == "0.001 (0.00095 to 0.00105)"
    out = notes["oral-max"].cards()[0].render_output(reload=True)
    assert "<b>US label</b>" in out.question_text and "Answer in mg" in out.question_text
    assert "[[type:Answer]]" in out.question_text and "[[type:Answer]]" in out.answer_text
    assert "<div class=qg-answer>80 mg</div>" in out.answer_text
    assert "Says 80 mg" not in out.answer_text  # the rubric is for paper: no field of the note type holds it
    assert "typeBad" not in collection.compare_answer("80", "80")


@given(st.text(), st.text())
def test_note_guids_are_genankis(deck: str, question_id: str) -> None:
    """Learners' notes are matched by guid: quizgen's own computation must give genanki's ``guid_for``, always."""
    import genanki

    assert exporter.note_guid(deck, question_id) == genanki.guid_for(deck, question_id)
