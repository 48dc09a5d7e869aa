// The targets tree opens a collapsed unit in place: its ▸ link loads the rows one level below it
// (a server-rendered fragment of <tr>s) and inserts them under the unit's row; a second click hides
// them again, a third shows them without loading. Without JavaScript the same link opens the
// unit's own page. No library, no CDN.
(function () {
  "use strict";
  var table = document.querySelector(".targets-table");
  if (!table) return;

  function depth(row) {
    return parseInt(row.getAttribute("data-depth") || "0", 10);
  }

  // The rows below `row` in the tree: the ones that follow it and sit deeper.
  function below(row) {
    var rows = [];
    var level = depth(row);
    for (var next = row.nextElementSibling; next && depth(next) > level; next = next.nextElementSibling) {
      rows.push(next);
    }
    return rows;
  }

  function show(row) {
    var hiddenUnder = null;
    below(row).forEach(function (child) {
      if (hiddenUnder !== null && depth(child) > hiddenUnder) return;  // under a unit still closed
      hiddenUnder = null;
      child.hidden = false;
      var toggle = child.querySelector(".tree-toggle");
      if (toggle && toggle.getAttribute("aria-expanded") !== "true") hiddenUnder = depth(child);
    });
  }

  table.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest(".tree-toggle") : null;
    if (!toggle || !toggle.getAttribute("data-rows")) return;
    event.preventDefault();
    var row = toggle.closest("tr");
    if (toggle.getAttribute("aria-expanded") === "true") {
      below(row).forEach(function (child) { child.hidden = true; });
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = "▸";
      return;
    }
    if (toggle.getAttribute("data-loaded")) {
      show(row);
      toggle.setAttribute("aria-expanded", "true");
      toggle.textContent = "▾";
      return;
    }
    toggle.setAttribute("aria-busy", "true");
    fetch(toggle.getAttribute("data-rows"), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        row.insertAdjacentHTML("afterend", html);
        toggle.setAttribute("data-loaded", "1");
        toggle.setAttribute("aria-expanded", "true");
        toggle.textContent = "▾";
      })
      .catch(function () { window.location.href = toggle.href; })  // the unit's own page instead
      .then(function () { toggle.removeAttribute("aria-busy"); });
  });
})();
