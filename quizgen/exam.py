"""The exam as printed: a JSON record of every version, written beside each printed quiz for ``quizgen mark``.

Marking reads this record, never the bank, so a bank edited after the exam
still marks the exam as it was printed: which member of each pool a version
drew, the letters its options got, its cloze labels (``3a``, ``3b``, one per
deletion number, as the page and the key print them), each part's points. The
fields are described in ``docs/exam-json.md``; :data:`FORMAT` and
:data:`VERSION` name the format so that a file from elsewhere, or from a newer
quizgen, is refused instead of misread.

:func:`exam_record` turns planned versions (:mod:`quizgen.exporters.html`)
into the record; :func:`read_exam` reads one back into :class:`Exam`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from quizgen.errors import Problem, QuizgenError
from quizgen.model import Basic, Cloze, Matching, Mcq, Multi, Numeric, Ordering, Question, TrueFalse, Typed
from quizgen.render import to_plain

if TYPE_CHECKING:
    from quizgen.exporters.html import PrintedDeck, PrintedQuestion, PrintOptions, Version

FORMAT = "quizgen-exam"
#: The format's version: raised whenever a reader of an older version would misread a newer file.
VERSION = 1
#: Types whose cell holds the points a teacher gave, not an answer.
HAND_MARKED = frozenset({"basic"})


def _number(value: Fraction) -> int | float:
    """Points as JSON: an integer when whole, else the nearest float (readers recompute exact shares)."""
    return int(value) if value.denominator == 1 else float(value)


def _scoring(question: Question) -> str:
    """``all`` (every part right) or ``partial``; types without the key are all-or-nothing."""
    return str(getattr(question, "scoring", None) or "all")


def question_record(pq: PrintedQuestion) -> dict[str, Any]:
    """One printed question: what a marker needs to mark its cells, and to explain the marks."""
    from quizgen.answers import cloze_wrong

    q = pq.question
    record: dict[str, Any] = {
        "number": pq.number,
        "id": q.id,
        "type": q.type,
        "topic": q.topic,
        "points": _number(pq.points),
        "scoring": _scoring(q),
        "pool": q.pool,
        "labels": [str(pq.number)],
    }
    match q:
        case Mcq() | Multi():
            whys = {to_plain(o.text): o.why for o in q.options}
            record["options"] = [
                {"letter": o.letter, "text": o.plain, "right": o.correct, "why": to_plain(whys.get(o.plain) or "")}
                for o in pq.options
            ]
        case TrueFalse():
            record["answer"] = q.answer
            record["options"] = [
                {"letter": "T", "text": "True", "right": q.answer, "why": ""},
                {"letter": "F", "text": "False", "right": not q.answer, "why": ""},
            ]
        case Typed():
            record["answer"] = to_plain(q.answer)
            record["accept"] = [to_plain(a) for a in q.accept]
        case Numeric():  # marked by judge_number from these three, as play and the card judge it
            record["answer"] = q.answer
            record["tolerance"] = q.tolerance  # absolute, or "N%" of the answer
            record["unit"] = q.unit
        case Basic():
            record["answer"] = to_plain(q.answer)
        case Cloze():
            record["labels"] = [g.label for g in pq.blanks]
            record["blanks"] = [
                {
                    "label": g.label,
                    "number": g.number,
                    "answers": [to_plain(t) for t in q.answers(g.number)],  # every place: judged as play judges
                    "accept": [to_plain(a) for a in q.accepted(g.number)],
                    "wrong": cloze_wrong(q, g.number),
                    "points": _number(g.points),
                }
                for g in pq.blanks
            ]
        case Matching():  # marked from the letters: each item's right match, as the page letters them
            record["items"] = [
                {"text": to_plain(p.item), "match": ltr} for p, ltr in zip(q.pairs, pq.letters, strict=True)
            ]
            record["matches"] = [{"letter": o.letter, "text": o.plain} for o in pq.options]
        case Ordering():
            record["entries"] = [{"letter": o.letter, "text": o.plain} for o in pq.options]
            record["order"] = "".join(pq.letters)
        case _:
            assert_never(q)
    return record


def exam_record(decks: Sequence[PrintedDeck]) -> dict[str, Any]:
    """The whole exam of one printed file: per deck, per version, each question as printed."""
    return _record(decks, lambda v: [question_record(pq) for pq in v.questions])


def _record(decks: Sequence[PrintedDeck], questions: Callable[[Version], Any]) -> dict[str, Any]:
    """The record of :func:`exam_record`, each version's questions as ``questions`` gives them."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "decks": [
            {
                "name": deck.name,
                "topics": _printed_topics(deck),
                "versions": [
                    {"version": v.letter, "points": _number(v.points), "questions": questions(v)} for v in deck.versions
                ],
            }
            for deck in decks
        ],
    }


def _printed_topics(deck: PrintedDeck) -> list[str]:
    """The deck's topics that some version prints a question of, in the deck's order."""
    printed = frozenset[str]().union(*(v.topics for v in deck.versions))
    return [t for t in deck.topics if t in printed]


class _LaidTexts(list[str]):
    """JSON text already laid out where it stands in the file, as texts to join (:func:`_emit` copies them)."""

    __slots__ = ()


#: Where a question's record stands in the file: decks[i].versions[j].questions[k], six levels deep.
_QUESTION_NEWLINE = "\n" + "  " * 6
#: What stands between two questions' records in a version's list (a record starts with its own ``{``).
QUESTION_SEPARATOR = "," + _QUESTION_NEWLINE


def question_json(pq: PrintedQuestion) -> str:
    """One question's record as the exam file holds it, at its own indentation (a part kept between builds)."""
    out: list[str] = []
    _emit(question_record(pq), _QUESTION_NEWLINE, out)
    return "".join(out)


def exam_json(decks: Sequence[PrintedDeck]) -> str:
    """The record as the file holds it: stable key order, UTF-8 text, one trailing newline.

    Each question's record is rendered once, or reused from the store (:mod:`quizgen.memo`) with the
    number, order and version it was printed with: the bytes of :func:`indented_json` of the whole record.
    """
    from quizgen.exporters.html import pieces_of

    def questions(v: Version) -> Any:
        sections = [texts for texts in pieces_of(v, ("exam",))["exam"] if texts]
        if not sections:
            return []
        laid = _LaidTexts(["[", _QUESTION_NEWLINE])
        for texts in sections:
            if len(laid) > 2:
                laid.append(QUESTION_SEPARATOR)
            laid += texts
        laid += [_QUESTION_NEWLINE[:-2], "]"]
        return laid

    return indented_json(_record(decks, questions)) + "\n"


_encode_string = json.encoder.encode_basestring  # the C function behind ensure_ascii=False
_CONTAINERS = (dict, list, tuple)


def _unserializable(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


@functools.cache
def _flat(inner: str) -> Callable[[object, int], Sequence[str]]:
    """The C encoder with ``,`` + ``inner`` between items.

    It writes a container of leaves as ``indent=2`` lays it out, less its brackets' line breaks;
    keys, numbers, ``NaN`` and strings are spelt as by :func:`json.dumps` (the same C code).
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator: its Python twin spells leaves the same
        return lambda value, _: [json.dumps(value, ensure_ascii=False, separators=("," + inner, ": "))]
    encoder: Callable[[object, int], Sequence[str]] = make(
        None, _unserializable, _encode_string, None, ": ", "," + inner, False, False, True
    )
    return encoder


#: Exactly these types are leaves the C encoder spells as json.dumps does; anything else takes the careful path.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _emit(value: object, newline: str, out: list[str]) -> None:
    """Append ``value`` to ``out`` as ``indent=2`` lays it out, ``newline`` being its own line's break and indent."""
    if type(value) is _LaidTexts:
        out += value
        return
    inner = newline + "  "
    if isinstance(value, dict):
        if value and not _LEAVES.issuperset(map(type, value.values())):
            sep = "{" + inner
            for key, item in value.items():
                name = _encode_string(key) if type(key) is str else "".join(_flat(inner)({key: 0}, 0))[1:-4]
                kind = type(item)
                if kind is str:
                    out.append(f"{sep}{name}: {_encode_string(item)}")
                elif kind is int:
                    out.append(f"{sep}{name}: {int.__repr__(item)}")
                else:
                    out.append(f"{sep}{name}: ")
                    _emit(item, inner, out)
                sep = "," + inner
            out.append(newline + "}")
            return
    elif isinstance(value, (list, tuple)):
        if value and not _LEAVES.issuperset(map(type, value)):
            sep = "[" + inner
            for item in value:
                out.append(sep)
                _emit(item, inner, out)
                sep = "," + inner
            out.append(newline + "]")
            return
    text = "".join(_flat(inner)(value, 0))
    if isinstance(value, _CONTAINERS) and len(text) > 2:  # not empty: its items on lines of their own
        text = text[0] + inner + text[1:-1] + newline + text[-1]
    out.append(text)


def indented_json(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, several times faster.

    With an indent, :func:`json.dumps` takes Python's pure-Python encoder; a 50,000-question
    exam record spent seconds there. This lays out the nesting itself and hands every
    container that holds only leaves (most of the record) to the C encoder.
    """
    out: list[str] = []
    _emit(value, "\n", out)
    return "".join(out)


def exam_outputs(target: Path, planned: Sequence[PrintedDeck], options: PrintOptions) -> list[tuple[Path, str]]:
    """``<name>.json`` beside a printed ``<name>.html`` (planned once, for both); none for a study sheet."""
    if options.study:
        return []
    if target.suffix == ".json":
        raise QuizgenError(f"{target}: the exam record is written beside the quiz as <name>.json; name the quiz .html")
    return [(target.with_suffix(".json"), exam_json(planned))]


# -- reading it back ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExamOption:
    letter: str
    text: str
    right: bool
    why: str = ""


@dataclass(frozen=True, slots=True)
class ExamBlank:
    """One label of a cloze: its answers, other accepted answers, the texts never right for it, its points."""

    label: str
    answers: tuple[str, ...]
    accept: tuple[str, ...]
    wrong: tuple[str, ...]
    points: Fraction


@dataclass(frozen=True, slots=True)
class Lettered:
    """A match of a matching or an entry of an ordering, as printed with its letter."""

    letter: str
    text: str


@dataclass(frozen=True, slots=True)
class ExamQuestion:
    """One question of one version as printed; only the fields of its type are filled."""

    number: int
    id: str
    type: str
    topic: str
    points: Fraction
    scoring: str
    pool: str | None
    labels: tuple[str, ...]
    options: tuple[ExamOption, ...] = ()
    answer: Any = None
    accept: tuple[str, ...] = ()
    blanks: tuple[ExamBlank, ...] = ()
    tolerance: float | str = 0
    unit: str | None = None
    items: tuple[str, ...] = ()
    item_matches: str = ""  # the right match letter of each item, in item order
    matches: tuple[Lettered, ...] = ()
    entries: tuple[Lettered, ...] = ()
    order: str = ""  # the entry letters from first to last

    @property
    def key(self) -> str:
        """Its column in scores.csv: the id, or ``pool:NAME`` for every member of a pool."""
        return f"pool:{self.pool}" if self.pool else self.id


@dataclass(frozen=True, slots=True)
class ExamVersion:
    letter: str
    points: Fraction
    questions: tuple[ExamQuestion, ...]


@dataclass(frozen=True, slots=True)
class Exam:
    """One deck's printed exam, every version."""

    deck: str
    topics: tuple[str, ...]
    versions: tuple[ExamVersion, ...]


def _question(raw: Mapping[str, Any]) -> ExamQuestion:
    points = Fraction(raw["points"]).limit_denominator(1000)
    blanks = tuple(
        ExamBlank(
            label=str(b["label"]),
            answers=tuple(map(str, b["answers"])),
            accept=tuple(map(str, b.get("accept", ()))),
            wrong=tuple(map(str, b.get("wrong", ()))),
            points=points / len(raw["blanks"]),
        )
        for b in raw.get("blanks", ())
    )
    items = raw.get("items", ())
    if raw["type"] == "numeric":
        float(raw["answer"])  # a number, or the file is damaged (ValueError, TypeError)
    return ExamQuestion(
        number=int(raw["number"]),
        id=str(raw["id"]),
        type=str(raw["type"]),
        topic=str(raw.get("topic", "")),
        points=points,
        scoring=str(raw.get("scoring") or "all"),
        pool=raw.get("pool") or None,
        labels=tuple(map(str, raw.get("labels") or [str(raw["number"])])),
        options=tuple(
            ExamOption(str(o["letter"]), str(o["text"]), bool(o["right"]), str(o.get("why") or ""))
            for o in raw.get("options", ())
        ),
        answer=raw.get("answer"),
        accept=tuple(map(str, raw.get("accept", ()))),
        blanks=blanks,
        tolerance=raw.get("tolerance") or 0,
        unit=raw.get("unit") or None,
        items=tuple(str(i["text"]) for i in items),
        item_matches="".join(str(i["match"]) for i in items),
        matches=tuple(Lettered(str(m["letter"]), str(m["text"])) for m in raw.get("matches", ())),
        entries=tuple(Lettered(str(e["letter"]), str(e["text"])) for e in raw.get("entries", ())),
        order=str(raw.get("order", "")),
    )


def read_exam(path: Path) -> Exam:
    """The exam ``quizgen print`` wrote to ``path``; refuses any other file, or a newer format, at ``path:1``."""

    def refuse(message: str) -> QuizgenError:
        return QuizgenError("cannot mark with this exam file", [Problem(str(path), 1, message)])

    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as e:
        raise refuse(f"cannot read the exam file: {e.strerror or e}") from None
    except (UnicodeDecodeError, ValueError):
        raise refuse(
            "not an exam written by quizgen print (not JSON); give the .json written beside the quiz"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise refuse(f'not an exam written by quizgen print (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise refuse("not an exam written by quizgen print (no format version)")
    if version > VERSION:
        raise refuse(
            f"written by a newer quizgen (exam format version {version}; this one reads up to {VERSION}): "
            "upgrade quizgen"
        )
    try:
        decks = data["decks"]
        if len(decks) != 1:
            raise refuse(
                f"holds {len(decks)} decks; mark one deck at a time: print each deck to its own file (without -o)"
            )
        deck = decks[0]
        return Exam(
            deck=str(deck["name"]),
            topics=tuple(map(str, deck["topics"])),
            versions=tuple(
                ExamVersion(
                    letter=str(v["version"]),
                    points=Fraction(v["points"]).limit_denominator(1000),
                    questions=tuple(_question(q) for q in v["questions"]),
                )
                for v in deck["versions"]
            ),
        )
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        raise refuse("a damaged exam file (a field is missing or of the wrong kind); print the quiz again") from None
