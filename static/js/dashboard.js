// Draws every <canvas data-chart="..."> with Chart.js; the numbers are in the table below it.
(function () {
  const palette = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const spec = JSON.parse(canvas.dataset.chart);
    const doughnut = spec.kind === "doughnut";
    new Chart(canvas, {
      type: spec.kind,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (ds, i) {
          return {
            label: ds.label,
            data: ds.data,
            backgroundColor: doughnut ? palette : palette[i % palette.length],
            borderColor: doughnut ? "#fff" : palette[i % palette.length],
          };
        }),
      },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { display: doughnut || spec.datasets.length > 1, position: "bottom" } },
        scales: doughnut ? {} : { x: { stacked: spec.stacked }, y: { stacked: spec.stacked, beginAtZero: true } },
      },
    });
  });
})();
