// Live preview of a target decomposition: posts the form as JSON to the preview endpoint (nothing
// is saved) and shows the split. Changing the unit, period or kind of split reloads the page so
// the parts (reps, child units or months) match. No library, no CDN.
(function () {
  "use strict";
  var form = document.getElementById("decompose-form");
  if (!form) return;
  var out = document.getElementById("live-preview");
  var timer = null;

  function value(name) {
    var field = form.elements[name];
    if (!field) return "";
    return field.type === "checkbox" ? field.checked : field.value;
  }

  function keyed(selector) {
    var values = {};
    var any = false;
    form.querySelectorAll(selector).forEach(function (input) {
      if (input.value.trim() !== "") { values[input.dataset.key] = input.value.trim(); any = true; }
    });
    return any ? values : null;
  }

  function showColumns() {
    var method = value("method");
    form.querySelectorAll(".part-weight").forEach(function (el) { el.hidden = method !== "weighted"; });
    form.querySelectorAll(".part-amount").forEach(function (el) { el.hidden = method !== "manual"; });
  }

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function render(rows) {
    var table = document.createElement("table");
    table.className = "table";
    var head = table.createTHead().insertRow();
    ["period", "assignee", "amount", "current"].forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = out.dataset[name] || name;
      if (name === "amount" || name === "current") th.className = "num";
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      tr.appendChild(cell(row.period));
      tr.appendChild(cell(row.assignee_name));
      tr.appendChild(cell(Number(row.amount).toLocaleString(undefined, {minimumFractionDigits: 2}), "num"));
      tr.appendChild(cell(row.previous_amount === null ? "–" :
        Number(row.previous_amount).toLocaleString(undefined, {minimumFractionDigits: 2}), "num muted"));
    });
    out.replaceChildren(table);
  }

  function preview() {
    if (!value("period") || !value("org_unit")) return;
    var body = {
      period: value("period"), org_unit: value("org_unit"), method: value("method"), into: value("into"),
      cascade: value("cascade"), profile: value("profile") || null, weights: keyed("input.weight"),
      amounts: keyed("input.amount")
    };
    fetch(form.dataset.previewUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": value("csrfmiddlewaretoken")},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (result.ok) { render(result.data); return; }
      var p = document.createElement("p");
      p.className = "error-box";
      p.textContent = result.data.detail || "Error";
      out.replaceChildren(p);
    });
  }

  function later() { clearTimeout(timer); timer = setTimeout(preview, 300); }

  form.addEventListener("input", function (event) {
    if (["period"].indexOf(event.target.name) === -1) later();
  });
  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (name === "org_unit" || name === "period" || name === "into") {
      var params = new URLSearchParams({org_unit: value("org_unit"), period: value("period"),
                                        into: value("into"), method: value("method")});
      window.location = form.dataset.reloadUrl + "?" + params.toString();
      return;
    }
    showColumns();
    later();
  });
  showColumns();
  preview();
})();
