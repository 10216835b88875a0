/* Language switcher: keep the reader's place. Every heading has the same explicit
   anchor in both languages, so the twin page has the same #anchor. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a[data-serumrun-switch]");
    if (!link || !window.location.hash) return;
    var target = new URL(link.href, window.location.href);
    if (target.hash) return;
    target.hash = window.location.hash;
    link.href = target.href;
  }, true);
})();
