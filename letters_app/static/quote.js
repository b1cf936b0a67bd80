// Keep the order form's price current as the customer changes a priced choice. The server
// computes it (the same rules as the order); without JavaScript, "Update the price" does it.
(function () {
  var price = document.getElementById("price");
  if (!price) { return; }
  var form = price.closest("form");
  var body = document.getElementById("quote-body");
  var button = document.getElementById("update-quote");
  var priced = ["length", "paper", "stationery", "with_envelope", "pen_plotted", "deliver_by",
                "hand"];  // a customer's own hand is an option with a price
  var pending = null;
  button.hidden = true;

  function cell(tag, text, scope) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (scope) { el.scope = scope; }
    return el;
  }
  function row(label, amount, strong) {
    var tr = document.createElement("tr");
    tr.appendChild(cell("th", label, "row"));
    var td = document.createElement("td");
    if (strong) { td.appendChild(cell("strong", amount)); } else { td.textContent = amount; }
    tr.appendChild(td);
    return tr;
  }
  function show(data) {
    var table = document.createElement("table");
    table.className = "quote";
    table.id = "quote";
    var caption = cell("caption", "Price");
    caption.className = "visually-hidden";
    table.appendChild(caption);
    var tbody = document.createElement("tbody");
    data.lines.forEach(function (line) { tbody.appendChild(row(line.label, line.amount)); });
    table.appendChild(tbody);
    var tfoot = document.createElement("tfoot");
    tfoot.appendChild(row("Total, to be invoiced", data.total, true));
    table.appendChild(tfoot);
    body.replaceChildren(table);
  }
  function missing(message) {
    var p = cell("p", message);
    p.id = "quote-missing";
    body.replaceChildren(p);
  }
  function refresh() {
    var params = new URLSearchParams();
    var data = new FormData(form);
    priced.forEach(function (name) {
      if (data.has(name)) { params.set(name, data.get(name)); }
    });
    fetch(price.dataset.quoteUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (json) { if (json.lines) { show(json); } else { missing(json.error); } })
      .catch(function () { button.hidden = false; });
  }
  form.addEventListener("change", function (event) {
    if (priced.indexOf(event.target.name) === -1) { return; }
    window.clearTimeout(pending);
    pending = window.setTimeout(refresh, 150);
  });
})();
