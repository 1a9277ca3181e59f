// Draws every <canvas data-chart="..."> with Chart.js; the numbers are in the table below it.
// Figures in tooltips and on the axis are written in the page's language (1.234,5 in
// Indonesian, 1,234.5 in English), by the kind of the column they come from.
(function () {
  const palette = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"];
  const language = document.documentElement.lang || "id";
  const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  function written(kind, value) {
    if (value === null || value === undefined) return "–";
    if (kind === "percent") return decimal.format(value) + "%";
    if (kind === "rupiah") return "Rp " + whole.format(value);
    return decimal.format(value);
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const spec = JSON.parse(canvas.dataset.chart);
    const doughnut = spec.kind === "doughnut";
    const axisKind = spec.datasets.length ? spec.datasets[0].kind : "general";
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
        // One shape for every chart, so two side by side line up (a doughnut
        // would otherwise be square, twice as tall as the bars beside it).
        aspectRatio: 2,
        animation: false,
        plugins: {
          legend: { display: doughnut || spec.datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                const kind = spec.datasets[context.datasetIndex].kind;
                const value = written(kind, doughnut ? context.parsed : context.parsed.y);
                return (context.dataset.label ? context.dataset.label + ": " : "") + value;
              },
            },
          },
        },
        scales: doughnut ? {} : {
          x: { stacked: spec.stacked },
          y: {
            stacked: spec.stacked,
            beginAtZero: true,
            ticks: { callback: function (value) { return written(axisKind, value); } },
          },
        },
      },
    });
  });
})();
