/* « Citer cette page » (overrides/partials/cite.html): the access date is today's, in
   the reader's own calendar, written the way the page's language writes dates. Without
   script the placeholder stays, for the reader to fill in. */
(function () {
  "use strict";
  var spots = document.querySelectorAll("[data-serumrun-accessed]");
  if (!spots.length) return;
  var now = new Date();
  var lang = document.documentElement.lang === "fr" ? "fr" : "en";
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  // en-GB: "3 December 2026", as the site writes English dates; French says "1er".
  var long = new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", {
    day: "numeric", month: "long", year: "numeric"
  }).format(now);
  if (lang === "fr") long = long.replace(/^1 /, "1er ");
  spots.forEach(function (spot) {
    spot.textContent = spot.getAttribute("data-serumrun-accessed") === "iso" ? iso : long;
  });
})();
