// Small page behaviours that Material does not provide. No text here: every
// word a reader sees comes from content/.
(function () {
  "use strict";

  // Abbreviations: <abbr title> is not focusable, so its expansion only shows
  // on mouse hover. Focusable, it also opens from the keyboard and by a tap:
  // Material's tooltip (feature content.tooltips) follows focus.
  function openableAbbreviations(root) {
    var abbreviations = root.querySelectorAll(".md-content abbr[title]");
    Array.prototype.forEach.call(abbreviations, function (abbr) {
      if (!abbr.hasAttribute("tabindex")) abbr.setAttribute("tabindex", "0");
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
