// The page of a background job that has not ended: asks its status every 2 seconds
// and moves the bar and the status line; once the job has ended, loads the page
// again to show the outcome. Without JavaScript, reloading the page shows the same.
(function () {
  const box = document.querySelector("[data-job-status-url]");
  if (!box) return;
  const bar = box.querySelector(".progress-bar");
  const meter = box.querySelector("[role=progressbar]");
  const state = box.querySelector("[data-job-state-label]");
  const counted = box.querySelector("[data-job-counted]");
  function ask() {
    fetch(box.dataset.jobStatusUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (job) {
        if (job.finished) {
          window.location.reload();
          return;
        }
        bar.style.width = job.percent + "%";
        bar.textContent = job.percent + "%";
        meter.setAttribute("aria-valuenow", job.percent);
        state.textContent = job.state;
        counted.textContent = job.counted;
        window.setTimeout(ask, 2000);
      })
      .catch(function () {
        window.setTimeout(ask, 5000);
      });
  }
  window.setTimeout(ask, 2000);
})();
