// Registers the site's service worker (sw.js at the site root, written by
// scripts/build_service_worker.mjs), so pages read once open again without a
// connection. Relative URLs: this file is assets/javascripts/sw-register.js,
// two levels below the root, under whatever base path the site is hosted.
// Not on file:// (the offline copy), where service workers do not exist.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  var root = new URL("../../", document.currentScript.src);
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
      .catch(function (error) { console.warn("service worker not registered", error); });
  }
  // After the page has loaded: its own bytes come first on a slow connection.
  // On the wizard, after its engine has loaded or failed (wizard.js sets
  // data-engine): the precache of every page would otherwise share the
  // connection with the engine's 3.5 MB.
  window.addEventListener("load", function () {
    var wizard = document.getElementById("wizard");
    if (!wizard || wizard.dataset.engine) return register();
    new MutationObserver(function (changes, observer) {
      if (!wizard.dataset.engine) return;
      observer.disconnect();
      register();
    }).observe(wizard, { attributes: true, attributeFilter: ["data-engine"] });
  });
})();
