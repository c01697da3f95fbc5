// Finalisation wizard: every change of a [data-autosave] field posts its whole form to the form's
// data-autosave-url, so that closing the browser loses nothing; the result shows in #autosave-statut
// (role="status", read out by screen readers). No inline script anywhere (Content-Security-Policy).
(function () {
  "use strict";

  var status = document.getElementById("autosave-statut");
  var timers = new WeakMap();
  // One request at a time per form, the latest state sent last: two saves never race each other.
  var inflight = new WeakMap();
  var again = new WeakMap();
  var submitting = new WeakMap();

  function show(text) { if (status) { status.textContent = text; } }

  function save(form) {
    // Once the form is submitted, it carries every field itself: no save may follow it.
    if (submitting.get(form)) { return; }
    if (inflight.get(form)) { again.set(form, true); return; }
    var data = new FormData(form);  // includes the fields tied to the form by their form="…" attribute
    data.delete("scanned_document");  // a file is sent only by « Enregistrer et continuer »
    show(status ? status.getAttribute("data-saving-message") : "");
    var request = fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { show(body.message); });
    }).catch(function () {
      show(status ? status.getAttribute("data-failed-message") : "");
    }).then(function () {
      inflight.delete(form);
      if (again.get(form)) { again.set(form, false); save(form); }
    });
    inflight.set(form, request);
  }

  function formOf(field) {
    var form = field.form;
    return form && form.hasAttribute("data-autosave-url") ? form : null;
  }

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosave]");
    var form = field && formOf(field);
    if (form) { clearTimeout(timers.get(field)); save(form); }
  });

  // Typing in the global comment: save after a pause, not on every key.
  document.addEventListener("input", function (event) {
    var field = event.target.closest("textarea[data-autosave]");
    var form = field && formOf(field);
    if (!form) { return; }
    clearTimeout(timers.get(field));
    timers.set(field, setTimeout(function () { save(form); }, 800));
  });

  // « Enregistrer et continuer » while a save is on its way: that save holds the form as it was a moment
  // ago (say, before the box was ticked). Sent after the submission, it would overwrite it on the server
  // (issue 15: the ticked box read « Non » at step 3). So the submission waits for it, then leaves.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-autosave-url") || event.defaultPrevented) { return; }
    submitting.set(form, true);
    var request = inflight.get(form);
    if (!request) { return; }
    event.preventDefault();
    request.then(function () { form.submit(); });
  });

  // Back to this page from the browser's history (page cache): it saves again as the user changes it.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { submitting = new WeakMap(); } });
})();
