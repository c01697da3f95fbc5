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

  // « Tout cocher »: a checkbox data-check-all="<name>" checks or unchecks every enabled box of that name in its
  // form; [data-check-count] in the form says how many are checked (data-zero / data-one / data-other, « {n} »).
  // Both live in a container hidden without this script.
  Array.prototype.forEach.call(document.querySelectorAll("input[data-check-all]"), function (all) {
    var form = all.form;
    var name = all.getAttribute("data-check-all");
    var count = form.querySelector("[data-check-count]");
    var boxes = function () {
      return Array.prototype.filter.call(form.elements, function (element) {
        return element.type === "checkbox" && element.name === name && !element.disabled;
      });
    };
    var update = function () {
      var list = boxes();
      var checked = list.filter(function (box) { return box.checked; }).length;
      all.checked = list.length > 0 && checked === list.length;
      all.indeterminate = checked > 0 && checked < list.length;
      if (count) {
        var text = count.getAttribute(checked === 0 ? "data-zero" : checked === 1 ? "data-one" : "data-other");
        count.textContent = text.replace("{n}", String(checked));
      }
    };
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      update();
    });
    form.addEventListener("change", function (event) {
      if (event.target !== all && event.target.name === name) { update(); }
    });
    var container = all.closest("[hidden]");
    if (container) { container.hidden = false; }
    update();
  });

  // Forms with data-confirm ask before submitting (irreversible actions).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
