// Live agent console: told of changes over Server-Sent Events (/events/console, see
// live_stream.js), or, when that cannot stay open, polls /agents/state with its ETag (304
// when nothing changed); either way it swaps in the new board. Without JavaScript the page
// works with a manual refresh link.
(function () {
  "use strict";
  var board = document.getElementById("board");
  var status = document.getElementById("live-status");
  if (!board || !window.fetch) return;
  var etag = board.getAttribute("data-etag");
  var POLL_MS = 1000;
  var failures = 0;

  function setStatus(live) {
    status.className = "live-status " + (live ? "live" : "reconnecting");
    status.textContent = live ? "Live: scripts update automatically" : "Reconnecting…";
  }

  function refreshBoard() {
    return fetch("/agents/?partial=1", { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var focused = document.activeElement && board.contains(document.activeElement);
        board.innerHTML = html;
        var inner = board.querySelector("[data-etag]");
        if (inner) etag = inner.getAttribute("data-etag");
        if (focused) board.focus();
      });
  }

  function changed(next) {
    if (next === etag) return;
    etag = next;
    refreshBoard().catch(function () { setStatus(false); });
  }

  function poll() {
    fetch("/agents/state", { credentials: "same-origin", headers: { "If-None-Match": etag } })
      .then(function (r) {
        failures = 0;
        setStatus(true);
        if (r.status === 200) return r.json().then(function (d) { etag = d.etag; return refreshBoard(); });
      })
      .catch(function () { failures += 1; setStatus(false); })
      .then(function () { setTimeout(poll, failures ? Math.min(POLL_MS * (failures + 1), 10000) : POLL_MS); });
  }

  board.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("ack-form")) return;
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(refreshBoard);
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/") { event.preventDefault(); document.getElementById("console-q").focus(); }
    if (event.key === "g") { event.preventDefault(); document.getElementById("gap-q").focus(); }
  });

  board.setAttribute("tabindex", "-1");
  setStatus(true);
  var fallback = function () { setTimeout(poll, POLL_MS); };
  if (window.BeaconLive) {
    window.BeaconLive.listen(board.getAttribute("data-events-url"), etag, changed, fallback);
  } else {
    fallback();
  }
})();
