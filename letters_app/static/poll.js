// Reload the letter page when its status changes, so a proof or a download shows up by itself.
(function () {
  var root = document.getElementById("letter");
  if (!root) { return; }
  var settled = ["awaiting_approval", "ready_to_print", "printing", "printed", "shipped",
                 "cancelled"];
  var status = root.dataset.status;
  if (settled.indexOf(status) !== -1) { return; }
  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.status !== status) { window.location.reload(); }
        else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 4000); });
  }
  window.setTimeout(poll, 1000);
})();
