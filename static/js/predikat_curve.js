// The HR overview's curve: realised predikat distribution of the chosen unit against
// the expected one. Data from json_script "chart-data", labels from the canvas.
(function () {
  var canvas = document.getElementById("curve");
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var chart = new Chart(canvas, {
    type: "line",
    data: {labels: data.labels, datasets: [
      {label: canvas.dataset.labelActual, data: data.series[0].values, tension: 0.35, borderColor: "#0d6efd"},
      {label: canvas.dataset.labelExpected, data: data.expected, tension: 0.35, borderDash: [6, 4], borderColor: "#6c757d"}
    ]},
    options: {scales: {y: {beginAtZero: true, suggestedMax: 100}}}
  });
  document.getElementById("curve-unit").addEventListener("change", function (event) {
    chart.data.datasets[0].data = data.series[Number(event.target.value)].values;
    chart.update();
  });
})();
