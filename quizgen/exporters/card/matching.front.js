/* The front of a matching card, after common.js (LABELS is declared before it): reshuffles the lettered
   matches for this review, turns items and matches into buttons (tap an item, then its match) and keeps the
   order shown and the learner's pairs for the back. Without it the front lists both, as stored. */
  drop("order");
  drop("pairs");
  var labels = LABELS.split(" ");
  var label = function (index) { return labels[index] || String(index + 1); };
  var itemList = box.querySelector("ol.qg-items");
  var matchList = box.querySelector("ol.qg-matches");
  if (itemList && matchList) {
    var its = items(itemList), ms = items(matchList), i;
    var order = [];
    for (i = 0; i < ms.length; i++) { order.push(i); }
    for (i = order.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = order[i]; order[i] = order[j]; order[j] = t;
    }
    put("order", JSON.stringify(order));
    var pairs = [];
    for (i = 0; i < its.length; i++) { pairs.push(-1); }
    var current = 0;  // the item the next tapped match goes to
    var itemButtons = [], matchButtons = [];
    var paint = function () {
      for (var k = 0; k < its.length; k++) {
        itemButtons[k].setAttribute("aria-pressed", k === current ? "true" : "false");
        itemButtons[k].querySelector(".qg-got").textContent = pairs[k] >= 0 ? label(order.indexOf(pairs[k])) : "?";
      }
      for (k = 0; k < ms.length; k++) {
        matchButtons[k].setAttribute("aria-checked", pairs.indexOf(k) >= 0 ? "true" : "false");
      }
      put("pairs", JSON.stringify(pairs));
    };
    var blur = function (event) {
      if (event && event.currentTarget && event.currentTarget.blur) { event.currentTarget.blur(); }
    };
    var pickItem = function (index) {
      return function (event) { current = index; paint(); blur(event); };
    };
    var pickMatch = function (index) {
      return function (event) {
        if (current < 0) { current = 0; }
        pairs[current] = pairs[current] === index ? -1 : index;
        for (var k = 1; k <= its.length; k++) {  // on to the next item still without a match
          var next = (current + k) % its.length;
          if (pairs[next] < 0) { current = next; break; }
        }
        paint();
        blur(event);
      };
    };
    var wrap = function (li, role) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "qg-opt";
      button.setAttribute("role", role);
      while (li.firstChild) { button.appendChild(li.firstChild); }
      li.appendChild(button);
      return button;
    };
    for (i = 0; i < its.length; i++) {
      var button = wrap(its[i], "button");
      var got = document.createElement("span");
      got.className = "qg-got";
      button.appendChild(got);
      button.addEventListener("click", pickItem(i));
      itemButtons.push(button);
    }
    for (i = 0; i < ms.length; i++) {
      var choice = wrap(ms[i], "checkbox");
      choice.addEventListener("click", pickMatch(i));
      matchButtons.push(choice);
    }
    for (i = 0; i < order.length; i++) { matchList.appendChild(ms[order[i]]); }
    paint();
    box.className += " qg-js";
  }
