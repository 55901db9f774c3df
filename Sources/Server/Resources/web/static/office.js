// Nailbook back-office: keeps an open calendar current, and lets a booking be dragged onto a free cell.
// Every few seconds the page asks /office/changes for the log position; when it moved, it fetches the same page
// and swaps the calendar table in place (no reload). A booking dragged onto a free cell is moved there through the
// same form post as the booking page's "move" form; a refusal (the time is taken, outside hours) is shown as the
// server words it. Without JavaScript the page works as it is: the booking's page moves it.
(function () {
  "use strict";
  var wrap = document.getElementById("calendar");
  if (!wrap) return;
  var version = wrap.getAttribute("data-version");
  var busy = false;

  function swapIn(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("calendar");
    if (!fresh) return;
    wrap.innerHTML = fresh.innerHTML;
    version = fresh.getAttribute("data-version");
    wrap.setAttribute("data-version", version);
  }

  function redraw() {
    return fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (page) { return page.text(); })
      .then(swapIn);
  }

  function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(wrap.getAttribute("data-changes"), { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.text() : version; })
      .then(function (latest) { return latest.trim() === version ? null : redraw(); })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { busy = false; });
  }
  window.setInterval(refresh, 3000);

  function say(text) {
    var box = document.getElementById("calendar-message");
    if (!box) return;
    box.textContent = text;
  }

  wrap.addEventListener("dragstart", function (event) {
    var link = event.target.closest && event.target.closest("a[data-booking]");
    if (!link) return;
    event.dataTransfer.setData("text/plain", link.getAttribute("data-booking"));
    event.dataTransfer.effectAllowed = "move";
  });
  wrap.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest("td.free")) event.preventDefault();
  });
  wrap.addEventListener("drop", function (event) {
    var cell = event.target.closest && event.target.closest("td.free");
    var booking = event.dataTransfer.getData("text/plain");
    if (!cell || !/^bkg_[0-9a-z]+$/.test(booking)) return;
    event.preventDefault();
    var body = new URLSearchParams();
    body.set("_csrf", wrap.getAttribute("data-csrf"));
    body.set("start", cell.getAttribute("data-start"));
    body.set("staffId", cell.getAttribute("data-staff"));
    busy = true;
    fetch("/office/bookings/" + booking + "/move", {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    })
      .then(function (answer) {
        return answer.text().then(function (html) {
          if (answer.ok) { say(wrap.getAttribute("data-moved") || ""); return redraw(); }
          var page = new DOMParser().parseFromString(html, "text/html");
          var error = page.getElementById("booking-error") || page.querySelector("[role=alert]");
          say(error ? error.textContent : String(answer.status));
          return null;
        });
      })
      .catch(function () { say("…"); })
      .then(function () { busy = false; });
  });
})();
