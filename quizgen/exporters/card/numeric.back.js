/* The back of a numeric card: the verdict on the number typed on the front, judged by qgNumber
   (numeric.js, run just before) against the bounds in the note's fields. Runs after the shared
   card helpers (typedAnswer: what the front kept or Anki compared), inside their function. Without a typed
   number, nothing. */
var low = box.querySelector(".qg-data-low"), high = box.querySelector(".qg-data-high");
var unitField = box.querySelector(".qg-data-unit");
var compared = document.getElementById("typeans");
if (low && high && compared && typeof qgNumber === "function") {
  var typed = typedAnswer(compared);
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
