/* quizgen number judge: the twin of judge_number in quizgen/judge.py, so that the Anki card and
   `quizgen play` give the same verdict; tests/data/verdicts.tsv (its numeric rows) is run against both.
   The patterns are not written here: the card is built with `var NUMBER_RULES = {...};` made from
   judge.py (quizgen.judge.number_rules) just before this script. The accepted bounds come from the
   note's fields, written by Python, and are compared exactly, digit by digit (no floating point).
   Plain ES2017 for old webviews, ASCII only; the top level declares only `var qgNumber`. */
var qgNumber = (function () {
  "use strict";

  var INVISIBLE = new RegExp(NUMBER_RULES.invisible, "g");
  var SPACE = new RegExp(NUMBER_RULES.space, "g");
  var NUMBER = new RegExp("^(?:" + NUMBER_RULES.number + ")");  /* Python's match */
  var THOUSANDS = new RegExp("^(?:" + NUMBER_RULES.thousands + ")$");  /* Python's fullmatch */
  var MINUS = /[\u2212\u2013]/;  /* a minus sign or an en dash, read as "-" */

  function display(text) {
    var s = String(text);
    if (typeof s.normalize === "function") s = s.normalize("NFKC");
    return s.replace(INVISIBLE, "").replace(SPACE, " ").replace(/^ +| +$/g, "");
  }

  /* A number as {neg, digits, exp}: its value is digits x 10^exp, digits without leading zeros ("" for 0). */
  function exact(sign, mantissa, shift) {
    var parts = mantissa.replace(",", ".").split(".");
    var fraction = parts.length > 1 ? parts[1] : "";
    var digits = (parts[0] + fraction).replace(/^0+/, "");
    var exp = -fraction.length + (shift ? parseInt(shift.replace(MINUS, "-"), 10) : 0);
    return {neg: digits !== "" && sign !== "" && sign !== "+", digits: digits, exp: exp};
  }

  /* What was typed: {value, rest} (rest: the unit, trimmed), {hint} when ambiguous, null when no number. */
  function parse(text) {
    var shown = display(text);
    var m = NUMBER.exec(shown);
    if (m === null) return null;
    if (THOUSANDS.test(m[2])) return {hint: NUMBER_RULES.ambiguous};
    var shift = m[3] !== undefined ? m[3] : m[4];
    return {value: exact(m[1], m[2], shift), rest: shown.slice(m[0].length).replace(/^ +| +$/g, "")};
  }

  function compareSize(a, b) {
    if (a.digits === "" || b.digits === "") return (a.digits === "" ? 0 : 1) - (b.digits === "" ? 0 : 1);
    var lead = (a.digits.length + a.exp) - (b.digits.length + b.exp);
    if (lead !== 0) return lead < 0 ? -1 : 1;
    var x = a.digits, y = b.digits;
    while (x.length < y.length) x += "0";
    while (y.length < x.length) y += "0";
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function compare(a, b) {
    if (a.neg !== b.neg) return a.neg ? -1 : 1;
    return a.neg ? -compareSize(a, b) : compareSize(a, b);
  }

  /* judge(typed, lowest, highest, unit) -> {outcome: "right" | "wrong", hint}: the bounds as decimal text. */
  return function judge(typed, lowest, highest, unit) {
    var given = parse(typed);
    if (given === null) return {outcome: "wrong", hint: ""};
    if (given.hint) return {outcome: "wrong", hint: given.hint};
    var low = parse(lowest), high = parse(highest);
    if (low === null || high === null || low.hint || high.hint) return {outcome: "wrong", hint: ""};
    var unitOk = given.rest === "" || (!!unit && given.rest === display(unit));
    var inside = compare(low.value, given.value) <= 0 && compare(given.value, high.value) <= 0;
    return {outcome: unitOk && inside ? "right" : "wrong", hint: ""};
  };
})();
