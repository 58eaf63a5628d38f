/* Shared by the front and the back: the start of the body of each card's one function, before front.js
   or back.js (quizgen/exporters/anki_cards.py puts them together). Plain ES5 for old webviews; never two
   braces in a row (Anki would read a field); the early return below is the function's. */
  var box = (document.currentScript && document.currentScript.parentNode) || document.querySelector(".qg");
  if (!box || !box.getAttribute) { return; }
  var id = box.getAttribute("data-qg-id") || "";
  var kind = box.getAttribute("data-qg-kind") || "";
  var memory = window.qgMemory || (window.qgMemory = {});
  function session() {
    try {
      var s = window.sessionStorage;
      if (!s) { return null; }
      s.setItem("qg:probe", "1");
      s.removeItem("qg:probe");
      return s;
    } catch (e) { return null; }
  }
  function key(name) { return "qg:" + id + ":" + name; }
  function put(name, value) {
    var s = session();
    memory[key(name)] = value;
    if (s) { try { s.setItem(key(name), value); } catch (e) { /* memory keeps it */ } }
  }
  function get(name) {
    var s = session();
    var value = null;
    if (s) { try { value = s.getItem(key(name)); } catch (e) { value = null; } }
    if (value === null && Object.prototype.hasOwnProperty.call(memory, key(name))) { value = memory[key(name)]; }
    return value;
  }
  function drop(name) {
    var s = session();
    delete memory[key(name)];
    if (s) { try { s.removeItem(key(name)); } catch (e) { /* nothing kept */ } }
  }
  function indices(name, count) {
    var list;
    try { list = JSON.parse(get(name) || "null"); } catch (e) { return null; }
    if (!list || typeof list.length !== "number") { return null; }
    for (var i = 0; i < list.length; i++) {
      if (typeof list[i] !== "number" || list[i] < 0 || list[i] >= count || list[i] % 1 !== 0) { return null; }
    }
    return list;
  }
  function items(list) {
    var out = [];
    for (var i = 0; i < list.children.length; i++) {
      if (list.children[i].tagName === "LI") { out.push(list.children[i]); }
    }
    return out;
  }
  function typedAnswer(compared) {
    // What the learner typed on the front: kept by the page, else (typed in a client's own text box)
    // read back from Anki's comparison, up to its arrow.
    var typed = get("typed");
    if (typed !== null) { return typed; }
    typed = "";
    var arrow = compared.querySelector("#typearrow");
    for (var n = compared.firstChild; n; n = n.nextSibling) {
      if (n === arrow || (arrow && n.tagName === "BR")) { break; }
      if (n.className !== "typeMissed" && n.tagName === "SPAN") { typed += n.textContent; }
    }
    return typed;
  }
