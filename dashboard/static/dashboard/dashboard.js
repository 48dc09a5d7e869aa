/* The team dashboard's two charts (Chart.js, vendored in static/vendor/chartjs). The tables beside
   them hold the same figures (screen readers, print, no JavaScript). A bar opens that member's or
   unit's page, as the table's links do. */
(function () {
  "use strict";
  var node = document.getElementById("dashboard-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var num = function (v) { return v === null ? null : Number(v); };
  var members = document.getElementById("members-chart");
  if (members && data.members.length) {
    new Chart(members, {
      type: "bar",
      data: {
        labels: data.members.map(function (m) { return m.name; }),
        datasets: [{ label: "%", data: data.members.map(function (m) { return num(m.attainment); }), backgroundColor: "#2f6fba" }]
      },
      options: {
        maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
        onClick: function (_event, elements) {
          if (!elements.length) { return; }
          var row = data.members[elements[0].index];
          var params = new URLSearchParams(window.location.search);
          if (row.unit) { params.set("unit", row.unit); window.location.search = params.toString(); }
          else if (row.employee) { window.location.href = "/targets/people/" + row.employee + "/"; }
        }
      }
    });
  }
  var trend = document.getElementById("trend-chart");
  if (trend && data.trend.length) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.map(function (t) { return t.month; }),
        datasets: [
          { label: trend.dataset.actual || "actual", data: data.trend.map(function (t) { return num(t.actual); }), borderColor: "#2f6fba" },
          { label: trend.dataset.target || "target", data: data.trend.map(function (t) { return num(t.target); }), borderColor: "#c0392b", borderDash: [4, 4] }
        ]
      },
      options: { maintainAspectRatio: false, animation: false }
    });
  }
}());
