/* The back of an ordering card, after common.js: the right order, each place marked right or wrong
   against the learner's order (with what they put there) and a count above. Without the script (or
   without a kept order) the back lists the right order with the entries' letters. */
  var labels = LABELS.split(" ");
  var label = function (index) { return labels[index] || String(index + 1); };
  var sequence = box.querySelector("ol.qg-sequence");
  var list = box.querySelector("ol.qg-entries");
  if (sequence && list) {
    var lis = items(list), rows = items(sequence), i;
    var chosen = indices("chosen", lis.length);
    if (chosen && chosen.length) {
      var right = 0, names = [];
      for (i = 0; i < chosen.length; i++) { names.push(label(chosen[i])); }
      for (i = 0; i < rows.length; i++) {
        var k = parseInt(rows[i].getAttribute("data-qg-entry"), 10);
        if (chosen[i] === k) {
          right += 1;
          rows[i].className += " qg-pair-right";
          continue;
        }
        rows[i].className += " qg-pair-wrong";
        var yours = document.createElement("div");
        yours.className = "qg-yours";
        yours.textContent = i < chosen.length
          ? "You put " + label(chosen[i]) + " " + (lis[chosen[i]].textContent || "") + " here"
          : "You left this place empty";
        rows[i].appendChild(yours);
      }
      var all = right === rows.length;
      var note = document.createElement("div");
      note.className = "qg-verdict qg-verdict-" + (all ? "right" : "wrong");
      note.textContent = "Your order " + names.join(" ") + ": " + (all ? "right" : right + " of " + rows.length + " in place");
      sequence.parentNode.insertBefore(note, sequence);
    }
  }
