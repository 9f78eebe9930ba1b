// Search only in the reader's language.
//
// mkdocs-static-i18n builds one search index for all four languages, and
// Material fetches it from the site root for every page: an English reader
// would get Russian, Kazakh and Kyrgyz pages too, and every reader would
// download all four. Online, Material asks for search/search_index.json with
// an XMLHttpRequest: this asks instead for the page's language's own file,
// a quarter of the bytes, which scripts/search_by_language.py writes beside
// it. Offline (file://) Material loads search_index.js as a script instead,
// so the full index arrives and the filter below does the work. Material
// hands the index to its search worker in one "setup" message ({type: 0,
// data: {config, docs}}); this keeps only the documents under the current
// language's URL prefix in that message, so result counts, suggestions and
// paging all stay right.
// Loaded before Material's bundle and after the iframe-worker shim (file://),
// so it wraps whichever Worker the page will use.
(function () {
  "use strict";
  var data = document.getElementById("__site_languages");
  if (!data || typeof Worker === "undefined") return;
  var languages = JSON.parse(data.textContent);
  var prefixOf = function (link) { return link.replace(/^\//, ""); };
  var own = prefixOf(languages.links[languages.current] || "/");
  var others = Object.keys(languages.links)
    .map(function (locale) { return prefixOf(languages.links[locale]); })
    .filter(function (prefix) { return prefix && prefix !== own; });

  function inCurrentLanguage(doc) {
    var location = doc.location || "";
    if (own) return location.indexOf(own) === 0;
    return !others.some(function (prefix) { return location.indexOf(prefix) === 0; });
  }

  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var target = new URL(String(url), location.href);
    if (INDEX.test(target.pathname) && !target.search) {
      target.pathname = target.pathname.replace(INDEX, "/search/search_index." + languages.current + ".json");
      args[1] = target.href;
    }
    return open.apply(this, args);
  };

  var SETUP = 0;
  var postMessage = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
      var setup = {};
      for (var key in message.data) setup[key] = message.data[key];
      setup.docs = message.data.docs.filter(inCurrentLanguage);
      args[0] = { type: SETUP, data: setup };
    }
    return postMessage.apply(this, args);
  };
})();
