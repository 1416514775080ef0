// Autosave for the check-in and the body map: each tap, and each typed field when it is left, is
// saved at once through the JSON API, and the page's aria-live status says what was saved, or
// what was not and why. Without JavaScript the forms' own Save buttons do the same.
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("status");
    if (status) { status.textContent = text; }
  }

  function signedOut() {
    var status = document.getElementById("status");
    if (status) { window.fibrotrack.signedOut(status); }
  }

  function timeNow() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  // The visible label of the field an error names ("values.sleep_hours": "Sleep"), else that of
  // the field that was changed (an error in a typed tag names "tag").
  function labelOf(form, field, input) {
    var named = form.querySelector("[name='" + field.split(".").pop() + "'][data-label]");
    return (named || input).dataset.label || field;
  }

  // Changes are sent one after another, in the order they were made: two quick taps (6, then
  // 7) can never reach the server in the other order and leave the first one stored.
  var queue = Promise.resolve(true);

  // Saves one change made in the field `input`; resolves to whether it was saved.
  function send(form, input, method, body, what) {
    var sent = queue.then(function () { return sendNow(form, input, method, body, what); });
    queue = sent;
    return sent;
  }

  function sendNow(form, input, method, body, what) {
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
        return true;
      }
      if (response.status === 401) {
        signedOut();
        return false;
      }
      if (response.status >= 500) {
        announce("Not saved: the server could not save it just now. Try again in a moment.");
        return false;
      }
      return response.json().then(function (answer) {
        var detail = Array.isArray(answer.detail) ? answer.detail.map(function (d) { return labelOf(form, d.field, input) + ": " + d.msg; }).join("; ") : answer.detail;
        announce("Not saved: " + detail);
        return false;
      });
    }).catch(function () {
      announce("Not saved: no connection. Press Save when you are back online.");
      return false;
    });
  }

  // A rating or an amount: typed text that is not a number is refused here, as the form would.
  function saveNumber(form, input) {
    var typed = input.value.trim();
    var number = Number(typed.replace(",", "."));
    if (typed === "") {
      send(form, input, "PATCH", { clear: [input.name] }, input.dataset.label + " (cleared)");
    } else if (Number.isFinite(number)) {
      var values = {};
      values[input.name] = number;
      send(form, input, "PATCH", { values: values }, input.dataset.label + " " + typed);
    } else {
      announce("Not saved: " + input.dataset.label + ": '" + typed + "' is not a number");
    }
  }

  function saveTag(form, input) {
    var change = input.checked ? { add_tags: [input.value] } : { remove_tags: [input.value] };
    send(form, input, "PATCH", change, "tag " + input.nextElementSibling.textContent + (input.checked ? "" : " (removed)"));
  }

  function tagsIn(text) {
    return text.split(",").map(function (tag) { return tag.trim(); }).filter(Boolean);
  }

  // The typed tags stay in the field once saved, so taking one out of it removes that tag.
  function saveTypedTags(form, input) {
    var typed = tagsIn(input.value);
    var removed = tagsIn(input.dataset.saved || "").filter(function (tag) { return typed.indexOf(tag) < 0; });
    if (!typed.length && !removed.length) { return; }
    var what = [typed.join(", "), removed.length ? "(removed " + removed.join(", ") + ")" : ""].filter(Boolean).join(" ");
    send(form, input, "PATCH", { add_tags: typed, remove_tags: removed }, "tags " + what).then(function (saved) {
      if (saved) { input.dataset.saved = input.value; }
    });
  }

  var checkin = document.querySelector("form.checkin[data-autosave]");
  if (checkin) {
    checkin.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "new_tags") {
        saveTypedTags(checkin, input);
      } else if (input.name === "tag") {
        saveTag(checkin, input);
      } else if (input.name === "note") {
        send(checkin, input, "PATCH", { note: input.value }, "note");
      } else if (input.dataset.label) {
        saveNumber(checkin, input);
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
      send(bodyMap, input, "PUT", { areas: areas }, label + (input.checked ? "" : " (removed)"));
    });
  }
})();
