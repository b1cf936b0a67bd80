// Reload the hand page when its sheet has been read, so the sample or the refusal shows up.
(function () {
  var root = document.getElementById("hand");
  if (!root || root.dataset.state !== "processing") { return; }
  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.state !== "processing") { window.location.reload(); }
        else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 4000); });
  }
  window.setTimeout(poll, 800);
})();
