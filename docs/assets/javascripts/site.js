// Small page behaviours that Material does not provide. No text here: every
// word a reader sees comes from content/.
(function () {
  "use strict";

  // Abbreviations: <abbr title> shows its expansion only on mouse hover.
  // Make each one reachable with the keyboard and by a tap, and show the
  // expansion (CSS `abbr.is-open::after`, extra.css) while it has focus.
  function openableAbbreviations(root) {
    var abbreviations = root.querySelectorAll(".md-content abbr[title]");
    Array.prototype.forEach.call(abbreviations, function (abbr) {
      if (abbr.hasAttribute("tabindex")) return;
      abbr.setAttribute("tabindex", "0");
      abbr.setAttribute("data-expansion", abbr.getAttribute("title"));
      abbr.addEventListener("focus", function () { abbr.classList.add("is-open"); });
      abbr.addEventListener("blur", function () { abbr.classList.remove("is-open"); });
      abbr.addEventListener("keydown", function (event) {
        if (event.key === "Escape") abbr.blur();
      });
    });
  }

  // A printed sheet carries the page's full address (see overrides/main.html).
  function fillPrintAddress(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-print-url]"), function (node) {
      node.textContent = window.location.href.split("#")[0];
    });
  }

  function enhance() {
    openableAbbreviations(document);
    fillPrintAddress(document);
  }

  // Material re-renders pages through document$ when present; otherwise run once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
