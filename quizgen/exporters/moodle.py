"""Moodle XML (``quizgen moodle``): every question as Moodle's own type for it, read by Moodle's importer.

A teacher imports the file in Moodle's question bank (Import, "Moodle XML
format"). That importer refuses the whole file when a single answer grade is
not one of its grade options, splits category paths at ``/``, reads a cloze's
mark from its blanks and never its ``<defaultgrade>``, and treats ``*`` in a
short answer as a wildcard; this module owns those rules (docs/lms.md lists them).

Each question goes to the category ``$course$/<deck>/<topic>``; the members of
a pool go to ``$course$/<deck>/Pools/<pool>`` instead, so a quiz can draw "a
random question" from it. Texts are inline Markdown rendered to HTML by
:func:`quizgen.render.to_html` (raw HTML in a question stays literal text), and
a text with ``&``, ``<`` or ``>`` is one CDATA section (``]]>`` split), so no
text can end up as markup and no space is lost. Images travel inside the field that shows them, as base64 ``<file>``
elements that the HTML names as ``@@PLUGINFILE@@/<name>``.

Adding a question type: one ``case`` in :func:`_question_xml` (mypy names it
through ``assert_never``) writing Moodle's type for it.
"""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import assert_never

from quizgen import memo
from quizgen.errors import Problem, QuizgenError
from quizgen.exporters.xmltext import NOT_XML, xml_attr
from quizgen.model import (
    QUESTION_TYPES,
    Bank,
    Basic,
    Cloze,
    Deck,
    Deletion,
    Matching,
    Mcq,
    Multi,
    Numeric,
    Option,
    Ordering,
    Question,
    TrueFalse,
    Typed,
    points,
)  # fmt: skip
from quizgen.model import Scoring as ModelScoring
from quizgen.render import find_images, render_cloze, to_html, to_plain

#: Moodle's grade options: the only answer fractions its importer accepts ("match grades: error").
#: They are ``question_bank::fraction_options_full()`` in Moodle's question/engine/bank.php (4.5):
#: 0, 1, p/q for q <= 6, p/10, 1/q for q <= 10, 1/20, and the same negated, at 7 decimal places.
GRADE_OPTIONS: tuple[str, ...] = (
    "1.0", "0.9", "0.8333333", "0.8", "0.75", "0.7", "0.6666667", "0.6", "0.5", "0.4", "0.3333333", "0.3",
    "0.25", "0.2", "0.1666667", "0.1428571", "0.125", "0.1111111", "0.1", "0.05", "0.0",
    "-0.05", "-0.1", "-0.1111111", "-0.125", "-0.1428571", "-0.1666667", "-0.2", "-0.25", "-0.3", "-0.3333333",
    "-0.4", "-0.5", "-0.6", "-0.6666667", "-0.7", "-0.75", "-0.8", "-0.8333333", "-0.9", "-1.0",
)  # fmt: skip

#: An essay's response box without ``lines``: Moodle's own default height.
ESSAY_LINES = 10
#: Moodle keeps a question name of at most 255 characters; ours are shorter, to read well in the bank.
NAME_LENGTH = 100
#: The grade Moodle's importer compares with (``abs(grade - option) < 0.00001`` in ``match_grade_options``).
_GRADE_TOLERANCE = 0.00001

Scoring = ModelScoring  # how a multi, matching or ordering is marked (``scoring``)


def grade_percent(fraction: str) -> str:
    """A grade option as the XML's ``fraction`` attribute, in percent: ``0.3333333`` -> ``33.33333``."""
    value = f"{float(fraction) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if value in ("-0", "") else value


def nearest_grade(value: float) -> str:
    """The grade option nearest to ``value`` (the larger one on a tie)."""
    return min(GRADE_OPTIONS, key=lambda g: (abs(float(g) - value), -float(g)))


def _grade(value: Fraction) -> str | None:
    """The grade option equal to ``value``, as Moodle would match it, else None."""
    found = nearest_grade(float(value))
    return found if abs(float(found) - float(value)) < _GRADE_TOLERANCE else None


class TooManyRight(Exception):
    """A choice question with more right options than Moodle can give credit to (its smallest grade is 5%)."""


@dataclass(frozen=True, slots=True)
class ChoiceGrades:
    """The fraction of each right option (in order) and of every wrong one, all grade options."""

    right: tuple[str, ...]
    wrong: str


@cache
def choice_grades(right: int, scoring: Scoring) -> ChoiceGrades:
    """The grades of a multichoice with several right answers (``multi``) for its ``scoring``.

    Moodle adds the fractions of the options picked and keeps the sum between
    0 and 1, so right options must add up to exactly 100%. ``1/right`` is a
    grade option for 1-10 and 20 right options; for 11-19, the first
    ``20 - right`` get 10% and the others 5% (100% in all: the nearest to an
    even split that Moodle can hold). ``partial`` (right picked minus wrong picked, over
    the number of right options, never below 0) gives each wrong option minus
    one right option's share (the nearest grade when that share is not one);
    ``all`` gives each wrong option -100%, so any wrong pick scores 0 (Moodle
    still gives part of the points when right options are missing: it has no
    all-or-nothing multichoice).
    """
    if right > 20:
        raise TooManyRight(right)
    even = _grade(Fraction(1, right))
    if even is not None:
        shares = (even,) * right
    else:
        shares = ("0.1",) * (20 - right) + ("0.05",) * (2 * right - 20)
    wrong = nearest_grade(-1 / right) if scoring == "partial" else "-1.0"
    return ChoiceGrades(shares, wrong)


def cloze_weights(question: Cloze) -> tuple[int, ...]:
    """The whole-number weight of each deletion, in prompt order: the question's points shared evenly.

    Moodle's mark for an Embedded answers question is the sum of its blanks'
    weights. The points are shared evenly by the deletion numbers and a number
    written twice shares its part between its blanks; when that makes
    fractions, the weights are the smallest whole numbers in the same
    proportions (the total then differs from the points: set the question's
    mark in the quiz).
    """
    deletions = question.deletions
    shown = Counter(d.number for d in deletions)
    total = int(points(question))
    if len(shown) == len(deletions) and total % len(shown) == 0:  # the usual case: each number once, even shares
        return (total // len(shown),) * len(deletions)
    per_number = Fraction(total, len(shown))
    shares = [per_number / shown[d.number] for d in deletions]
    if all(s.denominator == 1 for s in shares):
        return tuple(int(s) for s in shares)
    scaled = [int(s * math.lcm(*(s.denominator for s in shares))) for s in shares]
    common = math.gcd(*scaled)
    return tuple(w // common for w in scaled)


def category_path(names: Iterable[str]) -> str:
    """Names joined as Moodle's importer splits them: ``/`` inside a name is ``//``.

    As Moodle's own exporter does, a name that would start or end with ``/``
    gets a space there (Moodle trims it off again).
    """
    parts = []
    for name in names:
        part = name.replace("/", "//")
        if part.startswith("/"):
            part = " " + part
        if part.endswith("/"):
            part += " "
        parts.append(part)
    return "/".join(parts)


def question_category(question: Question) -> str:
    """``$course$/<deck>/<topic>``, or ``$course$/<deck>/Pools/<pool>`` for a member of a pool."""
    if question.pool:
        return category_path(("$course$", question.deck, "Pools", question.pool))
    return category_path(("$course$", question.deck, question.topic))


def shortanswer_text(text: str) -> str:
    """An accepted answer as a short-answer pattern: ``*`` is Moodle's wildcard, so a real one is ``\\*``."""
    return to_plain(text).strip().replace("*", "\\*")


_BLANK_SPECIAL = re.compile(r"[&<>\"'{}~#\\/]")
_BLANK_BACKSLASHED = re.compile(r"\\(?=[}#])")


def numerical_text(value: int | float | Fraction) -> str:
    """A number as Moodle's numerical answer and tolerance hold it: plain decimals, no exponent."""
    from quizgen.judge import number_text  # the judge (and rapidfuzz) only for numeric questions

    return number_text(value)


def numerical_tolerance(question: Numeric) -> str:
    """Moodle's tolerance is absolute: ``N%`` becomes N/100 of the answer's size, as the judge reads it."""
    from quizgen.judge import number_range

    low, high = number_range(question.answer, question.tolerance)
    return numerical_text((high - low) / 2)


def blank_answer(text: str) -> str:
    """One accepted answer inside ``{N:SHORTANSWER:=...}``, written so Moodle reads back exactly ``text``.

    Moodle's cloze parser ends an answer at ``~``, ``#`` or ``}``, then decodes
    HTML entities, then turns ``\\}`` and ``\\#`` into ``}`` and ``#``. So the
    answer is made a short-answer pattern (``*`` escaped), a backslash that
    would stand before ``}`` or ``#`` after decoding is doubled, and every
    character the parser or HTML could take for syntax is a numeric character
    reference, which decodes to itself.
    """
    pattern = _BLANK_BACKSLASHED.sub(r"\\\\", shortanswer_text(text))
    return _BLANK_SPECIAL.sub(lambda m: f"&#{ord(m[0])};", pattern)


# -- XML -----------------------------------------------------------------------

_CDATA_NEEDED = re.compile("[&<>]")


def _cdata(text: str) -> str:
    """Text as an element's content: as is, or one CDATA section when it holds ``&``, ``<`` or ``>``.

    Not entity references: Moodle's XML reader drops every piece of character
    data that is only white space, and the parser cuts text at each reference,
    so the space in ``a &amp; &amp; b`` (or between ``</b>`` and ``<i>``) would
    be lost. A ``]]>`` inside is split across two sections, so no text can end
    the section early and turn into markup.
    """
    text = NOT_XML.sub("\ufffd", text)
    if not _CDATA_NEEDED.search(text):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


#: ``{`` in a cloze's own text would start a blank in Moodle's parser: it is written as a character reference.
_CLOZE_TEXT_BRACE = re.compile(r"\{")


@dataclass(frozen=True, slots=True)
class _Field:
    """An HTML text and the images it shows (media name -> bytes)."""

    html: str
    files: tuple[tuple[str, bytes], ...] = ()


class _Writer:
    """XML, line by line: a whole file's head, or one question's lines (its part)."""

    def __init__(self, lines: Sequence[str] = ('<?xml version="1.0" encoding="UTF-8"?>', "<quiz>")) -> None:
        self.lines: list[str] = list(lines)

    def add(self, depth: int, line: str) -> None:
        self.lines.append("  " * depth + line)

    def text(self, depth: int, tag: str, text: str) -> None:
        self.add(depth, f"<{tag}><text>{_cdata(text)}</text></{tag}>")

    def field(self, depth: int, tag: str, field: _Field, attrs: str = "") -> None:
        """``<tag format="html"><text>...</text><file .../></tag>``: an HTML text and its images."""
        opening = f'<{tag}{attrs} format="html">'
        if not field.files:
            self.add(depth, f"{opening}<text>{_cdata(field.html)}</text></{tag}>")
            return
        self.add(depth, opening)
        self.add(depth + 1, f"<text>{_cdata(field.html)}</text>")
        for name, data in field.files:
            encoded = base64.b64encode(data).decode("ascii")
            self.add(depth + 1, f'<file name="{xml_attr(name)}" path="/" encoding="base64">{encoded}</file>')
        self.add(depth, f"</{tag}>")

    def done(self) -> str:
        return "\n".join([*self.lines, "</quiz>", ""])


class _Texts:
    """Renders one question's texts to HTML, with each text's images as embedded files."""

    def __init__(self, question: Question) -> None:
        self.images = {image.src: image.file for image in question.images}
        self.urls = {src: f"@@PLUGINFILE@@/{file.media_name}" for src, file in self.images.items()}

    def files(self, texts: Iterable[str]) -> tuple[tuple[str, bytes], ...]:
        if not self.images:
            return ()
        found: dict[str, bytes] = {}
        for text in texts:
            for use in find_images(text):
                file = self.images.get(use.src)
                if file is not None:
                    found.setdefault(file.media_name, file.read())
        return tuple(found.items())

    def field(self, text: str | None) -> _Field:
        if not text:
            return _Field("")
        return _Field(to_html(text, self.urls), self.files((text,)))

    def grader_info(self, answer: str, rubric: Sequence[str]) -> _Field:
        """The essay's information for graders: the model answer, then its marking points (``rubric``) as a list."""
        field = self.field(answer)
        if not rubric:
            return field
        points = "".join(f"<li>{to_html(point, self.urls)}</li>" for point in rubric)
        html = f"{field.html}<p><strong>Marking points</strong></p><ul>{points}</ul>"
        return _Field(html, self.files((answer, *rubric)))

    def cloze(self, question: Cloze, weights: Sequence[int]) -> _Field:
        """The prompt with every deletion as ``{weight:SHORTANSWER:=answer~=other}``."""
        blanks = iter(weights)

        def blank(d: Deletion) -> str:
            accepted = dict.fromkeys((d.text, *question.accepted(d.number)))  # in order, without repeats
            return f"{{{next(blanks)}:SHORTANSWER:{'~'.join('=' + blank_answer(a) for a in accepted)}}}"

        def text(piece: str) -> str:
            return _CLOZE_TEXT_BRACE.sub("&#123;", to_html(piece, self.urls))

        html = render_cloze(question.pieces, text, blank)
        return _Field(html, self.files(p for p in question.pieces if isinstance(p, str)))


def question_name(question: Question) -> str:
    """The name Moodle lists the question by: the prompt as plain text, on one line, shortened."""
    if isinstance(question, Cloze):
        prompt = render_cloze(question.pieces, to_plain, lambda _: "___")
    else:
        prompt = to_plain(question.prompt)
    name = " ".join(prompt.split())
    if len(name) > NAME_LENGTH:
        name = name[: NAME_LENGTH - 1].rstrip() + "…"
    return name or question.id


def _header(out: _Writer, question: Question, texts: _Texts, moodle_type: str, text: _Field, mark: int) -> None:
    out.add(1, f'<question type="{moodle_type}">')
    out.text(2, "name", question_name(question))
    out.field(2, "questiontext", text)
    out.field(2, "generalfeedback", texts.field(question.explanation))
    out.add(2, f"<defaultgrade>{mark}</defaultgrade>")
    out.add(2, f"<idnumber>{_cdata(question.id)}</idnumber>")
    if question.tags:
        out.add(2, "<tags>")
        for tag in question.tags:
            out.text(3, "tag", tag)
        out.add(2, "</tags>")


def _options(out: _Writer, question: Mcq | Multi, texts: _Texts, grades: Mapping[Option, str]) -> None:
    out.add(2, f"<shuffleanswers>{'false' if question.pinned else 'true'}</shuffleanswers>")
    out.add(2, "<answernumbering>abc</answernumbering>")
    for option in question.shuffled_options():  # pinned options last, as authored
        opening = f'<answer fraction="{grade_percent(grades[option])}" format="html">'
        text = texts.field(option.text)
        out.add(2, opening)
        out.add(3, f"<text>{_cdata(text.html)}</text>")
        for name, data in text.files:
            encoded = base64.b64encode(data).decode("ascii")
            out.add(3, f'<file name="{xml_attr(name)}" path="/" encoding="base64">{encoded}</file>')
        out.field(3, "feedback", texts.field(option.why))
        out.add(2, "</answer>")


def question_part(before: str, question: Question) -> str:
    """``before`` (a category's lines, or nothing) and one ``<question>``'s lines, joined.

    A pure function of the two (the question's images' bytes are held to their digests): the file is
    its head, these parts and its end, joined by newlines, so a build may reuse the parts of equal
    questions in equal places (:func:`quizgen.memo.joined`).
    """
    out = _Writer((before,) if before else ())
    _question_xml(out, question)
    return "\n".join(out.lines)


def _question_xml(out: _Writer, question: Question) -> None:
    """One ``<question>``: Moodle's type for ours, and every field Moodle keeps."""
    texts = _Texts(question)
    mark = int(points(question))
    match question:
        case Basic():
            _header(out, question, texts, "essay", texts.field(question.prompt), mark)
            out.add(2, "<responseformat>editor</responseformat>")
            out.add(2, "<responserequired>1</responserequired>")
            out.add(2, f"<responsefieldlines>{question.lines or ESSAY_LINES}</responsefieldlines>")
            out.add(2, "<attachments>0</attachments>")
            out.add(2, "<attachmentsrequired>0</attachmentsrequired>")
            out.field(2, "graderinfo", texts.grader_info(question.answer, question.rubric))
            out.add(2, '<responsetemplate format="html"><text></text></responsetemplate>')
        case Mcq():
            _header(out, question, texts, "multichoice", texts.field(question.prompt), mark)
            out.add(2, "<single>true</single>")
            grades = {o: ("1.0" if o == question.answer else "0.0") for o in question.options}
            _options(out, question, texts, grades)
        case Multi():
            _header(out, question, texts, "multichoice", texts.field(question.prompt), mark)
            out.add(2, "<single>false</single>")
            shares = choice_grades(len(question.answer), question.scoring)
            grades = dict(zip(question.answer, shares.right, strict=True))
            grades.update({o: shares.wrong for o in question.distractors})
            _options(out, question, texts, grades)
            out.add(2, "<shownumcorrect/>")
        case TrueFalse():
            _header(out, question, texts, "truefalse", texts.field(question.prompt), mark)
            for value in ("true", "false"):
                right = (value == "true") == question.answer
                out.add(2, f'<answer fraction="{100 if right else 0}" format="moodle_auto_format">')
                out.add(3, f"<text>{value}</text>")
                out.add(3, '<feedback format="html"><text></text></feedback>')
                out.add(2, "</answer>")
        case Cloze():
            weights = cloze_weights(question)
            _header(out, question, texts, "cloze", texts.cloze(question, weights), sum(weights))
        case Typed():
            _header(out, question, texts, "shortanswer", texts.field(question.prompt), mark)
            out.add(2, "<usecase>0</usecase>")
            for accepted in dict.fromkeys((question.answer, *question.accept)):
                out.add(2, '<answer fraction="100" format="moodle_auto_format">')
                out.add(3, f"<text>{_cdata(shortanswer_text(accepted))}</text>")
                out.add(3, '<feedback format="html"><text></text></feedback>')
                out.add(2, "</answer>")
        case Numeric():
            _header(out, question, texts, "numerical", texts.field(question.prompt), mark)
            out.add(2, '<answer fraction="100" format="moodle_auto_format">')
            out.add(3, f"<text>{numerical_text(question.answer)}</text>")
            out.add(3, '<feedback format="html"><text></text></feedback>')
            out.add(3, f"<tolerance>{numerical_tolerance(question)}</tolerance>")
            out.add(2, "</answer>")
            if question.unit:
                out.add(2, "<units>")
                out.add(3, "<unit>")
                out.add(4, "<multiplier>1</multiplier>")
                out.add(4, f"<unit_name>{_cdata(question.unit)}</unit_name>")
                out.add(3, "</unit>")
                out.add(2, "</units>")
            out.add(2, "<unitgradingtype>0</unitgradingtype>")
            out.add(2, "<unitpenalty>0</unitpenalty>")
            out.add(2, f"<showunits>{2 if question.unit else 3}</showunits>")
            out.add(2, "<unitsleft>0</unitsleft>")
        case Matching():
            # Moodle gives a share of the mark per right pair whatever the scoring: `all` has no exact form.
            _header(out, question, texts, "matching", texts.field(question.prompt), mark)
            out.add(2, "<shuffleanswers>true</shuffleanswers>")
            for pair in question.pairs:
                out.add(2, '<subquestion format="html">')
                out.add(3, f"<text>{_cdata(texts.field(pair.item).html)}</text>")
                out.text(3, "answer", to_plain(pair.match))
                out.add(2, "</subquestion>")
            for extra in question.distractors:  # a wrong match: a subquestion with no text
                out.add(2, '<subquestion format="html">')
                out.add(3, "<text></text>")
                out.text(3, "answer", to_plain(extra))
                out.add(2, "</subquestion>")
        case Ordering():
            _header(out, question, texts, "ordering", texts.field(question.prompt), mark)
            out.add(2, "<layouttype>VERTICAL</layouttype>")
            out.add(2, "<selecttype>ALL</selecttype>")
            out.add(2, f"<selectcount>{len(question.answer)}</selectcount>")
            grading = "ABSOLUTE_POSITION" if question.scoring == "partial" else "ALL_OR_NOTHING"
            out.add(2, f"<gradingtype>{grading}</gradingtype>")
            out.add(2, "<showgrading>SHOW</showgrading>")
            out.add(2, "<numberingstyle>none</numberingstyle>")
            for entry in question.answer:  # in the right order: Moodle shuffles them
                out.field(2, "answer", texts.field(entry), ' fraction="100"')
        case _:
            assert_never(question)
    out.add(1, "</question>")


def _category(out: _Writer, path: str, info: str = "") -> None:
    out.add(1, '<question type="category">')
    out.text(2, "category", path)
    out.add(2, f'<info format="html"><text>{_cdata(info)}</text></info>')
    out.add(1, "</question>")


def _placed(decks: Iterable[Deck]) -> Iterator[tuple[str, str, tuple[Question, ...]]]:
    """Each category in file order with its description and questions: topics first, then the deck's pools."""
    for deck in decks:
        pools: dict[str, list[Question]] = {}
        for topic in deck.topics:
            alone = tuple(q for q in topic.questions if not q.pool)
            for q in topic.questions:
                if q.pool:
                    pools.setdefault(q.pool, []).append(q)
            if alone:
                yield category_path(("$course$", deck.name, topic.name)), "", alone
        for pool, members in pools.items():
            info = f"Pool {pool}: alternatives of one exam question. Add a random question from this category."
            yield question_category(members[0]), info, tuple(members)


#: The longest category name Moodle stores (its ``question_categories.name`` column).
CATEGORY_NAME_LENGTH = 255


def _check(decks: Iterable[Deck]) -> list[Problem]:
    """What Moodle could not import as written: reported at the question, with the fix."""
    problems = []
    for deck in decks:
        for topic in deck.topics:
            first = topic.questions[0]
            for kind, name in (("deck", deck.name), ("topic", topic.name)):
                if len(name.strip()) > CATEGORY_NAME_LENGTH:
                    problems.append(
                        Problem(
                            first.path,
                            first.line,
                            f"the {kind} name is {len(name.strip())} characters long; Moodle keeps category names "
                            f"of at most {CATEGORY_NAME_LENGTH}: shorten it",
                        )
                    )
        for q in deck.questions():
            if isinstance(q, Multi) and len(q.answer) > 20:
                problems.append(
                    Problem(
                        q.path,
                        q.line,
                        f"question '{q.id}' has {len(q.answer)} right options, more than Moodle can give credit "
                        "to (its smallest grade is 5%): split it into questions of at most 20 right options",
                    )
                )
    return problems


@dataclass(frozen=True, slots=True)
class MoodleFile:
    """One Moodle XML file and how many questions of each of our types it holds."""

    xml: str
    written: Counter[str]

    def summary(self, path: Path) -> str:
        total = sum(self.written.values())
        by_type = ", ".join(f"{t} {self.written[t]}" for t in QUESTION_TYPES if self.written[t])
        return f"{path}: {total} question{'' if total == 1 else 's'} for Moodle ({by_type})"


def moodle_xml(decks: Sequence[Deck]) -> MoodleFile:
    """The Moodle XML of ``decks``: categories in bank order, each followed by its questions."""
    problems = _check(decks)
    if problems:
        unique = sorted(set(problems))
        raise QuizgenError("the bank cannot be exported to Moodle as it is", unique)
    # each question, after its category's lines when it is the category's first
    placed: list[tuple[str, Question]] = []
    written: Counter[str] = Counter()
    for path, info, questions in _placed(decks):
        category = _Writer(())
        _category(category, path, info)
        placed.append(("\n".join(category.lines), questions[0]))
        placed += [("", question) for question in questions[1:]]
        written.update(question.type for question in questions)
    body = memo.joined(
        "moodle-question", placed, lambda p: (p[0], memo.digest(p[1])), lambda p: question_part(*p), separator="\n"
    )
    out = _Writer()
    if placed:
        out.lines.append(body)
    return MoodleFile(out.done(), written)


def moodle_outputs(bank: Bank, output: Path | None, folder: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """What ``quizgen moodle`` writes (one file with every deck, or ``<slug>-moodle.xml`` per deck) and its summary."""
    if output is not None:
        targets = {output: bank.decks}
    else:
        targets = {path: (deck,) for path, deck in bank.deck_files(folder, "-moodle.xml").items()}
    files: list[tuple[Path, str]] = []
    lines: list[str] = []
    for path, decks in targets.items():
        made = moodle_xml(decks)
        files.append((path, made.xml))
        lines.append(made.summary(path))
    return files, lines
