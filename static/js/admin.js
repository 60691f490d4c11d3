// Admin accessibility fixes for widgets Django ships without a label.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";
  var searchLabel = lang === "vi" ? "Tìm để chọn" : "Search to choose";
  function label(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", searchLabel);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
