"""Anki packages (``.apkg``) that learners can re-import for years without losing anything.

This module owns the note types, the mapping of each question to an Anki note,
and the package bytes. Three things keep learners' collections safe when a
teacher publishes a corrected deck:

* identity never depends on text: note guids come from deck + question id,
  deck ids from deck names, note type ids are fixed constants, so an edit
  updates the note in place (and keeps its cards' review history);
* each note type's fields are fixed once; Anki matches note types by id and
  treats the same id with other fields as a different note type, leaving
  every existing note un-updated. A future change of fields needs a new
  note type with a new id;
* a note's modification time is when its content last changed (from the
  lock file, :mod:`quizgen.lock`): Anki only updates notes that are strictly
  newer, so fixes arrive while untouched notes, and learners' own edits of
  them, are left alone.

Everything genanki would take from the clock or at random (note and card
ids, model and card times, the zip entries' dates) is derived from those
times instead, so the same bank and lock give a byte-identical package.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, assert_never

import genanki

from quizgen import memo
from quizgen.exporters.anki_cards import (
    CSS,
    TEMPLATES,
    CardOption,
    accept_field,
    marked_options_field,
    matching_fields,
    options_field,
    ordering_fields,
)
from quizgen.kinds import KINDS
from quizgen.lock import Lock, Release, lock_text, next_release, restamp
from quizgen.model import (
    Basic,
    Cloze,
    Deck,
    Deletion,
    Matching,
    Mcq,
    Multi,
    Numeric,
    Ordering,
    Question,
    QuestionType,
    TrueFalse,
    Typed,
    card_numbers,
)  # fmt: skip
from quizgen.render import render_cloze, to_html

# -- note types ---------------------------------------------------------------

# Each type's note type (id, name, fields, card sides) is declared by its kind
# (:attr:`quizgen.kinds.Kind.note`). Note type ids are fixed constants, derived
# once from ``"quizgen note type <type> v1"`` (first 8 bytes of its SHA-256,
# folded into [2**30, 2**31)). Never change one: Anki matches note types by id.
# A note type whose fields must change gets a new name ("... v2") and so a new id.
# The fields are planned up front: Anki refuses to update the notes of a note
# type whose fields changed. The first field is never empty.


def _template(qtype: QuestionType) -> dict[str, str]:
    """The card template; its look and scripts live in :mod:`quizgen.exporters.anki_cards`."""
    qfmt, afmt = TEMPLATES[qtype]
    return {"name": KINDS[qtype].note.card, "qfmt": qfmt, "afmt": afmt}


def notetype_definition(qtype: QuestionType) -> dict[str, Any]:
    """Everything that defines a note type's look and shape; its hash goes in the lock."""
    note = KINDS[qtype].note
    return {
        "id": note.id,
        "name": note.name,
        "fields": list(note.field_names),
        "template": _template(qtype),
        "css": CSS,
        "cloze": note.cloze,
    }


class _TimedModel(genanki.Model):  # type: ignore[misc]
    """A genanki model whose modification time is given, not the build's clock."""

    def __init__(self, qtype: QuestionType, mod: int) -> None:
        spec = notetype_definition(qtype)
        super().__init__(
            model_id=spec["id"],
            name=spec["name"],
            fields=[{"name": name} for name in spec["fields"]],
            templates=[dict(spec["template"])],
            css=spec["css"],
            model_type=genanki.Model.CLOZE if spec["cloze"] else genanki.Model.FRONT_BACK,
        )
        self.mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        data: dict[str, Any] = super().to_json(timestamp, deck_id)
        data["mod"] = self.mod
        return data


_NOTE_SQL = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)"
_CARD_SQL = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"


class _TimedNote(genanki.Note):  # type: ignore[misc]
    """A genanki note stamped with its own modification time (when its content last changed).

    genanki stamps every note with one package-wide time; Anki would then
    either skip real fixes or overwrite every note a learner edited.
    """

    def __init__(self, model: _TimedModel, note: AnkiNote, due: int, mod: int) -> None:
        # genanki's own __init__ re-checks every tag (already made valid by anki_tag) and was
        # the slowest step of a large export; only what genanki's Deck and Package read is set.
        self.model = model
        self.note = note
        self.due = due
        self.mod = mod
        self.ords = tuple(n - 1 for n in note.cloze_numbers) if note.cloze_numbers else (0,)

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: Iterator[int]) -> None:
        note_row, card_rows = self.rows(deck_id, id_gen)
        cursor.execute(_NOTE_SQL, note_row)
        cursor.executemany(_CARD_SQL, card_rows)

    def rows(self, deck_id: int, id_gen: Iterator[int]) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
        """The note's row and its cards' rows, ids taken from ``id_gen`` in genanki's order (note, then cards)."""
        # Fields are escaped by quizgen.render, so genanki's HTML warning check is skipped.
        note = self.note
        note_id = next(id_gen)
        note_row = (note_id, note.guid, self.model.model_id, self.mod, -1, _tag_text(note.tags), note.fields_text,
                    note.fields[0], 0, 0, "")  # fmt: skip
        cards: list[tuple[object, ...]] = [
            (next(id_gen), note_id, deck_id, ord_, self.mod, -1, 0, 0, self.due, 0, 0, 0, 0, 0, 0, 0, 0, "")
            for ord_ in self.ords
        ]
        return note_row, cards


@functools.lru_cache(maxsize=4096)
def _tag_text(tags: tuple[str, ...]) -> str:
    """Tags as the ``tags`` column holds them, space-padded; cached: the notes of a file mostly share theirs."""
    return f" {' '.join(tags)} " if tags else ""


class _Deck(genanki.Deck):  # type: ignore[misc]
    """A genanki deck that writes only its notes; :func:`_write_col` writes every deck's part of the collection.

    genanki's own ``Deck.write_to_db`` reads, updates and writes back the collection's JSON of every deck
    and every note type, deck after deck: with a subdeck per topic and the cards' scripts in every note
    type, that JSON round trip was a third of writing a large package.
    """

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, id_gen: Iterator[int]) -> None:
        # all notes in one statement, all cards in another: the package is VACUUMed after, so rows written
        # table by table give the bytes rows written note by note give (a statement per row was most of it)
        note_rows: list[tuple[object, ...]] = []
        card_rows: list[tuple[object, ...]] = []
        for note in self.notes:
            note_row, cards = note.rows(self.deck_id, id_gen)
            note_rows.append(note_row)
            card_rows += cards
        cursor.executemany(_NOTE_SQL, note_rows)
        cursor.executemany(_CARD_SQL, card_rows)


def _write_col(cursor: sqlite3.Cursor, decks: Sequence[genanki.Deck], timestamp: float) -> None:
    """The collection's decks and note types (its ``col`` row) exactly as genanki's ``Deck.write_to_db`` leaves
    them after writing ``decks`` in order, with one JSON round trip instead of one per deck.

    genanki updates the note types it loaded (keyed by text) with integer keys, so each write holds a note
    type twice, and the next read keeps the position of the first and the value of the last; the last
    deck's write, never read back, keeps both. That is what is stored, and what is reproduced here.
    """
    (decks_text,) = cursor.execute("SELECT decks FROM col").fetchone()
    (models_text,) = cursor.execute("SELECT models FROM col").fetchone()
    all_decks: dict[str, Any] = json.loads(decks_text)
    read: dict[str, Any] = json.loads(models_text)  # as the next deck's write would read them
    written: dict[int, Any] = {}  # the last deck's note types, as it wrote them
    for deck in decks:
        all_decks[str(deck.deck_id)] = deck.to_json()
        for note in deck.notes:
            deck.add_model(note.model)
        for model_id, model in written.items():
            read[str(model_id)] = model
        written = {model.model_id: model.to_json(timestamp, deck.deck_id) for model in deck.models.values()}
    cursor.execute("UPDATE col SET decks = ?", (json.dumps(all_decks),))
    cursor.execute("UPDATE col SET models = ?", (json.dumps({**read, **written}),))


# -- questions to notes -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """One question as an Anki note: where it goes, what it holds, and its stable guid."""

    question_id: str
    type: QuestionType
    deck: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    cloze_numbers: tuple[int, ...] = ()
    #: :attr:`content_hash` when it was made with the fields (or kept with them, :func:`deck_notes`); "" when not.
    known_hash: str = dataclasses.field(default="", compare=False, repr=False)
    #: The fields joined by ``\x1f``, as Anki stores them, when a kept note came with them so; "" when not.
    known_text: str = dataclasses.field(default="", compare=False, repr=False)

    @property
    def fields_text(self) -> str:
        """The fields as Anki's ``flds`` column holds them: joined by ``\x1f``."""
        return self.known_text or "\x1f".join(self.fields)

    @property
    def content_hash(self) -> str:
        """Changes exactly when what Anki stores for the note changes (fields, tags, note type)."""
        return self.known_hash or content_hash(self.type, self.fields, self.tags)


def content_hash(qtype: QuestionType, fields: Sequence[str], tags: Sequence[str]) -> str:
    """:attr:`AnkiNote.content_hash` of a note of that type with those fields and tags (what the lock records)."""
    data = json.dumps([KINDS[qtype].note.id, fields, tags], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


_BASE91 = "".join(genanki.util.BASE91_TABLE)


def note_guid(deck_name: str, question_id: str) -> str:
    """The note's identity: deck and id only, never text, so edits update the same note.

    ``genanki.guid_for(deck_name, question_id)`` (the first 8 bytes of a SHA-256 in Anki's base 91),
    computed with C integer arithmetic: it ran once per note and was a tenth of an export.
    """
    number = int.from_bytes(hashlib.sha256(f"{deck_name}__{question_id}".encode()).digest()[:8], "big")
    digits = []
    while number:
        number, digit = divmod(number, 91)
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def subdeck_names(deck: Deck) -> dict[str, str]:
    """Topic -> ``Deck::2 Topic``: numbered by file order, so Anki's default new-card order follows the bank."""
    return {topic.name: f"{deck.name}::{i} {topic.name}" for i, topic in enumerate(deck.topics, start=1)}


def deck_id(name: str, salt: int = 0) -> int:
    """A deck id derived from the full deck name, in the range genanki recommends."""
    digest = hashlib.sha256(f"quizgen deck\x1f{name}\x1f{salt}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


_WS = re.compile(r"\s+")
_BAD_TAG_CHARS = re.compile(r'["\x00-\x1f\x7f]')


def anki_tag(text: str) -> str:
    """A tag as Anki keeps it: NFC, whitespace as ``_``, no quotes or control characters, no empty ``::`` parts."""
    parts = (
        _BAD_TAG_CHARS.sub("", _WS.sub("_", part.strip())) for part in unicodedata.normalize("NFC", text).split("::")
    )
    return "::".join(part for part in parts if part)


def note_tags(question: Question) -> tuple[str, ...]:
    """``Deck::Topic`` and ``Deck::tag`` for each tag: namespaced, so other decks' tags never clash."""
    return _tags(question.deck, question.topic, question.tags)


@functools.lru_cache(maxsize=4096)
def _tags(deck: str, topic: str, tags: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: the questions of one file mostly share all three.
    root = anki_tag(deck)
    chosen: dict[str, str] = {}
    for raw in (topic, *tags):
        tag = anki_tag(raw)
        if tag:
            full = f"{root}::{tag}" if root else tag
            chosen.setdefault(full.casefold(), full)
    return tuple(sorted(chosen.values(), key=lambda t: (t.casefold(), t)))


def _html(text: str | None, images: Mapping[str, str] | None = None) -> str:
    """:func:`quizgen.render.to_html` of a field that may be absent."""
    return to_html(text, images) if text else ""


def _media_names(question: Question) -> dict[str, str]:
    """``src`` as written -> the media file's name in the package."""
    return {image.src: image.file.media_name for image in question.images}


def _card_options(question: Mcq | Multi, images: Mapping[str, str]) -> list[CardOption]:
    """The options in their stable shuffled order (pinned ones last), with their reasons, as the fields take them."""
    return [
        CardOption(_html(o.text, images), _html(o.why, images), question.is_right(o), o.text in question.pinned)
        for o in question.shuffled_options()
    ]


def _cloze_html(question: Cloze, images: Mapping[str, str]) -> str:
    """Markdown rendered around (and inside) ``{{cN::text::hint}}`` without breaking the markers."""

    def deletion(d: Deletion) -> str:
        body = f"{{{{c{d.number}::{to_html(d.text)}"
        return body + (f"::{to_html(d.hint)}}}}}" if d.hint else "}}")

    return render_cloze(question.pieces, lambda text: to_html(text, images), deletion)


def note_fields(question: Question) -> tuple[str, ...]:
    """The note's fields, in the order of its kind's note type, as safe HTML."""
    images = _media_names(question)
    tail = (_html(question.explanation, images), _html(question.source), question.id)
    match question:
        case Basic():
            return (_html(question.prompt, images), _html(question.answer, images), *tail)
        case Mcq() | Multi():
            right = "<br>".join(_html(o.text, images) for o in question.correct)
            options = _card_options(question, images)
            prompt = _html(question.prompt, images)
            return (prompt, options_field(options), right, marked_options_field(options), *tail)
        case TrueFalse():
            return (_html(question.prompt, images), "True" if question.answer else "False", *tail)
        case Cloze():
            return (_cloze_html(question, images), *tail)
        case Typed():
            accept = accept_field([_html(a) for a in question.accept])
            return (_html(question.prompt, images), _html(question.answer), accept, *tail)
        case Numeric():
            from quizgen.judge import accepted_range, number_range, number_text  # rapidfuzz only when needed

            low, high = number_range(question.answer, question.tolerance)
            accepted = accepted_range(question.answer, question.tolerance, question.unit)
            unit, shown = html.escape(question.unit or ""), html.escape(accepted)
            prompt = _html(question.prompt, images)
            return (prompt, number_text(question.answer), unit, shown, number_text(low), number_text(high), *tail)
        case Matching():
            order = question.shuffled_matches()
            place = {k: at for at, k in enumerate(order)}
            matches = [_html(question.matches[k]) for k in order]
            fields = matching_fields(
                [_html(p.item) for p in question.pairs], matches, [place[i] for i in range(len(question.pairs))]
            )
            return (_html(question.prompt, images), *fields, *tail)
        case Ordering():
            order = question.shuffled_entries()
            place = {k: at for at, k in enumerate(order)}
            entries, answer = ordering_fields(
                [_html(question.answer[k]) for k in order], [place[i] for i in range(len(question.answer))]
            )
            return (_html(question.prompt, images), entries, answer, *tail)
        case _:
            assert_never(question)


def to_note(question: Question, subdeck: str) -> AnkiNote:
    """``question`` as a note in ``subdeck``, rendered now (:func:`deck_notes` reuses kept notes)."""
    return _note(question, subdeck, note_guid(question.deck, question.id), note_fields(question), "")


# -- the package --------------------------------------------------------------


def _deck_ids(names: Iterable[str]) -> dict[str, int]:
    """Ids for every deck name; a (very unlikely) clash is resolved deterministically."""
    ids: dict[str, int] = {}
    taken: set[int] = set()
    for name in sorted(set(names)):
        salt = 0
        while (did := deck_id(name, salt)) in taken:
            salt += 1
        ids[name] = did
        taken.add(did)
    return ids


def _zip_time(timestamp: int) -> tuple[int, int, int, int, int, int]:
    # zip dates run from 1980 to 2107: a later build time is recorded as the last one the format holds
    when = dt.datetime.fromtimestamp(min(max(timestamp, 315532800), 4354819198), dt.UTC)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def package_bytes(
    decks: Sequence[Deck],
    notes: Sequence[AnkiNote],
    media: Mapping[str, bytes],
    note_times: Mapping[str, int],
    notetype_times: Mapping[QuestionType, int],
    package_time: int,
    descriptions: Mapping[str, str] | None = None,
) -> bytes:
    """The .apkg of ``notes`` (times by guid) with ``media`` (name -> bytes); same inputs, same bytes.

    The collection is built in memory and serialised, and the zip entries
    carry ``package_time``, so nothing depends on when or where it is built.
    """
    models = {t: _TimedModel(t, notetype_times[t]) for t in KINDS if t in notetype_times}
    names = [d.name for d in decks] + [n.deck for n in notes]
    ids = _deck_ids(names)
    about = descriptions or {}
    gdecks = {name: _Deck(ids[name], name, description=about.get(name, "")) for name in dict.fromkeys(names)}
    for due, note in enumerate(notes, start=1):
        gdecks[note.deck].add_note(_TimedNote(models[note.type], note, due, note_times[note.guid]))

    conn = sqlite3.connect(":memory:")
    try:
        # no rollback journal, VACUUM's copy in memory: less work, the same file (it is VACUUMed and serialised)
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA temp_store = MEMORY")
        cursor = conn.cursor()
        genanki.Package(list(gdecks.values())).write_to_db(cursor, package_time, itertools.count(package_time * 1000))
        _write_col(cursor, list(gdecks.values()), package_time)
        conn.commit()
        conn.execute("VACUUM")  # genanki's inserts leave free pages: a smaller file, the same content
        collection = conn.serialize()
    finally:
        conn.close()

    # Stored, not deflated, as genanki does: faster, the same bytes whatever zlib is installed,
    # and git can delta a stored package against the previous one.
    stamp = _zip_time(package_time)
    files = sorted(media)
    index = json.dumps({str(i): name for i, name in enumerate(files)}, separators=(",", ":")).encode()
    entries = [("collection.anki2", collection), ("media", index)]
    entries += [(str(i), media[name]) for i, name in enumerate(files)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # as on Unix, wherever it is built
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def _notetype_hashes(notes: Iterable[AnkiNote]) -> dict[QuestionType, str]:
    used = {n.type for n in notes}
    return {
        t: hashlib.sha256(json.dumps(notetype_definition(t), sort_keys=True).encode()).hexdigest()[:16]
        for t in KINDS
        if t in used
    }


#: Each note type's number of fields, to tell a kept part's fields apart (see :func:`deck_notes`).
_FIELD_COUNTS = {qtype: len(kind.note.field_names) for qtype, kind in KINDS.items()}


def deck_notes(decks: Iterable[Deck], hashed: bool = False) -> list[AnkiNote]:
    """Every question of ``decks`` as a note, in the bank's order; ``hashed`` makes each note's content hash too.

    A note's guid, content hash and fields are a function of its question alone (its deck and id, its text,
    its images' digests), so inside a :func:`quizgen.memo.kept` block they are kept between builds, keyed
    by the question, a run of about a hundred questions to a row (:func:`quizgen.memo.listed_by_runs`), and
    only the runs holding questions edited since are rendered. A kept part holds them with
    ``\x1f`` between them, as Anki stores fields; a part whose fields hold ``\x1f`` themselves does not
    split into its note type's number of fields, and is rendered again.
    """
    notes: list[AnkiNote] = []
    for deck in decks:
        notes += _deck_notes(deck, hashed)
    return notes


def _deck_notes(deck: Deck, hashed: bool) -> list[AnkiNote]:
    subdecks = subdeck_names(deck)
    questions = list(deck.questions())
    if memo.digest(_PROBE) == b"":  # parts are not kept in this run: each note made as it is rendered
        notes = []
        for question in questions:
            guid, fields = note_guid(question.deck, question.id), note_fields(question)
            known = content_hash(question.type, fields, note_tags(question)) if hashed else ""
            notes.append(_note(question, subdecks[question.topic], guid, fields, known))
        return notes
    fresh: dict[int, tuple[str, tuple[str, ...], str]] = {}  # rendered in this run: taken as made, not split

    def render(question: Question) -> str:
        guid, fields = note_guid(question.deck, question.id), note_fields(question)
        known = content_hash(question.type, fields, note_tags(question)) if hashed else ""
        fresh[id(question)] = (guid, fields, known)
        return "\x1f".join((guid, known, *fields))

    parts = memo.listed_by_runs("anki-note-hashed" if hashed else "anki-note", questions, _note_context, render)
    notes = []
    for question, part in zip(questions, parts, strict=True):
        made = fresh.get(id(question))
        if made is None:
            pieces = part.split("\x1f")
            if len(pieces) == _FIELD_COUNTS[question.type] + 2:
                # the fields as the package stores them are the part's end: not joined again per note
                text = part[len(pieces[0]) + len(pieces[1]) + 2 :]
                notes.append(_note(question, subdecks[question.topic], pieces[0], tuple(pieces[2:]), pieces[1], text))
                continue
            render(question)
            made = fresh[id(question)]
        notes.append(_note(question, subdecks[question.topic], *made))
    return notes


#: Digested to learn whether parts are kept: :func:`quizgen.memo.digest` is empty when they are not (only a
#: shortcut: were it not, every note would go through :func:`quizgen.memo.listed_by_runs`, rendered all the same).
_PROBE = "anki note"


def _note_context(question: Question) -> object:
    """Everything a note's guid, fields and hash are made of: the whole question (code is the store's own)."""
    return memo.digest(question)


def _note(
    question: Question, subdeck: str, guid: str, fields: tuple[str, ...], known_hash: str, known_text: str = ""
) -> AnkiNote:
    # positional: made once per question of a build, where keywords cost a tenth of taking a kept note
    numbers = card_numbers(question) if isinstance(question, Cloze) else ()
    tags = _tags(question.deck, question.topic, question.tags)
    return AnkiNote(question.id, question.type, subdeck, guid, fields, tags, numbers, known_hash, known_text)


def deck_media(decks: Iterable[Deck]) -> dict[str, bytes]:
    """Every image the decks' questions show, once each, by its content-derived name."""
    return {image.file.media_name: image.file.read() for deck in decks for q in deck.questions() for image in q.images}


@dataclass(frozen=True, slots=True)
class BuiltPackage:
    """A package's bytes and what went into them, so that a release check reads the notes, not the bytes back.

    ``notes`` are in the package's order, ``note_times`` by guid, ``media`` the
    media file names with the SHA-256 of their bytes.
    """

    data: bytes
    notes: tuple[AnkiNote, ...]
    note_times: Mapping[str, int]
    media: Mapping[str, str]


def _built(
    decks: Sequence[Deck], notes: Sequence[AnkiNote], note_times: Mapping[str, int], data: bytes
) -> BuiltPackage:
    # genanki writes deck by deck (in order of first note), each deck's notes in order: the package's note order
    first = {name: i for i, name in enumerate(dict.fromkeys(n.deck for n in notes))}
    media = {image.file.media_name: image.file.sha256 for deck in decks for q in deck.questions() for image in q.images}
    return BuiltPackage(data, tuple(sorted(notes, key=lambda n: first[n.deck])), note_times, media)


def locked_package(deck: Deck, lock: Lock, now: int, about: str = "") -> tuple[BuiltPackage, str]:
    """The package of ``deck`` and the text of its updated lock.

    ``about`` (Markdown: paragraphs and ``-`` lists) opens the deck description,
    before the changelog: what the deck is, who keeps it, how to update it.

    Note times come from ``lock``: unchanged questions keep their time (so Anki
    leaves their notes, and learners' edits, alone, and an unchanged bank
    rebuilds byte for byte); changed and new ones get ``now``; removed ones
    leave the lock.
    """
    notes = deck_notes([deck], hashed=True)
    stamped = Lock(
        questions=restamp(lock.questions, {n.question_id: n.content_hash for n in notes}, now),
        notetypes=restamp(lock.notetypes, {str(t): h for t, h in _notetype_hashes(notes).items()}, now),
    )
    new = dataclasses.replace(stamped, release=next_release(lock, stamped))
    note_times = {n.guid: new.questions[n.question_id].time for n in notes}
    notetype_times = {t: new.notetypes[t].time for t in KINDS if t in new.notetypes}
    description = about_html(about) + (changelog_html(new.release) if new.release else "")
    descriptions = {deck.name: description} if description else {}
    data = package_bytes([deck], notes, deck_media([deck]), note_times, notetype_times, new.newest(), descriptions)
    return _built([deck], notes, note_times, data), lock_text(new)


def about_html(text: str) -> str:
    """A deck's about text as description HTML: blank lines part paragraphs, ``- `` lines make a list."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{to_html(line[2:])}</li>" for line in lines) + "</ul>")
        elif lines:
            blocks.append(f"<p>{to_html(' '.join(lines))}</p>")
    return "".join(blocks)


def changelog_html(release: Release) -> str:
    """The deck description learners see in Anki (it is replaced on every import): what this version changed."""
    when = dt.datetime.fromtimestamp(release.time, dt.UTC).strftime("%Y-%m-%d")

    def line(label: str, ids: Sequence[str]) -> str:
        if not ids:
            return ""
        shown = ", ".join(ids[:40]) + (f", and {len(ids) - 40} more" if len(ids) > 40 else "")
        return f"<li>{label} ({len(ids)}): {html.escape(shown)}</li>"

    removed = "" if not release.removed else line("Retired, kept in your collection", release.removed)
    return (
        f"<p><b>This version ({when})</b></p><ul>{line('New', release.added)}{line('Updated', release.updated)}"
        f"{removed}</ul><p>Your review history is kept; only the notes listed changed.</p>"
    )


def unlocked_build(decks: Sequence[Deck], now: int) -> BuiltPackage:
    """One package with ``decks``, every note and note type stamped ``now`` (newer than any earlier build)."""
    notes = deck_notes(decks)
    times = dict.fromkeys(_notetype_hashes(notes), now)
    note_times = {n.guid: now for n in notes}
    return _built(decks, notes, note_times, package_bytes(decks, notes, deck_media(decks), note_times, times, now))


def unlocked_package(decks: Sequence[Deck], now: int) -> bytes:
    """The bytes of :func:`unlocked_build`."""
    return unlocked_build(decks, now).data
