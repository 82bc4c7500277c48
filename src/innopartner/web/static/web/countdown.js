/* Live countdown to a deadline (innopartner). Progressive enhancement: the server's text
   stays when this script does not run. Each element .countdown[data-deadline] gets its
   .countdown-live part rewritten once a second; that part has aria-live="off" so that screen
   readers are not flooded. Time is counted from the server's clock (data-now). No inline
   script: the Content Security Policy allows only static files. */
(function () {
  "use strict";
  if (window.innopartnerCountdown) { return; }
  window.innopartnerCountdown = true;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function text(el, left) {
    if (left <= 0) { return el.dataset.expired; }
    var s = Math.floor(left / 1000);
    var days = Math.floor(s / 86400);
    s -= days * 86400;
    var time = pad(Math.floor(s / 3600)) + ":" + pad(Math.floor((s % 3600) / 60)) + ":" + pad(s % 60);
    var dayText = days ? days + " " + (days === 1 ? el.dataset.day : el.dataset.days) : "";
    return el.dataset.format.replace("%(days)s", dayText).replace("%(time)s", time)
      .replace(/\s+/g, " ").trim();
  }

  function start() {
    var loaded = Date.now();
    var items = Array.prototype.slice.call(document.querySelectorAll(".countdown[data-deadline]"))
      .map(function (el) {
        var deadline = Date.parse(el.dataset.deadline);
        var serverNow = Date.parse(el.dataset.now);
        var live = el.querySelector(".countdown-live");
        if (isNaN(deadline) || isNaN(serverNow) || !live) { return null; }
        return { el: el, live: live, deadline: deadline, offset: serverNow - loaded };
      })
      .filter(Boolean);
    if (!items.length) { return; }
    function tick() {
      var now = Date.now();
      items.forEach(function (item) {
        item.live.textContent = text(item.el, item.deadline - (now + item.offset));
      });
    }
    tick();
    window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
