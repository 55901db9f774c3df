// Nailbook booking pages: LIFF sign-in, the hold countdown, and no double submits. The pages work as plain
// forms without it, except the LINE sign-in, which needs the LIFF SDK.
"use strict";
(function () {
  function liffReady(liffId) {
    if (!window.liff) { return Promise.reject(new Error("LIFF SDK not loaded")); }
    return window.liff.init({ liffId: liffId, withLoginOnExternalBrowser: true });
  }

  // Sign in: init, read nothing before init resolves, then send the raw ID token (never profile data).
  var signin = document.getElementById("liff-signin");
  if (signin) {
    var status = document.getElementById("liff-status");
    liffReady(signin.getAttribute("data-liff-id")).then(function () {
      if (!window.liff.isLoggedIn()) { window.liff.login({ redirectUri: window.location.href }); return; }
      var token = window.liff.getIDToken();
      if (!token) { window.liff.login({ redirectUri: window.location.href }); return; }
      signin.elements["id_token"].value = token;
      signin.submit();
    }).catch(function () {
      if (status) { status.textContent = status.getAttribute("data-failed") || status.textContent; }
    });
  }

  // An expired or refused ID token: log out of the LIFF app (dropping the stale token) and go through login.
  var relogin = document.getElementById("liff-relogin");
  if (relogin) {
    var again = function () {
      liffReady(relogin.getAttribute("data-liff-id")).then(function () {
        if (window.liff.isLoggedIn()) { window.liff.logout(); }
        window.liff.login({ redirectUri: window.location.origin + relogin.getAttribute("data-redirect") });
      });
    };
    document.getElementById("login-again").addEventListener("click", again);
  }

  // The hold countdown: from the seconds left when the page was rendered.
  var countdown = document.getElementById("countdown");
  if (countdown) {
    var left = parseInt(countdown.getAttribute("data-remaining"), 10);
    var shown = document.getElementById("remaining");
    var started = Date.now();
    var tick = function () {
      var now = left - Math.floor((Date.now() - started) / 1000);
      if (now <= 0) {
        countdown.textContent = countdown.getAttribute("data-expired-text");
        countdown.setAttribute("role", "alert");
        return;
      }
      var seconds = now % 60;
      shown.textContent = Math.floor(now / 60) + ":" + (seconds < 10 ? "0" : "") + seconds;
      window.setTimeout(tick, 1000);
    };
    tick();
  }

  // One submit per form: a second tap would post again.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
  });
})();
