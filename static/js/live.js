// Live regions ([data-live]): when the region's state changes, swap in data-partial-url's
// HTML. Pushed over Server-Sent Events from data-events-url (live_stream.js); when that
// cannot stay open, poll data-state-url with the region's ETag (304 while nothing changed).
// Used by Ask Beacon's thread and the agents' Conversations queue; without JavaScript a
// refresh link does it.
(function () {
  "use strict";
  if (!window.fetch) return;
  var POLL_MS = 2000;
  Array.prototype.forEach.call(document.querySelectorAll("[data-live]"), function (region) {
    var etag = region.getAttribute("data-etag");
    var wanted = etag;
    var failures = 0;
    function refresh() {
      return fetch(region.getAttribute("data-partial-url"), { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (region.contains(document.activeElement)) return false;  // not from under a finger
          region.innerHTML = html;
          return true;
        });
    }
    function changed(next) {
      wanted = next;
      if (next === etag) return Promise.resolve();
      return refresh().then(function (swapped) {
        if (swapped) { etag = next; return; }
        setTimeout(function () { if (wanted !== etag) changed(wanted); }, POLL_MS);
      });
    }
    function poll() {
      fetch(region.getAttribute("data-state-url"), { credentials: "same-origin",
                                                     headers: { "If-None-Match": etag } })
        .then(function (r) {
          failures = 0;
          if (r.status === 200) return r.json().then(function (d) { return changed(d.etag); });
        })
        .catch(function () { failures += 1; })
        .then(function () { setTimeout(poll, POLL_MS * Math.min(failures + 1, 5)); });
    }
    var fallback = function () { setTimeout(poll, POLL_MS); };
    if (!window.BeaconLive) { fallback(); return; }
    window.BeaconLive.listen(region.getAttribute("data-events-url"), etag,
                             function (next) { changed(next).catch(function () {}); }, fallback);
  });
})();
