/* quizgen typed-answer judge: the algorithm of quizgen/judge.py, step by step, so that
   the Anki card and `quizgen play` give the same verdict. Change both together;
   tests/data/verdicts.tsv is run against both. The tables (units, opposites, spellings,
   punctuation, Greek names, ...) are not written here: the card is built with `var RULES = {...};`
   made from judge.py (quizgen.judge.card_rules) just before this script.
   Plain ES2017 for old webviews: no modules, no lookbehind, no Unicode property escapes, ASCII only.
   Top level declares only `var qgJudge`, so the script may be inlined on both sides of a card and
   run twice. */
var qgJudge = (function () {
  "use strict";

  /* The rule tables are data generated from judge.py (RULES, put before this script when the card is built). */
  var INVISIBLE = new RegExp(RULES.invisible, "g");
  var SPACE = new RegExp(RULES.space, "g");
  var EDGE = new RegExp(RULES.edge, "g");
  var ARTICLE = new RegExp(RULES.article);
  var LETTERS = new RegExp(RULES.letters, "g");
  var UNIT_GAP = new RegExp(RULES.unitGap, "g");
  var NUMBER_UNIT = new RegExp("^(?:" + RULES.numberUnit + ")$");
  var OPPOSITES = RULES.opposites;
  var SUFFIXES = RULES.suffixes;
  var WORD_SPLIT = new RegExp(RULES.wordSplit);
  var DIGIT = new RegExp(RULES.digit);
  var GREEK = new RegExp(RULES.greek);
  var GREEK_NAMES = RULES.greekNames;
  var SPELLINGS = RULES.spellings.map(function (rule) { return [new RegExp(rule[0], "g"), rule[1]]; });

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
      var starts = OPPOSITES[g], t = startOf(typed, starts), e = startOf(expected, starts);
      if (t !== null && e !== null && t !== e) return true;
    }
    return false;
  }

  function endOf(word, ends) {
    for (var i = 0; i < ends.length; i++) if (word.endsWith(ends[i])) return ends[i];
    return null;
  }

  function otherSuffix(typed, expected) {
    for (var g = 0; g < SUFFIXES.length; g++) {
      var t = endOf(typed, SUFFIXES[g]), e = endOf(expected, SUFFIXES[g]);
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
      if (size < 5 || exactOnly(t) || exactOnly(e) || opposite(t, e) || otherSuffix(t, e)) return null;
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
