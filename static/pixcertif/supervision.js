// Supervisor portal: htmx settings, read before htmx starts (both scripts are deferred, this one last),
// and where the keyboard focus goes. No inline style, no eval, no script from a fragment: the
// Content-Security-Policy stays strict.
(function () {
  "use strict";

  // A row's first action: the button that replaced the one just pressed (« Annuler la présence » after
  // « Confirmer la présence »), or « Signaler un incident » once the test is over.
  var focusRow = function (row, options) {
    var action = row && row.querySelector(".pix-row-actions button, .pix-row-actions a");
    if (action) { action.focus(options); }
  };

  // After an action the portal comes back at #candidat-<id> (or #acces-session): the focus stays there
  // instead of falling to the top of the page (RGAA 4, criterion 12.8). Without this script the browser
  // still scrolls to the row, and Tab starts from it.
  // After the load event: the browser's own move to the #fragment, which clears the focus, comes first.
  var landing = /^#(candidat-\d+|acces-session)$/.exec(window.location.hash);
  if (landing) {
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        var target = document.getElementById(landing[1]);
        if (target && target.tagName === "TR") { focusRow(target); } else if (target) { target.focus(); }
      }, 0);
    });
  }

  if (!window.htmx) { return; }
  window.htmx.config.includeIndicatorStyles = false;
  window.htmx.config.allowEval = false;
  window.htmx.config.allowScriptTags = false;

  // Every poll replaces the table. htmx gives the focus back to the element of the same id; when that
  // element is gone (another supervisor confirmed the presence meanwhile), to its row's first action.
  var focusedRow = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var row = document.activeElement && document.activeElement.closest("tr[id^='candidat-']");
    focusedRow = row ? row.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (focusedRow && (!document.activeElement || document.activeElement === document.body)) {
      focusRow(document.getElementById(focusedRow), { preventScroll: true });
    }
    focusedRow = null;
  });
})();
