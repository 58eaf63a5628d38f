"""IMS QTI 1.2 packages as Canvas imports them (``quizgen qti``): one assessment per deck, in one ``.zip``.

Canvas (Classic Quizzes, Course settings > Import course content > "QTI .zip
file") runs Instructure's QTI migration tool on the package and reads the
Canvas metadata on each ``item``: ``question_type``, ``points_possible``,
``original_answer_ids`` and ``assessment_question_identifierref``. This module
writes exactly what that path reads, and nothing outside the IMS QTI 1.2.1 DTD
(so Canvas's ``selection_extension`` and ``assessment_meta.xml`` are left out):

========== =================================== ==========================================
quizgen    Canvas ``question_type``            response, and how Canvas finds what is right
========== =================================== ==========================================
basic      essay_question                      ``response_str``; the answer (with the
                                               explanation) is the general feedback
mcq        multiple_choice_question            ``response_lid`` Single; one ``varequal``
multi      multiple_answers_question           ``response_lid`` Multiple; ``and`` of the
                                               right ``varequal`` and ``not`` the wrong ones
truefalse  true_false_question                 ``response_lid`` Single, choices True, False
cloze      fill_in_multiple_blanks_question    ``[cN]`` in the text (``[cN_1]``, ``[cN_2]``
                                               where a number stands twice), one
                                               ``response_lid`` per blank, its text and its
                                               number's ``accept`` the right labels (Canvas
                                               takes every label of a blank as right)
typed      short_answer_question               ``response_str``; the answer and ``accept``
                                               as ``varequal`` values, under one ``or``
numeric    numerical_question                  ``response_str`` with ``render_fib
                                               fibtype="Decimal"``; ``<or>`` the answer A
                                               ``varequal``, ``<and>`` ``vargte`` A - m,
                                               ``varlte`` A + m; the unit in the text
matching   matching_question                   see below
ordering   matching_question                   see below
========== =================================== ==========================================

A numeric answer A with tolerance m (``N%`` is ``abs(A) * N / 100``) is the
exact answer A with margin m that Canvas reads; the unit goes after the prompt,
``(in mg)``, since Canvas has no unit field. The types below map as follows,
each one more ``case`` of :func:`_item_parts` (these forms were run through the
migration tool, and are what Canvas's importer reads):

- ``matching`` to ``matching_question``: one ``response_lid`` per item
  (``response_1``, ...), its ``material`` the item as plain text, each listing
  every match and every distractor as ``response_label`` with the same idents
  in every list (``match_1``, ``match_2``, ...: Canvas takes a match's id from
  the digits of its ident, and the matches from the first list), match texts
  plain (Canvas keeps them as text); one condition per item, ``varequal`` its
  match, ``setvar action="Add"`` its share of 100 (Canvas links an item to its
  match only where the condition adds to the score).
- ``ordering``, which Canvas lacks, as ``matching_question`` the same way: the
  entries are the items (in the stable shuffled order, never the right one)
  and the positions ``1`` ... ``n`` the matches.

Every condition that only shows feedback (the general feedback, then each
option's reason) comes *before* the scoring condition: Canvas's converter reads
every ``respcondition`` in order, and a feedback condition after the scoring
one resets the right answer's weight. A pool becomes a ``section`` whose
``selection_ordering`` selects one item. Inline Markdown is rendered by
:func:`quizgen.render.to_html` and stored, escaped, in
``mattext texttype="text/html"``; raw HTML in a text is escaped there too, so
it stays text. Images go into the package under ``images/`` (content-derived
names, as in the Anki package) and are linked as
``%24IMS-CC-FILEBASE%24/images/<name>``, the base Canvas replaces with the
course's files folder. The zip's entries carry one fixed time and come in a
fixed order, so the same bank gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape
from pathlib import Path
from typing import assert_never

from quizgen import memo
from quizgen.errors import Problem
from quizgen.exporters.xmltext import NOT_XML, xml_attr, xml_text
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
    Ordering,
    Question,
    QuestionType,
    TrueFalse,
    Typed,
    group_pools,
    option_label,
    points,
    texts,
)
from quizgen.render import render_cloze, to_html, to_plain

#: Canvas keeps a quiz title, a question name and a question group name up to this many characters.
TITLE_MAX = 255
#: Where the package keeps its images, and how a text links one (Canvas swaps the base for the course's files).
IMAGE_FOLDER = "images"
FILE_BASE = "%24IMS-CC-FILEBASE%24"
#: The Canvas question type of each quizgen type.
CANVAS_TYPES: dict[QuestionType, str] = {
    "basic": "essay_question",
    "mcq": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "truefalse": "true_false_question",
    "cloze": "fill_in_multiple_blanks_question",
    "typed": "short_answer_question",
    "numeric": "numerical_question",
    "matching": "matching_question",
    "ordering": "matching_question",  # Canvas has no ordering: the entries matched to their places
}
#: Every entry of the zip carries this time (the earliest a zip holds): no build time in the bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MANIFEST_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"


@dataclass(frozen=True)
class QtiPackage:
    """A package's bytes, the questions it holds per type, and what had to change on the way (warnings)."""

    data: bytes
    counts: Counter[QuestionType]
    warnings: tuple[Problem, ...]


# -- XML text ------------------------------------------------------------------


#: What XML 1.0 cannot hold at all (a YAML escape such as "\x01" can put it in a text): shown as U+FFFD.
def _html_mattext(html: str) -> str:
    return f'<material><mattext texttype="text/html">{xml_text(html)}</mattext></material>'


def _plain_mattext(text: str) -> str:
    return f'<material><mattext texttype="text/plain">{xml_text(text)}</mattext></material>'


def _metadata(fields: Iterable[tuple[str, str]]) -> str:
    return "<qtimetadata>" + "".join(
        f"<qtimetadatafield><fieldlabel>{label}</fieldlabel><fieldentry>{xml_text(entry)}</fieldentry>"
        "</qtimetadatafield>"
        for label, entry in fields
    ) + "</qtimetadata>"  # fmt: skip


def _number(value: Fraction) -> str:
    """``2``, ``1.5``: points as Canvas reads them."""
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.4g}"


# -- identity and names --------------------------------------------------------


def deck_ident(deck: Deck) -> str:
    """The assessment's ident: derived from the deck's name only, so a rebuild keeps it."""
    return f"quizgen_{hashlib.sha256(deck.name.encode()).hexdigest()[:16]}"


def item_ident(deck: Deck, question: Question) -> str:
    """The item's ident: the deck's ident and the question's id (unique in a package of several decks)."""
    return f"{deck_ident(deck)}_{question.id}"


def _title(name: str, what: str, where: Question) -> tuple[str, list[Problem]]:
    """``name`` as a Canvas title: cut to :data:`TITLE_MAX` characters, with a warning naming the question."""
    if len(name) <= TITLE_MAX:
        return name, []
    cut = name[: TITLE_MAX - 1] + "\u2026"
    message = (
        f"warning: {what} is {len(name)} characters, more than Canvas's {TITLE_MAX}: "
        f"the package shortens it (at question '{where.id}'); shorten it to keep it whole"
    )
    return cut, [Problem(where.path, where.line, message)]


# -- one item per question -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Parts:
    """What differs between types: the response, the answer ids, the conditions and the feedback."""

    response: str
    answer_ids: tuple[str, ...]
    feedback_conditions: tuple[str, ...]  # shown before scoring (see the module's docstring)
    scoring: tuple[str, ...]
    feedback: tuple[tuple[str, str], ...]  # (ident, HTML)
    general: str | None = None  # replaces the explanation as the general feedback (an essay's answer)


def _condition(test: str, *, feedback: str | None = None, score: str | None = None, add: bool = False) -> str:
    """A ``respcondition``: feedback-only ones continue, so every later condition is still read."""
    keep_going = ' continue="Yes"' if score is None or add else ' continue="No"'
    out = f"<respcondition{keep_going}><conditionvar>{test}</conditionvar>"
    if score is not None:
        out += f'<setvar action="{"Add" if add else "Set"}" varname="SCORE">{score}</setvar>'
    if feedback is not None:
        out += f'<displayfeedback feedbacktype="Response" linkrefid="{feedback}"/>'
    return out + "</respcondition>"


def _equal(response: str, value: str) -> str:
    return f'<varequal respident="{response}">{xml_text(value)}</varequal>'


def _choices(labels: Sequence[tuple[str, str]], cardinality: str) -> str:
    """A ``response_lid`` over ``(ident, HTML)`` choices, in the order given (Canvas may shuffle them).

    Several may be picked when ``cardinality`` is ``Multiple``: ``maxnumber`` says how many (else the
    migration tool writes ``maxChoices="1"``).
    """
    body = "".join(f'<response_label ident="{ident}">{_html_mattext(html)}</response_label>' for ident, html in labels)
    most = f' maxnumber="{len(labels)}"' if cardinality == "Multiple" else ""
    return (
        f'<response_lid ident="response1" rcardinality="{cardinality}">'
        f"<render_choice{most}>{body}</render_choice></response_lid>"
    )


_DECIMAL = (
    '<response_str ident="response1" rcardinality="Single">'
    '<render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib></response_str>'
)

_FREE_TEXT = (
    '<response_str ident="response1" rcardinality="Single">'
    '<render_fib><response_label ident="answer1" rshuffle="No"/></render_fib></response_str>'
)


def _choice_parts(question: Mcq | Multi, images: Mapping[str, str]) -> _Parts:
    options = question.shuffled_options()  # the order Anki shows, pinned options last
    idents = [option_label(i) for i in range(len(options))]
    labels = [(ident, to_html(o.text, images)) for ident, o in zip(idents, options, strict=True)]
    why = [(ident, to_html(o.why, images)) for ident, o in zip(idents, options, strict=True) if o.why]
    feedback = tuple(_condition(_equal("response1", ident), feedback=f"{ident}_fb") for ident, _ in why)
    reasons = tuple((f"{ident}_fb", html) for ident, html in why)
    right = [ident for ident, o in zip(idents, options, strict=True) if question.is_right(o)]
    if isinstance(question, Mcq):
        scoring = _condition(_equal("response1", right[0]), score="100")
        response = _choices(labels, "Single")
    else:
        tests = "".join(
            _equal("response1", ident) if ident in right else f"<not>{_equal('response1', ident)}</not>"
            for ident in idents
        )
        scoring = _condition(f"<and>{tests}</and>", score="100")
        response = _choices(labels, "Multiple")
    return _Parts(response, tuple(idents), feedback, (scoring,), reasons)


def _blank_names(question: Cloze) -> list[str]:
    """One blank name per deletion, in prompt order: ``cN``, or ``cN_1``, ``cN_2``, ... where a number stands
    at several places (Canvas reads each ``[name]`` as one box with one answer). Canvas turns any ``[name]``
    of a blank in the text into a box, so a name the author's text already holds in brackets gets an ``_``
    more until it is free."""
    deletions = question.deletions
    seen = Counter(d.number for d in deletions)
    place: Counter[int] = Counter()
    names: list[str] = []
    for d in deletions:
        place[d.number] += 1
        name = f"c{d.number}" if seen[d.number] == 1 else f"c{d.number}_{place[d.number]}"
        while f"[{name}]" in question.prompt or name in names:
            name += "_"
        names.append(name)
    return names


def _cloze_parts(question: Cloze, images: Mapping[str, str]) -> tuple[str, _Parts]:
    """Each deletion a blank; its right answers its own text and the ``accept`` list of its number."""
    names = _blank_names(question)
    where = iter(names)

    def blank(d: Deletion) -> str:
        hint = f" (<i>{to_html(d.hint)}</i>)" if d.hint else ""
        return f"[{next(where)}]{hint}"

    text = render_cloze(question.pieces, lambda t: to_html(t, images), blank)
    responses: list[str] = []
    scoring: list[str] = []
    ids: list[str] = []
    share = _number(Fraction(100, len(names)))
    for name, deletion in zip(names, question.deletions, strict=True):
        right = list(dict.fromkeys([to_plain(deletion.text), *question.accepted(deletion.number)]))
        labels = [(f"{name}-{k}", answer) for k, answer in enumerate(right, start=1)]
        body = "".join(f'<response_label ident="{ident}">{_plain_mattext(a)}</response_label>' for ident, a in labels)
        responses.append(
            f'<response_lid ident="response_{name}"><material><mattext>{name}</mattext></material>'
            f"<render_choice>{body}</render_choice></response_lid>"
        )
        # One condition per right text: a response equals at most one label, so the blank's share is added once.
        scoring += [_condition(_equal(f"response_{name}", ident), score=share, add=True) for ident, _ in labels]
        ids += [ident for ident, _ in labels]
    return text, _Parts("".join(responses), tuple(ids), (), tuple(scoring), ())


def _matching_parts(items: Sequence[str], matches: Sequence[str], right: Sequence[int]) -> _Parts:
    """Canvas's matching: one list per item (plain text), each holding every match under the same idents;
    item ``i`` is right with match ``right[i]`` and adds its share of 100 (how Canvas links an item to its match).
    """
    idents = [f"match_{k}" for k in range(1, len(matches) + 1)]
    body = "".join(
        f'<response_label ident="{ident}">{_plain_mattext(m)}</response_label>'
        for ident, m in zip(idents, matches, strict=True)
    )
    share = _number(Fraction(100, len(items)))
    responses = "".join(
        f'<response_lid ident="response_{n}">{_plain_mattext(item)}<render_choice>{body}</render_choice></response_lid>'
        for n, item in enumerate(items, start=1)
    )
    scoring = tuple(
        _condition(_equal(f"response_{n}", idents[k]), score=share, add=True) for n, k in enumerate(right, start=1)
    )
    return _Parts(responses, tuple(idents), (), scoring, ())


def _item_parts(question: Question, images: Mapping[str, str]) -> tuple[str, _Parts]:
    """The question's text (HTML) and its type's parts."""
    match question:
        case Basic():
            answer = f"<p><b>Answer:</b> {to_html(question.answer, images)}</p>"
            if question.explanation:
                answer += f"<p>{to_html(question.explanation, images)}</p>"
            essay = _condition("<other/>")
            return to_html(question.prompt, images), _Parts(_FREE_TEXT, (), (), (essay,), (), general=answer)
        case Mcq() | Multi():
            return to_html(question.prompt, images), _choice_parts(question, images)
        case TrueFalse():
            labels = [("true", "True"), ("false", "False")]
            right = "true" if question.answer else "false"
            scoring = _condition(_equal("response1", right), score="100")
            return to_html(question.prompt, images), _Parts(
                _choices(labels, "Single"), ("true", "false"), (), (scoring,), ()
            )
        case Cloze():
            return _cloze_parts(question, images)
        case Typed():
            tests = [_equal("response1", a) for a in dict.fromkeys([to_plain(question.answer), *question.accept])]
            # Tests side by side in a conditionvar must all hold (the migration tool writes ``and``): any one will do.
            scoring = _condition(f"<or>{''.join(tests)}</or>" if len(tests) > 1 else tests[0], score="100")
            return to_html(question.prompt, images), _Parts(_FREE_TEXT, ("answer1",), (), (scoring,), ())
        case Numeric():
            return _numeric_text(question, images), _numeric_parts(question)
        case Matching():
            items = [to_plain(p.item) for p in question.pairs]
            matches = [to_plain(m) for m in question.matches]  # each item's match, then the distractors
            return to_html(question.prompt, images), _matching_parts(items, matches, range(len(items)))
        case Ordering():
            shown = question.shuffled_entries()  # the stable shuffled order, never the right one
            entries = [to_plain(question.answer[k]) for k in shown]
            places = [str(n) for n in range(1, len(shown) + 1)]
            return to_html(question.prompt, images), _matching_parts(entries, places, shown)
        case _:
            assert_never(question)


def _numeric_text(question: Numeric, images: Mapping[str, str]) -> str:
    """The prompt, and the unit after it: Canvas has no unit field, so the text says it (``(in mg)``)."""
    text = to_html(question.prompt, images)
    return f"{text} (in {escape(question.unit, quote=False)})" if question.unit else text


def _numeric_parts(question: Numeric) -> _Parts:
    """Canvas's exact answer with a margin: the answer itself, or any number from A - m to A + m."""
    from quizgen.judge import number_range, number_text  # the judge (and rapidfuzz) only for numeric questions

    low, high = number_range(question.answer, question.tolerance)
    exact = _equal("response1", number_text(question.answer))
    bounds = (
        f'<and><vargte respident="response1">{number_text(low)}</vargte>'
        f'<varlte respident="response1">{number_text(high)}</varlte></and>'
    )
    scoring = _condition(f"<or>{exact}{bounds}</or>", score="100")
    return _Parts(_DECIMAL, ("answer1",), (), (scoring,), ())


def item_xml(deck: Deck, question: Question, images: Mapping[str, str]) -> str:
    """One ``item``: Canvas's metadata, the text and response, the conditions and every feedback."""
    ident = item_ident(deck, question)
    text, parts = _item_parts(question, images)
    general = parts.general
    if general is None and question.explanation:
        general = to_html(question.explanation, images)
    metadata = _metadata(
        [
            ("question_type", CANVAS_TYPES[question.type]),
            ("points_possible", _number(points(question))),
            ("original_answer_ids", ",".join(parts.answer_ids)),
            ("assessment_question_identifierref", f"{ident}_ref"),
        ]
    )
    shown = ([_condition("<other/>", feedback="general_fb")] if general else []) + list(parts.feedback_conditions)
    feedback = ([("general_fb", general)] if general else []) + list(parts.feedback)
    return (
        f'<item ident="{ident}" title="{xml_attr(question.id)}"><itemmetadata>{metadata}</itemmetadata>'
        f"<presentation>{_html_mattext(text)}{parts.response}</presentation>"
        '<resprocessing><outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>'
        f"{''.join(shown)}{''.join(parts.scoring)}</resprocessing>"
        + "".join(
            f'<itemfeedback ident="{fb}"><flow_mat>{_html_mattext(html)}</flow_mat></itemfeedback>'
            for fb, html in feedback
        )
        + "</item>\n"
    )


# -- the assessment, the manifest, the package ---------------------------------


def image_links(question: Question) -> dict[str, str]:
    """``src`` as written -> the link a text in the package uses."""
    return {image.src: f"{FILE_BASE}/{IMAGE_FOLDER}/{image.file.media_name}" for image in question.images}


def deck_first(deck: Deck) -> Question:
    """The question a warning about the deck's own name points at."""
    return next(deck.questions())


def deck_title(deck: Deck) -> tuple[str, list[Problem]]:
    """The quiz's title in Canvas: the deck's name, cut to what Canvas holds (with a warning)."""
    return _title(deck.name, f"deck name '{deck.name[:40]}...'", deck_first(deck))


def deck_warnings(deck: Deck) -> list[Problem]:
    """What the package cannot hold as written, per question: a title too long, characters XML refuses.

    Where parts are kept (:func:`quizgen.memo.kept`), whether a question holds such characters is kept
    with it, by runs, so a build after an edit scans only the run it falls in; else the deck's texts
    are searched at once (the usual case: nothing found).
    """
    warnings = deck_title(deck)[1]
    first = deck_first(deck)
    questions = list(deck.questions())
    in_name = NOT_XML.search(first.deck) is not None  # the deck's name is shown as the first question's
    if memo.active():
        flags = memo.joined("qti-unwritable", questions, memo.digest, _unwritable_flag)
        if "1" not in flags and not in_name:
            return warnings
        marked = [q for q, flag in zip(questions, flags, strict=True) if flag == "1" or (q is first and in_name)]
    else:
        if not in_name and not NOT_XML.search("\n".join([text for q in questions for text in texts(q)])):
            return warnings  # the usual case, found in one search of the whole deck
        marked = [q for q in questions if _unwritable_flag(q) == "1" or (q is first and in_name)]
    for q in marked:
        warnings.append(
            Problem(q.path, q.line, f"warning: question '{q.id}' holds control characters, which XML cannot "
                    "carry: the package shows each as \ufffd; remove them to keep the text as written")
        )  # fmt: skip
    return warnings


def _unwritable_flag(question: Question) -> str:
    """``"1"`` when a text of ``question`` holds what XML cannot carry, else ``"0"``: one character per question."""
    return "1" if any(NOT_XML.search(text) for text in texts(question)) else "0"


def assessment_xml(deck: Deck) -> tuple[str, Counter[QuestionType]]:
    """The deck as one ``questestinterop`` file (a root section of items, a pool as a section that selects
    one) and how many items of each type it holds."""
    ident = deck_ident(deck)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<questestinterop>\n',
        f'<assessment ident="{ident}" title="{xml_attr(deck_title(deck)[0])}">',
        _metadata([("cc_maxattempts", "1")]),
        f'\n<section ident="{ident}_root">\n',
    ]
    # each item, with its pool's section opened before the pool's first member and closed after its last
    placed: list[tuple[str, Question, str]] = []
    for group in group_pools(list(deck.questions())):
        pool = group[0].pool
        if pool is None:
            placed += [("", q, "") for q in group]
        else:
            opening = (
                f'<section ident="{ident}_pool_{pool}" title="{xml_attr(pool)}">'
                "<selection_ordering><selection><selection_number>1</selection_number></selection>"
                "</selection_ordering>\n"
            )
            placed += [("" if k else opening, q, "") for k, q in enumerate(group)]
            placed[-1] = (*placed[-1][:2], "</section>\n")
    written = Counter(q.type for _, q, _ in placed)
    # an item reads its question, the deck's name (its ident) and what stands around it, nothing else: the
    # name goes in the kind (repr: one kind per name), and an item outside a pool is keyed by its question
    # alone (a digest, where an item in a pool has a tuple: the two never key alike)
    out.append(
        memo.joined(
            f"qti-item {deck.name!r}",
            placed,
            lambda p: (p[0], memo.digest(p[1]), p[2]) if p[0] or p[2] else memo.digest(p[1]),
            lambda p: p[0] + item_xml(deck, p[1], image_links(p[1])) + p[2],
        )
    )
    out.append("</section>\n</assessment>\n</questestinterop>\n")
    return "".join(out), written


def assessment_path(deck: Deck) -> str:
    ident = deck_ident(deck)
    return f"{ident}/{ident}.xml"


def manifest_xml(decks: Sequence[Deck], images: Iterable[str]) -> str:
    """``imsmanifest.xml``: one ``imsqti_xmlv1p2`` resource per deck, depending on its images' resources."""
    resources = []
    for deck in decks:
        ident = deck_ident(deck)
        used = sorted({image.file.media_name for q in deck.questions() for image in q.images})
        depends = "".join(f'<dependency identifierref="{_image_ident(name)}"/>' for name in used)
        resources.append(
            f'<resource identifier="{ident}" type="imsqti_xmlv1p2"><file href="{assessment_path(deck)}"/>'
            f"{depends}</resource>"
        )
    for name in sorted(images):
        href = f"{IMAGE_FOLDER}/{name}"
        resources.append(
            f'<resource identifier="{_image_ident(name)}" type="webcontent" href="{href}"><file href="{href}"/>'
            "</resource>"
        )
    key = hashlib.sha256("\x1f".join(d.name for d in decks).encode()).hexdigest()[:16]
    body = "\n".join(resources)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier="quizgen_manifest_{key}" xmlns="{_MANIFEST_NS}">\n'
        "<metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>\n"
        f"<organizations/>\n<resources>\n{body}\n</resources>\n</manifest>\n"
    )


def _image_ident(media_name: str) -> str:
    return "image_" + media_name.replace(".", "_")


def qti_package(decks: Sequence[Deck]) -> QtiPackage:
    """The package of ``decks``: the same decks give the same bytes."""
    images: dict[str, bytes] = {}
    counts: Counter[QuestionType] = Counter()
    warnings: list[Problem] = []
    entries: list[tuple[str, bytes]] = []
    for deck in decks:
        text, written = assessment_xml(deck)
        counts += written
        warnings += deck_warnings(deck)
        entries.append((assessment_path(deck), text.encode()))
        for q in deck.questions():
            for image in q.images:
                images[image.file.media_name] = image.file.read()
    manifest = manifest_xml(decks, images)
    entries = [("imsmanifest.xml", manifest.encode()), *entries]
    entries += [(f"{IMAGE_FOLDER}/{name}", images[name]) for name in sorted(images)]
    # Stored, not deflated, as the Anki package is: the same bytes whatever zlib is installed.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.create_system = 3  # as on Unix, wherever it is built
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return QtiPackage(out.getvalue(), counts, tuple(warnings))


def count_line(counts: Counter[QuestionType]) -> str:
    """``qti: 25 questions (basic 3, mcq 10, ...)``: what the package holds, per type."""
    total = sum(counts.values())
    by_type = ", ".join(f"{t} {counts[t]}" for t in QUESTION_TYPES if counts[t])
    return f"qti: {total} question{'' if total == 1 else 's'} written ({by_type})"


def qti_warnings(decks: Iterable[Deck]) -> list[Problem]:
    """What :func:`qti_package` warns of, without building it (for ``quizgen build``'s messages)."""
    return [problem for deck in decks for problem in deck_warnings(deck)]


def qti_outputs(bank: Bank, output: Path | None, folder: Path) -> tuple[list[tuple[Path, bytes]], str, list[Problem]]:
    """``quizgen qti``: one package with every deck (``output``), else ``folder/<slug>-qti.zip`` per deck;
    the count line (it equals the bank's count per type) and the warnings."""
    if output is not None:
        groups = {output: list(bank.decks)}
    else:
        groups = {target: [deck] for target, deck in bank.deck_files(folder, "-qti.zip").items()}
    outputs: list[tuple[Path, bytes]] = []
    counts: Counter[QuestionType] = Counter()
    warnings: list[Problem] = []
    for target, decks in groups.items():
        package = qti_package(decks)
        outputs.append((target, package.data))
        counts += package.counts
        warnings += package.warnings
    return outputs, count_line(counts), warnings
