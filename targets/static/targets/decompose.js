// Live preview of a target decomposition: posts the form as JSON to the preview endpoint (nothing
// is saved) and shows the split, grouped by unit / person, with the sum of the parts. Changing the
// unit, period or kind of split reloads the page so the parts (reps, child units or months) match.
// Only the fields that apply are shown: the methods of the chosen kind of split, the profile for
// "Distribution profile", the cascade for a split down the tree. Amounts stay strings (cents as
// BigInt for the sum): no floating point. No library, no CDN.
(function () {
  "use strict";
  var form = document.getElementById("decompose-form");
  if (!form) return;
  var out = document.getElementById("live-preview");
  var timer = null;
  var sequence = 0;

  function value(name) {
    var field = form.elements[name];
    if (!field) return "";
    return field.type === "checkbox" ? field.checked : field.value;
  }

  function fieldBox(name) {
    return form.querySelector('[data-field="' + name + '"]');
  }

  function inputs(selector) {
    return Array.prototype.slice.call(form.querySelectorAll(selector));
  }

  function keyed(selector) {
    var values = {};
    var any = false;
    inputs(selector).forEach(function (input) {
      if (input.value.trim() !== "") { values[input.dataset.key] = input.value.trim(); any = true; }
    });
    return any ? values : null;
  }

  function allFilled(selector) {
    var all = inputs(selector);
    return all.length > 0 && all.every(function (input) { return input.value.trim() !== ""; });
  }

  // "1234567.5" → "1,234,567.50" without converting to a float.
  function money(text) {
    if (text === null || text === undefined) return "–";
    var negative = text.charAt(0) === "-";
    var parts = text.replace("-", "").split(".");
    var cents = ((parts[1] || "") + "00").slice(0, 2);
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "-" : "") + whole + "." + cents;
  }

  function toCents(text) {
    var negative = text.charAt(0) === "-";
    var parts = text.replace("-", "").split(".");
    var cents = BigInt(parts[0] || "0") * 100n + BigInt(((parts[1] || "") + "00").slice(0, 2));
    return negative ? -cents : cents;
  }

  function fromCents(cents) {
    var negative = cents < 0n;
    if (negative) cents = -cents;
    var text = (cents / 100n).toString() + "." + (cents % 100n).toString().padStart(2, "0");
    return (negative ? "-" : "") + text;
  }

  function allowedMethods() {
    var list = form.dataset[value("into") === "months" ? "methodsMonths" : "methodsChildren"] || "";
    return list.split(" ").filter(Boolean);
  }

  function showFields() {
    var method = form.elements.method;
    var allowed = allowedMethods();
    if (method && allowed.length) {
      Array.prototype.forEach.call(method.options, function (option) {
        option.disabled = option.hidden = allowed.indexOf(option.value) === -1;
      });
      if (allowed.indexOf(method.value) === -1) method.value = allowed[0];
    }
    var current = value("method");
    var profile = fieldBox("profile");
    if (profile) profile.hidden = current !== "profile";
    var cascade = fieldBox("cascade");
    var teams = (form.dataset.teams || "").split(" ");
    if (cascade) cascade.hidden = value("into") !== "children" || teams.indexOf(value("org_unit")) !== -1;
    var box = document.getElementById("parts-box");
    if (box) box.hidden = current !== "weighted" && current !== "manual";
    inputs(".part-weight").forEach(function (el) { el.hidden = current !== "weighted"; });
    inputs(".part-amount").forEach(function (el) { el.hidden = current !== "manual"; });
  }

  function element(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function message(text, cls) {
    out.replaceChildren(element("p", text, cls));
  }

  function render(rows) {
    var total = 0n;
    rows.forEach(function (row) { if (row.in_total) total += toCents(row.amount); });
    var summary = element("p", (out.dataset.total || "Sum") + ": ", "preview-summary");
    summary.appendChild(element("strong", money(fromCents(total))));
    var table = element("table", undefined, "table");
    var head = table.createTHead().insertRow();
    ["period", "amount", "current"].forEach(function (name) {
      head.appendChild(element("th", out.dataset[name] || name, name === "period" ? "" : "num"));
    });
    var body = table.createTBody();
    var group = null;
    rows.forEach(function (row) {
      if (row.assignee_name !== group) {
        group = row.assignee_name;
        var th = element("th", group);
        th.colSpan = 3;
        var groupRow = body.insertRow();
        groupRow.className = "group";
        groupRow.appendChild(th);
      }
      var tr = body.insertRow();
      if (row.period === value("period")) tr.className = "top-period";
      tr.appendChild(element("td", row.period));
      tr.appendChild(element("td", money(row.amount), "num"));
      tr.appendChild(element("td", money(row.previous_amount), "num muted"));
    });
    var wrap = element("div", undefined, "table-wrap");  // a long split scrolls in its own box,
    wrap.tabIndex = 0;  // reachable by keyboard (it holds no link or field of its own)
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-labelledby", "preview-heading");
    wrap.appendChild(table);
    out.replaceChildren(summary, wrap);
  }

  function preview() {
    if (!value("period") || !value("org_unit")) return;
    var method = value("method");
    if (method === "weighted" && !allFilled("input.weight")) { message(out.dataset.fillWeights, "muted"); return; }
    if (method === "manual" && !allFilled("input.amount")) { message(out.dataset.fillAmounts, "muted"); return; }
    var body = {
      period: value("period"), org_unit: value("org_unit"), method: method, into: value("into"),
      cascade: value("cascade"), profile: value("profile") || null,
      weights: method === "weighted" ? keyed("input.weight") : null,
      amounts: method === "manual" ? keyed("input.amount") : null
    };
    var mine = ++sequence;
    fetch(form.dataset.previewUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": value("csrfmiddlewaretoken")},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (mine !== sequence) return;  // an older answer arriving after a newer one
      if (result.ok) { render(result.data); return; }
      message(result.data.detail || "Error", "error-box");
    }).catch(function () {
      if (mine === sequence) message("Error", "error-box");
    });
  }

  function later() { clearTimeout(timer); timer = setTimeout(preview, 300); }

  form.addEventListener("input", function (event) {
    if (event.target.name !== "period") later();
  });
  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (name === "org_unit" || name === "period" || name === "into") {
      showFields();  // the method may change with the kind of split
      var params = new URLSearchParams({org_unit: value("org_unit"), period: value("period"),
                                        into: value("into"), method: value("method")});
      window.location = form.dataset.reloadUrl + "?" + params.toString();
      return;
    }
    showFields();
    later();
  });
  showFields();
  preview();
})();
