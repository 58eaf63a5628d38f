"""A reader of Moodle XML written for the tests: every field ``quizgen moodle`` writes, read back.

It follows what Moodle's importer (question/format/xml/format.php) does with
each element, so a test can assert on what a teacher gets: a category question
sets the category of the questions after it (its path split at ``/`` that is
not ``//``), texts are trimmed, ``fraction`` is a percentage, files are base64.
An Embedded answers (cloze) text is read the way Moodle's cloze parser reads it:
``{weight:TYPE:alternatives}``, each alternative ``=answer``, ``%N%answer`` or
``answer`` with an optional ``#feedback``, ``~`` between them; an answer ends at
``~``, ``#`` or ``}`` unless a backslash or ``&`` stands before it; HTML
entities are then decoded and ``\\}`` and ``\\#`` become ``}`` and ``#``.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


@dataclass(frozen=True)
class File:
    name: str
    data: bytes


@dataclass(frozen=True)
class Text:
    """An HTML (or other format) text and the files embedded beside it."""

    text: str = ""
    format: str = ""
    files: tuple[File, ...] = ()


@dataclass(frozen=True)
class Answer:
    text: Text
    fraction: float  # 0..1, as Moodle stores it (the file holds a percentage)
    feedback: Text
    percent: str  # the attribute exactly as written
    tolerance: str | None = None  # a numerical answer's, as written (absolute)


@dataclass(frozen=True)
class Alternative:
    fraction: float
    answer: str
    feedback: str


@dataclass(frozen=True)
class Blank:
    """One ``{weight:TYPE:...}`` of an Embedded answers text."""

    weight: int
    kind: str
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Question:
    type: str
    category: tuple[str, ...]
    name: str = ""
    text: Text = field(default_factory=Text)
    general_feedback: Text = field(default_factory=Text)
    default_grade: str | None = None
    idnumber: str | None = None
    tags: tuple[str, ...] = ()
    answers: tuple[Answer, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)  # single, shuffleanswers, usecase, responseformat, ...
    graderinfo: Text | None = None
    blanks: tuple[Blank, ...] = ()
    cloze_text: str = ""  # the text with each blank replaced by {#n}, as Moodle keeps it
    subquestions: tuple[tuple[Text, str], ...] = ()  # a matching's (item, match); an extra match has no item text
    units: tuple[tuple[str, str], ...] = ()  # a numerical question's (unit_name, multiplier)


_SIMPLE = ("single", "shuffleanswers", "answernumbering", "usecase", "responseformat", "responserequired",
           "responsefieldlines", "attachments", "attachmentsrequired", "penalty", "hidden", "shownumcorrect",
           "layouttype", "selecttype", "selectcount", "gradingtype", "showgrading", "numberingstyle",
           "unitgradingtype", "unitpenalty", "showunits", "unitsleft")  # fmt: skip


def split_category(path: str) -> tuple[str, ...]:
    """A category path as Moodle splits it: at ``/`` that is not part of ``//``; ``//`` is a slash; names trimmed."""
    return tuple(part.replace("//", "/").strip() for part in re.split(r"(?<!/)/(?!/)", path))


def _text_of(element: ET.Element | None) -> str:
    if element is None:
        return ""
    found = element.find("text")
    return (found.text or "").strip() if found is not None else ""


def _field(element: ET.Element | None) -> Text:
    if element is None:
        return Text()
    files = tuple(File(f.get("name", ""), base64.b64decode((f.text or "").strip())) for f in element.findall("file"))
    return Text(_text_of(element), element.get("format", ""), files)


def read_blanks(text: str) -> tuple[str, tuple[Blank, ...]]:
    """The blanks of an Embedded answers text, and the text with each replaced by ``{#1}``, ``{#2}``, ..."""
    blanks: list[Blank] = []
    start = re.compile(r"\{([0-9]*):([A-Z_]+):")
    out: list[str] = []
    pos = 0
    while (m := start.search(text, pos)) is not None:
        alternatives, end = _alternatives(text, m.end())
        if end is None:
            break
        out.append(text[pos : m.start()])
        blanks.append(Blank(int(m[1] or 1), m[2], alternatives))
        out.append(f"{{#{len(blanks)}}}")
        pos = end
    out.append(text[pos:])
    return "".join(out), tuple(blanks)


def _ends(text: str, i: int) -> bool:
    """Whether the ``~``, ``#`` or ``}`` at ``i`` ends an answer (not after ``\\``, ``&`` or ``&amp;``)."""
    return not (text[i - 1 : i] in ("\\", "&") or text[max(0, i - 5) : i] == "&amp;")


def _decode(raw: str) -> str:
    return html.unescape(raw).replace("\\}", "}").replace("\\#", "#")


def _alternatives(text: str, i: int) -> tuple[tuple[Alternative, ...], int | None]:
    found: list[Alternative] = []
    while i < len(text):
        fraction = 0.0
        if text.startswith("=", i):
            fraction, i = 1.0, i + 1
        elif (m := re.compile(r"%(-?[0-9]+(?:[.,][0-9]*)?)%").match(text, i)) is not None:
            fraction, i = float(m[1].replace(",", ".")) / 100, m.end()
        begin = i + 1  # an answer has at least one character
        j = begin
        while j < len(text) and not (text[j] in "~#}" and _ends(text, j)):
            j += 1
        answer = text[i:j]
        feedback = ""
        if j < len(text) and text[j] == "#":
            k = j + 1
            while k < len(text) and not (text[k] in "~}" and text[k - 1] != "\\"):
                k += 1
            feedback, j = text[j + 1 : k], k
        found.append(Alternative(fraction, _decode(answer), _decode(feedback)))
        if j >= len(text):
            return tuple(found), None
        if text[j] == "}":
            return tuple(found), j + 1
        i = j + 1  # past "~"
    return tuple(found), None


def read_moodle(xml: str | bytes) -> list[Question]:
    """Every question of a Moodle XML file, with the category it lands in (categories themselves left out)."""
    root = ET.fromstring(xml)
    category: tuple[str, ...] = ("$course$",)
    questions: list[Question] = []
    for element in root.findall("question"):
        kind = element.get("type", "")
        if kind == "category":
            category = split_category(_text_of(element.find("category")))
            continue
        tags = tuple(_text_of(t) for t in element.findall("tags/tag"))
        answers = tuple(
            Answer(
                _field(a),
                float(a.get("fraction", "0")) / 100,
                _field(a.find("feedback")),
                a.get("fraction", ""),
                (a.findtext("tolerance") or "").strip() if a.find("tolerance") is not None else None,
            )
            for a in element.findall("answer")
        )
        units = tuple(
            ((u.findtext("unit_name") or "").strip(), (u.findtext("multiplier") or "").strip())
            for u in element.findall("units/unit")
        )
        settings = {}
        for name in _SIMPLE:
            found = element.find(name)
            if found is not None:
                settings[name] = (found.text or "").strip()
        text = _field(element.find("questiontext"))
        cloze_text, blanks = read_blanks(text.text) if kind in ("cloze", "multianswer") else ("", ())
        idnumber = element.find("idnumber")
        grade = element.find("defaultgrade")
        questions.append(
            Question(
                type=kind,
                category=category,
                name=_text_of(element.find("name")),
                text=text,
                general_feedback=_field(element.find("generalfeedback")),
                default_grade=(grade.text or "").strip() if grade is not None else None,
                idnumber=(idnumber.text or "").strip() if idnumber is not None else None,
                tags=tags,
                answers=answers,
                settings=settings,
                graderinfo=_field(element.find("graderinfo")) if element.find("graderinfo") is not None else None,
                blanks=blanks,
                cloze_text=cloze_text,
                subquestions=tuple(
                    (_field(sub), _text_of(sub.find("answer"))) for sub in element.findall("subquestion")
                ),
                units=units,
            )
        )
    return questions
