/* The back, after common.js: shows the options in the order the front showed and says how the choice
   or the typed answer went, above the options (a phone must not scroll to see it). LABELS (the option labels, space-separated, made by model.option_label) is
   declared before common.js. */
  var labels = LABELS.split(" ");
  function label(index) { return labels[index] || String(index + 1); }
  function show(text, outcome, before) {
    var note = document.createElement("div");
    note.className = "qg-verdict qg-verdict-" + outcome;
    note.textContent = text;
    before.parentNode.insertBefore(note, before);
  }
  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
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
      var shown = items(list), names = [], rights = 0, found = 0, wrongPicks = 0;
      for (i = 0; i < shown.length; i++) {
        var picked = chosen.indexOf(lis.indexOf(shown[i])) >= 0;
        var right = /(^|\s)qg-right(\s|$)/.test(shown[i].className);
        if (picked) {
          shown[i].className += " qg-chosen";
          names.push(label(i));
        } else if (right) {
          shown[i].className += " qg-missed";  // right, but not picked: marked apart from a right pick
        }
        if (right) { rights += 1; }
        if (right && picked) { found += 1; }
        if (picked && !right) { wrongPicks += 1; }
      }
      var word = found === rights && !wrongPicks ? "right" : "wrong";
      var text = "You chose " + names.join(", ") + ": " + word;
      if (kind === "multi" && word === "wrong") {
        text += " (" + found + " of " + rights + " right" + (wrongPicks ? ", " + plural(wrongPicks, "wrong pick") : "") + ")";
      }
      show(text, word, list);
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
    var typed = typedAnswer(compared);
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
