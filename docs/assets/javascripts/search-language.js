// Search only in the reader's language.
//
// mkdocs-static-i18n builds one search index for all four languages, and
// Material fetches it from the site root for every page: an English reader
// would get Russian, Kazakh and Kyrgyz pages too. Material hands the index to
// its search worker in one "setup" message ({type: 0, data: {config, docs}});
// this keeps only the documents under the current language's URL prefix in
// that message, so result counts, suggestions and paging all stay right.
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
