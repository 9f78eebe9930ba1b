"""MkDocs hook of the offline copy only (mkdocs.offline.yml): the site read
from `file://`, where the browser refuses `fetch`, Web Workers and module
scripts from files.

- Search: Material's bundle, on `file:`, loads `search/search_index.js` as a
  script and reads `var __index` (its search worker runs through the vendored
  iframe-worker shim). Written here after the search plugin wrote the JSON,
  as mkdocs-material's `offline` plugin does (that plugin cannot be added by
  mkdocs.offline.yml without restating mkdocs.yml's whole plugin list).
- The wizard pages load, before `engine/wizard.js`, Pyodide's classic
  `pyodide.js`, the engine core and `transport-file.js`, which runs the
  engine on the page from script files (scripts/build_offline.py); all
  `defer`, so in that order (online, wizard.js is `async`: it needs nothing
  before it).
- The download link of the offline copy is left out: this is the copy. So
  are the wizard's preload links and engine-start.js (for the worker it does
  not have here), and
  the web app manifest link: a browser neither fetches nor installs it from
  file:// (it would only log a refused request).
- The search worker on file:// runs in an iframe (the vendored iframe-worker
  shim), which the shim starts with an inline script naming the worker's
  absolute file:// URL — a hash cannot be known at build time, and the
  Content-Security-Policy allows no other inline script. The offline copy's
  shim loads that same bootstrap from a file instead (`bootstrap.js`, beside
  the shim; the worker URL passed as a data attribute), so the copy keeps the
  site's policy unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

DOWNLOAD_BLOCK = re.compile(r'<p class="offline-download">.*?</p>\s*', re.S)
WIZARD_SCRIPT = re.compile(r'<script src="(?P<up>[^"]*?)engine/wizard\.js"[^>]*></script>')
ENGINE_SCRIPTS = ("pyodide.js", "engine.js", "transport-file.js")
# overrides/wizard.html's preloads of the worker's files: there is no worker
# here, and file:// refuses module scripts.
ENGINE_PRELOAD = re.compile(r'<link rel="(?:module)?preload" href="[^"]*?engine/[^"]*"[^>]*>\s*')
# engine-start.js starts the worker online; here wizard.js uses the transport.
ENGINE_START = re.compile(r'<script src="[^"]*?engine/engine-start\.js"></script>\s*')
APP_MANIFEST = re.compile(r'<link rel="manifest" [^>]*>\s*')
SHIM = Path("assets") / "vendor" / "iframe-worker" / "shim.js"
SHIM_INLINE = ('<script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>'
               '{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\\/script>')
SHIM_FROM_FILE = '<script src="${__iframeWorkerBoot}" data-worker="${e}"><\\/script>'
# The inline script's text, as a file: in the iframe's own realm, so `parent`
# and the message's source are the iframe's, as with the inline original.
SHIM_BOOTSTRAP = """"use strict";
window.postMessage = function (message, origin) { parent.postMessage(message, origin || "*"); };
window.importScripts = function (...urls) {
  return urls.reduce((done, url) => done.then(() => new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    document.body.appendChild(script);
  })), Promise.resolve());
};
(function (worker) {
  addEventListener("error", ({ error }) => {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error }));
  });
})(document.currentScript.dataset.worker);
// Material's search worker finds its lunr files beside the first script[src]
// of this document, which must be the worker itself, as with the original.
document.currentScript.remove();
"""


def offline_page(html: str) -> str:
    html = DOWNLOAD_BLOCK.sub("", html)
    html = ENGINE_PRELOAD.sub("", html)
    html = ENGINE_START.sub("", html)
    html = APP_MANIFEST.sub("", html)
    return WIZARD_SCRIPT.sub(
        lambda m: "".join(f'<script src="{m["up"]}engine/{name}" defer></script>'
                          for name in (*ENGINE_SCRIPTS, "wizard.js")), html)


def on_config(config, **kwargs):
    if config.use_directory_urls:
        raise PluginError("offline copy: use_directory_urls must be false (links must name index.html)")
    return config


def on_post_page(output: str, page, config, **kwargs) -> str:
    return offline_page(output)


@event_priority(-100)  # after the search plugin has written search_index.json
def on_post_build(config, **kwargs) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.is_file():
        raise PluginError("offline copy: no search/search_index.json to inline")
    (index.parent / "search_index.js").write_text("var __index = " + index.read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    shim = Path(config.site_dir) / SHIM
    text = shim.read_text(encoding="utf-8")
    if SHIM_FROM_FILE in text:  # the i18n plugin runs post_build once per language
        return
    if text.count(SHIM_INLINE) != 1:
        raise PluginError(f"offline copy: {SHIM} no longer writes the inline bootstrap we replace (upgrade?)")
    text = text.replace(SHIM_INLINE, SHIM_FROM_FILE)
    shim.write_text('var __iframeWorkerBoot = new URL("bootstrap.js", document.currentScript.src).href;\n' + text,
                    encoding="utf-8")
    (shim.parent / "bootstrap.js").write_text(SHIM_BOOTSTRAP, encoding="utf-8")
