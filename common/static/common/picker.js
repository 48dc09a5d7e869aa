/* Type-to-search pickers (common/pickers.py): refill an input's <datalist> from the
   API's ?search= as the user types, so a long list (customers, 1,000 reps) never becomes a huge <select>.
   No dependencies; without JavaScript the first options and exact names still work. */
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-picker");
    var labelField = input.getAttribute("data-picker-label") || "name";
    var timer = null, last = "";
    if (!list || !url) { return; }
    input.addEventListener("input", function () {
      var term = input.value.trim();
      if (term.length < 2 || term === last || /\(#\d+\)$/.test(term)) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        last = term;
        var query = url + "?page_size=20&search=" + encodeURIComponent(term);
        fetch(query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (input.value.trim() !== term) { return; }
            list.textContent = "";
            (data.results || []).forEach(function (row) {
              var option = document.createElement("option");
              option.value = row[labelField] + " (#" + row.id + ")";
              list.appendChild(option);
            });
          })
          .catch(function () { /* keep the options we have */ });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-picker]").forEach(attach);
})();
