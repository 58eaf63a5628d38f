/* The front of an ordering card, after common.js: the lettered entries (in their stored order, which is
   never the right one) become buttons; tapping them one after another gives the order, tapping a placed
   one takes it out again. The order is kept for the back; without the script the learner recalls it. */
  drop("chosen");
  var list = box.querySelector("ol.qg-entries");
  if (list) {
    var lis = items(list), i;
    var chosen = [];
    var buttons = [];
    var paint = function () {
      for (var k = 0; k < lis.length; k++) {
        var at = chosen.indexOf(k);
        buttons[k].setAttribute("aria-pressed", at >= 0 ? "true" : "false");
        buttons[k].querySelector(".qg-got").textContent = at >= 0 ? String(at + 1) : "";
      }
      put("chosen", JSON.stringify(chosen));
    };
    var tap = function (index) {
      return function (event) {
        var at = chosen.indexOf(index);
        if (at >= 0) { chosen.splice(at, 1); } else { chosen.push(index); }
        paint();
        if (event && event.currentTarget && event.currentTarget.blur) { event.currentTarget.blur(); }
      };
    };
    for (i = 0; i < lis.length; i++) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "qg-opt";
      while (lis[i].firstChild) { button.appendChild(lis[i].firstChild); }
      var got = document.createElement("span");
      got.className = "qg-got";
      button.appendChild(got);
      lis[i].appendChild(button);
      button.addEventListener("click", tap(i));
      buttons.push(button);
    }
    paint();
    box.className += " qg-js";
  }
