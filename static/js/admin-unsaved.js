// Warn before leaving an admin change form with unsaved changes (#11).
// Changed means: the person touched the form (typed, picked, clicked in the editor)
// and what it would submit now differs from what it held when the page loaded.
// Submitting the form never warns. CKEditor copies its text into the textarea on
// every change, so the comparison sees the editor too.
(function () {
  "use strict";
  function serialise(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (typeof value !== "string") value = value.name + ":" + value.size;
      parts.push(name + "=" + value);
    });
    return parts.join("&");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#content-main form[method='post'][id$='_form']");
    if (!form) return;
    var initial = serialise(form);
    var touched = false;
    var submitting = false;
    ["input", "change", "keydown"].forEach(function (type) {
      form.addEventListener(type, function () { touched = true; }, true);
    });
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !touched || serialise(form) === initial) return;
      event.preventDefault();
      event.returnValue = ""; // browsers show their own wording
    });
  });
})();
