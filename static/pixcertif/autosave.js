// Finalisation wizard: every change of a [data-autosave] field posts its whole form to the form's
// data-autosave-url, so that closing the browser loses nothing; the result shows in #autosave-statut
// (role="status", read out by screen readers). No inline script anywhere (Content-Security-Policy).
(function () {
  "use strict";

  var status = document.getElementById("autosave-statut");
  var timers = new WeakMap();
  // One request at a time per form, the latest state sent last: two saves never race each other.
  var busy = new WeakMap();
  var again = new WeakMap();

  function show(text) { if (status) { status.textContent = text; } }

  function save(form) {
    if (busy.get(form)) { again.set(form, true); return; }
    busy.set(form, true);
    var data = new FormData(form);  // includes the fields tied to the form by their form="…" attribute
    data.delete("scanned_document");  // a file is sent only by « Enregistrer et continuer »
    show(status ? status.getAttribute("data-saving-message") : "");
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { show(body.message); });
    }).catch(function () {
      show(status ? status.getAttribute("data-failed-message") : "");
    }).then(function () {
      busy.set(form, false);
      if (again.get(form)) { again.set(form, false); save(form); }
    });
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
})();
