/* The back of a numeric card: the verdict on the number typed on the front, judged by qgNumber
   (numeric.js, run just before) against the bounds in the note's fields. Runs after the shared
   card helpers (get: what the front kept), inside their function. Without a typed number, nothing. */
var low = box.querySelector(".qg-data-low"), high = box.querySelector(".qg-data-high");
var unitField = box.querySelector(".qg-data-unit");
var compared = document.getElementById("typeans");
if (low && high && compared && typeof qgNumber === "function") {
  var typed = get("typed");
  if (typed === null) {
    /* Typed outside the page (a client's own text box): read it back from Anki's comparison. */
    typed = "";
    var arrow = compared.querySelector("#typearrow");
    for (var n = compared.firstChild; n; n = n.nextSibling) {
      if (n === arrow || (arrow && n.tagName === "BR")) { break; }
      if (n.className !== "typeMissed" && n.tagName === "SPAN") { typed += n.textContent; }
    }
  }
  if (typed.replace(/\s+/g, "")) {
    var unit = unitField ? (unitField.textContent || "") : "";
    var result = qgNumber(typed, low.textContent || "", high.textContent || "", unit);
    var note = document.createElement("div");
    note.className = "qg-verdict qg-verdict-" + result.outcome;
    note.textContent = (result.outcome === "right" ? "Right" : "Wrong") + (result.hint ? ": " + result.hint : "");
    var before = compared.parentNode === box ? compared : compared.parentNode;
    before.parentNode.insertBefore(note, before);  /* the verdict first, as for a typed answer */
  }
}
