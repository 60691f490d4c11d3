// Admin accessibility fixes for fields Django ships without a label.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";
  var searchLabel = lang === "vi" ? "Tìm để chọn" : "Search to choose";
  // A tabular inline labels its columns, not its fields: each field of a row is
  // named after its column's header (Django's edit_inline/tabular.html).
  function labelTabularRows(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody tr.form-row").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          var header = headers[index];
          var name = header ? header.textContent.trim() : "";
          if (!name) {
            return;
          }
          cell
            .querySelectorAll("input:not([type=hidden]), select, textarea")
            .forEach(function (field) {
              var labelled =
                field.hasAttribute("aria-label") ||
                field.hasAttribute("aria-labelledby") ||
                (field.labels && field.labels.length);
              if (!labelled) {
                field.setAttribute("aria-label", name);
              }
            });
        });
      });
    });
  }
  function label(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", searchLabel);
    });
    labelTabularRows(root);
  }
  document.addEventListener("DOMContentLoaded", function () {
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
