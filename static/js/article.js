// Article page: count one reading, and share with the phone's own share sheet
// (which offers Zalo and Messenger) or copy the link. No third-party scripts.
(function () {
  "use strict";
  var article = document.querySelector("[data-viewed-url]");
  if (article && navigator.sendBeacon) {
    navigator.sendBeacon(article.getAttribute("data-viewed-url"));
  }
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
