/* GitHub Pages serves the root 404.html for every missing address. A reader whose
   missing address is under the French root is sent to the French not-found page. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || script.getAttribute("data-lang") !== "en") return;
  var root = new URL("../../", script.src); // this file is assets/javascripts/not-found.js
  var path = window.location.pathname;
  if (path.indexOf(root.pathname + "fr/") === 0) {
    window.location.replace(new URL("fr/404.html", root).href);
  }
})();
