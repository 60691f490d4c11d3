/* The handbook's service worker (#15): once a page of /so-tay/ has been opened, it
   and what it needs (styles, fonts, images) are kept so that the handbook reads on a
   phone without a network. Served at /so-tay/sw.js, so its scope is the handbook only.
   Pages: network first, the kept copy when offline. Assets: the kept copy first,
   refreshed in the background. */
"use strict";

const CACHE = "so-tay-v1";
const SCOPE = new URL(self.registration.scope).pathname;

function keep(cache, request, response) {
  if (response && response.ok && response.type === "basic") {
    return cache.put(request, response.clone()).then(() => response);
  }
  return Promise.resolve(response);
}

function keepAll(urls) {
  return caches.open(CACHE).then((cache) =>
    Promise.all(
      urls
        .filter((url) => new URL(url, self.location.href).origin === self.location.origin)
        .map((url) =>
          cache.match(url).then((found) =>
            found && !new URL(url, self.location.href).pathname.startsWith(SCOPE)
              ? found
              : fetch(url, { credentials: "same-origin" })
                  .then((response) => keep(cache, url, response))
                  .catch(() => undefined)
          )
        )
    )
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(keepAll([SCOPE]).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

// A page asks to keep itself, its assets and the handbook pages it links to.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "keep" && Array.isArray(event.data.urls)) {
    event.waitUntil(keepAll(event.data.urls.slice(0, 500)));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith(SCOPE)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        fetch(request)
          .then((response) => keep(cache, request, response))
          .catch(() =>
            cache
              .match(request)
              .then((found) => found || cache.match(SCOPE))
              .then((found) => found || Response.error())
          )
      )
    );
    return;
  }
  if (["style", "script", "font", "image"].includes(request.destination)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((found) => {
          // The kept copy at once, refreshed in the background (stale while
          // revalidate): an unhashed asset changed on the server reaches the phone
          // on the next visit.
          const fresh = fetch(request)
            .then((response) => keep(cache, request, response))
            .catch(() => found);
          return found || fresh;
        })
      )
    );
  }
});
