// The guided slow-breathing pacer. Without JavaScript the page still works: the start link
// opens a text pacer that moves on by itself. With JavaScript the session runs on this page:
// a text countdown always, and an expanding circle only when reduced motion is not preferred.
// When the session ends, the log form is sent (with its CSRF token) to record the practice.
(function () {
  "use strict";

  var pacer = document.getElementById("pacer");
  var start = document.getElementById("pacer-start");
  var stop = document.getElementById("pacer-stop");
  var form = document.getElementById("breathing-log");
  if (!pacer || !start || !stop || !form) {
    return;
  }
  var inhale = parseFloat(pacer.dataset.inhale);
  var exhale = parseFloat(pacer.dataset.exhale);
  var breaths = parseInt(pacer.dataset.breaths, 10);
  var circle = pacer.querySelector(".pacer-circle");
  var phaseText = pacer.querySelector(".pacer-phase");
  var countText = pacer.querySelector(".pacer-count");
  var done = document.getElementById("done_minutes");
  var hint = pacer.querySelector(".pacer-nojs");
  var reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
  var timer = null;
  var startedAt = 0;

  if (hint) {
    hint.hidden = true;
  }

  function phaseAt(elapsed) {
    var cycle = inhale + exhale;
    var breath = Math.floor(elapsed / cycle);
    var within = elapsed - breath * cycle;
    if (within < inhale) {
      return { breath: breath, direction: "in", left: inhale - within, length: inhale };
    }
    return { breath: breath, direction: "out", left: cycle - within, length: exhale };
  }

  var shown = "";
  function show(phase) {
    var key = phase.breath + phase.direction;
    if (key !== shown) {
      shown = key;
      phaseText.textContent = phase.direction === "in" ? "Breathe in" : "Breathe out";
      if (!reduce.matches) {
        circle.hidden = false;
        circle.style.transitionDuration = phase.length + "s";
        circle.classList.toggle("inhale", phase.direction === "in");
      } else {
        circle.hidden = true;
      }
    }
    countText.textContent =
      Math.ceil(phase.left) + " · breath " + (phase.breath + 1) + " of " + breaths;
  }

  function minutesSoFar() {
    return Math.max(1, Math.round((performance.now() - startedAt) / 60000));
  }

  function finish() {
    window.clearInterval(timer);
    timer = null;
    phaseText.textContent = "Session finished";
    countText.textContent = "Logging it…";
    circle.classList.remove("inhale");
    form.requestSubmit();
  }

  function tick() {
    var elapsed = (performance.now() - startedAt) / 1000;
    if (elapsed >= breaths * (inhale + exhale)) {
      finish();
      return;
    }
    show(phaseAt(elapsed));
  }

  start.addEventListener("click", function (event) {
    event.preventDefault();
    startedAt = performance.now();
    shown = "";
    start.hidden = true;
    stop.hidden = false;
    tick();
    timer = window.setInterval(tick, 200);
  });

  stop.addEventListener("click", function () {
    window.clearInterval(timer);
    timer = null;
    done.value = String(minutesSoFar());
    phaseText.textContent = "Stopped";
    countText.textContent = "Log the minutes you did below, if you like.";
    circle.classList.remove("inhale");
    circle.hidden = true;
    stop.hidden = true;
    start.hidden = false;
    start.textContent = "Start again";
  });
})();
