// Count one read of this page's item (publishing.reads): the item, the page's
// utm_source and where the reader came from, posted without cookies once the page
// is really shown, never while the browser only prerenders it. No third party.
(function () {
  "use strict";
  var marker = document.querySelector("[data-read-url]");
  if (!marker || !window.fetch || !window.URLSearchParams) {
    return;
  }
  function send() {
    var params = new URLSearchParams(window.location.search);
    var body = new URLSearchParams();
    body.set("t", marker.getAttribute("data-read-type"));
    body.set("i", marker.getAttribute("data-read-id"));
    body.set("u", params.get("utm_source") || "");
    body.set("r", document.referrer || "");
    // credentials "omit": the request carries no cookie at all (sendBeacon would
    // send the site's cookies); keepalive lets it finish if the reader leaves.
    window.fetch(marker.getAttribute("data-read-url"), {
      method: "POST",
      body: body,
      credentials: "omit",
      keepalive: true,
    }).catch(function () {});
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
