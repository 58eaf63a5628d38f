/* quizgen typed-answer judge: the twin of quizgen/judge.py, step by step, so that
   the Anki card and `quizgen play` give the same verdict. Change both together;
   tests/data/verdicts.tsv is run against both.
   Plain ES2017 for old webviews: no modules, no lookbehind, no Unicode property escapes, ASCII only
   (non-ASCII characters written as \u escapes). Top level declares only `var qgJudge`,
   so the script may be inlined on both sides of a card and run twice. */
var qgJudge = (function () {
  "use strict";

  var INVISIBLE = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;
  var SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var PUNCT = " .,;:!?'\"`()\\[\\]{}<>\u00ab\u00bb\u2039\u203a\u201c\u201d\u2018\u2019\u201a\u201e\u2026\u00a1\u00bf*_~\u3002\u3001";
  var EDGE = new RegExp("^[" + PUNCT + "]+|[" + PUNCT + "]+$", "g");
  var ARTICLE = /^(?:the|an|a) /;
  var LETTERS = /[a-z]+/g;
  /* Units a number may be typed without, alone or as mg/kg/day: the same list as UNITS in judge.py. */
  var UNITS = "g mg mcg \u03bcg ug ng pg kg l ml dl \u03bcl ul litre litres liter liters mol mmol \u03bcmol nmol meq iu u unit units m cm mm \u03bcm nm km mmhg kpa pa s ms sec secs min mins h hr hrs hour hours d day days wk wks week weeks month months y yr yrs year years % \u2030 \u00b0 \u00b0c \u00b0f hz khz bpm kcal cal j kj v mv kda da".split(" ");
  var UNIT_ONE = "(?:" + UNITS.slice().sort(function (x, y) { return y.length - x.length; }).join("|") + ")";
  var UNIT = UNIT_ONE + "(?:/" + UNIT_ONE + ")*";
  var UNIT_GAP = new RegExp("([0-9]) (?=" + UNIT + "(?: |$))", "g");
  var NUMBER_UNIT = new RegExp("^([+-]?[0-9]+(?:[.,][0-9]+)?(?:[-\u2013][0-9]+(?:[.,][0-9]+)?)?)(" + UNIT + ")$");
  /* Word beginnings of opposite meaning: the same groups as OPPOSITES in judge.py. */
  var OPPOSITES = ["hypo hyper", "intra inter extra", "endo exo ecto", "pre post", "sub supra super", "micro macro",
    "brady tachy", "abduct adduct", "affer effer", "inhal exhal", "inspir expir"];
  var WORD_SPLIT = /([ \-\u2010\u2011\u2013\u2014\/]+)/;
  var DIGIT = /[0-9]/;
  var GREEK = /[\u0370-\u03ff\u1f00-\u1fff]/;
  var GREEK_NAMES = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho " +
    "sigma tau upsilon phi chi psi omega").split(" ");
  var SPELLINGS = [
    [/ae(?=[a-z])/g, "e"],
    [/^oe(?=[a-z])/g, "e"],
    [/oe(?=a)/g, "e"],
    [/^foet/g, "fet"],
    [/^coeli/g, "celi"],
    [/homoeo/g, "homeo"],
    [/amoeb/g, "ameb"],
    [/^([a-z]{3,})is(e|es|ed|er|ers|ing|ation|ations|ational)$/g, "$1iz$2"],
    [/^([a-z]{3,})ys(e|es|ed|er|ers|ing)$/g, "$1yz$2"],
    [/^([a-z]{2,})our(s|ed|ing|ite|ites|able|ably|ful|less|er|ers)?$/g, "$1or$2"],
    [/^([a-z]{2,})([tb])re(s?)$/g, "$1$2er$3"],
    [/^([a-z]{2,})([tb])red$/g, "$1$2ered"],
    [/^([a-z]{2,})([tb])ring$/g, "$1$2ering"]
  ];

  function nfkc(text) {
    return typeof text.normalize === "function" ? text.normalize("NFKC") : text;
  }

  function strip(text) {
    return text.replace(/^ +| +$/g, "");
  }

  function display(text) {
    return strip(nfkc(String(text)).replace(INVISIBLE, "").replace(SPACE, " "));
  }

  function foldCase(text) {
    return nfkc(nfkc(nfkc(text).toUpperCase()).toLowerCase());
  }

  function fold(text) {
    return display(foldCase(display(text)));
  }

  function american(word) {
    for (var i = 0; i < SPELLINGS.length; i++) {
      word = word.replace(SPELLINGS[i][0], SPELLINGS[i][1]);
    }
    return word;
  }

  function americanWords(text) {
    return text.replace(LETTERS, function (word) { return american(word); });
  }

  function base(text) {
    var folded = fold(text);
    var core = folded.replace(EDGE, "").replace(ARTICLE, "").replace(EDGE, "");
    return core.replace(UNIT_GAP, "$1") || folded;
  }

  function key(text) {
    return americanWords(base(text));
  }

  function sameOrUnitLeftOut(typed, expected) {
    if (typed === expected) return true;
    var tw = typed.split(" "), ew = expected.split(" ");
    if (tw.length !== ew.length) return false;
    for (var i = 0; i < tw.length; i++) {
      if (tw[i] === ew[i]) continue;
      var m = NUMBER_UNIT.exec(ew[i]);
      if (m === null || m[1] !== tw[i]) return false;
    }
    return true;
  }

  function startOf(word, starts) {
    for (var i = 0; i < starts.length; i++) if (word.indexOf(starts[i]) === 0) return starts[i];
    return null;
  }

  function opposite(typed, expected) {
    for (var g = 0; g < OPPOSITES.length; g++) {
      var starts = OPPOSITES[g].split(" "), t = startOf(typed, starts), e = startOf(expected, starts);
      if (t !== null && e !== null && t !== e) return true;
    }
    return false;
  }

  function exactOnly(word) {
    return DIGIT.test(word) || GREEK.test(word) || GREEK_NAMES.indexOf(word) >= 0;
  }

  /* Optimal string alignment distance (Damerau with adjacent swaps), over code points. */
  function osa(s, t) {
    var a = Array.from(s), b = Array.from(t), n = a.length, m = b.length, i, j;
    var d = [];
    for (i = 0; i <= n; i++) {
      d.push([i]);
      for (j = 1; j <= m; j++) d[i].push(i === 0 ? j : 0);
    }
    for (i = 1; i <= n; i++) {
      for (j = 1; j <= m; j++) {
        var best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
        d[i][j] = best;
      }
    }
    return d[n][m];
  }

  function closeCost(typed, expected) {
    var tp = typed.split(WORD_SPLIT), ep = expected.split(WORD_SPLIT);
    if (tp.length !== ep.length) return null;
    var cost = 0;
    for (var i = 0; i < tp.length; i += 2) {
      var t = tp[i].replace(EDGE, "") || tp[i], e = ep[i].replace(EDGE, "") || ep[i];
      var ct = americanWords(t), ce = americanWords(e);
      if (t === e || ct === ce) continue;
      var size = Array.from(e).length;
      if (size < 5 || exactOnly(t) || exactOnly(e) || opposite(t, e)) return null;
      var edits = Math.min(osa(t, e), osa(ct, ce));
      if (edits > (size < 10 ? 1 : 2)) return null;
      cost += edits;
    }
    return cost;
  }

  /* difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks(), ported as is. */
  function matchingBlocks(a, b) {
    var b2j = new Map();
    b.forEach(function (elt, i) {
      if (!b2j.has(elt)) b2j.set(elt, []);
      b2j.get(elt).push(i);
    });
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var newj2len = new Map(), js = b2j.get(a[i]) || [];
        for (var x = 0; x < js.length; x++) {
          var j = js[x];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          newj2len.set(j, k);
          if (k > bestsize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestsize = k;
          }
        }
        j2len = newj2len;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
        besti--;
        bestj--;
        bestsize++;
      }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }
    var queue = [[0, a.length, 0, b.length]], blocks = [];
    while (queue.length) {
      var q = queue.pop(), found = longest(q[0], q[1], q[2], q[3]);
      var i = found[0], j = found[1], k = found[2];
      if (k) {
        blocks.push(found);
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    blocks.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    var out = [], i1 = 0, j1 = 0, k1 = 0;
    blocks.forEach(function (block) {
      if (i1 + k1 === block[0] && j1 + k1 === block[1]) {
        k1 += block[2];
      } else {
        if (k1) out.push([i1, j1, k1]);
        i1 = block[0];
        j1 = block[1];
        k1 = block[2];
      }
    });
    if (k1) out.push([i1, j1, k1]);
    out.push([a.length, b.length, 0]);
    return out;
  }

  function charDiff(typed, expected) {
    var a = Array.from(typed), b = Array.from(expected), pieces = [], i = 0, j = 0;
    function add(kind, text) {
      if (!text) return;
      if (pieces.length && pieces[pieces.length - 1][0] === kind) pieces[pieces.length - 1][1] += text;
      else pieces.push([kind, text]);
    }
    matchingBlocks(a.map(foldCase), b.map(foldCase)).forEach(function (block) {
      add("extra", a.slice(i, block[0]).join(""));
      add("missing", b.slice(j, block[1]).join(""));
      add("same", b.slice(block[1], block[1] + block[2]).join(""));
      i = block[0] + block[2];
      j = block[1] + block[2];
    });
    return pieces;
  }

  function wrongVerdict(shown, answer) {
    var expected = display(answer);
    return {outcome: "wrong", expected: expected, diff: charDiff(shown, expected)};
  }

  return function judge(typed, answer, accept, wrong) {
    accept = accept || [];
    wrong = wrong || [];
    var shown = display(typed);
    if (!shown) return wrongVerdict(shown, answer);
    var given = key(typed), givenBase = base(typed), i, cost;
    if (wrong.map(key).indexOf(given) >= 0) return wrongVerdict(shown, answer);
    var candidates = [answer].concat(accept);
    for (i = 0; i < candidates.length; i++) {
      if (sameOrUnitLeftOut(given, key(candidates[i]))) {
        return {outcome: "right", expected: display(candidates[i]), diff: []};
      }
    }
    var best = null;
    for (i = 0; i < candidates.length; i++) {
      cost = closeCost(givenBase, base(candidates[i]));
      if (cost !== null && (best === null || cost < best[0])) best = [cost, candidates[i]];
    }
    if (best === null) return wrongVerdict(shown, answer);
    for (i = 0; i < wrong.length; i++) {
      cost = closeCost(givenBase, base(wrong[i]));
      if (cost !== null && cost <= best[0]) return wrongVerdict(shown, answer);
    }
    var expected = display(best[1]);
    return {outcome: "close", expected: expected, diff: charDiff(shown, expected)};
  };
})();
