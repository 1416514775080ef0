// Every form of the app (base.html loads this on every page):
// - a form is sent once: a second click or tap while the first is on its way does nothing, and
//   the form's buttons stay disabled until the page is shown again (the back button);
// - a form sent with POST says which page it was sent from (from_page), so that when the
//   session has ended, signing in again comes back to that page (web/signed_out.py);
// - fibrotrack.signedOut(status) tells the scripts that save through the JSON API how to say
//   that the person was signed out, with a link to sign in again.
(function () {
  "use strict";

  var SENT = "sent";

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.type === "submit" || element.type === "image";
    });
  }

  function holdButtons(form) {
    submitButtons(form).forEach(function (button) {
      if (!button.disabled) {
        button.disabled = true;
        button.dataset.heldWhileSent = "true";
      }
    });
  }

  function releaseButtons(form) {
    submitButtons(form).forEach(function (button) {
      if (button.dataset.heldWhileSent) {
        button.disabled = false;
        delete button.dataset.heldWhileSent;
      }
    });
  }

  function here() {
    return window.location.pathname + window.location.search;
  }

  function sayFromPage(form) {
    var field = form.querySelector("input[name=from_page]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "from_page";
      form.appendChild(field);
    }
    field.value = here();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.method !== "post") { return; }
    if (form.dataset[SENT]) {
      event.preventDefault();
      return;
    }
    form.dataset[SENT] = "true";
    sayFromPage(form);
    // Disabled after the browser has read the form, so the pressed button's value is sent.
    window.setTimeout(function () { holdButtons(form); }, 0);
  });

  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-sent]"), function (form) {
      delete form.dataset[SENT];
      releaseButtons(form);
    });
  });

  window.fibrotrack = {
    // Replaces the text of `status` with: Not saved: you were signed out. Sign in again (a
    // link that comes back here), then make the change again.
    signedOut: function (status) {
      var link = document.createElement("a");
      link.href = document.body.dataset.signIn + "?next=" + encodeURIComponent(here());
      link.textContent = "Sign in again";
      status.textContent = "Not saved: you were signed out. ";
      status.appendChild(link);
      status.appendChild(document.createTextNode(", then make this change again."));
    }
  };
})();
