/* The back of a matching card, after common.js: gives each right pair the letter its match had on the
   front, and marks the learner's own pairs right or wrong with a count above them. Without the script
   (or without a kept choice) the back lists every right pair with the stored letters. */
  var labels = LABELS.split(" ");
  var label = function (index) { return labels[index] || String(index + 1); };
  var pairList = box.querySelector("ol.qg-pairs");
  var matchList = box.querySelector("ol.qg-matches");
  if (pairList && matchList) {
    var ms = items(matchList), rows = items(pairList), count = ms.length, i;
    var order = indices("order", count);
    if (order && order.length !== count) { order = null; }
    var place = function (k) { return order ? order.indexOf(k) : k; };
    var pairs = null;
    try { pairs = JSON.parse(get("pairs") || "null"); } catch (e) { pairs = null; }
    if (!pairs || pairs.length !== rows.length) { pairs = null; }
    var given = 0;
    for (i = 0; pairs && i < pairs.length; i++) {
      if (typeof pairs[i] !== "number" || pairs[i] < -1 || pairs[i] >= count || pairs[i] % 1 !== 0) { pairs = null; }
      else if (pairs[i] >= 0) { given += 1; }
    }
    if (!given) { pairs = null; }  // nothing tapped: the right pairs alone, as without the script
    var right = 0;
    for (i = 0; i < rows.length; i++) {
      var k = parseInt(rows[i].getAttribute("data-qg-match"), 10);
      var letter = rows[i].querySelector(".qg-letter");
      if (letter && k >= 0 && k < count) { letter.textContent = label(place(k)); }
      if (!pairs) { continue; }
      var chosen = pairs[i];
      if (chosen === k) {
        right += 1;
        rows[i].className += " qg-pair-right";
        continue;
      }
      rows[i].className += " qg-pair-wrong";
      var yours = document.createElement("div");
      yours.className = "qg-yours";
      yours.textContent = chosen >= 0
        ? "You matched " + label(place(chosen)) + " " + (ms[chosen].textContent || "")
        : "You left it out";
      rows[i].appendChild(yours);
    }
    if (pairs) {
      var all = right === rows.length;
      var note = document.createElement("div");
      note.className = "qg-verdict qg-verdict-" + (all ? "right" : "wrong");
      note.textContent = all ? "All " + rows.length + " pairs right" : right + " of " + rows.length + " pairs right";
      pairList.parentNode.insertBefore(note, pairList);
    }
  }
