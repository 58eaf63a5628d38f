"""What a learner who imported an earlier package gets on importing the new one.

A deck maintainer publishing a new version needs two things before the
upload: the release notes (per deck, which questions were added, updated,
left alone, or dropped from the bank) and a guarantee that Anki will really
apply the updates. Anki's importer (``rslib/src/import_export/package/apkg/
import/notes.rs``) matches notes by guid and then silently skips a note when

* its note type has the same id but other field or card template names (the
  importer adds a copy of the note type and logs the note as *conflicting*),
* its note type id is not the one the learner's note has (also *conflicting*),
* its modification time is not strictly newer (logged as a *duplicate*).

:func:`compare` predicts that log from the two packages alone and names each
silent skip as a blocker. The learners' package is read from disk; the new one
is taken from the notes of the same build (:func:`built_package`), never parsed
back from the bytes just made, and each field's part (prompt, answer, ...) is the
one its kind declares beside the field. :func:`read_package` reads a package that may come
from anywhere without trusting it: sizes are checked before anything is
decompressed, nothing is extracted by name, and the collection is opened
from memory. No printing and no environment here: the CLI does both.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import sqlite3
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from quizgen.errors import QuizgenError
from quizgen.kinds import KINDS

if TYPE_CHECKING:
    from quizgen.exporters.anki import BuiltPackage

#: Bounds for an untrusted package: far above any real deck, far below what hurts a build machine.
MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
#: Deflate reaches ~1000:1 on zeros; a real collection or image stays well under this.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small members may compress as they like

_SQLITE_MAGIC = b"SQLite format 3\x00"
_NOTE_TYPE_PREFIX = "quizgen: "


def field_parts() -> dict[str, str]:
    """Which part of a question each quizgen field holds (the report's vocabulary), as the kinds declare it now."""
    return {f.name: f.part for kind in KINDS.values() for f in kind.note.fields}


_PART_ORDER = ("prompt", "answer", "options", "explanation", "source", "tags", "media")
_QUESTION_ID = "Question ID"


# -- reading a package ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteType:
    """What Anki compares when a package brings a note type it already has: the id and the names."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[str, ...]
    #: Which part of a question each field holds (:data:`quizgen.kinds.base.Part`), as its kind declares it.
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PackageNote:
    """One note as the importer sees it; ``deck`` is the top-level deck of its cards."""

    guid: str
    question_id: str
    notetype_id: int
    mod: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """A package's note types, notes and media (file name to SHA-256 of its bytes)."""

    path: str
    notetypes: Mapping[int, NoteType]
    notes: tuple[PackageNote, ...]
    media: Mapping[str, str] = field(default_factory=dict)


def read_package(path: Path, data: bytes | None = None) -> PackageInfo:
    """The notes of the legacy-format ``.apkg`` at ``path`` (or in ``data``); any defect is a one-line QuizgenError."""
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as archive:
            members = _checked_members(path, archive)
            if "collection.anki21b" in members:
                raise QuizgenError(
                    f"{path} is in Anki's newer package format (collection.anki21b), "
                    "not a quizgen or legacy package: compare against the package quizgen built"
                )
            name = next((n for n in ("collection.anki21", "collection.anki2") if n in members), None)
            if name is None:
                raise QuizgenError(f"{path} is a zip but not an Anki package (no collection.anki2 in it)")
            collection = _read_member(path, archive, members[name])
            media_names = _media_map(path, archive, members)
            media = {
                media_name: _hash_member(path, archive, members[key])
                for key, media_name in media_names.items()
                if key in members
            }
    except FileNotFoundError:
        raise QuizgenError(f"cannot read {path}: no such file") from None
    except IsADirectoryError:
        raise QuizgenError(f"cannot read {path}: it is a folder") from None
    except OSError as e:
        raise QuizgenError(f"cannot read {path}: {e.strerror or e}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise QuizgenError(f"{path} is not a readable Anki package (zip: {_one_line(reason)})") from None
    notetypes, notes = _read_collection(path, collection)
    return PackageInfo(str(path), notetypes, notes, media)


def _checked_members(path: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The members by name, once every name is harmless and every size within bounds."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise QuizgenError(f"{path} has {len(infos)} files in it, more than a package ever needs: refusing it")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not name or name.startswith(("/", "\\")) or ".." in parts or re.match(r"[A-Za-z]:", name) or "\0" in name:
            raise QuizgenError(f"{path} holds a file with an unsafe name ({_one_line(name)!r}): refusing it")
        if name in members:
            raise QuizgenError(f"{path} holds two files named {_one_line(name)!r}: refusing it")
        if info.file_size > MAX_MEMBER_BYTES:
            raise QuizgenError(f"{path}: {_one_line(name)} would unpack to {info.file_size} bytes: refusing it")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise QuizgenError(
                f"{path}: {_one_line(name)} would unpack {info.file_size // max(info.compress_size, 1)} times "
                "its stored size (a zip bomb?): refusing it"
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise QuizgenError(f"{path} would unpack to more than {MAX_TOTAL_BYTES} bytes: refusing it")
        members[name] = info
    return members


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than its (already bounded) declared size, even if the header lies."""
    with archive.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise QuizgenError(f"{path}: {_one_line(info.filename)} is larger than its zip entry says: refusing it")
    return data


def _hash_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    left = info.file_size
    with archive.open(info) as stream:
        while chunk := stream.read(min(1 << 20, left + 1)):
            left -= len(chunk)
            if left < 0:
                raise QuizgenError(f"{path}: {_one_line(info.filename)} is larger than its zip entry says: refusing it")
            digest.update(chunk)
    return digest.hexdigest()


def _media_map(path: Path, archive: zipfile.ZipFile, members: Mapping[str, zipfile.ZipInfo]) -> dict[str, str]:
    """The legacy ``media`` member: JSON mapping the zip's member names to media file names."""
    info = members.get("media")
    if info is None:
        return {}
    try:
        data = json.loads(_read_member(path, archive, info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise QuizgenError(f"{path}: its media list is not legacy JSON: not a quizgen or legacy package") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise QuizgenError(f"{path}: its media list is not a mapping of names: not a quizgen or legacy package")
    return data


def _read_collection(path: Path, data: bytes) -> tuple[dict[int, NoteType], tuple[PackageNote, ...]]:
    """Note types and notes from the collection's bytes, opened in memory (never written to disk by name)."""
    if not data.startswith(_SQLITE_MAGIC):
        raise QuizgenError(f"{path}: its collection is not an SQLite database: not an Anki package")
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(data)
        con.execute("PRAGMA trusted_schema = OFF")  # a hostile schema's views and triggers call no functions
        con.execute("PRAGMA query_only = ON")
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"col", "notes", "cards"} <= tables:
            raise QuizgenError(f"{path}: its database is not an Anki collection (no notes, cards and col tables)")
        row = con.execute("SELECT models, decks FROM col").fetchone()
        if row is None or not row[0]:
            raise QuizgenError(f"{path}: its collection keeps note types in a newer format: not a legacy package")
        notetypes = _notetypes(path, row[0])
        decks = _decks(path, row[1])
        note_decks = {
            nid: decks.get(did, "(no deck)")
            for nid, did in con.execute("SELECT nid, did FROM cards ORDER BY nid, ord DESC, id DESC")
        }
        notes = tuple(
            _note(path, notetypes, note_decks, row)
            for row in con.execute("SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id")
        )
    except sqlite3.Error as e:
        raise QuizgenError(f"{path}: its collection is not a readable Anki database ({_one_line(str(e))})") from None
    finally:
        con.close()
    others = sorted({nt.name for nt in notetypes.values() if not nt.name.startswith(_NOTE_TYPE_PREFIX)})
    if others:
        raise QuizgenError(f"{path} was not made by quizgen (note type {_one_line(others[0])!r})")
    return notetypes, notes


def _notetypes(path: Path, text: Any) -> dict[int, NoteType]:
    try:
        models = json.loads(text)
        return {
            int(m["id"]): _declared(
                int(m["id"]),
                str(m["name"]),
                tuple(str(f["name"]) for f in sorted(m["flds"], key=lambda f: int(f["ord"]))),
                tuple(str(t["name"]) for t in sorted(m["tmpls"], key=lambda t: int(t["ord"]))),
            )
            for m in models.values()
        }
    except (TypeError, ValueError, KeyError, AttributeError):
        raise QuizgenError(f"{path}: its note types are not Anki's JSON: not an Anki package") from None


def _declared(ntid: int, name: str, fields: tuple[str, ...], templates: tuple[str, ...]) -> NoteType:
    """A note type read from a package, with the parts its fields hold: the kind's when it is one of ours
    with the same id and fields, else by field name as any kind declares it, else the field's own name."""
    kind = next((k for k in KINDS.values() if k.note.id == ntid and k.note.field_names == fields), None)
    if kind is not None:
        parts: tuple[str, ...] = tuple(f.part for f in kind.note.fields)
    else:
        declared = field_parts()
        parts = tuple(declared.get(f, f) for f in fields)
    return NoteType(ntid, name, fields, templates, parts)


def _decks(path: Path, text: Any) -> dict[int, str]:
    """Deck id to top-level deck name (the part before ``::``)."""
    try:
        decks = json.loads(text)
        return {int(d["id"]): str(d["name"]).split("::")[0] for d in decks.values()}
    except (TypeError, ValueError, KeyError, AttributeError):
        raise QuizgenError(f"{path}: its decks are not Anki's JSON: not an Anki package") from None


def _note(path: Path, notetypes: Mapping[int, NoteType], decks: Mapping[int, str], row: Sequence[Any]) -> PackageNote:
    nid, guid, mid, mod, tags, flds = row
    if not (isinstance(guid, str) and isinstance(mid, int) and isinstance(mod, int) and isinstance(flds, str)):
        raise QuizgenError(f"{path}: note {nid!r} is not an Anki note: not an Anki package")
    notetype = notetypes.get(mid)
    if notetype is None:
        raise QuizgenError(f"{path}: note {nid!r} has no note type: not an Anki package")
    fields = tuple(flds.split("\x1f"))
    has_id = notetype.fields[-1:] == (_QUESTION_ID,) and len(fields) == len(notetype.fields) and fields[-1]
    return PackageNote(
        guid=guid,
        question_id=fields[-1] if has_id else guid,
        notetype_id=mid,
        mod=mod,
        fields=fields,
        tags=tuple(sorted(str(tags or "").split())),
        deck=decks.get(nid, "(no deck)"),
    )


def _one_line(text: str) -> str:
    """Untrusted text shown safely in one line: control characters escaped, length bounded."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def merge_packages(packages: Sequence[PackageInfo]) -> PackageInfo:
    """Several packages (one per deck) as the one package a learner importing them all would get."""
    notetypes: dict[int, NoteType] = {}
    media: dict[str, str] = {}
    for package in packages:
        notetypes.update(package.notetypes)
        media.update(package.media)
    notes = tuple(note for package in packages for note in package.notes)
    return PackageInfo(", ".join(p.path for p in packages), notetypes, notes, media)


# -- comparing -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """A note in both packages: its question id and which parts differ (none: only its time is newer)."""

    question_id: str
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeckReport:
    """One top-level deck: what Anki does with each of its notes on import.

    ``updated`` and ``refreshed`` are Anki's *updated*; ``unchanged`` and
    ``skipped`` its *duplicate*; ``conflicting`` its *conflicting*.
    """

    deck: str
    added: tuple[str, ...] = ()
    updated: tuple[Change, ...] = ()
    refreshed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[Change, ...] = ()
    conflicting: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """The per-deck comparison, and each reason the new package must not be published (empty: safe)."""

    old: str
    new: str
    decks: tuple[DeckReport, ...]
    blockers: tuple[str, ...]

    def anki_counts(self) -> dict[str, int]:
        """The lengths of the lists in Anki's import log that importing ``new`` after ``old`` gives."""
        return {
            "new": sum(len(d.added) for d in self.decks),
            "updated": sum(len(d.updated) + len(d.refreshed) for d in self.decks),
            "duplicate": sum(len(d.unchanged) + len(d.skipped) for d in self.decks),
            "conflicting": sum(len(d.conflicting) for d in self.decks),
        }


_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.IGNORECASE)


def _images(text: str) -> list[str]:
    return [html.unescape(next(g for g in m.groups() if g is not None)) for m in _IMG.finditer(text)]


def _field_map(note: PackageNote, notetype: NoteType | None) -> dict[str, tuple[str, str]]:
    """Field name -> (the part of the question it holds, its text)."""
    names = notetype.fields if notetype is not None else ()
    parts = notetype.parts if notetype is not None else ()
    fields: dict[str, tuple[str, str]] = {}
    for i, text in enumerate(note.fields):
        name = names[i] if i < len(names) else f"field {i + 1}"
        fields[name] = (parts[i] if i < len(parts) else name, text)
    return fields


def changed_parts(old: PackageNote, new: PackageNote, old_pkg: PackageInfo, new_pkg: PackageInfo) -> tuple[str, ...]:
    """Which parts of a question differ: text compared with images left out, images by name and bytes.

    A field's part is the one its note type declares (the new package's first: it comes from the kinds).
    """
    old_type, new_type = old_pkg.notetypes.get(old.notetype_id), new_pkg.notetypes.get(new.notetype_id)
    if (
        old.fields == new.fields
        and old.tags == new.tags
        and old_type is not None
        and new_type is not None
        and old_type.fields == new_type.fields
    ):
        # Most notes of a release: the same text under the same names, so only an image's bytes can differ.
        names = [n for f in new.fields for n in _images(f)]
        return ("media",) if any(old_pkg.media.get(n) != new_pkg.media.get(n) for n in names) else ()
    return _compared_parts(old, new, old_pkg, new_pkg)


def _compared_parts(old: PackageNote, new: PackageNote, old_pkg: PackageInfo, new_pkg: PackageInfo) -> tuple[str, ...]:
    """:func:`changed_parts` field by field, for any two notes."""
    before = _field_map(old, old_pkg.notetypes.get(old.notetype_id))
    after = _field_map(new, new_pkg.notetypes.get(new.notetype_id))
    parts: set[str] = set()
    for name in before.keys() | after.keys():
        if name == _QUESTION_ID:
            continue
        part, b = after.get(name) or (before[name][0], "")
        a = before.get(name, (part, ""))[1]
        if _IMG.sub("<img>", a) != _IMG.sub("<img>", b):
            parts.add(part)
    if old.tags != new.tags:
        parts.add("tags")
    old_images = [(n, old_pkg.media.get(n)) for f in old.fields for n in _images(f)]
    new_images = [(n, new_pkg.media.get(n)) for f in new.fields for n in _images(f)]
    if old_images != new_images:
        parts.add("media")
    return tuple(sorted(parts, key=lambda p: (_PART_ORDER.index(p) if p in _PART_ORDER else len(_PART_ORDER), p)))


def _schema(notetype: NoteType) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return notetype.fields, notetype.templates


def _schema_change(old: NoteType, new: NoteType) -> str:
    """The field (or card template) names that changed, as the user would fix them."""
    if old.fields == new.fields:
        return f"card templates {', '.join(old.templates)} became {', '.join(new.templates)}"
    added = [f for f in new.fields if f not in old.fields]
    removed = [f for f in old.fields if f not in new.fields]
    bits = [f"added {', '.join(added)}"] if added else []
    bits += [f"removed {', '.join(removed)}"] if removed else []
    return "; ".join(bits) if bits else f"reordered to {', '.join(new.fields)}"


def _listed(ids: Sequence[str], most: int = 10) -> str:
    shown = ", ".join(_one_line(i) for i in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


@dataclass(slots=True)
class _Sorting:
    """One deck's notes as they are sorted, before the report freezes them (see :class:`DeckReport`)."""

    added: list[str] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Change] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)

    def report(self, deck: str) -> DeckReport:
        return DeckReport(
            deck=deck,
            added=tuple(self.added),
            updated=tuple(self.updated),
            refreshed=tuple(self.refreshed),
            unchanged=tuple(self.unchanged),
            skipped=tuple(self.skipped),
            conflicting=tuple(self.conflicting),
            gone=tuple(self.gone),
        )


def compare(old: PackageInfo, new: PackageInfo) -> Report:
    """What importing ``new`` into a collection that imported ``old`` does, per deck, as Anki decides it."""
    remapped = {
        ntid: (nt, new.notetypes[ntid])
        for ntid, nt in old.notetypes.items()
        if ntid in new.notetypes and _schema(nt) != _schema(new.notetypes[ntid])
    }
    old_by_guid = {n.guid: n for n in old.notes}
    new_guids = {n.guid for n in new.notes}
    sorts: dict[str, _Sorting] = {}
    conflicts_by_type: dict[int, list[str]] = {}
    retyped: list[str] = []
    for note in new.notes:
        deck = sorts.setdefault(note.deck, _Sorting())
        before = old_by_guid.get(note.guid)
        if before is None:
            deck.added.append(note.question_id)
        elif note.notetype_id in remapped:  # Anki adds a copy of the note type; existing notes stay as they are
            deck.conflicting.append(note.question_id)
            conflicts_by_type.setdefault(note.notetype_id, []).append(note.question_id)
        elif note.notetype_id != before.notetype_id:
            deck.conflicting.append(note.question_id)
            retyped.append(note.question_id)
        else:
            parts = changed_parts(before, note, old, new)
            newer = note.mod > before.mod
            if parts:
                (deck.updated if newer else deck.skipped).append(Change(note.question_id, parts))
            else:
                (deck.refreshed if newer else deck.unchanged).append(note.question_id)
    for note in old.notes:
        if note.guid not in new_guids:
            sorts.setdefault(note.deck, _Sorting()).gone.append(note.question_id)

    blockers: list[str] = []
    for ntid, ids in conflicts_by_type.items():
        before_nt, after_nt = remapped[ntid]
        count = len(ids)
        blockers.append(
            f"note type {_one_line(after_nt.name)!r} changed its fields ({_schema_change(before_nt, after_nt)}): "
            f"Anki will not update its {count} note{'s' if count != 1 else ''}; "
            "keep the fields, or give the note type a new id"
        )
    if retyped:
        blockers.append(
            f"{_count(retyped, 'question')} changed type ({_listed(retyped)}): Anki will not update "
            f"{'it' if len(retyped) == 1 else 'them'}; keep the type, or give the question a new id"
        )
    skipped = [c.question_id for d in sorts.values() for c in d.skipped]
    if skipped:
        blockers.append(
            f"{_count(skipped, 'changed note')} {'is' if len(skipped) == 1 else 'are'} not newer than in "
            f"{_one_line(Path(old.path).name)} ({_listed(skipped)}): Anki skips "
            f"{'it' if len(skipped) == 1 else 'them'} silently: rebuild with the lock file "
            "(quizgen build) or a later SOURCE_DATE_EPOCH"
        )
    decks = tuple(
        sorting.report(deck) for deck, sorting in sorted(sorts.items(), key=lambda kv: (kv[0].casefold(), kv[0]))
    )
    return Report(old=old.path, new=new.path, decks=decks, blockers=tuple(blockers))


def _count(items: Sized, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


# -- showing ---------------------------------------------------------------------

_GONE_NOTE = "they stay in learners' collections: Anki never deletes notes on import"
_REFRESHED_NOTE = (
    "content unchanged but newer (built without the lock file): Anki rewrites them, "
    "replacing learners' own edits; quizgen build keeps their times"
)


def _change(change: Change, code: str = "") -> str:
    return f"{code}{_one_line(change.question_id)}{code} ({', '.join(change.parts)})"


def _rows(deck: DeckReport, code: str = "") -> list[tuple[str, int, str]]:
    """(label, count, listed ids) for each non-empty kind of one deck."""

    def ids(items: Iterable[str]) -> str:
        return ", ".join(f"{code}{_one_line(i)}{code}" for i in items)

    rows = [
        ("added", len(deck.added), ids(deck.added)),
        ("updated", len(deck.updated), "; ".join(_change(c, code) for c in deck.updated)),
        ("updated without a change", len(deck.refreshed), f"{ids(deck.refreshed)} ({_REFRESHED_NOTE})"),
        ("changed but skipped by Anki", len(deck.skipped), "; ".join(_change(c, code) for c in deck.skipped)),
        ("not updated by Anki (conflicting)", len(deck.conflicting), ids(deck.conflicting)),
        ("unchanged", len(deck.unchanged), ids(deck.unchanged)),
        ("gone from the bank", len(deck.gone), f"{ids(deck.gone)} ({_GONE_NOTE})"),
    ]
    return [row for row in rows if row[1]]


def _summary(report: Report) -> str:
    counts = report.anki_counts()
    return (
        f"Anki on import: {counts['new']} added, {counts['updated']} updated, "
        f"{counts['duplicate']} unchanged, {counts['conflicting']} not updated (conflicting)"
    )


def report_text(report: Report) -> str:
    """The report for the terminal: a block per deck, then the totals Anki's import log will show."""
    lines = [f"Importing {_one_line(report.new)} after {_one_line(report.old)}:"]
    for deck in report.decks:
        lines.append(f"{_one_line(deck.deck)}:")
        lines += [f"  {label} ({count}): {listed}" for label, count, listed in _rows(deck)]
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def report_markdown(report: Report) -> str:
    """The report as Markdown for release notes: a section per deck, ids in code spans."""
    lines = [f"# Changes since `{_one_line(Path(report.old).name)}`", ""]
    for deck in report.decks:
        lines += [f"## {_one_line(deck.deck)}", ""]
        lines += [
            f"- **{label[0].upper()}{label[1:]} ({count}):** {listed}" for label, count, listed in _rows(deck, "`")
        ]
        lines.append("")
    lines += [_summary(report) + ".", ""]
    return "\n".join(lines)


class Refused(QuizgenError):
    """The new packages would leave notes un-updated in learners' collections; ``report`` says which."""

    def __init__(self, report: Report) -> None:
        super().__init__("; ".join(report.blockers))
        self.report = report


def built_package(path: Path, built: BuiltPackage) -> PackageInfo:
    """What :func:`read_package` would read from the package just built, taken from the notes that made it.

    Note types come from the kinds (with the part each field holds), media digests from the model.
    """
    notetypes: dict[int, NoteType] = {}
    for qtype in dict.fromkeys(n.type for n in built.notes):
        note = KINDS[qtype].note
        parts = tuple(f.part for f in note.fields)
        notetypes[note.id] = NoteType(note.id, note.name, note.field_names, (note.card,), parts)
    notes = tuple(
        PackageNote(
            guid=n.guid,
            question_id=n.question_id,
            notetype_id=KINDS[n.type].note.id,
            mod=built.note_times[n.guid],
            fields=tuple("\x1f".join(n.fields).split("\x1f")),  # as the collection stores them
            tags=tuple(sorted(n.tags)),
            deck=n.deck.split("::")[0],
        )
        for n in built.notes
    )
    return PackageInfo(str(path), notetypes, notes, built.media)


def check_release(old: PackageInfo, built: Sequence[tuple[Path, BuiltPackage]]) -> Report:
    """Compares ``old`` with the packages of this build (each target and what went into it); raises
    :class:`Refused` when any note would be skipped by Anki, so the caller writes nothing."""
    report = compare(old, merge_packages([built_package(target, package) for target, package in built]))
    if report.blockers:
        raise Refused(report)
    return report
