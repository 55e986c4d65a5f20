// Beacon's live updates, shared by live.js and console.js: listen to a Server-Sent Events
// stream (/events/...) and call changed(etag) when it moves on; when the stream cannot
// stay open (refused, not an event stream, a proxy that holds events back, repeated
// errors) call fallback() once, and the page polls with its ETag as it always did.
window.BeaconLive = (function () {
  "use strict";
  var READY_WITHIN_MS = 10000;
  function listen(url, since, changed, fallback) {
    if (!url || !window.EventSource) { fallback(); return; }
    var source = new EventSource(url + (url.indexOf("?") < 0 ? "?" : "&") +
                                 "since=" + encodeURIComponent(since || ""));
    var errors = 0, done = false;
    function giveUp() {
      if (done) return;
      done = true;
      source.close();
      fallback();
    }
    var readyTimer = setTimeout(giveUp, READY_WITHIN_MS);
    source.addEventListener("ready", function () { errors = 0; clearTimeout(readyTimer); });
    source.onmessage = function (event) { errors = 0; changed(event.data); };
    source.onerror = function () {
      errors += 1;
      // CLOSED: the server said no (403, 204, not text/event-stream); the browser will not
      // retry. Otherwise it reconnects with Last-Event-ID, unless that keeps failing.
      if (source.readyState === 2 || errors >= 3) { clearTimeout(readyTimer); giveUp(); }
    };
  }
  return { listen: listen };
})();
