"""How quizgen's Anki cards look and behave: CSS, card templates, their JavaScript, and the option fields.

The note types' fields are published and fixed (see :mod:`quizgen.exporters.anki`); everything
here may change between releases, because Anki updates a note type's templates and CSS in place.

The cards work in two layers:

* Without JavaScript (or where it fails), a card is plain HTML: the front lists
  the options in the field's order, the back marks the right ones, and
  ``{{type:Answer}}`` gives Anki's own comparison of a typed answer.
* With JavaScript, the front's options become buttons to tap, the unpinned
  ones reshuffled on every review; the choice (or the typed text) and the
  order shown are kept for the back, which shows them in that order and says
  "You chose C: right". A typed answer also gets a lenient verdict (right,
  close, wrong) from the shared checker ``card/judge.js``.

Front and back are separate pages in some Anki clients and one page in
others, so the front hands its state to the back through ``sessionStorage``,
falling back to a global variable where storage is missing or refused. Keys
carry the card's Question ID, and the front clears them before each review,
so a back never shows a choice made on another card or in an earlier review.
Anki's desktop app re-runs a card's scripts in the same page for every card:
every script is wrapped in a function so nothing is declared twice.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Sequence
from dataclasses import dataclass

from quizgen.exporters.card_scripts import back_source, front_source
from quizgen.judge import card_rules
from quizgen.kinds import KINDS, Kind
from quizgen.model import QuestionType, option_label


@dataclass(frozen=True, slots=True)
class CardOption:
    """One option of an mcq or multi question, as the fields show it."""

    html: str  # the option, already safe HTML
    why_html: str  # its reason, safe HTML, "" when the author gave none
    right: bool
    pinned: bool  # pinned options ("None of the above") stay last, in their order


def _in_card_order(options: Sequence[CardOption]) -> list[CardOption]:
    """Unpinned options first, pinned ones last, each in the given order: the order both fields share."""
    return [o for o in options if not o.pinned] + [o for o in options if o.pinned]


def options_field(options: Sequence[CardOption]) -> str:
    """The front's "Options": list items with no mark of rightness and no reasons.

    A learner can open the front's HTML in the editor, so nothing here may tell
    the right answer; ``data-qg-pin`` only tells the script what not to shuffle.
    """
    return "".join(
        f"<li data-qg-pin>{o.html}</li>" if o.pinned else f"<li>{o.html}</li>" for o in _in_card_order(options)
    )


def marked_options_field(options: Sequence[CardOption]) -> str:
    """The back's "Marked options": the same items in the same order, right ones marked, reasons beside each."""
    items = []
    for o in _in_card_order(options):
        why = f"<div class=qg-why>{o.why_html}</div>" if o.why_html else ""
        items.append(f"<li class=qg-right>{o.html}{why}</li>" if o.right else f"<li>{o.html}{why}</li>")
    return "".join(items)


def matching_fields(items: Sequence[str], matches: Sequence[str], right: Sequence[int]) -> tuple[str, str, str]:
    """A matching's "Items", "Matches" and "Answer" fields from safe HTML: ``matches`` in their stored order,
    ``right[i]`` the index in it of item ``i``'s match.

    The answer lists every right pair with the letter of the stored order, so a
    card without JavaScript still shows them; ``data-qg-match`` lets the script
    give the letters of the order it showed and mark the learner's pairs.
    """
    pairs = "".join(
        f"<li data-qg-match={k}><span class=qg-item>{item}</span> <span class=qg-to>\u2192</span> "
        f"<b class=qg-letter>{option_label(k)}</b> <span class=qg-match>{matches[k]}</span></li>"
        for item, k in zip(items, right, strict=True)
    )
    return "".join(f"<li>{i}</li>" for i in items), "".join(f"<li>{m}</li>" for m in matches), pairs


def ordering_fields(entries: Sequence[str], right: Sequence[int]) -> tuple[str, str]:
    """An ordering's "Entries" (``entries``: safe HTML in their stored order) and "Answer": ``right`` lists the
    entries' indices first to last, each with the letter of the stored order (the script gives the shown one)."""
    answer = "".join(f"<li data-qg-entry={k}><b class=qg-letter>{option_label(k)}</b> {entries[k]}</li>" for k in right)
    return "".join(f"<li>{e}</li>" for e in entries), answer


#: Between two accepted answers: reads as ", " and lets the script split entries that contain commas.
ACCEPT_SEPARATOR = "<span class=qg-sep>, </span>"


def accept_field(accept_html: Sequence[str]) -> str:
    """The typed "Accept" field: readable as "A, B" on the card and in the editor, split exactly by the script."""
    return ACCEPT_SEPARATOR.join(accept_html)


# -- resources ----------------------------------------------------------------
# The CSS and the scripts are package data in ``card/``, so editors and linters see them as what they are.
# common.js, front.js and back.js are bodies of one function per script: plain ES5, because old Android and
# iOS webviews run them, and Anki's desktop app runs them again in the same page for every card.


def _resource(name: str) -> str:
    return importlib.resources.files("quizgen.exporters").joinpath("card", name).read_text(encoding="utf-8")


def _data(name: str, value: object) -> str:
    """``var name = value;``: data made in Python for a card script, as ASCII JSON that cannot end the script."""
    text = json.dumps(value, ensure_ascii=True).replace("<", "\\u003c")
    return f"var {name} = {text};\n"


CSS = _resource("card.css")

#: Every option label of one or two letters (A to ZZ), made by the one definition the printed quiz and play use;
#: past ZZ (702 options) the back names an option by its number.
_LABELS = " ".join(option_label(i) for i in range(26 * 27))


def _script(body: str) -> str:
    """``body`` in a function in a script element: Anki runs a card's scripts again for every card.

    Refused if ``body`` (generated data included) holds ``{{``, which Anki reads as a field even in a script.
    """
    if "{{" in body or "</script" in body.lower():
        raise ValueError("a card script must not contain '{{' (Anki reads a field) or '</script'")
    return f"<script>\n(function () {{\n{body}\n}})();\n</script>"


def judge_script() -> str:
    """The shared typed-answer checker (``judge.js``) after the rule tables of :mod:`quizgen.judge`.

    Inside a function, its own top-level declarations stay local (re-running a
    ``const`` would throw in Anki's desktop app); only ``qgJudge`` is made global.
    """
    source = _data("RULES", card_rules()) + _resource("judge.js")
    return _script(f"{source}\nif (typeof qgJudge === 'function') {{ window.qgJudge = qgJudge; }}")


# -- templates ----------------------------------------------------------------

_EXTRAS = (
    "{{#Explanation}}<div class=qg-explanation>{{Explanation}}</div>{{/Explanation}}\n"
    # Labelled as a quotation, not as a fact: on cards that correct their source, the quote is the claim
    # being corrected (the explanation says so), and a bare blockquote would read as an endorsement.
    "{{#Source}}<blockquote class=qg-source><div class=qg-source-label>The source text says"
    " (quoted as written; the explanation above is what to learn):</div>{{Source}}</blockquote>{{/Source}}\n"
    "<div class=qg-id>{{Question ID}}</div>"
)
_COMMON, _FRONT, _BACK = _resource("common.js"), _resource("front.js"), _resource("back.js")
_BACK_DATA = _data("LABELS", _LABELS)


def _card(kind: Kind) -> tuple[str, str]:
    """The kind's card sides (:class:`~quizgen.kinds.NoteType`) with the shared extras and scripts."""
    note = kind.note
    front, back_top, back_bottom = note.front, note.back_top, note.back_bottom
    rule = "" if note.cloze else "<hr id=answer>\n"  # a cloze back shows the text once, filled in
    if not note.scripted:
        return (
            f"<div class='qg qg-front'>\n{front}\n</div>",
            f"<div class='qg qg-back'>\n{back_top}\n{rule}{back_bottom}\n{_EXTRAS}\n</div>",
        )
    head = f'data-qg-kind={kind.name} data-qg-id="{{{{Question ID}}}}"'
    judge = f"{judge_script()}\n" if note.judge else ""
    own_front, own_back = _FRONT, _BACK
    if note.script:  # the type's own scripts (card_scripts), each in place of the options' one
        front_js, back_js = front_source(note.script), back_source(note.script)
        own_front = _FRONT if front_js is None else _BACK_DATA + front_js  # its labels on both sides
        own_back = _BACK if back_js is None else back_js
    return (
        f"<div class='qg qg-front' {head}>\n{front}\n{_script(_COMMON + own_front)}\n</div>",
        f"<div class='qg qg-back' {head}>\n{back_top}\n{rule}{back_bottom}\n{_EXTRAS}\n"
        f"{judge}{_script(_BACK_DATA + _COMMON + own_back)}\n</div>",
    )


#: qtype -> (qfmt, afmt): the one card of each note type (for cloze, the one template of all its cards).
TEMPLATES: dict[QuestionType, tuple[str, str]] = {name: _card(kind) for name, kind in KINDS.items()}
