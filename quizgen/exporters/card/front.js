/* The front, after common.js: shuffles the unpinned options into buttons to tap and keeps the order,
   the choice and the typed text for the back. */
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
