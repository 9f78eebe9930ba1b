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

  // The legal-source box starts folded on a phone (Material's breakpoint
  // for small screens): open, it filled the first screen before the page's
  // own text. Its summary still says what it holds; print.css prints it open.
  function foldSourceBoxOnPhones(root) {
    if (!window.matchMedia || !window.matchMedia("(max-width: 44.9375em)").matches) return;
    Array.prototype.forEach.call(root.querySelectorAll(".legal-source details[open]"), function (box) {
      box.removeAttribute("open");
    });
  }

  function enhance() {
    openableAbbreviations(document);
    fillPrintAddress(document);
    foldSourceBoxOnPhones(document);
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
