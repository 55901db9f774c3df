// Nailbook back-office: keeps an open calendar current. Every few seconds it asks /office/changes for the log
// position; when it moved, it fetches the same page and swaps the calendar table in place (no reload). Without
// JavaScript the page works as it is, and a reload shows the same.
(function () {
  "use strict";
  var wrap = document.getElementById("calendar");
  if (!wrap) return;
  var version = wrap.getAttribute("data-version");
  var busy = false;
  function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(wrap.getAttribute("data-changes"), { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.text() : version; })
      .then(function (latest) {
        if (latest.trim() === version) return null;
        return fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
          .then(function (page) { return page.text(); })
          .then(function (html) {
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("calendar");
            if (!fresh) return;
            wrap.innerHTML = fresh.innerHTML;
            version = fresh.getAttribute("data-version");
            wrap.setAttribute("data-version", version);
          });
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { busy = false; });
  }
  window.setInterval(refresh, 3000);
})();
