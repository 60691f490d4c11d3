// Article page: share with the phone's own share sheet (which offers Zalo and
// Messenger) or copy the link. No third-party scripts. Reads count in reads.js.
(function () {
  "use strict";
  var share = document.querySelector("[data-share-url]");
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({
        title: share.getAttribute("data-share-title"),
        url: share.getAttribute("data-share-url"),
      }).catch(function () {});
    });
  }
  var copy = document.querySelector("[data-copy-link]");
  if (copy && navigator.clipboard) {
    copy.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(copy.href).then(function () {
        copy.textContent = copy.getAttribute("data-copied");
      });
    });
  }
})();
