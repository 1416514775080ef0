// Autosave for the check-in and the body map: each tap is saved at once through the JSON API,
// and the page's aria-live status says what was saved. Without JavaScript the forms' own
// Save buttons do the same.
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("status");
    if (status) { status.textContent = text; }
  }

  function timeNow() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function send(form, method, body, what) {
    var token = form.querySelector("input[name=csrf_token]").value;
    announce("Saving " + what + "…");
    return fetch(form.dataset.autosave, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token, "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) {
        announce("Saved " + what + " at " + timeNow() + ".");
        return;
      }
      return response.json().then(function (answer) {
        var detail = Array.isArray(answer.detail) ? answer.detail.map(function (d) { return d.field + ": " + d.msg; }).join("; ") : answer.detail;
        announce("Not saved: " + detail);
      });
    }).catch(function () {
      announce("Not saved: no connection. Press Save when you are back online.");
    });
  }

  var checkin = document.querySelector("form.checkin[data-autosave]");
  if (checkin) {
    checkin.addEventListener("change", function (event) {
      var input = event.target;
      var label = input.dataset.label || input.name;
      if (input.type === "radio" || input.dataset.label) {
        var text = input.value.trim().replace(",", ".");
        if (text === "") {
          send(checkin, "PATCH", { clear: [input.name] }, label + " (cleared)");
        } else if (!isNaN(Number(text))) {
          var values = {};
          values[input.name] = Number(text);
          send(checkin, "PATCH", { values: values }, label + " " + text);
        }
      } else if (input.type === "checkbox" && input.name === "tag") {
        var change = input.checked ? { add_tags: [input.value] } : { remove_tags: [input.value] };
        send(checkin, "PATCH", change, "tag " + input.nextElementSibling.textContent + (input.checked ? "" : " (removed)"));
      } else if (input.name === "note") {
        send(checkin, "PATCH", { note: input.value }, "note");
      }
    });
  }

  var bodyMap = document.querySelector("form.body-map[data-autosave]");
  if (bodyMap) {
    bodyMap.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name !== "area") { return; }
      var areas = Array.prototype.map.call(bodyMap.querySelectorAll("input[name=area]:checked"), function (box) { return box.value; });
      var label = document.querySelector("label[for='" + input.id + "'].area-chip").textContent.trim();
      send(bodyMap, "PUT", { areas: areas }, label + (input.checked ? "" : " (removed)"));
    });
  }
})();
