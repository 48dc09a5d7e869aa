/* Job progress: poll the job's status JSON and move the bar; reload the page once the job is
   finished, so it shows the download link or the report. Without this script the page refreshes
   itself (a <noscript> meta refresh). */
(function () {
  "use strict";
  var box = document.querySelector(".job-progress[data-status-url]");
  if (!box || box.getAttribute("data-finished") === "1") return;
  var bar = box.querySelector("progress");
  function set(selector, value) {
    var node = box.querySelector(selector);
    if (node && value !== null && value !== undefined) node.textContent = value;
  }
  function poll() {
    fetch(box.getAttribute("data-status-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) return window.setTimeout(poll, 5000);
        bar.value = status.progress_pct;
        bar.textContent = status.progress_pct + " %";
        set("[data-rows-done]", status.rows_done);
        set("[data-rows-total]", status.rows_total);
        set("[data-progress-pct]", status.progress_pct);
        if (status.finished) window.location.reload();
        else window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
