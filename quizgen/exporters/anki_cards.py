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
  close, wrong) from the shared checker ``judge.js``.

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
from collections.abc import Sequence
from dataclasses import dataclass

from quizgen.exporters.card_scripts import back_source
from quizgen.kinds import KINDS, Kind
from quizgen.model import QuestionType


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


#: Between two accepted answers: reads as ", " and lets the script split entries that contain commas.
ACCEPT_SEPARATOR = "<span class=qg-sep>, </span>"


def accept_field(accept_html: Sequence[str]) -> str:
    """The typed "Accept" field: readable as "A, B" on the card and in the editor, split exactly by the script."""
    return ACCEPT_SEPARATOR.join(accept_html)


# -- CSS ----------------------------------------------------------------------

CSS = """\
.card {
  --qg-fg: #1f2328; --qg-bg: #ffffff; --qg-muted: #59636e; --qg-rule: #d0d7de;
  --qg-right: #1a7f37; --qg-right-bg: #dafbe1; --qg-code-bg: #eff1f3; --qg-cloze: #0550ae;
  --qg-wrong: #cf222e; --qg-wrong-bg: #ffebe9; --qg-close: #9a6700; --qg-pick-bg: #ddf4ff;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: var(--qg-fg);
  background-color: var(--qg-bg);
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --qg-fg: #e6edf3; --qg-bg: #1e1e1e; --qg-muted: #9198a1; --qg-rule: #3d444d;
  --qg-right: #3fb950; --qg-right-bg: #12351c; --qg-code-bg: #2d333b; --qg-cloze: #79c0ff;
  --qg-wrong: #f85149; --qg-wrong-bg: #3c1618; --qg-close: #d29922; --qg-pick-bg: #0c2d4b;
}
.qg { max-width: 38em; margin: 0 auto; padding: 0 0.6em; overflow-wrap: anywhere; }
.qg [hidden] { display: none !important; }
.qg-prompt { font-size: 1.1em; }
.qg-ask { margin-top: 0.6em; color: var(--qg-muted); font-size: 0.85em; }
.qg-options { list-style-type: upper-alpha; margin: 0.6em 0; padding-left: 2em; }
.qg-options li { margin: 0.3em 0; padding: 0.1em 0.4em; border-radius: 6px; }
.qg-options.qg-tf { list-style-type: none; padding-left: 0; }
.qg-back .qg-options li { color: var(--qg-muted); }
.qg-back .qg-options li.qg-right { color: var(--qg-right); background-color: var(--qg-right-bg); font-weight: 600; }
.qg-back .qg-options li.qg-right::after { content: " \\2713"; }
.qg-back .qg-options li.qg-chosen { box-shadow: inset 3px 0 0 currentColor; }
.qg-back .qg-options li.qg-chosen:not(.qg-right) { color: var(--qg-wrong); background-color: var(--qg-wrong-bg); }
.qg-back .qg-options li.qg-chosen:not(.qg-right)::after { content: " \\2717"; }
.qg-why { color: var(--qg-muted); font-weight: normal; font-size: 0.85em; }
.qg-source-label { font-style: normal; font-size: 0.8em; margin-bottom: 0.2em; }
.qg img { max-width: 100%; height: auto; max-height: 60vh; }
.qg-opt {
  display: block; width: 100%; min-height: 2.5em; box-sizing: border-box; margin: 0; padding: 0.3em 0.6em;
  font: inherit; text-align: left; color: inherit; background-color: transparent; cursor: pointer;
  border: 1px solid var(--qg-rule); border-radius: 6px; -webkit-tap-highlight-color: transparent;
}
.qg-opt[aria-checked="true"] {
  border-color: var(--qg-cloze); background-color: var(--qg-pick-bg); box-shadow: inset 3px 0 0 var(--qg-cloze);
}
.qg-js .qg-options li { padding: 0; }
.qg-verdict { margin: 0.6em 0; font-weight: 600; }
.qg-verdict-right { color: var(--qg-right); }
.qg-verdict-close { color: var(--qg-close); }
.qg-verdict-wrong { color: var(--qg-wrong); }
.qg-answer { color: var(--qg-right); font-weight: 600; }
.qg-accept { margin-top: 0.4em; color: var(--qg-muted); font-size: 0.85em; }
.qg-explanation { margin-top: 1em; }
.qg-source {
  margin: 1em 0 0 0; padding-left: 0.8em; border-left: 3px solid var(--qg-rule);
  color: var(--qg-muted); font-style: italic; font-size: 0.9em;
}
.qg-id { margin-top: 1.5em; color: var(--qg-muted); font-size: 0.65em; text-align: right; font-family: monospace; }
.qg code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em;
  background-color: var(--qg-code-bg); padding: 0.1em 0.3em; border-radius: 4px;
}
.cloze, .cloze-inactive { font-weight: 600; }
.cloze { color: var(--qg-cloze); }
hr#answer { border: 0; border-top: 1px solid var(--qg-rule); margin: 1em 0; }
#typeans {
  font-size: 1em; width: 100%; box-sizing: border-box; padding: 0.3em 0.5em; margin-top: 0.6em;
  color: var(--qg-fg); background-color: var(--qg-bg); border: 1px solid var(--qg-rule); border-radius: 6px;
}
.qg #typeans code, .qg code#typeans { background: none; }
@media (max-width: 480px) {
  .card { font-size: 18px; }
  .qg { padding: 0; }
  .qg-options { padding-left: 1.6em; }
}
"""

# -- JavaScript ---------------------------------------------------------------
# Plain ES5 in one function per script: old Android and iOS webviews run it, and Anki's desktop
# app runs it again in the same page for every card. Anki reads "{{" in a template as a field,
# so the code never has two braces in a row.

_COMMON_JS = r"""
  var box = (document.currentScript && document.currentScript.parentNode) || document.querySelector(".qg");
  if (!box || !box.getAttribute) { return; }
  var id = box.getAttribute("data-qg-id") || "";
  var kind = box.getAttribute("data-qg-kind") || "";
  var memory = window.qgMemory || (window.qgMemory = {});
  function session() {
    try {
      var s = window.sessionStorage;
      if (!s) { return null; }
      s.setItem("qg:probe", "1");
      s.removeItem("qg:probe");
      return s;
    } catch (e) { return null; }
  }
  function key(name) { return "qg:" + id + ":" + name; }
  function put(name, value) {
    var s = session();
    memory[key(name)] = value;
    if (s) { try { s.setItem(key(name), value); } catch (e) { /* memory keeps it */ } }
  }
  function get(name) {
    var s = session();
    var value = null;
    if (s) { try { value = s.getItem(key(name)); } catch (e) { value = null; } }
    if (value === null && Object.prototype.hasOwnProperty.call(memory, key(name))) { value = memory[key(name)]; }
    return value;
  }
  function drop(name) {
    var s = session();
    delete memory[key(name)];
    if (s) { try { s.removeItem(key(name)); } catch (e) { /* nothing kept */ } }
  }
  function indices(name, count) {
    var list;
    try { list = JSON.parse(get(name) || "null"); } catch (e) { return null; }
    if (!list || typeof list.length !== "number") { return null; }
    for (var i = 0; i < list.length; i++) {
      if (typeof list[i] !== "number" || list[i] < 0 || list[i] >= count || list[i] % 1 !== 0) { return null; }
    }
    return list;
  }
  function label(index) {
    var text = "";
    index += 1;
    while (index > 0) {
      var rest = (index - 1) % 26;
      text = String.fromCharCode(65 + rest) + text;
      index = Math.floor((index - 1) / 26);
    }
    return text;
  }
  function items(list) {
    var out = [];
    for (var i = 0; i < list.children.length; i++) {
      if (list.children[i].tagName === "LI") { out.push(list.children[i]); }
    }
    return out;
  }
"""

_FRONT_JS = r"""
  drop("order");
  drop("chosen");
  drop("typed");
  var list = box.querySelector("ol.qg-options");
  if (list) {
    var lis = items(list);
    var loose = [], pinned = [], i;
    for (i = 0; i < lis.length; i++) { (lis[i].hasAttribute("data-qg-pin") ? pinned : loose).push(i); }
    if (kind !== "truefalse") {
      for (i = loose.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var t = loose[i]; loose[i] = loose[j]; loose[j] = t;
      }
    }
    var order = loose.concat(pinned);
    put("order", JSON.stringify(order));
    var chosen = [];
    var several = kind === "multi";
    list.setAttribute("role", several ? "group" : "radiogroup");
    var buttons = [];
    var paint = function () {
      for (var k = 0; k < lis.length; k++) {
        buttons[k].setAttribute("aria-checked", chosen.indexOf(k) >= 0 ? "true" : "false");
      }
      put("chosen", JSON.stringify(chosen));
    };
    var tap = function (index) {
      return function (event) {
        var at = chosen.indexOf(index);
        if (several) {
          if (at >= 0) { chosen.splice(at, 1); } else { chosen.push(index); }
        } else {
          chosen = [index];
        }
        paint();
        if (event && event.currentTarget && event.currentTarget.blur) { event.currentTarget.blur(); }
      };
    };
    for (i = 0; i < lis.length; i++) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "qg-opt";
      button.setAttribute("role", several ? "checkbox" : "radio");
      while (lis[i].firstChild) { button.appendChild(lis[i].firstChild); }
      lis[i].appendChild(button);
      button.addEventListener("click", tap(i));
      buttons.push(button);
    }
    for (i = 0; i < order.length; i++) { list.appendChild(lis[order[i]]); }
    paint();
    list.removeAttribute("hidden");
    box.className += " qg-js";
  }
  var typed = document.getElementById("typeans");
  if (typed && typed.tagName === "INPUT") {
    var save = function () { put("typed", typed.value); };
    typed.addEventListener("input", save);
    typed.addEventListener("keyup", save);
    typed.addEventListener("change", save);
  }
"""

_BACK_JS = r"""
  function show(text, outcome, after) {
    var note = document.createElement("div");
    note.className = "qg-verdict qg-verdict-" + outcome;
    note.textContent = text;
    after.parentNode.insertBefore(note, after.nextSibling);
  }
  var list = box.querySelector("ol.qg-options");
  if (list) {
    var lis = items(list);
    var order = indices("order", lis.length);
    if (order && order.length === lis.length) {
      var seen = {};
      for (var i = 0; i < order.length; i++) { seen[order[i]] = true; }
      if (Object.keys(seen).length === lis.length) {
        for (i = 0; i < order.length; i++) { list.appendChild(lis[order[i]]); }
      }
    }
    var chosen = indices("chosen", lis.length);
    if (chosen && chosen.length) {
      var shown = items(list), names = [], ok = true;
      for (i = 0; i < shown.length; i++) {
        var picked = chosen.indexOf(lis.indexOf(shown[i])) >= 0;
        if (picked) {
          shown[i].className += " qg-chosen";
          names.push(label(i));
        }
        if (picked !== /(^|\s)qg-right(\s|$)/.test(shown[i].className)) { ok = false; }
      }
      var word = ok ? "right" : "wrong";
      show("You chose " + names.join(", ") + ": " + word, word, list);
    }
  }
  var truth = kind === "truefalse" ? box.querySelector(".qg-answer") : null;
  if (truth) {
    var pick = indices("chosen", 2);
    if (pick && pick.length === 1) {
      var said = pick[0] === 0 ? "True" : "False";
      var verdict = said === (truth.textContent || "").replace(/^\s+|\s+$/g, "") ? "right" : "wrong";
      show("You chose " + said + ": " + verdict, verdict, truth);
    }
  }
  var compared = document.getElementById("typeans");
  var answerField = box.querySelector(".qg-data-answer");
  if (compared && answerField && typeof window.qgJudge === "function") {
    var typed = get("typed");
    if (typed === null) {
      // Typed outside the page (a client's own text box): read it back from Anki's comparison.
      typed = "";
      var arrow = compared.querySelector("#typearrow");
      for (var n = compared.firstChild; n; n = n.nextSibling) {
        if (n === arrow || (arrow && n.tagName === "BR")) { break; }
        if (n.className !== "typeMissed" && n.tagName === "SPAN") { typed += n.textContent; }
      }
    }
    var text = function (element) {
      var copy = document.createElement("div");
      copy.innerHTML = element.innerHTML.replace(/<br\s*\/?>/gi, " ");
      return (copy.textContent || "").replace(/^\s+|\s+$/g, "");
    };
    var accept = [];
    var acceptField = box.querySelector(".qg-data-accept");
    if (acceptField) {
      var copy = document.createElement("div");
      copy.innerHTML = acceptField.innerHTML;
      var seps = copy.querySelectorAll(".qg-sep");
      for (i = 0; i < seps.length; i++) { seps[i].parentNode.replaceChild(document.createTextNode("\u001f"), seps[i]); }
      var parts = text(copy).split(seps.length ? "\u001f" : ",");
      for (i = 0; i < parts.length; i++) {
        var part = parts[i].replace(/^\s+|\s+$/g, "");
        if (part) { accept.push(part); }
      }
    }
    if (typed.replace(/\s+/g, "")) {
      try {
        var result = window.qgJudge(typed, text(answerField), accept, []);
        var outcome = result && result.outcome;
        var words = { right: "Right", close: "Close: check the spelling", wrong: "Wrong" };
        if (words[outcome]) {
          var phrase = words[outcome];
          if (outcome !== "wrong" && result.expected && result.expected !== text(answerField)) {
            phrase += " (as \u201c" + result.expected + "\u201d)";
          }
          show(phrase, outcome, compared.parentNode === box ? compared : compared.parentNode);
        }
      } catch (e) { /* Anki's own comparison is still there */ }
    }
  }
"""


def _script(body: str) -> str:
    if "{{" in body or "</script" in body.lower():
        raise ValueError("a card script must not contain '{{' (Anki reads a field) or '</script'")
    return f"<script>\n(function () {{\n{body}\n}})();\n</script>"


def judge_script() -> str:
    """The shared typed-answer checker (``judge.js``), wrapped so it can run again on every card.

    Inside a function, its own top-level declarations stay local (re-running a
    ``const`` would throw in Anki's desktop app); only ``qgJudge`` is made global.
    """
    source = importlib.resources.files("quizgen.exporters").joinpath("judge.js").read_text(encoding="utf-8")
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
    if note.script:  # the type's own judge and verdict (exporters/card/), with the shared helpers
        judge += f"{_script(_COMMON_JS + back_source(note.script))}\n"
    return (
        f"<div class='qg qg-front' {head}>\n{front}\n{_script(_COMMON_JS + _FRONT_JS)}\n</div>",
        f"<div class='qg qg-back' {head}>\n{back_top}\n{rule}{back_bottom}\n{_EXTRAS}\n"
        f"{judge}{_script(_COMMON_JS + _BACK_JS)}\n</div>",
    )


#: qtype -> (qfmt, afmt): the one card of each note type (for cloze, the one template of all its cards).
TEMPLATES: dict[QuestionType, tuple[str, str]] = {name: _card(kind) for name, kind in KINDS.items()}
