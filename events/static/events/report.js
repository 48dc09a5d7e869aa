/* The event funnel (Chart.js, vendored in static/vendor/chartjs): invited → accepted → confirmed →
   attended → signed. The table below it holds the same figures. */
(function () {
  "use strict";
  var node = document.getElementById("funnel-data");
  var canvas = document.getElementById("funnel-chart");
  if (!node || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: ["#2f6fba", "#3d8bd9", "#5aa2e0", "#1e7d4f", "#b8860b"] }] },
    options: { indexAxis: "y", maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
               scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
}());
