"""Images in Anki packages, checked with the real ``anki`` library as a learner's collection sees them.

Each image is stored once among the package's media under a name derived from
its bytes; after import every file a note shows is in the collection's media
folder and Anki's own media check finds nothing missing and nothing unused; a
changed image reaches the notes that show it; nothing about the note types
changes, so published decks keep upgrading in place.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from quizgen.kinds import KINDS
from tests.helpers import import_apkg, notes_by_id, the_deck, write_locked

T0 = 1_700_000_000
T1 = T0 + 86_400

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><title>box</title>'
    '<rect width="40" height="20" fill="{colour}"/></svg>'
)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real, tiny PNG of one colour."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


BANK = """\
deck: Figures
topic: {topic}
questions:
  - id: {prefix}structure
    prompt: "What does this show? ![a red square](images/fig.png)"
    answer: "A square. ![the same square](images/fig.png)"
  - id: {prefix}synapse
    type: mcq
    prompt: Which part is blue?
    answer:
      text: "![blue box](images/box.svg)"
      why: It is the blue one.
    distractors: [The red one]
  - id: {prefix}cloze
    type: cloze
    prompt: "A {{{{c1::square}}}} is drawn here ![red](images/fig.png)"
"""


def write_figures(folder: Path, red: tuple[int, int, int] = (255, 0, 0), blue: str = "#00f") -> None:
    """Two topic folders, each with its own ``images/fig.png`` (different bytes: they must not collide)."""
    for topic, prefix, colour in (("One", "a-", red), ("Two", "b-", (0, 255, 0))):
        sub = folder / topic.lower()
        (sub / "images").mkdir(parents=True, exist_ok=True)
        (sub / "images" / "fig.png").write_bytes(png(4, 4, colour))
        (sub / "images" / "box.svg").write_text(SVG.format(colour=blue), encoding="utf-8")
        (sub / "q.yaml").write_text(BANK.format(topic=topic, prefix=prefix), encoding="utf-8")


def build(folder: Path, out: Path, now: int) -> Path:
    deck = the_deck(folder, {})
    apkg = out / "figures.apkg"
    write_locked(deck, apkg, out / "figures.lock.json", now)
    return apkg


def media_in_package(apkg: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(apkg) as archive:
        index = json.loads(archive.read("media"))
        return {name: archive.read(number) for number, name in index.items()}


def test_each_image_is_stored_once_under_a_name_from_its_bytes(tmp_path: Path) -> None:
    write_figures(tmp_path / "q")
    media = media_in_package(build(tmp_path / "q", tmp_path / "out", T0))
    assert len(media) == 3  # two different fig.png files, and one box.svg shared by both topics
    for name, data in media.items():
        assert name == hashlib.sha256(data).hexdigest()[:16] + name[name.rindex(".") :]
    assert {n.rsplit(".", 1)[1] for n in media} == {"png", "svg"}


def test_after_import_every_image_is_in_the_media_folder_and_anki_finds_nothing_wrong(
    tmp_path: Path, collection: Any
) -> None:
    write_figures(tmp_path / "q")
    apkg = build(tmp_path / "q", tmp_path / "out", T0)
    import_apkg(collection, apkg)
    folder = Path(collection.media.dir())
    for name, data in media_in_package(apkg).items():
        assert (folder / name).read_bytes() == data
    check = collection.media.check()
    assert list(check.missing) == [] and list(check.unused) == [] and list(check.missing_media_notes) == []

    notes = notes_by_id(collection)
    prompt = notes["a-structure"]["Prompt"]
    assert '<img src="' in prompt and 'alt="a red square"' in prompt
    assert "images/fig.png" not in prompt  # the name in the package, never the author's path
    assert 'alt="blue box"' in notes["a-synapse"]["Marked options"]
    assert "<img" in notes["b-cloze"]["Text"]
    card = notes["a-synapse"].cards()[0]
    assert 'alt="blue box"' in card.question()


def test_a_changed_image_updates_the_notes_that_show_it_and_no_others(tmp_path: Path, collection: Any) -> None:
    write_figures(tmp_path / "q")
    out = tmp_path / "out"
    import_apkg(collection, build(tmp_path / "q", out, T0))
    before = {qid: note["Prompt" if "Prompt" in note else "Text"] for qid, note in notes_by_id(collection).items()}

    write_figures(tmp_path / "q", red=(200, 0, 0))  # topic One's fig.png changes; box.svg and Two's fig.png do not
    log = import_apkg(collection, build(tmp_path / "q", out, T1))
    assert log["updated"] == 2 and log["conflicting"] == 0  # a-structure and a-cloze show the changed file
    after = notes_by_id(collection)
    assert after["a-structure"]["Prompt"] != before["a-structure"]
    assert after["b-structure"]["Prompt"] == before["b-structure"]
    check = collection.media.check()
    assert list(check.missing) == []
    models = {m["name"]: [f["name"] for f in m["flds"]] for m in collection.models.all()}
    assert models["quizgen: Basic"] == list(KINDS["basic"].note.field_names)  # images live in the existing fields
