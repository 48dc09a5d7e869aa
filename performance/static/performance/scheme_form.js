// The KPI scheme form: the sum of the weights as they are typed (the service checks it on save).
(function () {
  var total = document.getElementById("weight-total");
  if (!total) return;
  var inputs = document.querySelectorAll("input.weight");
  function update() {
    var sum = 0;
    inputs.forEach(function (input) { var n = parseInt(input.value, 10); if (!isNaN(n)) sum += n; });
    total.textContent = String(sum);
    total.parentElement.classList.toggle("off", sum !== 100);
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
