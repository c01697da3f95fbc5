// The test page (templates/certification/course_test.html): countdown of timed questions and
// « leaving the page » of focus questions. No inline script anywhere (Content-Security-Policy).
(function () {
  "use strict";

  // The question's heading takes the focus: after an answer, the keyboard and the screen reader start from
  // the new question (« Question 3 / 32 »), not from the top of the page (RGAA 4, criterion 12.8).
  var heading = document.getElementById("titre-question");
  if (heading) { heading.focus(); }

  // Countdown: data-seconds-left comes from the server (time lengthened by the candidate's extra
  // time, counted from the first display, so a reload does not restart it). At zero the candidate
  // may still answer (FAQ); the server decides whether the answer was in time.
  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var status = document.querySelector("[data-countdown-status]");
    var deadline = Date.now() + parseInt(countdown.getAttribute("data-seconds-left"), 10) * 1000;
    var show = function () {
      var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      if (left === 0) {
        var expired = countdown.getAttribute("data-expired-message");
        countdown.textContent = expired;
        if (status) { status.textContent = expired; }
        return false;
      }
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      countdown.textContent = minutes + " min " + (seconds < 10 ? "0" : "") + seconds + " s";
      return true;
    };
    if (show()) {
      var timer = window.setInterval(function () {
        if (!show()) { window.clearInterval(timer); }
      }, 1000);
    }
  }

  // Focus question: leaving the page (another tab, window or application) is reported once.
  var form = document.querySelector("[data-focus-url]");
  if (form) {
    var reported = false;
    var submitting = false;
    // Capture: before pixcertif.js asks to confirm « Je passe » (its dialog blurs the window).
    window.addEventListener("submit", function () { submitting = true; }, true);
    var report = function () {
      if (reported || submitting) { return; }
      reported = true;
      var notice = document.querySelector("[data-focus-lost-notice]");
      if (notice) { notice.hidden = false; }
      var body = new FormData();
      body.append("question", form.getAttribute("data-question"));
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(form.getAttribute("data-focus-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        keepalive: true,
        headers: { "X-CSRFToken": token ? token.value : "" }
      }).catch(function () { /* offline: the supervisor's incident report remains the remedy */ });
    };
    window.addEventListener("blur", report);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { report(); }
    });
  }
})();
