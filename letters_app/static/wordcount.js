// The studio editor's live word count against the ordered length.
(function () {
  var out = document.getElementById("word-count");
  var editor = document.getElementById("text");
  if (!out || !editor) { return; }
  var low = Number(out.dataset.min), high = Number(out.dataset.max);
  function update() {
    var words = editor.value.split(/\s+/).filter(function (w) { return w.length > 0; }).length;
    var verdict = words < low ? "short of" : words > high ? "over" : "within";
    out.textContent = words + " words, " + verdict + " the " + low + "\u2013" + high +
      " ordered (the page count under the preview is what counts).";
    out.dataset.verdict = verdict;
  }
  editor.addEventListener("input", update);
  update();
})();
