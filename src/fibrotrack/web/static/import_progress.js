// Follows an import on its page: asks the JSON API how far it is every two seconds, moves the
// progress bar, and reloads the page (to show the preview or the summary) when it is over.
// Without JavaScript the page's "Refresh now" link does the same.
(function () {
  "use strict";

  var bar = document.getElementById("progress");
  if (!bar || !bar.dataset.status) { return; }
  var running = ["previewing", "queued", "running"];

  function poll() {
    fetch(bar.dataset.status, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        if (running.indexOf(job.status) < 0) {
          window.location.reload();
          return;
        }
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        var shown = document.getElementById("percent");
        if (shown) { shown.textContent = job.percent + "%"; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
