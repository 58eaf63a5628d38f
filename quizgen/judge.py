"""Marks a typed answer right, close (a typo) or wrong, the way a tutor would.

``play`` and the Anki card template must agree on every verdict, so the card
runs ``quizgen/exporters/card/judge.js``, which follows this algorithm step by
step; the table ``tests/data/verdicts.tsv`` is run against both. The rules are
data written only here: :func:`card_rules` hands the card's script these very
tables and patterns, so only a change of the algorithm must be made twice.

The steps:

1. *display*: NFKC, invisible characters dropped, spacing collapsed. What the
   learner sees in the diff.
2. *fold*: display, then case folded as ``lower(upper(text))`` (the same in
   Python and JavaScript, unlike ``casefold``).
3. *base*: fold without surrounding punctuation and a leading article, a number
   joined to a unit after it (``5 mg`` -> ``5mg``; the units are a list).
4. *key*: base with British spellings made American. Equal keys are RIGHT; so
   is a number typed without its unit (``50`` for ``50 mcg``, never ``500``).
5. CLOSE: bases word by word (hyphen-joined parts are words), a typo of one edit
   in a word of 5-9 letters or two in one of 10 or more. Short words, digits and
   Greek letters must match exactly, so GABA-A never passes for GABA-B, a
   word never passes for its opposite (hypo- for hyper-: ``OPPOSITES``), and a
   compound never for another (chlorophenol for chlorophenyl: ``SUFFIXES``).
6. WRONG: everything else, and always a ``wrong`` entry, or a typo at least as
   near a ``wrong`` entry as to the answer.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from rapidfuzz.distance import OSA

from quizgen.outcome import Outcome

__all__ = ["Outcome", "Verdict", "card_rules", "diff_plain", "judge", "judge_number", "parse_number"]


DiffPiece = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A mark and what to show with it.

    ``expected`` is the answer or ``accept`` entry the typed text was compared
    with (display form); ``diff`` is empty for RIGHT, otherwise ``("same" |
    "missing" | "extra", text)`` pieces, typed against expected.
    """

    outcome: Outcome
    expected: str
    diff: tuple[DiffPiece, ...]
    hint: str = ""  # why an answer could not be read as meant (an ambiguous number), for the learner


# Explicit character classes: Python's \s, \d and str.isspace differ from JavaScript's.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE = re.compile("[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_PUNCT = ".,;:!?'\"`()[]{}<>«»‹›“”‘’‚„…¡¿*_~。、"
_EDGE = re.compile("^[ " + re.escape(_PUNCT) + "]+|[ " + re.escape(_PUNCT) + "]+$")
_ARTICLE = re.compile("^(?:the|an|a) ")
#: Units a number may be typed without (``50`` for ``50 mcg``), alone or as ``mg/kg/day``. A list, not "any word":
#: ``12`` must not pass for ``12 cranial nerves``.
UNITS = (
    "g mg mcg μg ug ng pg kg l ml dl μl ul litre litres liter liters mol mmol μmol nmol meq iu u unit units "
    "m cm mm μm nm km mmhg kpa pa s ms sec secs min mins h hr hrs hour hours d day days wk wks week weeks "
    "month months y yr yrs year years % ‰ ° °c °f hz khz bpm kcal cal j kj v mv kda da"
).split()
_UNIT_ONE = "(?:" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"
_UNIT = _UNIT_ONE + "(?:/" + _UNIT_ONE + ")*"
_UNIT_GAP = re.compile("([0-9]) (?=" + _UNIT + "(?: |$))")
_NUMBER_UNIT = re.compile("([+-]?[0-9]+(?:[.,][0-9]+)?(?:[-–][0-9]+(?:[.,][0-9]+)?)?)(" + _UNIT + ")")
_LETTERS = re.compile("[a-z]+")
#: Word beginnings of opposite meaning. A word that differs from the answer's by swapping one of a group for
#: another is another word (hypokalaemia for hyperkalaemia, abduction for adduction), however near it looks.
OPPOSITES = (
    "hypo hyper",
    "intra inter extra",
    "endo exo ecto",
    "pre post",
    "sub supra super",
    "micro macro",
    "brady tachy",
    "abduct adduct",
    "affer effer",
    "inhal exhal",
    "inspir expir",
)
#: Chemical word endings: a word that ends in another member of a group than the answer's word names another
#: compound (chlorophenol for chlorophenyl, sulfite for sulfate), however near it looks.
SUFFIXES = (
    "ol yl ene ane ine",
    "ate ite",
)
_WORD_SPLIT = re.compile("([ \\-‐‑–—/]+)")
_DIGIT = re.compile("[0-9]")
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
GREEK_NAMES = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon "
    "phi chi psi omega".split()
)

#: British -> American, applied to each run of a-z in order. Stems of 2-3 letters or more keep short words
#: (rise, four, hour) out of it; both sides are rewritten, so a rewrite only matters if two real words collide.
_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("ae(?=[a-z])"), "e"),  # haem, anaemia, dysaesthetic, paediatric (not algae)
    (re.compile("^oe(?=[a-z])"), "e"),  # oedema, oesophagus, oestrogen
    (re.compile("oe(?=a)"), "e"),  # diarrhoea, dyspnoea, apnoea
    (re.compile("^foet"), "fet"),
    (re.compile("^coeli"), "celi"),
    (re.compile("homoeo"), "homeo"),
    (re.compile("amoeb"), "ameb"),
    (re.compile("^([a-z]{3,})is(e|es|ed|er|ers|ing|ation|ations|ational)$"), r"\1iz\2"),
    (re.compile("^([a-z]{3,})ys(e|es|ed|er|ers|ing)$"), r"\1yz\2"),
    (re.compile("^([a-z]{2,})our(s|ed|ing|ite|ites|able|ably|ful|less|er|ers)?$"), r"\1or\2"),
    (re.compile("^([a-z]{2,})([tb])re(s?)$"), r"\1\2er\3"),  # centre, litre, titre, fibre
    (re.compile("^([a-z]{2,})([tb])red$"), r"\1\2ered"),
    (re.compile("^([a-z]{2,})([tb])ring$"), r"\1\2ering"),
)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def display(text: str) -> str:
    """The text as shown: one Unicode form, no invisible characters, single spaces."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", _nfkc(text))).strip(" ")


def _fold_case(text: str) -> str:
    return _nfkc(_nfkc(_nfkc(text).upper()).lower())


def fold(text: str) -> str:
    """Display form without case; ``lower(upper())`` so that JavaScript can do the very same."""
    return display(_fold_case(display(text)))


def _american(word: str) -> str:
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def _american_words(text: str) -> str:
    return _LETTERS.sub(lambda m: _american(m.group(0)), text)


def base(text: str) -> str:
    """Folded, without surrounding punctuation or a leading article, units joined; ``?`` stays ``?``."""
    folded = fold(text)
    core = _EDGE.sub("", _ARTICLE.sub("", _EDGE.sub("", folded)))
    return _UNIT_GAP.sub(r"\1", core) or folded


def key(text: str) -> str:
    """What must be equal for RIGHT: the base with British spellings made American."""
    return _american_words(base(text))


def _same_or_unit_left_out(typed: str, expected: str) -> bool:
    """Equal keys, or equal but for units left out: ``50`` for ``50 mcg``, never ``500``."""
    if typed == expected:
        return True
    tw, ew = typed.split(" "), expected.split(" ")
    if len(tw) != len(ew):
        return False
    for t, e in zip(tw, ew, strict=True):
        if t == e:
            continue
        m = _NUMBER_UNIT.fullmatch(e)
        if m is None or m.group(1) != t:
            return False
    return True


def _exact_only(word: str) -> bool:
    return bool(_DIGIT.search(word) or _GREEK.search(word)) or word in GREEK_NAMES


def _opposite(typed: str, expected: str) -> bool:
    """Whether the two words begin with different members of one group of :data:`OPPOSITES`."""
    for group in OPPOSITES:
        starts = group.split(" ")
        t = next((p for p in starts if typed.startswith(p)), None)
        e = next((p for p in starts if expected.startswith(p)), None)
        if t is not None and e is not None and t != e:
            return True
    return False


def _other_suffix(typed: str, expected: str) -> bool:
    """Whether the two words end in different members of one group of :data:`SUFFIXES`."""
    for group in SUFFIXES:
        ends = group.split(" ")
        t = next((s for s in ends if typed.endswith(s)), None)
        e = next((s for s in ends if expected.endswith(s)), None)
        if t is not None and e is not None and t != e:
            return True
    return False


def _strip_edges(word: str) -> str:
    return _EDGE.sub("", word)


def close_cost(typed: str, expected: str) -> int | None:
    """Total edits if every word of the base ``typed`` is the word of ``expected`` or a typo of it, else None.

    A word's edits are the fewer of as written and in American spelling: a typo can stop a spelling rule from
    applying (hyperpolarsaton), and a spelling can look like a typo (tumor, tumour).
    """
    tp, ep = _WORD_SPLIT.split(typed), _WORD_SPLIT.split(expected)
    if len(tp) != len(ep):
        return None
    cost = 0
    for t, e in zip(tp[::2], ep[::2], strict=True):
        t, e = _strip_edges(t) or t, _strip_edges(e) or e
        ct, ce = _american_words(t), _american_words(e)
        if t == e or ct == ce:
            continue
        size = len(e)
        if size < 5 or _exact_only(t) or _exact_only(e) or _opposite(t, e) or _other_suffix(t, e):
            return None
        edits = min(OSA.distance(t, e), OSA.distance(ct, ce))
        if edits > (1 if size < 10 else 2):
            return None
        cost += edits
    return cost


def _char_key(char: str) -> str:
    return _fold_case(char)


def char_diff(typed: str, expected: str) -> tuple[DiffPiece, ...]:
    """Character diff like Anki's type-the-answer check, case ignored; "same" text is the expected one."""
    a, b = list(typed), list(expected)
    matcher = difflib.SequenceMatcher(None, [_char_key(c) for c in a], [_char_key(c) for c in b], autojunk=False)
    pieces: list[DiffPiece] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1] + text)
        else:
            pieces.append((kind, text))

    i = j = 0
    for block in matcher.get_matching_blocks():
        add("extra", "".join(a[i : block.a]))
        add("missing", "".join(b[j : block.b]))
        add("same", "".join(b[block.b : block.b + block.size]))
        i, j = block.a + block.size, block.b + block.size
    return tuple(pieces)


def diff_plain(diff: Sequence[DiffPiece]) -> str:
    """The diff readable without colour: extra typed text as ``[-x-]``, missing text as ``{+y+}``."""
    marks = {"same": "{}", "extra": "[-{}-]", "missing": "{{+{}+}}"}
    return "".join(marks[kind].format(text) for kind, text in diff)


def judge(typed: str, answer: str, accept: Sequence[str] = (), wrong: Sequence[str] = ()) -> Verdict:
    """Marks ``typed`` against ``answer`` and its ``accept`` entries; ``wrong`` entries are never right nor close."""
    shown = display(typed)
    if not shown:
        return _wrong(shown, answer)
    given_base = base(typed)
    given = _american_words(given_base)  # its key
    wrong_bases = [base(w) for w in wrong]
    if any(given == _american_words(w) for w in wrong_bases):
        return _wrong(shown, answer)
    candidates = [(c, base(c)) for c in (answer, *accept)]
    for candidate, candidate_base in candidates:
        if _same_or_unit_left_out(given, _american_words(candidate_base)):
            return Verdict(Outcome.RIGHT, display(candidate), ())
    best: tuple[int, str] | None = None
    for candidate, candidate_base in candidates:
        cost = close_cost(given_base, candidate_base)
        if cost is not None and (best is None or cost < best[0]):
            best = (cost, candidate)
    if best is None:
        return _wrong(shown, answer)
    for w_base in wrong_bases:
        cost = close_cost(given_base, w_base)
        if cost is not None and cost <= best[0]:
            return _wrong(shown, answer)
    expected = display(best[1])
    return Verdict(Outcome.CLOSE, expected, char_diff(shown, expected))


def is_right(typed: str, answer: str, accept: Sequence[str] = ()) -> bool:
    """``judge(typed, answer, accept).outcome is Outcome.RIGHT``, without working out a near miss's diff.

    The exam record and the cards list each cloze deletion's wrong answers from this: the
    same decision as :func:`judge`'s first steps, none of its costly ``CLOSE``/``WRONG`` diff.
    """
    if not display(typed):
        return False
    given = _american_words(base(typed))
    return any(_same_or_unit_left_out(given, _american_words(base(c))) for c in (answer, *accept))


def _wrong(shown: str, answer: str) -> Verdict:
    expected = display(answer)
    return Verdict(Outcome.WRONG, expected, char_diff(shown, expected))


def card_rules() -> dict[str, Any]:
    """This module's tables and patterns as JSON-ready data, for the card's ``judge.js`` to build its regexes from.

    The patterns use only syntax that Python and JavaScript read alike (no lookbehind, no ``\\d``/``\\s``,
    character classes written out); ``tests/test_judge_js.py`` runs the verdict table through both.
    """
    return {
        "invisible": _INVISIBLE.pattern,
        "space": _SPACE.pattern,
        "edge": _EDGE.pattern,
        "article": _ARTICLE.pattern,
        "letters": _LETTERS.pattern,
        "unitGap": _UNIT_GAP.pattern,
        "numberUnit": _NUMBER_UNIT.pattern,
        "opposites": [group.split(" ") for group in OPPOSITES],
        "suffixes": [group.split(" ") for group in SUFFIXES],
        "wordSplit": _WORD_SPLIT.pattern,
        "digit": _DIGIT.pattern,
        "greek": _GREEK.pattern,
        "greekNames": sorted(GREEK_NAMES),
        # JavaScript writes a group in a replacement as $1, Python as \\1.
        "spellings": [[pattern.pattern, re.sub(r"\\(\d)", r"$\1", replacement)] for pattern, replacement in _SPELLINGS],
    }


# -- numbers (the ``numeric`` type) -----------------------------------------------------------------------------
# The card's twin is ``quizgen/exporters/card/numeric.js``: it builds its patterns from :func:`number_rules`,
# so the card and ``play`` read a typed number with the same regular expressions.

_MINUS = "\\-\u2212\u2013"  # inside [...]: the hyphen escaped, never a range
_NUMBER = re.compile(
    "([+" + _MINUS + "]?)([0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)"  # sign, mantissa with . or , as the decimal mark
    "(?:[eE]([+" + _MINUS + "]?[0-9]+)"  # 1e-3
    "|[ ]?[x\u00d7X*\u00b7][ ]?10(?:\\^|\\*\\*)?([+" + _MINUS + "]?[0-9]+))?"  # 1x10^-3, 1×10^-3
)
_THOUSANDS = re.compile("[0-9]{1,3},[0-9]{3}")
AMBIGUOUS_HINT = "a comma before exactly three digits is ambiguous: write 1000 or 1.000"


def parse_number(text: str) -> tuple[Fraction, str] | str | None:
    """A typed number and what follows it (the unit, trimmed); a hint when it is ambiguous; None if no number.

    ``.`` or ``,`` is the decimal mark; ``1e-3``, ``1x10^-3`` and ``1×10^-3``
    are scientific notation. ``1,000`` could be a thousand or one: refused
    with :data:`AMBIGUOUS_HINT` rather than guessed.
    """
    shown = display(text)
    m = _NUMBER.match(shown)
    if m is None:
        return None
    sign, mantissa, exp1, exp2 = m.groups()
    if _THOUSANDS.fullmatch(mantissa):
        return AMBIGUOUS_HINT
    try:
        value = Fraction(Decimal(mantissa.replace(",", ".")))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    exponent = exp1 or exp2
    if exponent is not None:
        value *= Fraction(10) ** int(exponent.replace("\u2212", "-").replace("\u2013", "-"))
    if sign and sign != "+":
        value = -value
    return value, shown[m.end() :].strip(" ")


def number_range(answer: float | int, tolerance: float | int | str) -> tuple[Fraction, Fraction]:
    """The inclusive bounds a ``numeric`` answer accepts: ``tolerance`` absolute, or ``N%`` of the answer."""
    exact = Fraction(Decimal(str(answer)))
    if isinstance(tolerance, str):
        spread = abs(exact) * Fraction(Decimal(tolerance.rstrip("%"))) / 100
    else:
        spread = Fraction(Decimal(str(tolerance)))
    return exact - spread, exact + spread


def judge_number(typed: str, answer: float | int, tolerance: float | int | str = 0, unit: str | None = None) -> Verdict:
    """A typed number against a ``numeric`` answer: RIGHT within the tolerance (bounds included), else WRONG.

    The unit may be typed, with or without a space, or left out; another unit
    (its case matters: ``mg`` is not ``Mg``) is wrong. Never CLOSE: a number
    is in the range or it is not. ``expected`` shows the answer, its unit and
    the accepted range.
    """
    low, high = number_range(answer, tolerance)
    expected = " ".join(p for p in (number_text(answer), unit) if p)
    if low != high:
        expected += f" (from {number_text(low)} to {number_text(high)})"
    shown = display(typed)
    parsed = parse_number(typed)
    if isinstance(parsed, str):
        return Verdict(Outcome.WRONG, expected, char_diff(shown, expected), hint=parsed)
    if parsed is None:
        return Verdict(Outcome.WRONG, expected, char_diff(shown, expected))
    value, rest = parsed
    if rest and rest != (display(unit) if unit else None):  # the unit in the typed text's form (µ -> μ)
        return Verdict(Outcome.WRONG, expected, char_diff(shown, expected))
    if low <= value <= high:
        return Verdict(Outcome.RIGHT, expected, ())
    return Verdict(Outcome.WRONG, expected, char_diff(shown, expected))


def number_rules() -> dict[str, str]:
    """The number rules as data for the card's script (``numeric.js``), so the card reads numbers as play does.

    The script anchors ``number`` at the start (Python's ``match``) and ``thousands`` at both ends (``fullmatch``).
    """
    return {
        "invisible": _INVISIBLE.pattern,
        "space": _SPACE.pattern,
        "number": _NUMBER.pattern,
        "thousands": _THOUSANDS.pattern,
        "ambiguous": AMBIGUOUS_HINT,
    }


def number_text(value: Fraction | float | int) -> str:
    """A number as a learner reads it: plain decimals, no exponent, no trailing zeros (``0.000001``, ``80``)."""
    exact = Fraction(Decimal(str(value))) if isinstance(value, float) else Fraction(value)
    sign = "-" if exact < 0 else ""
    exact = abs(exact)
    whole, rest = divmod(exact.numerator, exact.denominator)
    digits = ""
    while rest and len(digits) < 30:  # bounds from decimal answers and tolerances end; 30 digits is plenty
        rest *= 10
        digit, rest = divmod(rest, exact.denominator)
        digits += str(digit)
    return f"{sign}{whole}" + (f".{digits}" if digits else "")


def accepted_range(answer: float | int, tolerance: float | int | str = 0, unit: str | None = None) -> str:
    """What the card, the key and ``play`` show: ``80 mg``, or ``3.5 h (3 to 4 h)`` with a tolerance."""
    low, high = number_range(answer, tolerance)
    after = f" {unit}" if unit else ""
    shown = f"{number_text(answer)}{after}"
    return shown if low == high else f"{shown} ({number_text(low)} to {number_text(high)}{after})"
