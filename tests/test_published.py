"""Published means forever: every package learners imported must upgrade in place to the current one.

``tests/data/published/`` keeps each package as it was published. For each,
with the real ``anki`` library: import it into a fresh collection, study some
cards, import the package a fresh build makes now (exactly what ``quizgen
build`` writes into ``decks/``, from the committed lock file), and check what a
learner would notice: no note type was duplicated because its fields changed
(Anki then stops updating those notes, silently), no note was duplicated,
every studied card keeps its history, and edited questions did update.
This test stays for every future release: add each new published package
(``baclofen-2026-11.apkg`` is the first edition, ``baclofen-2026-12.apkg`` the
second, as ``decks/baclofen.apkg`` was at its release).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from quizgen.kinds import KINDS
from quizgen.load import load_bank
from tests.helpers import build_files, card_history, import_apkg, review_until_graduated

ROOT = Path(__file__).parent.parent
PUBLISHED = sorted((Path(__file__).parent / "data" / "published").glob("*.apkg"))
BUILD_TIME = 1_900_000_000  # later than any published package


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The baclofen package a fresh ``quizgen build`` makes now, with the committed lock file."""
    out = tmp_path_factory.mktemp("decks")
    shutil.copy(ROOT / "decks" / "baclofen.lock.json", out / "baclofen.lock.json")
    bank = load_bank([ROOT / "questions" / "baclofen"])
    for target, content in build_files(bank, out, BUILD_TIME):
        if isinstance(content, bytes):
            target.write_bytes(content)
    return out / "baclofen.apkg"


def notetype_fields(col: Any) -> dict[int, list[str]]:
    return {m["id"]: [f["name"] for f in m["flds"]] for m in col.models.all() if m["name"].startswith("quizgen")}


@pytest.mark.parametrize("published", PUBLISHED, ids=[p.name for p in PUBLISHED])
def test_a_published_deck_upgrades_in_place_and_keeps_every_review(
    published: Path, current: Path, collection: Any
) -> None:
    first = import_apkg(collection, published)
    assert first["new"] > 100
    fields_before = notetype_fields(collection)
    guids_before = {collection.get_note(n).guid: n for n in collection.find_notes("")}

    studied = [collection.get_note(n).card_ids()[0] for n in sorted(collection.find_notes(""))[::15]]
    for card_id in studied:
        review_until_graduated(collection, card_id)
    history = {card_id: card_history(collection, card_id) for card_id in studied}
    assert all(reps > 0 for reps, *_ in history.values())

    log = import_apkg(collection, current)  # asserts: no conflicting notes, no missing note type or deck
    assert log["conflicting"] == 0
    fields_after = notetype_fields(collection)
    kept = {mid: names for mid, names in fields_after.items() if mid in fields_before}
    assert kept == fields_before, "a note type gained, lost or renamed a field"
    new_types = {mid: names for mid, names in fields_after.items() if mid not in fields_before}
    declared = {kind.note.id: list(kind.note.field_names) for kind in KINDS.values()}
    assert all(declared.get(mid) == names for mid, names in new_types.items()), "a new type brings its own note type"
    assert len([m for m in collection.models.all() if m["name"].startswith("quizgen")]) == len(fields_after)

    guids_after = {collection.get_note(n).guid: n for n in collection.find_notes("")}
    for guid, note_id in guids_before.items():  # same notes, same ids: updated, never duplicated
        assert guids_after.get(guid) == note_id
    assert collection.note_count() == len(guids_after)
    assert log["updated"] > 0, "edited questions must reach learners"
    assert log["new"] == len(guids_after) - len(guids_before)

    for card_id, before in history.items():
        assert card_history(collection, card_id) == before

    # the notes whose answer changed in this release are findable, as the deck description says
    changed = collection.find_notes("tag:Baclofen::changed::2.1")
    assert any(collection.get_note(n).guid in guids_before for n in changed)  # an updated note, not only new ones
    assert "tag:Baclofen::changed::2.1" in collection.decks.by_name("Baclofen")["desc"]
