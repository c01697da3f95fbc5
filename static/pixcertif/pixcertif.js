// Small behaviours shared by every page; no inline script anywhere (Content-Security-Policy).
(function () {
  "use strict";

  // « Copier » buttons: data-copy-target names the element whose text is copied.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    var text = source.textContent.trim();
    var done = function () {
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (status) { status.textContent = button.getAttribute("data-copied-message") || "Copié"; }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* nothing to copy to */ }
      document.body.removeChild(area);
    }
  });

  // Forms with data-confirm ask before submitting (irreversible actions).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
