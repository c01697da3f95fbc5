// Supervisor portal: htmx settings, read before htmx starts (both scripts are deferred, this one last).
// No inline style, no eval, no script from a fragment: the Content-Security-Policy stays strict.
(function () {
  "use strict";
  if (!window.htmx) { return; }
  window.htmx.config.includeIndicatorStyles = false;
  window.htmx.config.allowEval = false;
  window.htmx.config.allowScriptTags = false;
})();
