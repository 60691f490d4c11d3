/* Registers the handbook's service worker and asks it to keep this page, what the
   page loaded, and the handbook pages it links to (so the table of contents opened
   once is enough to read every chapter offline). Says when the page is a kept copy. */
(function () {
  "use strict";
  var script = document.currentScript;
  var notice = document.getElementById("offline-notice");

  function showState() {
    if (notice) {
      notice.hidden = navigator.onLine;
    }
  }
  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  showState();

  if (!("serviceWorker" in navigator) || !script) {
    return;
  }
  var scope = script.dataset.scope;
  navigator.serviceWorker
    .register(script.dataset.worker, { scope: scope })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      var urls = [location.href];
      performance.getEntriesByType("resource").forEach(function (entry) {
        urls.push(entry.name);
      });
      document.querySelectorAll("a[data-offline]").forEach(function (link) {
        urls.push(link.href);
      });
      if (registration.active) {
        registration.active.postMessage({ type: "keep", urls: urls });
      }
      document.documentElement.dataset.offlineReady = "true";
    })
    .catch(function () {
      /* No offline copy: the page still works online. */
    });
})();
