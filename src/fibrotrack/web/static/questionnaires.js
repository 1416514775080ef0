// Questionnaire forms: each answer is kept as a draft on the server as it is ticked, so a
// half-filled form survives a timeout or a closed tab. When the server says the answers so far
// call for crisis resources (PHQ-9 item 9 above 0), the resources on the page are shown at
// once. Without JavaScript, "Save and finish later" keeps the draft and submitting the form
// shows the resources before anything else.
(function () {
  "use strict";

  var form = document.querySelector("form.questionnaire[data-draft]");
  if (!form) { return; }
  var status = document.getElementById("status");

  function announce(text) {
    if (status) { status.textContent = text; }
  }

  function timeNow() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function answers() {
    var found = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (!(box.name in found)) { found[box.name] = []; }
      if (box.checked) { found[box.name].push(box.value); }
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]:checked"), function (radio) {
      found[radio.name] = radio.value;
    });
    return found;
  }

  function showCrisisResources() {
    var section = document.getElementById("crisis-now");
    if (!section || !section.hidden) { return; }
    section.hidden = false;
    section.setAttribute("role", "alert");
    var heading = document.getElementById("crisis-now-heading");
    if (heading) { heading.focus(); }
    section.scrollIntoView();
  }

  form.addEventListener("change", function () {
    var token = form.querySelector("input[name=csrf_token]").value;
    announce("Saving your answers…");
    fetch(form.dataset.draft, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token, "Accept": "application/json" },
      body: JSON.stringify({ answers: answers() })
    }).then(function (response) {
      if (response.status === 401) {
        if (status) { window.fibrotrack.signedOut(status); }
        return;
      }
      return response.json().then(function (answer) {
        if (response.ok) {
          announce("Your answers so far are saved (" + timeNow() + "). You can finish later.");
          if (answer.crisis_resources) { showCrisisResources(); }
          return;
        }
        var detail = Array.isArray(answer.detail) ? answer.detail.map(function (d) { return d.field + ": " + d.msg; }).join("; ") : answer.detail;
        announce("Not saved: " + detail);
      });
    }).catch(function () {
      announce("Not saved: no connection. Press “Save and finish later” when you are back online.");
    });
  });
})();
