"""``quizgen anki --against OLD.apkg``: the release report, checked against the real Anki importer.

For each kind of edit a maintainer makes between two releases, OLD and NEW
are built, OLD is imported into a fresh collection and NEW on top of it with
the ``anki`` library, and the report's numbers must equal those in Anki's own
import log. Then the refusals (edits Anki would skip silently) and every kind
of hostile ``OLD.apkg``, each a one-line error that writes nothing.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from quizgen.cli import app
from quizgen.errors import QuizgenError
from quizgen.exporters.anki import note_guid
from quizgen.kinds import KINDS, Field
from quizgen.load import load_bank
from quizgen.model import Deck
from quizgen.release import (
    MAX_RATIO,
    Refused,
    Report,
    built_package,
    check_release,
    compare,
    read_package,
    report_markdown,
    report_text,
)
from tests.helpers import write_locked, write_unlocked

runner = CliRunner()

T0 = 1_700_000_000
T1 = T0 + 86_400

BANK = """\
deck: Baclofen
topic: Mechanism
tags: [pharmacology]
questions:
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which **receptor**?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor]
    explanation: Baclofen is a GABA analogue.
    source: "It also binds to receptors in the brain"

  - id: class-cloze
    type: cloze
    prompt: Baclofen reduces muscle {{c1::spasticity}}.

  - id: cns-depressant
    type: truefalse
    prompt: Baclofen adds to the sedation of alcohol.
    answer: true
    tags: [safety]

  - id: brand
    prompt: A brand name of baclofen?
    answer: Lioresal
"""

NEW_QUESTION = "\n  - id: new-one\n    prompt: Added later?\n    answer: Yes\n"

#: Each edit: (name, how the bank changes, the category and parts the report must give the named question).
EDITS: list[tuple[str, Callable[[str], str], dict[str, tuple[str, ...]]]] = [
    ("add a question", lambda t: t + NEW_QUESTION, {"added": ("new-one",)}),
    ("edit text", lambda t: t.replace("**receptor**?", "receptor subtype?"), {"receptor-target": ("prompt",)}),
    ("edit options", lambda t: t.replace("NMDA receptor", "AMPA receptor"), {"receptor-target": ("options",)}),
    ("edit answer and explanation", lambda t: t.replace("answer: Lioresal", "answer: Gablofen").replace(
        "a GABA analogue", "a GABA-B agonist"), {"brand": ("answer",), "receptor-target": ("explanation",)}),
    ("retag", lambda t: t.replace("tags: [safety]", "tags: [safety, alcohol]"), {"cns-depressant": ("tags",)}),
    ("remove a question", lambda t: t[: t.index("  - id: brand")], {"gone": ("brand",)}),
    ("change a source", lambda t: t.replace("in the brain", "in the spinal cord"), {"receptor-target": ("source",)}),
]  # fmt: skip


# -- helpers -------------------------------------------------------------------


def deck_of(folder: Path, text: str) -> Deck:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mechanism.yaml").write_text(text, encoding="utf-8")
    (deck,) = load_bank([folder]).decks
    return deck


@pytest.fixture
def new_collection(tmp_path: Path) -> Iterator[Callable[[], Any]]:
    """Makes fresh, empty Anki collections; all closed at the end."""
    from anki.collection import Collection

    opened: list[Any] = []

    def make() -> Any:
        folder = tmp_path / f"anki{len(opened)}"
        folder.mkdir()
        opened.append(Collection(str(folder / "collection.anki2")))
        return opened[-1]

    try:
        yield make
    finally:
        for col in opened:
            col.close()


def anki_log(col: Any, path: Path) -> dict[str, int]:
    """Imports as the desktop app does by default; the lengths of the import log's lists."""
    from anki.collection import ImportAnkiPackageRequest

    options = col._backend.get_import_anki_package_presets()
    log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log
    counts = {kind: len(getattr(log, kind)) for kind in ("new", "updated", "duplicate", "conflicting")}
    for kind in ("first_field_match", "missing_notetype", "missing_deck", "empty_first_field"):
        assert not getattr(log, kind), kind  # none of these can happen to a quizgen package
    return counts


def anki_after(new_collection: Callable[[], Any], old: Path, new: Path) -> dict[str, int]:
    """Anki's log for importing ``new`` into a collection that imported ``old``."""
    col = new_collection()
    first = anki_log(col, old)
    assert first["new"] == len(read_package(old).notes)
    return anki_log(col, new)


def kinds_of(report: Report) -> dict[str, tuple[str, ...]]:
    """Each question's category (added, gone, ...) or, for an updated one, its changed parts."""
    found: dict[str, tuple[str, ...]] = {}
    for deck in report.decks:
        for kind in ("added", "gone", "unchanged", "refreshed", "conflicting"):
            for qid in getattr(deck, kind):
                found.setdefault(kind, ())
                found[kind] += (qid,)
        for change in (*deck.updated, *deck.skipped):
            found[change.question_id] = change.parts
    return found


def patch_package(path: Path, qid: str, field: str, text: str, media: dict[str, bytes], mod: int) -> None:
    """Edits one field of a built package by hand (as an image-capable exporter would) and adds media files."""
    with zipfile.ZipFile(path) as archive:
        collection = archive.read("collection.anki2")
    con = sqlite3.connect(":memory:")
    con.deserialize(collection)
    models = json.loads(con.execute("select models from col").fetchone()[0])
    (mid, flds, guid) = next(
        (mid, flds, guid)
        for mid, flds, guid in con.execute("select mid, flds, guid from notes")
        if flds.split("\x1f")[-1] == qid
    )
    names = [f["name"] for f in models[str(mid)]["flds"]]
    values = flds.split("\x1f")
    values[names.index(field)] = text
    con.execute("update notes set flds = ?, mod = ? where guid = ?", ("\x1f".join(values), mod, guid))
    con.commit()
    collection = con.serialize()
    con.close()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", json.dumps({str(i): name for i, name in enumerate(media)}))
        for i, data in enumerate(media.values()):
            archive.writestr(str(i), data)


# -- the report equals what Anki does ------------------------------------------------


@pytest.mark.parametrize(("edit", "expected"), [(e[1], e[2]) for e in EDITS], ids=[e[0] for e in EDITS])
def test_the_report_predicts_ankis_import_log_for_each_edit(
    tmp_path: Path, new_collection: Callable[[], Any], edit: Callable[[str], str], expected: dict[str, tuple[str, ...]]
) -> None:
    old, new, lock = tmp_path / "old.apkg", tmp_path / "new.apkg", tmp_path / "d.lock.json"
    write_locked(deck_of(tmp_path / "v1", BANK), old, lock, T0)
    built = write_locked(deck_of(tmp_path / "v2", edit(BANK)), new, lock, T1)

    report = check_release(read_package(old), [(new, built)])
    assert report.anki_counts() == anki_after(new_collection, old, new)
    found = kinds_of(report)
    assert {k: v for k, v in found.items() if k in expected} == expected
    assert set(found) - set(expected) <= {"unchanged"}  # nothing else reported as touched
    assert built_package(new, built) == read_package(new)  # the notes of the run are what the package holds
    assert compare(read_package(old), read_package(new)) == report


def test_an_image_that_changed_is_a_media_update_as_anki_sees_it(
    tmp_path: Path, new_collection: Callable[[], Any]
) -> None:
    old, new, lock = tmp_path / "old.apkg", tmp_path / "new.apkg", tmp_path / "d.lock.json"
    write_locked(deck_of(tmp_path / "v1", BANK), old, lock, T0)
    write_locked(deck_of(tmp_path / "v2", BANK), new, lock, T1)
    prompt = 'A brand name of baclofen? <img src="brand.png">'
    patch_package(old, "brand", "Prompt", prompt, {"brand.png": b"\x89PNG old"}, T0)
    patch_package(new, "brand", "Prompt", prompt, {"brand.png": b"\x89PNG new"}, T1)  # same name, new picture

    report = compare(read_package(old), read_package(new))
    assert kinds_of(report)["brand"] == ("media",)
    assert report.anki_counts() == anki_after(new_collection, old, new)

    renamed = tmp_path / "renamed.apkg"
    write_locked(deck_of(tmp_path / "v2", BANK), renamed, tmp_path / "d2.lock.json", T1)
    patch_package(renamed, "brand", "Prompt", prompt.replace("brand.png", "lioresal.png"), {"lioresal.png": b"x"}, T1)
    report = compare(read_package(old), read_package(renamed))
    assert kinds_of(report)["brand"] == ("media",)
    assert report.anki_counts() == anki_after(new_collection, old, renamed)


def test_a_build_without_the_lock_updates_every_note_and_says_so(
    tmp_path: Path, new_collection: Callable[[], Any]
) -> None:
    old, new = tmp_path / "old.apkg", tmp_path / "new.apkg"
    write_unlocked([deck_of(tmp_path / "v1", BANK)], old, T0)
    built = write_unlocked([deck_of(tmp_path / "v2", EDITS[1][1](BANK))], new, T1)
    report = check_release(read_package(old), [(new, built)])
    log = anki_after(new_collection, old, new)
    assert report.anki_counts() == log
    assert log["updated"] == 4  # Anki rewrites every note, changed or not
    (deck,) = report.decks
    assert [c.question_id for c in deck.updated] == ["receptor-target"]
    assert sorted(deck.refreshed) == ["brand", "class-cloze", "cns-depressant"]
    assert "replacing learners' own edits" in report_text(report)


def test_a_field_a_kind_adds_is_reported_as_the_part_it_declares(
    tmp_path: Path, new_collection: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    mcq = KINDS["mcq"]
    fields = tuple(Field("Reference", f.part) if f.name == "Source" else f for f in mcq.note.fields)
    monkeypatch.setitem(KINDS, "mcq", replace(mcq, note=replace(mcq.note, id=mcq.note.id + 1, fields=fields)))
    old, new, lock = tmp_path / "old.apkg", tmp_path / "new.apkg", tmp_path / "d.lock.json"
    write_locked(deck_of(tmp_path / "v1", BANK), old, lock, T0)
    built = write_locked(deck_of(tmp_path / "v2", EDITS[6][1](BANK)), new, lock, T1)

    report = check_release(read_package(old), [(new, built)])
    assert kinds_of(report)["receptor-target"] == ("source",)  # as declared, not the field's name lower-cased
    assert compare(read_package(old), read_package(new)) == report
    assert report.anki_counts() == anki_after(new_collection, old, new)


# -- refusals: Anki would skip updates silently --------------------------------------


def test_an_edit_that_is_not_newer_is_refused_and_anki_indeed_skips_it(
    tmp_path: Path, new_collection: Callable[[], Any]
) -> None:
    old, new = tmp_path / "old.apkg", tmp_path / "new.apkg"
    write_unlocked([deck_of(tmp_path / "v1", BANK)], old, T0)
    built = write_unlocked([deck_of(tmp_path / "v2", EDITS[1][1](BANK))], new, T0)  # same SOURCE_DATE_EPOCH
    with pytest.raises(Refused) as refused:
        check_release(read_package(old), [(new, built)])
    report = refused.value.report
    log = anki_after(new_collection, old, new)
    assert report.anki_counts() == log and log["updated"] == 0
    (blocker,) = report.blockers
    assert blocker.startswith("1 changed note is not newer than in old.apkg (receptor-target): Anki skips it silently")
    assert "lock file" in blocker and "SOURCE_DATE_EPOCH" in blocker


def test_a_note_type_whose_fields_changed_is_refused_and_anki_indeed_leaves_its_notes(
    tmp_path: Path, new_collection: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new, lock = tmp_path / "old.apkg", tmp_path / "new.apkg", tmp_path / "d.lock.json"
    write_locked(deck_of(tmp_path / "v1", BANK + NEW_QUESTION), old, lock, T0)
    mcq = KINDS["mcq"]
    renamed = tuple(Field("Reference", f.part) if f.name == "Source" else f for f in mcq.note.fields)
    monkeypatch.setitem(KINDS, "mcq", replace(mcq, note=replace(mcq.note, fields=renamed)))
    edited = EDITS[1][1](BANK) + NEW_QUESTION.replace("new-one", "later-mcq").replace(
        "answer: Yes", "type: mcq\n    answer: Yes\n    distractors: [No]"
    )
    write_locked(deck_of(tmp_path / "v2", edited), new, lock, T1)

    report = compare(read_package(old), read_package(new))
    log = anki_after(new_collection, old, new)
    assert report.anki_counts() == log and log["conflicting"] == 1
    assert kinds_of(report)["conflicting"] == ("receptor-target",)
    assert kinds_of(report)["added"] == ("later-mcq",)  # a new note goes to Anki's copy of the note type
    assert report.blockers == (
        "note type 'quizgen: Multiple choice' changed its fields (added Reference; removed Source): "
        "Anki will not update its 1 note; keep the fields, or give the note type a new id",
    )


def test_a_question_that_changed_type_is_refused_and_anki_indeed_leaves_it(
    tmp_path: Path, new_collection: Callable[[], Any]
) -> None:
    old, new, lock = tmp_path / "old.apkg", tmp_path / "new.apkg", tmp_path / "d.lock.json"
    write_locked(deck_of(tmp_path / "v1", BANK), old, lock, T0)
    typed = BANK.replace("  - id: brand\n", "  - id: brand\n    type: typed\n")
    write_locked(deck_of(tmp_path / "v2", typed), new, lock, T1)
    report = compare(read_package(old), read_package(new))
    log = anki_after(new_collection, old, new)
    assert report.anki_counts() == log and log["conflicting"] == 1
    assert report.blockers == (
        "1 question changed type (brand): Anki will not update it; keep the type, or give the question a new id",
    )


# -- the command line ------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with questions/ and a published old.apkg built at T0 by ``quizgen anki``."""
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "mechanism.yaml").write_text(BANK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    assert runner.invoke(app, ["anki", "-o", "old.apkg"]).exit_code == 0
    return tmp_path


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_writes_packages_and_a_markdown_report(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = EDITS[1][1](BANK) + NEW_QUESTION
    (project / "questions" / "mechanism.yaml").write_text(edited[: edited.index("  - id: brand")] + NEW_QUESTION)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T1))
    result = runner.invoke(app, ["anki", "-o", "new.apkg", "--against", "old.apkg", "--report", "notes/CHANGES.md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Importing new.apkg after old.apkg:",
        "Baclofen:",
        "  added (1): new-one",
        "  updated (1): receptor-target (prompt)",
        "  updated without a change (2): class-cloze, cns-depressant (content unchanged but newer (built without "
        "the lock file): Anki rewrites them, replacing learners' own edits; quizgen build keeps their times)",
        "  gone from the bank (1): brand (they stay in learners' collections: Anki never deletes notes on import)",
        "Anki on import: 1 added, 3 updated, 0 unchanged, 0 not updated (conflicting)",
        "wrote new.apkg",
        f"wrote {Path('notes/CHANGES.md')}",
    ]
    markdown = (project / "notes" / "CHANGES.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Changes since `old.apkg`\n\n## Baclofen\n\n- **Added (1):** `new-one`\n")
    assert "- **Gone from the bank (1):** `brand` (they stay in learners' collections" in markdown
    assert (project / "new.apkg").exists()


def test_cli_per_deck_packages_are_compared_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T1))
    result = runner.invoke(app, ["anki", "--against", "old.apkg"])
    assert result.exit_code == 0, result.output
    assert "Importing decks/baclofen.apkg after old.apkg:" in result.stdout.replace("\\", "/")
    assert f"wrote {Path('decks/baclofen.apkg')}" in result.stdout


SILENT_SKIP = (
    "error: 1 changed note is not newer than in old.apkg (receptor-target): Anki skips it silently: "
    "rebuild with the lock file (quizgen build) or a later SOURCE_DATE_EPOCH"
)


def test_cli_refuses_a_silent_skip_and_writes_nothing(project: Path) -> None:
    (project / "decks").mkdir()
    (project / "decks" / "baclofen.apkg").write_bytes(b"published earlier")
    (project / "questions" / "mechanism.yaml").write_text(EDITS[1][1](BANK), encoding="utf-8")
    before = files_in(project)
    for extra in (["-o", "new.apkg"], []):
        result = runner.invoke(app, ["anki", *extra, "--against", "old.apkg", "--report", "CHANGES.md"])
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == SILENT_SKIP
        assert "changed but skipped by Anki (1): receptor-target (prompt)" in result.output
        assert files_in(project) == before


def test_cli_refusal_shows_the_report_on_stdout_and_only_the_error_on_stderr(project: Path) -> None:
    (project / "questions" / "mechanism.yaml").write_text(EDITS[1][1](BANK), encoding="utf-8")
    result = runner.invoke(app, ["anki", "-o", "new.apkg", "--against", "old.apkg"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [SILENT_SKIP]
    assert "changed but skipped by Anki (1): receptor-target (prompt)" in result.stdout


def test_cli_refuses_report_without_against(project: Path) -> None:
    result = runner.invoke(app, ["anki", "--report", "CHANGES.md"])
    assert result.exit_code == 2  # wrong usage, as the command-line library reports it
    assert "Invalid value for --report: needs --against" in result.stderr
    assert not (project / "CHANGES.md").exists()


def test_cli_help_shows_the_new_options() -> None:
    result = runner.invoke(app, ["anki", "--help"])
    assert result.exit_code == 0
    assert "--against" in result.stdout and "--report" in result.stdout


# -- hostile or foreign OLD.apkg ----------------------------------------------------------


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def good_package(tmp_path: Path) -> bytes:
    path = tmp_path / "good.apkg"
    write_unlocked([deck_of(tmp_path / "good", BANK)], path, T0)
    return path.read_bytes()


def other_tool(tmp_path: Path) -> bytes:
    deck = genanki.Deck(2059400110, "Country Capitals")
    deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["France", "Paris"], guid="abc"))
    path = tmp_path / "other.apkg"
    genanki.Package(deck).write_to_file(str(path))
    return path.read_bytes()


def not_a_collection(tmp_path: Path) -> bytes:
    db = tmp_path / "plain.sqlite"
    con = sqlite3.connect(db)
    con.execute("create table notes (x)")
    con.commit()
    con.close()
    return zip_of({"collection.anki2": db.read_bytes(), "media": b"{}"})


def corrupt(tmp_path: Path) -> bytes:
    data = bytearray(good_package(tmp_path))
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])  # no longer matches its CRC
    return bytes(data)


HOSTILE: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "empty file": (lambda _: b"", "is not a readable Anki package (zip: File is not a zip file)"),
    "not a zip": (lambda _: b"deck: Baclofen\n" * 100, "is not a readable Anki package (zip: File is not a zip file)"),
    "truncated zip": (lambda p: good_package(p)[:-300], "is not a readable Anki package (zip:"),
    "corrupt zip": (corrupt, "is not a readable Anki package (zip: Bad CRC-32"),
    "zip bomb": (
        lambda _: zip_of({"collection.anki2": bytes(64 * 1024 * 1024)}, zipfile.ZIP_DEFLATED),
        "collection.anki2 would unpack",
    ),
    "parent traversal": (lambda _: zip_of({"../../evil.sh": b"boom", "collection.anki2": b""}), "unsafe name"),
    "absolute path": (lambda _: zip_of({"/tmp/evil.sh": b"boom"}), "unsafe name ('/tmp/evil.sh')"),
    "windows traversal": (lambda _: zip_of({"..\\evil.bat": b"boom"}), "unsafe name"),
    "another zip": (lambda _: zip_of({"readme.txt": b"hello"}), "is a zip but not an Anki package"),
    "another tool": (other_tool, "was not made by quizgen (note type 'Basic (genanki)')"),
    "newer format": (
        lambda _: zip_of({"collection.anki21b": b"\x28\xb5\x2f\xfd", "collection.anki2": b"", "media": b"\x28"}),
        "is in Anki's newer package format (collection.anki21b), not a quizgen or legacy package",
    ),
    "not sqlite": (lambda _: zip_of({"collection.anki2": b"hello", "media": b"{}"}), "is not an SQLite database"),
    "sqlite, not a collection": (not_a_collection, "its database is not an Anki collection"),
    "bad media list": (
        lambda p: zip_of({"collection.anki2": b"", "media": b"\x0a\x05hello"}),
        "its media list is not legacy JSON",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_cli_refuses_a_bad_old_package_in_one_line_and_writes_nothing(project: Path, case: str) -> None:
    make, message = HOSTILE[case]
    (project / "made").mkdir()
    (project / "old.apkg").write_bytes(make(project / "made"))
    (project / "decks").mkdir()
    (project / "decks" / "baclofen.apkg").write_bytes(b"published earlier")
    before = files_in(project)
    outside = sorted(p.name for p in project.parent.iterdir())
    for extra in (["-o", "new.apkg"], []):
        result = runner.invoke(app, ["anki", *extra, "--against", "old.apkg", "--report", "CHANGES.md"])
        assert result.exit_code == 1, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("error: old.apkg") and message in line, line
        assert result.stdout == ""
        assert files_in(project) == before
    assert sorted(p.name for p in project.parent.iterdir()) == outside


def test_the_zip_bomb_is_refused_before_anything_is_decompressed(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.apkg"
    bomb.write_bytes(zip_of({"collection.anki2": bytes(8 * 1024 * 1024)}, zipfile.ZIP_DEFLATED))
    with zipfile.ZipFile(bomb) as archive:
        (info,) = archive.infolist()
        assert info.file_size > MAX_RATIO * info.compress_size  # really a bomb by our bound
    original_open = zipfile.ZipFile.open
    opened: list[str] = []

    def spy(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(name))
        return original_open(self, name, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zipfile.ZipFile, "open", spy)
        with pytest.raises(Exception, match="would unpack"):
            read_package(bomb)
    assert opened == []


def test_a_good_old_package_reads_back_every_note_with_its_id_deck_and_time(tmp_path: Path) -> None:
    path = tmp_path / "old.apkg"
    deck = deck_of(tmp_path / "q", BANK)
    write_locked(deck, path, tmp_path / "l.json", T0)
    package = read_package(path)
    assert sorted((n.question_id, n.deck, n.mod) for n in package.notes) == sorted(
        (q.id, "Baclofen", T0) for q in deck.questions()
    )
    assert {n.guid for n in package.notes} == {note_guid("Baclofen", q.id) for q in deck.questions()}
    report = compare(package, package)
    assert report.anki_counts() == {"new": 0, "updated": 0, "duplicate": 4, "conflicting": 0}
    assert "## Baclofen" in report_markdown(report) and "- **Unchanged (4):**" in report_markdown(report)


def test_a_zip_that_understates_a_size_is_read_no_further_than_it_says(tmp_path: Path) -> None:
    liar = bytearray(zip_of({"collection.anki2": bytes(16 * 1024 * 1024)}, zipfile.ZIP_DEFLATED))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local and central headers
        at = liar.find(signature)
        liar[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
    (tmp_path / "liar.apkg").write_bytes(liar)
    with pytest.raises(QuizgenError, match=r"^\S+liar\.apkg is not a readable Anki package \(zip: Bad CRC-32"):
        read_package(tmp_path / "liar.apkg")


_IMG_FIELD = st.sampled_from(
    ["", "text", '<img src="a.png">', "x <IMG SRC='b.png'> y", '<img src="a.png"><img src=c.png>']
)


@given(
    fields=st.lists(_IMG_FIELD, min_size=1, max_size=4),
    tags=st.lists(st.sampled_from(["t", "u"]), max_size=2),
    names=st.sampled_from([("Front", "Back"), ("Front", "Back", "Extra"), ("Text",)]),
    same_names=st.booleans(),
    old_media=st.dictionaries(st.sampled_from(["a.png", "b.png", "c.png"]), st.sampled_from(["1", "2"])),
    new_media=st.dictionaries(st.sampled_from(["a.png", "b.png", "c.png"]), st.sampled_from(["1", "2"])),
    known=st.booleans(),
)
def test_unchanged_text_is_compared_by_its_images_as_in_full(
    fields: list[str],
    tags: list[str],
    names: tuple[str, ...],
    same_names: bool,
    old_media: dict[str, str],
    new_media: dict[str, str],
    known: bool,
) -> None:
    """The quick path for a note whose text is unchanged reports what the field-by-field comparison does."""
    from quizgen.release import NoteType, PackageInfo, PackageNote, _compared_parts, changed_parts

    note = PackageNote("g", "q", 1, 5, tuple(fields), tuple(tags), "D")
    old_names = names if same_names else ("Other",)
    old_types = {1: NoteType(1, "n", old_names, ("Card",), old_names)} if known else {}
    old = PackageInfo("old", old_types, (note,), old_media)
    new = PackageInfo("new", {1: NoteType(1, "n", names, ("Card",), names)}, (note,), new_media)
    assert changed_parts(note, note, old, new) == _compared_parts(note, note, old, new)
